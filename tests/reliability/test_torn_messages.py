"""A worker killed in the middle of a large message: the reader survives it.

ProcLab's workers only send small tuples, so no registered workload can be
caught half-way through a message. These tests therefore take a real child
process (``tests/reliability/big_sender.py``) that leaves a torn
``Connection`` frame in its pipe, SIGKILL it, and hand it to the engine's
real ``EventReader`` as a worker-like object (the four attributes the reader
uses: ``channel.reader``, ``process.sentinel``, ``spec.name``, ``pid``).

Two moments of death are covered: killed while blocked in ``send()`` with
nobody reading yet (the reader later finds the torn frame), and killed while
the reader is already inside ``recv()`` waiting for the rest of the frame.
Either way the reader must deliver what came before, close the connection,
report the exit code -9 and keep running. No bare sleeps: the tests wait on
the pipe's byte count (FIONREAD), the child's state and the reader's events.
"""
from __future__ import annotations

import fcntl
import os
import signal
import sys
import termios
import time
import warnings
from contextlib import contextmanager
from types import SimpleNamespace

import psutil
import pytest

from engine.model.events import OutputLine, WorkerExited, WorkerStarted
from engine.model.start_methods import make_context
from engine.run.event_reader import EventReader
from engine.worker import wire
from tests.engine.recorder import Recorder
from tests.reliability import big_sender

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="FIONREAD/F_GETPIPE_SZ on a pipe: Linux")

NAME = "torn"
SMALL = [(wire.START, 1), (wire.OUTPUT, 2, "before the big one", "stdout")]
#: Far more than any pipe buffer (64 KiB by default, at most pipe-max-size).
BIG_SIZE = 16 * 1024 * 1024


def readable_bytes(conn) -> int:
    return int.from_bytes(fcntl.ioctl(conn.fileno(), termios.FIONREAD, b"\0\0\0\0"), sys.byteorder)


def wait_until(predicate, timeout: float, what: str) -> None:
    """Polls a condition nothing signals (a pipe's byte count, a process state)."""
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, f"not within {timeout} s: {what}"
        time.sleep(0.002)


@contextmanager
def torn_sender(start_method, target, *args):
    """A started child running ``target``; yields it once it said "ready".

    Leaves no process and no pipe behind, whatever the test did.
    """
    context = make_context(start_method)
    reader, writer = context.Pipe(duplex=False)
    ready_reader, ready_writer = context.Pipe(duplex=False)
    process = context.Process(target=target, args=(writer, ready_writer, SMALL, *args), name=NAME, daemon=True)
    try:
        with warnings.catch_warnings():
            # Python 3.12+ warns when a process with threads forks; plain fork is tested on purpose.
            warnings.simplefilter("ignore", DeprecationWarning)
            process.start()
        writer.close()
        ready_writer.close()  # so a child that died early gives EOF, not a hang
        assert ready_reader.poll(30), "the child never got to its big message"
        assert ready_reader.recv() is True
        yield SimpleNamespace(
            spec=SimpleNamespace(name=NAME), pid=process.pid,
            channel=SimpleNamespace(reader=reader), process=process,
        )
    finally:
        if process.exitcode is None:
            process.kill()
        process.join(5)
        for conn in (reader, writer, ready_reader, ready_writer):
            conn.close()


class Reaper:
    """Stands in for ``Session._reap``; records whether the reader had closed the pipe."""

    def __init__(self):
        self.closed_when_reaped: list[bool] = []

    def __call__(self, worker) -> WorkerExited:
        self.closed_when_reaped.append(worker.channel.reader.closed)
        worker.process.join(timeout=5.0)
        return WorkerExited(worker.spec.name, worker.pid, time.perf_counter_ns(), worker.process.exitcode)


@contextmanager
def event_reader(start_method):
    recorder, reaper = Recorder(), Reaper()
    reader = EventReader(make_context(start_method), recorder, reaper)
    reader.start()
    try:
        yield reader, recorder, reaper
    finally:
        reader.stop()


def assert_reader_survived(reader, recorder, reaper, worker) -> None:
    events = recorder.wait_for(lambda evs: any(isinstance(e, WorkerExited) for e in evs), timeout=10)
    # What came before the torn frame is delivered, in order; the exit closes it.
    assert [type(e) for e in events] == [WorkerStarted, OutputLine, WorkerExited], events
    assert events[1].text == "before the big one"
    assert events[-1].exitcode == -signal.SIGKILL
    assert reaper.closed_when_reaped == [True]  # the reader closed the pipe on the torn frame
    # The reader thread is still alive and still delivers.
    marker = OutputLine("other", None, time.perf_counter_ns(), "still reading", "stdout")
    reader.register(None, [marker])
    recorder.wait_for(lambda evs: marker in evs, timeout=10)


def test_a_worker_killed_while_blocked_in_a_large_send(start_method):
    with torn_sender(start_method, big_sender.send_then_block_in_big_send, wire.OUTPUT, BIG_SIZE) as worker:
        conn = worker.channel.reader
        assert BIG_SIZE > fcntl.fcntl(conn.fileno(), fcntl.F_GETPIPE_SZ)
        small_bytes = readable_bytes(conn)  # every small message was sent before "ready"
        child = psutil.Process(worker.pid)
        # The frame's length and some payload are in the pipe, and the child sleeps in write():
        # the pipe buffer is full and nobody reads, so it is stuck in the middle of the message.
        wait_until(lambda: readable_bytes(conn) > small_bytes + 4 and child.status() == psutil.STATUS_SLEEPING,
                   timeout=10, what="the child is blocked in the middle of its send")
        os.kill(worker.pid, signal.SIGKILL)
        with event_reader(start_method) as (reader, recorder, reaper):
            reader.register(worker, [])
            assert_reader_survived(reader, recorder, reaper, worker)
        assert conn.closed


def test_a_worker_killed_while_the_reader_waits_inside_recv(start_method):
    with torn_sender(start_method, big_sender.write_half_a_message_then_wait, BIG_SIZE, 1000) as worker:
        conn = worker.channel.reader
        assert readable_bytes(conn) > 4 + 1000  # the small messages, the frame's length, half a payload
        with event_reader(start_method) as (reader, recorder, reaper):
            reader.register(worker, [])
            # Every byte taken but the frame incomplete: the reader is inside recv(), waiting for the rest.
            wait_until(lambda: readable_bytes(conn) == 0, timeout=10, what="the reader took the torn frame")
            assert not recorder.events  # nothing delivered yet: the batch waits for the frame
            assert worker.process.exitcode is None
            os.kill(worker.pid, signal.SIGKILL)
            assert_reader_survived(reader, recorder, reaper, worker)
        assert conn.closed
