"""WorkerChannel and EventReader against threads that race their closing.

Real Pipes throughout, and a real worker process where one is involved.
The stress tests shorten the interpreter's switch interval so that a thread
is often preempted between checking a connection and writing to it: that
is where an unguarded close() used to slip in (``Connection.close()`` frees
the descriptor, then forgets it, so the write raised TypeError or went to a
descriptor the OS had already handed out again).
"""
from __future__ import annotations

import os
import sys
import threading
import time
from contextlib import contextmanager
from multiprocessing.connection import Connection

from engine.model.start_methods import make_context
from engine.run.channel import WorkerChannel
from engine.run.event_reader import EventReader
from engine.worker import wire

#: How long each stress test races, and how many threads it races with.
#: Before the fix, 4 racers at a 10 us switch interval hit the race in
#: about one round in 20 (pongs) or 50 (wakes): several times a second.
STRESS_SECONDS = 1.0
RACERS = 4
#: The most a racer sends in one round, so that no round can run away.
MAX_SENDS = 20_000


@contextmanager
def frequent_thread_switches():
    """Thread switches every 10 us instead of 5 ms. (1 us starves the thread that stops.)"""
    previous = sys.getswitchinterval()
    sys.setswitchinterval(1e-5)
    try:
        yield
    finally:
        sys.setswitchinterval(previous)


def echo_one_pong(writer, replies) -> None:
    """A worker's side: wait for one pong, send it back, end.

    (Not "until EOF": under fork the child also inherits the engine's end
    of the reply pipe, so it would never see EOF.)
    """
    if replies.poll(15):
        writer.send(replies.recv())


def drain(conn) -> None:
    """Read until EOF, as a worker reading its pongs would."""
    try:
        while True:
            conn.recv_bytes()
    except (EOFError, OSError):
        pass


# -- WorkerChannel -------------------------------------------------------------------

def test_a_worker_gets_its_pong_and_a_dead_one_gets_none(start_method, allow_fork_warning):
    context = make_context(start_method)
    channel = WorkerChannel(context, replies=True)
    try:
        process = context.Process(target=echo_one_pong, args=channel.child_ends(), daemon=True)
        process.start()
        channel.release_child_end()
        assert channel.writer.closed and channel.reply_reader.closed
        assert channel.pong(1) is True
        assert channel.reader.poll(15) and channel.reader.recv() == (wire.PONG, 1)
        process.join(15)
        assert process.exitcode == 0
        process.close()
        assert channel.pong(2) is False  # nobody reads any more: BrokenPipeError
    finally:
        channel.close()
    assert channel.pong(3) is False


def test_pong_after_close_returns_false_without_raising():
    channel = WorkerChannel(make_context(), replies=True)
    channel.close()
    assert channel.pong(1) is False
    channel.close()  # twice is harmless
    channel.release_child_end()
    assert channel.pong(2) is False


def test_pong_without_a_reply_pipe_returns_false():
    channel = WorkerChannel(make_context())
    try:
        assert channel.pong(1) is False
    finally:
        channel.close()


def _race_pongs_against_close(context) -> list[BaseException]:
    """RACERS threads pong while this thread closes; returns what they raised."""
    channel = WorkerChannel(context, replies=True)
    # What the worker holds: its own copy of the reply pipe's read end.
    worker_copy = Connection(os.dup(channel.reply_reader.fileno()), writable=False)
    channel.release_child_end()
    reader = threading.Thread(target=drain, args=(worker_copy,), daemon=True)
    reader.start()
    errors: list[BaseException] = []
    all_ponged = threading.Barrier(RACERS + 1)

    def ponger() -> None:
        try:
            assert channel.pong(0) is True
            all_ponged.wait(15)
            seq = 1
            while channel.pong(seq):  # until it says the channel is closed
                seq += 1
                assert seq < MAX_SENDS
        except BaseException as error:  # noqa: BLE001  any error is the finding
            errors.append(error)

    pongers = [threading.Thread(target=ponger, daemon=True) for _ in range(RACERS)]
    for thread in pongers:
        thread.start()
    try:
        all_ponged.wait(15)
    except threading.BrokenBarrierError:
        pass  # a ponger failed; its error is in ``errors``
    channel.close()
    for thread in pongers:
        thread.join(15)
    reader.join(15)  # EOF once the engine's end is closed
    worker_copy.close()
    assert not any(thread.is_alive() for thread in pongers + [reader])
    return errors


def test_pongs_racing_a_close_never_raise():
    context = make_context()
    errors: list[BaseException] = []
    rounds = 0
    deadline = time.monotonic() + STRESS_SECONDS
    with frequent_thread_switches():
        while time.monotonic() < deadline and not errors:
            errors += _race_pongs_against_close(context)
            rounds += 1
    assert errors == [], f"after {rounds} rounds: {errors!r}"
    assert rounds >= 3


# -- EventReader ---------------------------------------------------------------------

def _race_wakes_against_stop(context) -> list[BaseException]:
    """RACERS threads register (which wakes the reader) while this thread stops it.

    They start the moment the reader thread ends, which is when ``stop()``
    goes on to close the wake pipe. (Racing earlier only races the reader:
    its drain loop keeps up with a storm of wakes.)
    """
    reader = EventReader(context, lambda batch: None, lambda worker: None)
    reader.start()
    errors: list[BaseException] = []
    done = threading.Event()
    all_ready = threading.Barrier(RACERS + 1)

    def waker() -> None:
        try:
            all_ready.wait(15)
            reader._thread.join(15)
            for _ in range(MAX_SENDS):
                if done.is_set():
                    break
                reader.register(None, [])
        except BaseException as error:  # noqa: BLE001  any error is the finding
            errors.append(error)

    wakers = [threading.Thread(target=waker, daemon=True) for _ in range(RACERS)]
    for thread in wakers:
        thread.start()
    try:
        all_ready.wait(15)
    except threading.BrokenBarrierError:
        pass
    reader.stop()
    done.set()
    for thread in wakers:
        thread.join(15)
    assert not any(thread.is_alive() for thread in wakers)
    return errors


def test_wakes_racing_a_stop_never_raise():
    context = make_context()
    errors: list[BaseException] = []
    rounds = 0
    deadline = time.monotonic() + STRESS_SECONDS
    with frequent_thread_switches():
        while time.monotonic() < deadline and not errors:
            errors += _race_wakes_against_stop(context)
            rounds += 1
    assert errors == [], f"after {rounds} rounds: {errors!r}"
    assert rounds >= 3


def test_register_after_stop_does_not_raise():
    reader = EventReader(make_context(), lambda batch: None, lambda worker: None)
    reader.start()
    reader.stop()
    assert reader._wake_writer.closed and reader._wake_reader.closed
    reader.register(None, [])  # nothing left to wake, and nothing raised
