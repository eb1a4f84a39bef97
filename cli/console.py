"""Printing that cannot stop a run.

The command line prints what workers print as it arrives, from the reader
thread's batches. A closed stdout (``proclab run ... | head -1``), a
terminal that went away (SIGHUP: EIO) or a character the stream's encoding
lacks (``PYTHONIOENCODING=latin-1`` and a worker named ``rocket🚀``) would
raise there and end the reader. Here they cannot:

* lines go to one printer thread through a queue, so a slow or stalled
  terminal never holds up the reader either;
* a stream that fails is closed quietly for the rest of the run, as Unix
  tools do, and pointed at the null device so the interpreter's own flush
  at exit has nowhere to fail;
* what the encoding lacks is replaced (``?``);
* a stream that was closed before the run began (``>&-``: Python then has
  no ``sys.stdout`` at all) is skipped from the start.
"""
from __future__ import annotations

import os
import queue
import sys
import threading

_STOP = object()


class Console:
    """``out()`` and ``err()`` from any thread; ``drain()`` waits until all is printed."""

    def __init__(self, stdout=None, stderr=None):
        self._streams = {"stdout": stdout or sys.stdout, "stderr": stderr or sys.stderr}
        # A stream closed before the start (``proclab run ... >&-``) is None: nothing to print to.
        self._closed: set[str] = {name for name, stream in self._streams.items() if stream is None}
        self._lines: queue.SimpleQueue = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._print_lines, name="proclab-console", daemon=True)
        self._thread.start()

    def out(self, text: str) -> None:
        self._lines.put(("stdout", text))

    def err(self, text: str) -> None:
        self._lines.put(("stderr", text))

    def drain(self) -> None:
        """Print everything queued so far, then stop; later lines print at once."""
        if self._thread.is_alive():
            self._lines.put(_STOP)
            self._thread.join()
        while True:
            try:
                item = self._lines.get_nowait()
            except queue.Empty:
                return
            if item is not _STOP:
                self._write(*item)

    def _print_lines(self) -> None:
        while (item := self._lines.get()) is not _STOP:
            self._write(*item)

    def write_now(self, stream: str, text: str) -> None:
        """On the calling thread, once ``drain()`` has run."""
        self._write(stream, text)

    def _write(self, name: str, text: str) -> None:
        if name in self._closed:
            return
        stream = self._streams[name]
        try:
            try:
                stream.write(text + "\n")
            except UnicodeEncodeError:
                encoding = getattr(stream, "encoding", None) or "ascii"
                stream.write(text.encode(encoding, "replace").decode(encoding) + "\n")
            stream.flush()
        except (OSError, ValueError):  # closed pipe, gone terminal, full disk, closed file
            self._close(name, stream)

    def _close(self, name: str, stream) -> None:
        self._closed.add(name)
        try:
            fd = stream.fileno()
            devnull = os.open(os.devnull, os.O_WRONLY)
            try:
                os.dup2(devnull, fd)  # what is still buffered is dropped at exit, not raised
            finally:
                os.close(devnull)
        except (OSError, ValueError, AttributeError):
            pass
