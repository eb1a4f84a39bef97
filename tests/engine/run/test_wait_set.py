"""WaitSet: one selector kept across waits, with real pipes and a real process."""
from __future__ import annotations

import os

import pytest

from engine.model.start_methods import make_context
from engine.run.wait_set import WaitSet


@pytest.fixture
def waiting():
    wait_set = WaitSet()
    yield wait_set
    wait_set.close()


def test_only_connections_with_data_or_eof_are_ready(waiting):
    context = make_context()
    (quiet_r, quiet_w), (busy_r, busy_w) = context.Pipe(duplex=False), context.Pipe(duplex=False)
    try:
        waiting.add(quiet_r)
        waiting.add(busy_r)
        assert waiting.wait(0) == []
        busy_w.send("hello")
        assert waiting.wait(1.0) == [busy_r]
        assert busy_r.recv() == "hello"
        quiet_w.close()  # EOF counts as ready, as for connection.wait()
        assert waiting.wait(1.0) == [quiet_r]
    finally:
        for conn in (quiet_r, quiet_w, busy_r, busy_w):
            conn.close()


def test_a_discarded_connection_is_not_waited_on_and_its_descriptor_can_come_back(waiting):
    context = make_context()
    reader, writer = context.Pipe(duplex=False)
    waiting.add(reader)
    writer.send(1)
    waiting.discard(reader)
    assert reader not in waiting and len(waiting) == 0
    assert waiting.wait(0) == []
    old_fd = reader.fileno()
    reader.close()
    writer.close()
    # The OS hands out the lowest free descriptor: often the one just closed.
    again_r, again_w = context.Pipe(duplex=False)
    try:
        waiting.add(again_r)
        again_w.send(2)
        assert old_fd in (again_r.fileno(), again_w.fileno())
        assert waiting.wait(1.0) == [again_r]
    finally:
        again_r.close()
        again_w.close()


def test_a_process_sentinel_is_ready_once_the_process_has_ended(waiting):
    context = make_context()
    process = context.Process(target=os.getpid, daemon=True)
    process.start()
    try:
        waiting.add(process.sentinel)
        assert waiting.wait(30.0) == [process.sentinel]
        process.join(5.0)
        assert process.exitcode == 0
        waiting.discard(process.sentinel)
    finally:
        process.join()
        process.close()
