"""A worker's end of its Pipe, without importing ``multiprocessing.connection``.

The engine reads with a real ``Connection``. A spawned worker handed a
``Connection`` must import ``multiprocessing.connection`` to unpickle it,
and that module imports ``tempfile`` and with it ``shutil``, ``bz2``,
``lzma`` and ``random``: 5 ms of every spawn worker's start, which a bare
``Process`` without a Pipe never pays. On POSIX a worker gets a
``PipeWriter`` instead: the same descriptor, written with ``Connection``'s
framing (a 4-byte big-endian signed length, then the pickle; a length of
-1 and an 8-byte length for buffers over 2 GiB), so the engine's
``Connection.recv()`` reads it as usual. On Windows pipes are handles, and
the worker gets the ``Connection`` itself.
"""
from __future__ import annotations

import os
import pickle
import struct

_LARGE = 0x7FFFFFFF


def child_end(conn):
    """What to hand a worker for ``conn``, the write end of a ``Pipe(duplex=False)``."""
    if os.name == "nt":
        return conn
    return PipeWriter(conn.fileno())


class PipeWriter:
    """``send()`` and ``close()`` of a write-only ``Connection``, over a descriptor."""

    def __init__(self, fd: int):
        self._fd = fd

    def __reduce__(self):
        # Pickled only while a process is being started (spawn, forkserver):
        # DupFd hands the descriptor to the child as Connection's own reducer does.
        from multiprocessing.reduction import DupFd

        return _rebuild, (DupFd(self._fd),)

    @property
    def closed(self) -> bool:
        return self._fd is None

    def send(self, obj) -> None:
        """Like ``Connection.send``; BrokenPipeError once the reader is gone."""
        if self._fd is None:
            raise OSError("handle is closed")
        payload = pickle.dumps(obj)
        size = len(payload)
        if size > _LARGE:
            self._write(struct.pack("!i", -1) + struct.pack("!Q", size))
            self._write(payload)
        else:
            self._write(struct.pack("!i", size) + payload)

    def _write(self, data: bytes) -> None:
        view = memoryview(data)
        while view:
            written = os.write(self._fd, view)
            view = view[written:]

    def close(self) -> None:
        if self._fd is not None:
            fd, self._fd = self._fd, None
            os.close(fd)


def _rebuild(dup_fd) -> PipeWriter:
    return PipeWriter(dup_fd.detach())
