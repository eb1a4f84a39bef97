"""The whole window in a process of its own, for a test to SIGKILL.

Run as ``python -m tests.reliability.gui_parent START_METHOD SETTINGS_PATH``:
it starts 3 sleep workers of 60 s, prints their pids as one JSON line once
every one has started, then waits to be killed. Qt is imported inside
``main()``: spawn and forkserver children re-import this module.
"""
import json
import os
import sys

WORKERS = 3


def main() -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    from engine import WorkerSpec
    from gui.settings import Settings
    from gui.window.main_window import MainWindow

    method, settings_path = sys.argv[1], sys.argv[2]
    app = QApplication(["proclab-gui-parent"])
    window = MainWindow(settings=Settings(QSettings(settings_path, QSettings.IniFormat)))
    window.questions.ask = lambda *args: True  # yes to "Use fork?"
    window.set_start_method(method)
    window.model.set_specs([WorkerSpec(f"w{i}", 60) for i in range(WORKERS)])
    window.show()
    window.start_run()

    def report_when_started():
        record = window.record
        runs = list(record.workers.values()) if record is not None else []
        if len(runs) == WORKERS and all(run.start_s is not None and run.pid for run in runs):
            timer.stop()
            print(json.dumps({"method": window.bridge.session.start_method,
                              "pids": [run.pid for run in runs]}), flush=True)

    timer = QTimer(interval=20)
    timer.timeout.connect(report_when_started)
    timer.start()
    app.exec()  # until killed


if __name__ == "__main__":
    main()
