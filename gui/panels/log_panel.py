"""The log: what workers print, and what the window did, in arrival order."""
from __future__ import annotations

from contextlib import contextmanager

from PySide6.QtGui import QFontDatabase, QTextCursor
from PySide6.QtWidgets import QPlainTextEdit

from engine import OutputLine
from gui.i18n import tr

#: Oldest lines are dropped past this, so a chatty run cannot eat memory.
MAX_LINES = 20000


class LogPanel(QPlainTextEdit):
    def __init__(self, parent=None):
        super().__init__(parent, objectName="logView")
        self.setReadOnly(True)
        self.setMaximumBlockCount(MAX_LINES)
        self.setLineWrapMode(QPlainTextEdit.WidgetWidth)
        self.setFont(QFontDatabase.systemFont(QFontDatabase.FixedFont))
        self.setToolTip(tr("What the workers print (tagged [name]) and what each control did (tagged »)"))
        self.setPlaceholderText(tr("Worker output appears here after Start."))
        self._pending: list[str] | None = None  # lines held by batch()

    @contextmanager
    def batch(self):
        """Lines appended inside arrive in one append: a batch of 500 exits lays the
        text out once, not 500 times (the window's longest stall with 1,000 workers)."""
        if self._pending is not None:  # nested: the outer batch flushes
            yield
            return
        self._pending = []
        try:
            yield
        finally:
            lines, self._pending = self._pending, None
            if lines:
                self._append("\n".join(lines))

    def append_output(self, event: OutputLine) -> None:
        prefix = f"[{event.worker}]" if event.stream == "stdout" else f"[{event.worker} stderr]"
        self._add(f"{prefix} {event.text}")

    def append_note(self, text: str) -> None:
        self._add(f"» {text}")

    def _add(self, line: str) -> None:
        if self._pending is not None:
            self._pending.append(line)
        else:
            self._append(line)

    def lines(self) -> list[str]:
        return self.toPlainText().splitlines()

    def _append(self, line: str) -> None:
        bar = self.verticalScrollBar()
        at_bottom = bar.value() >= bar.maximum() - 2
        self.appendPlainText(line)
        if at_bottom:
            self.moveCursor(QTextCursor.End)
            bar.setValue(bar.maximum())
