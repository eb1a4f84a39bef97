"""A file task whose window went away while it worked ends quietly on its thread."""
import threading

import shiboken6
from PySide6.QtWidgets import QWidget

from gui.dialogs.background_task import BackgroundTask


def test_a_task_outliving_its_window_ends_without_an_error_on_its_thread(qtbot):
    parent = QWidget()
    release = threading.Event()

    def work(progress, cancel):
        assert release.wait(10)
        progress(1, 2)  # reports into a deleted object
        return "done"

    task = BackgroundTask(parent, "Working…", work)
    thread = task._thread
    task.start()
    shiboken6.delete(parent)  # the window closes; its children, the task among them, go with it
    release.set()
    thread.join(10)
    assert not thread.is_alive()
    # An exception left on the thread would fail this test (pytest turns it into an error).


def test_a_task_reports_its_result(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)
    task = BackgroundTask(parent, "Working…", lambda progress, cancel: 42)
    with qtbot.waitSignal(task.succeeded, timeout=5000) as done:
        task.start()
    assert done.args == [42]
