"""The banner that reports an abandoned Lock and offers to release it."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton

from gui.i18n import tr


class LockBanner(QFrame):
    """Hidden until a worker exits holding the shared ``multiprocessing.Lock``.

    A ``multiprocessing.Lock`` has no owner: when its holder dies, every
    later ``acquire()`` waits forever. The banner names the holder and the
    waiting workers; "Release lock" asks the engine to release it for them.
    """

    releaseRequested = Signal()

    def __init__(self, parent=None):
        super().__init__(parent, objectName="lockBanner")
        self.setStyleSheet("#lockBanner { background: #FFF4D6; border: 1px solid #E69F00; border-radius: 3px; }")
        self.label = QLabel(objectName="lockAbandonedLabel")
        self.label.setWordWrap(True)
        self.release_button = QPushButton(tr("&Release lock"), objectName="releaseLockButton")
        self.release_button.setToolTip(
            tr("Call lock.release() on the shared multiprocessing.Lock from ProcLab, "
               "so the workers waiting in lock.acquire() go on")
        )
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.release_button)
        self.release_button.clicked.connect(self.releaseRequested)
        self.hide()

    def set_release_pending(self) -> None:
        """The release was asked for: one click is enough."""
        self.release_button.setEnabled(False)

    def show_abandoned(self, holder: str, pid: int | None, how: str, waiting: list[str]) -> None:
        """``how``: the holder's exit code in words, e.g. "-9 (killed by SIGKILL)"."""
        how = how or tr("an unknown exit code")
        waiters = tr(", ").join(waiting) if waiting else tr("no worker yet")
        self.label.setText(
            tr("<b>Lock abandoned:</b> {holder} (pid {pid}) exited with {how} while holding the "
               "shared Lock. A multiprocessing.Lock has no owner, so nobody else can get it until it is "
               "released. Waiting: {waiting}.").format(holder=_escape(holder), pid=pid, how=how,
                                                       waiting=_escape(waiters))
        )
        self.setToolTip(self.label.text())
        self.release_button.setEnabled(True)
        self.show()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
