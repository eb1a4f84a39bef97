"""The window as the app runs it, for benchmarks: shown offscreen, settings private.

    with bench_window(method) as (app, window):
        ...

Like ``gui.app.run_app``: ``configure_process()`` (antialiasing, the GIL
switch interval), a shown ``MainWindow``, then ``freeze_startup_objects()``.
Settings go to a temporary file, so a benchmark never reads or changes the
user's own. Qt is imported here, inside the function: spawn and forkserver
children re-run a benchmark's main module and must not import it.
"""
import os
import sys
import tempfile
from contextlib import contextmanager


@contextmanager
def bench_window(method=None, show=True):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from gui.app import configure_process, freeze_startup_objects
    from gui.settings import Settings
    from gui.window.main_window import MainWindow

    app = QApplication.instance() or QApplication([sys.argv[0]])
    configure_process()
    with tempfile.TemporaryDirectory(prefix="proclab-bench-") as folder:
        settings = Settings(QSettings(os.path.join(folder, "settings.ini"), QSettings.IniFormat))
        window = MainWindow(start_method=method, settings=settings)
        if show:
            window.show()
        app.processEvents()
        freeze_startup_objects()
        try:
            yield app, window
        finally:
            from gui.dialogs.save_question import SaveAnswer

            # A benchmark's workers are throw-away: closing must not ask to save them.
            window.questions.ask_to_save = lambda question: SaveAnswer.DISCARD
            window.shutdown()
            window.close()
            app.processEvents()
