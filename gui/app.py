"""Starting the window: the QApplication and pyqtgraph's settings."""
from __future__ import annotations

import sys


def run_app(argv: list[str] | None = None, start_method: str | None = None) -> int:
    import pyqtgraph as pg
    from PySide6.QtWidgets import QApplication

    from .main_window import MainWindow

    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv)
    app.setApplicationName("ProcLab")
    app.setOrganizationName("ProcLab")
    pg.setConfigOptions(antialias=True)
    window = MainWindow(start_method=start_method)
    window.show()
    return app.exec()
