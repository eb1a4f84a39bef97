"""What runs inside a worker process.

This module is the target of every worker ``Process``. It imports only the
standard library (not even ``multiprocessing.connection``: events go out
through an ``engine.worker.pipe_writer.PipeWriter``), ``engine.worker.wire`` and
``engine.worker.workloads``: under spawn and forkserver a child imports what its
target needs, and every import adds to its start time (Qt would cost most
of a second). It therefore gets its spec
as plain values and sends plain tuples; the engine decodes them into typed
events. The same workloads run without a process of their own (threads,
``Process.run()``) through ``engine.worker.local_runner``.
"""
from __future__ import annotations

import _thread
import io
import multiprocessing
import os
import sys
import time

from . import wire
from .workloads import PONG_TIMEOUT_SECONDS, WORKLOADS, WorkerTools

#: Exit status of a worker that ended because the program that started it died.
PARENT_GONE_EXITCODE = 70


def run_worker(name: str, interval: float, conn, lock, kind: str = "sleep",
               options: dict | None = None, replies=None) -> None:
    """Target of a worker process: report start, do the work, report end.

    ``name``, ``interval``, ``kind`` and ``options`` come from a validated
    ``WorkerSpec``; ``conn`` is the write end of this worker's Pipe; ``lock``
    is the session's shared ``multiprocessing.Lock``; ``replies`` (messages
    workers only) is the read end of the Pipe the engine answers pings on.
    """
    workload = WORKLOADS[kind]  # registered kinds only: nothing is imported by name
    send = _sender(conn)
    send((wire.START, time.perf_counter_ns()))
    _exit_when_parent_dies()
    sys.stdout = _PipeLineWriter(send, "stdout")
    sys.stderr = _PipeLineWriter(send, "stderr")
    ping = _pinger(send, replies) if replies is not None else None
    workload(name, interval, WorkerTools(print, send, lock, options or {}, ping))
    sys.stdout.flush()
    send((wire.END, time.perf_counter_ns()))


def _pinger(send, replies):
    def ping(seq: int):
        sent_ns = time.perf_counter_ns()
        send((wire.PING, sent_ns, seq))
        if not replies.poll(PONG_TIMEOUT_SECONDS):
            return None
        try:
            reply = replies.recv()
        except (EOFError, OSError):
            return None
        received_ns = time.perf_counter_ns()
        return received_ns - sent_ns if reply == (wire.PONG, seq) else None

    return ping


def _sender(conn):
    def send(event) -> None:
        try:
            conn.send(event)
        except (BrokenPipeError, ConnectionResetError):
            # Nobody is listening any more: the program that started us is gone.
            os._exit(PARENT_GONE_EXITCODE)

    return send


def _exit_when_parent_dies() -> None:
    """End this worker as soon as its parent dies, even by SIGKILL.

    ``daemon=True`` only helps on an orderly parent exit. The parent's
    sentinel becomes ready when the parent is gone under fork, spawn and
    forkserver alike: on POSIX it is the read end of a pipe whose write end
    only the parent holds, so it reaches EOF.

    On Linux the kernel is asked to send this process SIGIO when that
    happens (``O_ASYNC``), and SIGIO's default action ends it: no thread,
    and it works even while the worker is stuck in C code holding the GIL.
    Elsewhere a ``_thread`` blocks on the sentinel and calls ``os._exit``;
    starting a thread costs a fresh worker about 0.2 ms of CPU
    (bench/README.md, "50 workers started and joined").
    """
    parent = multiprocessing.parent_process()
    if parent is None or parent.sentinel is None:
        return
    if sys.platform.startswith("linux") and _signal_when_readable(parent.sentinel):
        return
    _thread.start_new_thread(_watch_parent, (parent.sentinel,))


def _signal_when_readable(fd: int) -> bool:
    """SIGIO (default action: end the process) once ``fd`` reaches EOF; False if not possible."""
    import fcntl
    import select
    import signal

    try:
        signal.signal(signal.SIGIO, signal.SIG_DFL)
        fcntl.fcntl(fd, fcntl.F_SETOWN, os.getpid())
        fcntl.fcntl(fd, fcntl.F_SETFL, fcntl.fcntl(fd, fcntl.F_GETFL) | os.O_ASYNC)
        # A parent that died before O_ASYNC was set sent no signal: look once.
        # (poll, not select: select refuses descriptors above 1023.)
        poller = select.poll()
        poller.register(fd, select.POLLIN)
        while poller.poll(0):
            if not os.read(fd, 4096):
                os._exit(PARENT_GONE_EXITCODE)
    except (OSError, ValueError):
        return False
    return True


def _watch_parent(sentinel) -> None:
    if os.name == "nt":  # a process handle, not a descriptor
        from multiprocessing.connection import wait

        wait([sentinel])
    else:
        try:
            while os.read(sentinel, 4096):  # nothing is written to it; EOF when the parent is gone
                pass
        except OSError:
            pass
    os._exit(PARENT_GONE_EXITCODE)


class _PipeLineWriter(io.TextIOBase):
    """A text stream that sends each complete line as an output message."""

    def __init__(self, send, stream: str):
        super().__init__()
        self._send = send
        self._stream = stream
        self._partial = ""

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        self._partial += text
        *lines, self._partial = self._partial.split("\n")
        for line in lines:
            self._emit(line)
        return len(text)

    def flush(self) -> None:
        if self._partial:
            line, self._partial = self._partial, ""
            self._emit(line)

    def _emit(self, line: str) -> None:
        self._send((wire.OUTPUT, time.perf_counter_ns(), line, self._stream))
