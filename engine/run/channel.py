"""One worker's Pipes: created, handed over and closed in one place."""
from __future__ import annotations

import threading

from engine.worker import wire
from engine.worker.pipe_writer import child_end


class WorkerChannel:
    """A one-way Pipe from a worker to the engine, and optionally one back.

    The engine keeps ``reader``; ``writer`` goes to the child as a Process
    argument. With ``replies=True`` (messages workers) a second one-way Pipe
    carries the engine's pongs: the child gets ``reply_reader``, the engine
    keeps ``reply_writer``. After ``start()`` the parent must close its
    copies of the child's ends, or it never sees EOF when the child dies.

    ``pong()`` may be called from any thread (the window answers pings)
    while the reader thread closes the channel: ``Connection.close()`` frees
    the descriptor before it forgets it, so a send racing it could raise
    TypeError or write into a descriptor the OS has given to someone else.
    One lock orders them: a pong either completes before the close or sees
    the channel closed. (A pong is a few dozen bytes into a pipe the worker
    reads; if it ever blocked, the worker's death would end it with EPIPE.)
    """

    def __init__(self, context, replies: bool = False):
        self._lock = threading.Lock()
        self.reader, self.writer = context.Pipe(duplex=False)
        self.reply_reader = self.reply_writer = None
        if replies:
            try:
                self.reply_reader, self.reply_writer = context.Pipe(duplex=False)
            except BaseException:
                self.close()
                raise

    def child_ends(self) -> tuple:
        """(where the worker writes its events, where it reads pongs or None).

        The first is a ``PipeWriter`` on POSIX (``engine/worker/pipe_writer.py``):
        a worker then starts without importing ``multiprocessing.connection``.
        """
        return child_end(self.writer), self.reply_reader

    def release_child_end(self) -> None:
        with self._lock:
            self._close((self.writer, self.reply_reader))

    def pong(self, seq: int) -> bool:
        """Answer a ping; False if the worker is gone or the channel closed."""
        with self._lock:
            if self.reply_writer is None or self.reply_writer.closed:
                return False
            try:
                self.reply_writer.send((wire.PONG, seq))
            except OSError:  # BrokenPipeError: the worker died
                return False
            return True

    def close(self) -> None:
        with self._lock:
            self._close((self.writer, self.reply_reader, self.reader, self.reply_writer))

    @staticmethod
    def _close(conns) -> None:
        for conn in conns:
            if conn is not None and not conn.closed:
                conn.close()
