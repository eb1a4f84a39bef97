"""PipeWriter: a worker's Pipe end that Connection.recv() reads, without multiprocessing.connection."""
from __future__ import annotations

import os

import pytest

from engine.model.start_methods import make_context
from engine.worker import pipe_writer
from engine.worker.pipe_writer import PipeWriter, child_end
from tests.engine.import_probe import report_imports

pytestmark = pytest.mark.skipif(os.name == "nt", reason="on Windows a worker gets the Connection itself")


@pytest.fixture
def pipe():
    reader, writer = make_context().Pipe(duplex=False)
    yield reader, writer
    reader.close()
    writer.close()


def test_what_it_sends_connection_recv_reads(pipe):
    reader, writer = pipe
    end = PipeWriter(writer.fileno())
    sent = [("start", 1), ("output", 2, "é" * 10, "stdout"), ("message", 3, 1, 2), ("big", b"x" * 100_000)]
    for message in sent[:3]:
        end.send(message)
    assert [reader.recv() for _ in range(3)] == sent[:3]
    # 100 kB is more than a pipe holds: a reader must drain it meanwhile.
    import threading

    got = []
    thread = threading.Thread(target=lambda: got.append(reader.recv()))
    thread.start()
    end.send(sent[3])
    thread.join(10)
    assert got == [sent[3]]


def test_the_framing_for_buffers_over_two_gib_is_connections_too(pipe, monkeypatch):
    reader, writer = pipe
    monkeypatch.setattr(pipe_writer, "_LARGE", 10)  # a 2 GiB message is too big for a test
    PipeWriter(writer.fileno()).send(("message", 1, "long enough to need the large header"))
    assert reader.recv() == ("message", 1, "long enough to need the large header")


def test_closed_and_broken_ends_raise_as_a_connection_would(pipe):
    reader, writer = pipe
    end = PipeWriter(os.dup(writer.fileno()))
    end.close()
    assert end.closed
    with pytest.raises(OSError):
        end.send(("start", 1))
    end = PipeWriter(os.dup(writer.fileno()))
    reader.close()
    with pytest.raises(BrokenPipeError):
        end.send(("start", 1))
    end.close()


def test_a_worker_gets_it_under_every_start_method(start_method):
    context = make_context(start_method)
    reader, writer = context.Pipe(duplex=False)
    process = context.Process(target=report_imports, args=(child_end(writer),), daemon=True)
    try:
        process.start()
        writer.close()
        kind, connection_imported, tempfile_imported = reader.recv()
        process.join(10)
    finally:
        reader.close()
        if process.exitcode is None:
            process.kill()
            process.join()
        exitcode = process.exitcode
        process.close()
    assert kind == "imported" and exitcode == 0
    if start_method == "spawn":  # a fresh interpreter: what the worker needed is all it imported
        assert not connection_imported and not tempfile_imported
