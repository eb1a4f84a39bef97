"""Compare mode for the window: one ``engine.CompareRun`` at a time, as Qt signals."""
from __future__ import annotations

from typing import Sequence

from PySide6.QtCore import QObject, Signal

from engine.model.spec import WorkerSpec
from engine.run.compare import CompareCancelled, CompareRun


class CompareController(QObject):
    """Runs threads, then processes, off the GUI thread, and reports back.

    ``CompareRun`` calls back from engine threads; the signals below are
    emitted there and Qt queues them to the GUI thread.
    """

    phaseStarted = Signal(str)  # "threads" or "processes"
    finished = Signal(object)  # engine.run.compare.CompareResult
    failed = Signal(str)  # why, in words

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._run: CompareRun | None = None
        self._phase: str | None = None

    def is_running(self) -> bool:
        return self._run is not None and not self._run.done

    def start(self, specs: Sequence[WorkerSpec], start_method: str) -> None:
        """Raises ``ValueError`` at once for what compare mode cannot run."""
        run = CompareRun(specs, start_method, subscriber=self._on_events, on_done=self._on_done)
        self._run, self._phase = run, None
        run.start()

    def _on_events(self, phase: str, events: list) -> None:
        if phase != self._phase:
            self._phase = phase
            self._emit(self.phaseStarted, phase)

    def _on_done(self, run: CompareRun) -> None:
        try:
            result = run.result(timeout=0)
        except CompareCancelled:
            self._emit(self.failed, "")  # asked for: nothing to report
            return
        except Exception as error:  # the run's own failure, reported in words
            self._emit(self.failed, str(error) or type(error).__name__)
            return
        self._emit(self.finished, result)

    def _emit(self, signal, value) -> None:
        try:
            signal.emit(value)
        except RuntimeError:  # the window is gone
            pass

    def cancel(self) -> None:
        """Stop the comparison: its processes are stopped, its threads end on their own."""
        if self._run is not None:
            self._run.cancel()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the comparison is over (closing the window); False on timeout."""
        if self._run is None:
            return True
        try:
            self._run.result(timeout)
        except TimeoutError:
            return False
        except Exception:  # reported through ``failed`` already
            pass
        return True
