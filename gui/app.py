"""Starting the window: the QApplication and process-wide settings."""
from __future__ import annotations

import sys

#: How often Python lets another thread take the GIL (default 5 ms). The
#: reader thread must get it promptly while the GUI thread paints, or each
#: event waits a whole interval: p99 to the model ~10 ms at 5 ms, ~6 ms at 1 ms
#: with 50 workers starting on 2 cores (bench/event_latency.py).
GIL_SWITCH_INTERVAL_S = 0.001


def freeze_startup_objects() -> None:
    """Leave what the window is built of out of the garbage collector's scans.

    A full collection walks every object the process holds; with Qt,
    pyqtgraph and numpy loaded that took 55 ms, with the GIL held, so the
    reader thread could not put events into the model meanwhile.
    ``gc.freeze()`` moves the objects alive now (modules, classes, the
    window's widgets) into a generation no collection scans: a full
    collection then took 6 ms (bench/event_latency.py).
    """
    import gc

    gc.collect()
    gc.freeze()


def configure_process() -> None:
    """Settings the window's process runs with (also used by the benchmarks)."""
    import pyqtgraph as pg

    pg.setConfigOptions(antialias=True)
    sys.setswitchinterval(GIL_SWITCH_INTERVAL_S)


def run_app(argv: list[str] | None = None, start_method: str | None = None, script: str | None = None) -> int:
    """The window, until it closes; 1 (with the reason on stderr) when Qt could not open it.

    ``script``: a file to show in the code pane (``proclab SCRIPT.py``); it runs only when asked to.
    """
    import os

    from gui.platform_check import check_platform

    problem = check_platform(os.environ)
    if problem:  # before QApplication, which would abort the process with a less helpful message
        print(problem, file=sys.stderr)
        return 1
    from PySide6.QtWidgets import QApplication

    from gui.settings import APPLICATION, ORGANIZATION, Settings
    from gui.window.main_window import MainWindow

    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv)
    app.setApplicationName(APPLICATION)
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationDisplayName("ProcLab")
    app.setDesktopFileName("proclab")  # ties windows to proclab.desktop (Wayland app id, dock icon)
    configure_process()
    settings = Settings()
    _install_translator(app, settings.language())
    _set_icon(app)
    window = MainWindow(start_method=start_method, settings=settings)
    window.show()
    if script is not None:
        window.open_script(script)  # a file that cannot be shown is said so in the window
    freeze_startup_objects()
    return app.exec()


def _install_translator(app, language: str | None) -> None:
    """The saved language, or the system's; English when no translation fits."""
    from gui.i18n import install_translator

    install_translator(app, language)


def _set_icon(app) -> None:
    from gui.icons import app_icon

    app.setWindowIcon(app_icon())
