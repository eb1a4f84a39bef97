"""One worker's Pipe: created, handed over and closed in one place."""
from __future__ import annotations


class WorkerChannel:
    """A one-way Pipe from a worker to the engine.

    The engine keeps ``reader``; ``writer`` goes to the child as a Process
    argument. After ``start()`` the parent must close its copy of the writer,
    or the reader never sees EOF when the child dies.
    """

    def __init__(self, context):
        self.reader, self.writer = context.Pipe(duplex=False)

    def release_child_end(self) -> None:
        if not self.writer.closed:
            self.writer.close()

    def close(self) -> None:
        self.release_child_end()
        if not self.reader.closed:
            self.reader.close()
