"""Ctrl+C, SIGTERM and SIGHUP on the command line: stop the workers, keep the results.

The first signal stops the run as a timeout does (terminate, a grace
period, kill), and the summary and files follow. A second one while the
workers are being stopped kills them at once instead of waiting out a
worker that ignores SIGTERM. Once the workers are gone, a signal
interrupts whatever is being written (the files are written atomically,
so none is left half-written) and the command ends.
"""
from __future__ import annotations

import signal
import threading
from typing import Callable

STARTING, RUNNING, STOPPING, FINISHING = "starting", "running", "stopping", "finishing"


class StopRequested(BaseException):
    """Raised in the main thread by the first stop signal while the workers run."""

    def __init__(self, signum: int):
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


class StopSignals:
    """Installs the handlers for its ``with`` block; ``phase`` says what a signal does."""

    def __init__(self, kill_now: Callable[[], None]):
        self._kill_now = kill_now
        self.phase = STARTING
        self._pending: int | None = None
        self.killed_at_once = False
        self._previous: dict = {}

    def __enter__(self) -> "StopSignals":
        for name in ("SIGINT", "SIGTERM", "SIGHUP"):
            signum = getattr(signal, name, None)
            if signum is not None:
                self._previous[signum] = signal.signal(signum, self._handle)
        return self

    def __exit__(self, *exc_info) -> None:
        for signum, handler in self._previous.items():
            signal.signal(signum, handler)

    def started(self) -> None:
        """The start is done; a signal that came during it stops the run now.

        Not raised during the start: a start cut in half would leave workers
        that nobody owns. (Not blocked either: the threads and processes the
        start creates would inherit a blocked signal mask.)
        """
        self.phase = RUNNING
        if self._pending is not None:
            self.phase = STOPPING
            raise StopRequested(self._pending)

    def _handle(self, signum, frame) -> None:
        if self.phase == STARTING:
            self._pending = self._pending or signum
            return
        if self.phase == RUNNING:
            self.phase = STOPPING
            raise StopRequested(signum)
        if self.phase == STOPPING:
            if not self.killed_at_once:
                self.killed_at_once = True
                # Not here: the main thread may hold the session's lock right now.
                threading.Thread(target=self._kill_now, name="proclab-kill", daemon=True).start()
            return
        raise StopRequested(signum)
