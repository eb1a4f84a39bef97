"""Rendering a finished run's timeline to files without a window on screen."""
from __future__ import annotations

import os
from pathlib import Path

from engine import RunRecord

#: The size of the exported plot, like the window's at its default size.
EXPORT_SIZE = (1000, 420)


def render_timeline_files(record: RunRecord, paths: dict[str, Path]) -> None:
    """Write the timeline of ``record`` to each of ``paths`` (by suffix: PNG/SVG)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from .timeline_export import export_widget
    from .timeline_widget import TimelineWidget

    app = QApplication.instance() or QApplication(["proclab"])
    _quiet_offscreen_notice()
    widget = TimelineWidget()
    try:
        widget.setAttribute(Qt.WA_DontShowOnScreen)
        widget.resize(*EXPORT_SIZE)
        widget.show()  # lay out before exporting, or the picture comes out misaligned
        widget.show_run(record, record.last_time_s())
        app.processEvents()
        for path in paths.values():
            export_widget(widget.plot, Path(path))
    finally:
        widget.close()
        widget.deleteLater()
        app.processEvents()


def _quiet_offscreen_notice() -> None:
    """The offscreen platform warns that it cannot resize windows to their
    hints whenever one is shown; on a command line that is only noise."""
    from PySide6.QtCore import qInstallMessageHandler

    previous = None

    def handler(mode, context, message):
        if "does not support propagateSizeHints" in message:
            return
        if previous is not None:
            previous(mode, context, message)
        else:
            import sys

            print(message, file=sys.stderr)

    previous = qInstallMessageHandler(handler)
