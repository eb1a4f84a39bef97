"""Starting the window: the QApplication and process-wide settings."""
from __future__ import annotations

import sys

#: How often Python lets another thread take the GIL (default 5 ms). The
#: reader thread must get it promptly while the GUI thread paints, or each
#: event waits a whole interval: p99 to the model ~10 ms at 5 ms, ~6 ms at 1 ms
#: with 50 workers starting on 2 cores (bench/event_latency.py).
GIL_SWITCH_INTERVAL_S = 0.001


def configure_process() -> None:
    """Settings the window's process runs with (also used by the benchmarks)."""
    import pyqtgraph as pg

    pg.setConfigOptions(antialias=True)
    sys.setswitchinterval(GIL_SWITCH_INTERVAL_S)


def run_app(argv: list[str] | None = None, start_method: str | None = None) -> int:
    from PySide6.QtWidgets import QApplication

    from .main_window import MainWindow

    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv)
    app.setApplicationName("ProcLab")
    app.setOrganizationName("ProcLab")
    configure_process()
    window = MainWindow(start_method=start_method)
    window.show()
    return app.exec()
