"""The reader thread: every worker's pipe and sentinel, waited on together.

It owns its wait set outright: the launcher hands each new worker over
through a queue, so reading never waits for a launch in progress (starting
a forkserver or spawn child takes 10-70 ms). A sentinel that fires means
the process is gone: whatever it still had in its pipe is read first, then
the session reaps it, and its ``WorkerExited`` closes the batch.

Nothing here may use ``select.select()``: it refuses descriptors above
1023, which about 250 workers pass. And nothing that goes wrong here may
end the thread silently, or every ``join()`` would wait for ever: an
exception is handed to ``on_failure`` and the session ends the run with it.
"""
from __future__ import annotations

import threading
from collections import deque
from typing import Callable

from engine.model.events import Event, event_from_wire

from .wait_set import WaitSet


class EventReader:
    def __init__(self, context, subscriber: Callable[[list[Event]], None], reap: Callable[[object], Event | None],
                 on_failure: Callable[[BaseException], None] = lambda error: None):
        """``reap(worker)``: the worker's sentinel fired; its ``WorkerExited``,
        or None if it is still running (its process was started by a
        forkserver that died) and its pipe's end says when it is gone:
        then ``reap`` is called again at that end.
        """
        self._subscriber = subscriber
        self._reap = reap
        self._on_failure = on_failure
        self._incoming: deque = deque()  # (worker or None, events to deliver first)
        self._wake_reader, self._wake_writer = context.Pipe(duplex=False)
        # _wake() runs on any thread (launcher, join helpers, the window)
        # while stop() closes the wake pipe: Connection.close() frees the
        # descriptor before it forgets it, so an unguarded send could raise
        # TypeError or write into a descriptor already reused elsewhere.
        self._wake_lock = threading.Lock()
        self._closing = False
        self._thread = threading.Thread(target=self._loop, name="proclab-reader", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def close_unstarted(self) -> None:
        """Close the wake pipe of a reader whose thread could not start."""
        self._wake_writer.close()
        self._wake_reader.close()

    def register(self, worker, events: list[Event]) -> None:
        """Deliver ``events``, then watch ``worker`` (if any) from now on."""
        self._incoming.append((worker, events))
        self._wake()

    def stop(self) -> None:
        """End the thread after the batch in hand is delivered; close the wake pipe.

        Everything registered before ``stop()`` is delivered (a ``join()``'s
        marks included); what other threads register once it has begun may
        not be.
        """
        with self._wake_lock:
            self._closing = True
            self._send_wake()
        self._thread.join()
        with self._wake_lock:
            self._wake_writer.close()
            self._wake_reader.close()

    def _wake(self) -> None:
        """Interrupt the reader's wait; from any thread, a no-op once stopping."""
        with self._wake_lock:
            # Once closing, nobody reads the pipe any more: skipping keeps a
            # stream of wakes from filling it and blocking here for good.
            if not self._closing:
                self._send_wake()

    def _send_wake(self) -> None:
        if self._wake_writer.closed:
            return
        try:
            self._wake_writer.send_bytes(b"!")
        except OSError:  # nobody reads any more
            pass

    def _loop(self) -> None:
        try:
            self._read_until_stopped()
        except BaseException as error:  # noqa: B036 - whatever it is, the run must end
            self._closing = True
            self._on_failure(error)

    def _read_until_stopped(self) -> None:
        by_conn: dict = {}
        by_sentinel: dict = {}
        orphans: set = set()  # pipes of workers whose sentinel fired while they run on
        waiting = WaitSet()
        waiting.add(self._wake_reader)
        try:
            while not self._closing:
                ready = waiting.wait()
                batch: list[Event] = []
                if self._wake_reader in ready:
                    while waiting.readable_now(self._wake_reader):
                        self._wake_reader.recv_bytes()
                self._take_incoming(batch, by_conn, by_sentinel, waiting)
                for conn in [c for c in ready if c in by_conn]:
                    worker = by_conn[conn]
                    events, ended = _drain(conn, worker, waiting)
                    batch.extend(events)
                    if ended:
                        del by_conn[conn]
                        waiting.discard(conn)
                        conn.close()
                        if conn in orphans:
                            orphans.discard(conn)
                            batch.append(self._reap(worker))
                for sentinel in [s for s in ready if s in by_sentinel]:
                    worker = by_sentinel.pop(sentinel)
                    waiting.discard(sentinel)
                    conn = worker.channel.reader
                    if conn in by_conn:
                        batch.extend(_drain(conn, worker, waiting)[0])
                    exited = self._reap(worker)
                    if exited is None:
                        orphans.add(conn)
                    else:
                        by_conn.pop(conn, None)
                        waiting.discard(conn)
                        batch.append(exited)
                if batch:
                    self._subscriber(batch)
            # What was registered before stop() (a join()'s marks) is delivered too.
            batch = []
            self._take_incoming(batch, by_conn, by_sentinel, waiting)
            if batch:
                self._subscriber(batch)
        finally:
            waiting.close()

    def _take_incoming(self, batch: list, by_conn: dict, by_sentinel: dict, waiting: WaitSet) -> None:
        while self._incoming:
            worker, events = self._incoming.popleft()
            batch.extend(events)
            if worker is not None:
                by_conn[worker.channel.reader] = worker
                by_sentinel[worker.process.sentinel] = worker
                waiting.add(worker.channel.reader)
                waiting.add(worker.process.sentinel)


def _drain(conn, worker, waiting: WaitSet) -> tuple[list[Event], bool]:
    """Everything ``conn`` holds now, decoded; and whether it has ended.

    Ended: EOF (the worker closed its end) or OSError (it died in the middle
    of a message). The caller closes it, once it no longer waits on it.
    """
    events: list[Event] = []
    try:
        while waiting.readable_now(conn):
            events.append(event_from_wire(worker.spec.name, worker.pid, conn.recv()))
    except (EOFError, OSError):
        return events, True
    return events, False
