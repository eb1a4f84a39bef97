"""Connections and process sentinels, waited on together, again and again.

``multiprocessing.connection.wait()`` builds a new selector and registers
every object on each call. The reader waits once per batch, so with 500
workers (1,000 descriptors) each wake-up cost about a millisecond of Python
holding the GIL, time the window's thread then waits for. A ``WaitSet``
keeps one selector and changes it only when a worker comes or goes.

Windows pipe handles and process handles cannot go into a selector; there
it falls back to ``wait()`` on the current objects.
"""
from __future__ import annotations

import os
import select
import selectors
from multiprocessing.connection import wait


class WaitSet:
    """Objects with ``fileno()``, or descriptors; remove each before closing it."""

    def __init__(self):
        self._fds: dict = {}  # object -> the descriptor it was registered with
        self._selector = selectors.DefaultSelector() if os.name != "nt" else None
        self._pollers: dict = {}  # object -> a poll() object for readable_now()

    def __contains__(self, obj) -> bool:
        return obj in self._fds

    def __len__(self) -> int:
        return len(self._fds)

    def add(self, obj) -> None:
        fd = obj if isinstance(obj, int) else obj.fileno()
        if self._selector is not None:
            self._selector.register(fd, selectors.EVENT_READ, obj)
        self._fds[obj] = fd

    def discard(self, obj) -> None:
        """Stop waiting on ``obj``; call it before ``obj`` is closed."""
        fd = self._fds.pop(obj, None)
        self._pollers.pop(obj, None)
        if fd is not None and self._selector is not None:
            self._selector.unregister(fd)

    def wait(self, timeout: float | None = None) -> list:
        """The objects ready to read (or at EOF), like ``connection.wait()``."""
        if self._selector is None:
            return wait(list(self._fds), timeout)
        return [key.data for key, _ in self._selector.select(timeout)]

    def readable_now(self, obj) -> bool:
        """Whether a member can be read without blocking (or is at EOF).

        ``Connection.poll()`` builds a selector per call (5 us); this keeps
        one ``poll()`` object per member (1 us). Not ``select.select()``: it
        refuses descriptors above 1023.
        """
        if self._selector is None:
            return obj.poll()
        poller = self._pollers.get(obj)
        if poller is None:
            poller = self._pollers[obj] = select.poll()
            poller.register(self._fds[obj], select.POLLIN)
        return bool(poller.poll(0))

    def close(self) -> None:
        self._fds.clear()
        self._pollers.clear()
        if self._selector is not None:
            self._selector.close()
