"""Rendering a finished run's timeline without a window on screen."""
from __future__ import annotations

import os
from contextlib import contextmanager
from typing import Iterator

from engine import RunRecord

#: The size of the exported plot, like the window's at its default size.
EXPORT_SIZE = (1000, 420)
#: Taller with the counter rows, so the timeline keeps its size above them.
EXPORT_SIZE_WITH_COUNTERS = (1000, 680)


@contextmanager
def offscreen_timeline(record: RunRecord, counters: bool = False) -> Iterator[object]:
    """A laid-out ``TimelineWidget`` showing ``record``, for exporting.

    Export ``timeline.plot`` for the timeline alone, or
    ``timeline.export_target()``: with ``counters`` that is the timeline and
    the CPU/memory rows under it in one picture."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from .widget import TimelineWidget

    app = QApplication.instance()
    if app is None:
        app = QApplication(["proclab"])
        _quiet_offscreen_notice()
    widget = TimelineWidget()
    try:
        widget.setAttribute(Qt.WA_DontShowOnScreen)
        widget.resize(*(EXPORT_SIZE_WITH_COUNTERS if counters else EXPORT_SIZE))
        widget.set_counters_visible(counters)
        widget.show()  # lay out before exporting, or the picture comes out misaligned
        widget.show_run(record, record.last_time_s())
        app.processEvents()
        widget.show_run(record, record.last_time_s())  # marks need the laid-out row height
        app.processEvents()
        yield widget
    finally:
        widget.close()
        widget.deleteLater()
        app.processEvents()


def _quiet_offscreen_notice() -> None:
    """The offscreen platform warns that it cannot resize windows to their
    hints whenever one is shown; on a command line that is only noise."""
    import sys

    from PySide6.QtCore import qInstallMessageHandler

    def handler(mode, context, message):
        if "does not support propagateSizeHints" not in message:
            print(message, file=sys.stderr)

    qInstallMessageHandler(handler)
