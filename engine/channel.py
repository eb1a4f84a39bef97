"""One worker's Pipes: created, handed over and closed in one place."""
from __future__ import annotations

from . import wire


class WorkerChannel:
    """A one-way Pipe from a worker to the engine, and optionally one back.

    The engine keeps ``reader``; ``writer`` goes to the child as a Process
    argument. With ``replies=True`` (messages workers) a second one-way Pipe
    carries the engine's pongs: the child gets ``reply_reader``, the engine
    keeps ``reply_writer``. After ``start()`` the parent must close its
    copies of the child's ends, or it never sees EOF when the child dies.
    """

    def __init__(self, context, replies: bool = False):
        self.reader, self.writer = context.Pipe(duplex=False)
        self.reply_reader = self.reply_writer = None
        if replies:
            try:
                self.reply_reader, self.reply_writer = context.Pipe(duplex=False)
            except BaseException:
                self.close()
                raise

    def child_ends(self) -> tuple:
        return self.writer, self.reply_reader

    def release_child_end(self) -> None:
        for conn in (self.writer, self.reply_reader):
            if conn is not None and not conn.closed:
                conn.close()

    def pong(self, seq: int) -> bool:
        """Answer a ping; False if the worker is gone."""
        if self.reply_writer is None or self.reply_writer.closed:
            return False
        try:
            self.reply_writer.send((wire.PONG, seq))
        except OSError:  # BrokenPipeError: the worker died
            return False
        return True

    def close(self) -> None:
        self.release_child_end()
        for conn in (self.reader, self.reply_writer):
            if conn is not None and not conn.closed:
                conn.close()
