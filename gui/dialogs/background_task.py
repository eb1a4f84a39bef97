"""Long file work off the GUI thread, with a progress dialog the user can cancel.

Opening a 200 MB run or writing a 450 MB trace takes tens of seconds; on
the GUI thread the window would freeze for all of it. ``BackgroundTask``
runs ``work(progress, cancel)`` on a Python thread and reports back through
Qt signals (queued to the GUI thread): ``progressed(done, total)``, then
exactly one of ``succeeded(result)``, ``failed(error)`` or ``cancelled()``.
A window-modal ``QProgressDialog`` shows it after a short moment (quick
work never flashes a dialog) and its Cancel sets ``cancel``; work that
cannot stop half-way (an atomic write) is simply not offered Cancel.
"""
from __future__ import annotations

import threading
from typing import Callable

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from gui.i18n import tr

#: The dialog appears only for work that lasts longer than this.
SHOW_AFTER_MS = 400
#: Progress is in bytes; the dialog counts in these (QProgressDialog takes an int).
_UNIT = 1024


class Cancelled(Exception):
    """Raised by work that noticed ``cancel`` was set (or mapped to it by ``cancelled_by``)."""


class BackgroundTask(QObject):
    progressed = Signal(object, object)  # done, total (bytes; ints beyond 32 bits)
    succeeded = Signal(object)
    failed = Signal(object)
    cancelled = Signal()

    def __init__(self, parent: QWidget, label: str, work: Callable, can_cancel: bool = True,
                 cancelled_by: tuple = ()):
        """``work(progress, cancel)``: ``progress(done, total)`` from its thread,
        ``cancel`` a ``threading.Event``; exceptions in ``cancelled_by`` mean it stopped."""
        super().__init__(parent)
        self.setObjectName("backgroundTask")
        self._work = work
        self._cancelled_by = (Cancelled, *cancelled_by)
        self._can_cancel = can_cancel
        self.cancel = threading.Event()
        self.dialog = QProgressDialog(label, tr("Cancel") if can_cancel else "", 0, 0, parent)
        self.dialog.setObjectName("backgroundTaskProgress")
        self.dialog.setWindowTitle("ProcLab")
        self.dialog.setWindowModality(Qt.WindowModal)
        self.dialog.setMinimumDuration(SHOW_AFTER_MS)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        if not can_cancel:
            self.dialog.setCancelButton(None)
        self.dialog.canceled.connect(self.cancel.set)
        self.progressed.connect(self._on_progress, Qt.QueuedConnection)
        for signal in (self.succeeded, self.failed, self.cancelled):
            signal.connect(self._close_dialog, Qt.QueuedConnection)
        self._thread = threading.Thread(target=self._run, name="proclab-file-task", daemon=True)

    def start(self) -> None:
        self.dialog.setValue(0)
        self._thread.start()

    def is_running(self) -> bool:
        return self._thread.is_alive()

    def wait(self, timeout: float | None = None) -> bool:
        """Join the thread (for closing the window); True if it ended."""
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def _run(self) -> None:
        try:
            result = self._work(lambda done, total: self._emit(self.progressed, done, total), self.cancel)
        except self._cancelled_by:
            self._emit(self.cancelled)
        except Exception as error:  # noqa: BLE001 - shown to the user by whoever listens
            self._emit(self.failed, error)
        else:
            if self._can_cancel and self.cancel.is_set():
                self._emit(self.cancelled)  # done anyway, but the user said no: nothing changes
            else:
                self._emit(self.succeeded, result)

    @staticmethod
    def _emit(signal, *values) -> None:
        """From the worker thread; the window (and this object) may be gone by now."""
        try:
            signal.emit(*values)
        except RuntimeError:  # the C++ object was deleted: nobody is left to tell
            pass

    def _on_progress(self, done, total) -> None:
        if total:
            self.dialog.setMaximum(max(1, total // _UNIT))
            self.dialog.setValue(min(done, total) // _UNIT)

    def _close_dialog(self, *_args) -> None:
        self.dialog.reset()
        self.dialog.hide()
        self.dialog.deleteLater()
