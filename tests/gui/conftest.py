import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox

from gui.main_window import MainWindow
from gui.settings import Settings

#: Generous: CI machines are slow and spawn-heavy tests share two cores.
RUN_TIMEOUT_MS = 20000


class Dialogs:
    """Answers the window's questions and records its error messages."""

    def __init__(self):
        self.answer = True
        self.questions: list[str] = []
        self.errors: list[str] = []


@pytest.fixture
def dialogs(monkeypatch) -> Dialogs:
    record = Dialogs()

    def question(parent, title, text, *args, **kwargs):
        record.questions.append(text)
        return QMessageBox.Yes if record.answer else QMessageBox.No

    def warning(parent, title, text, *args, **kwargs):
        record.errors.append(text)
        return QMessageBox.Ok

    monkeypatch.setattr(QMessageBox, "question", question)
    monkeypatch.setattr(QMessageBox, "warning", warning)
    return record


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path, monkeypatch):
    """No test reads or writes the user's real ProcLab settings."""
    QSettings.setDefaultFormat(QSettings.IniFormat)
    for scope in (QSettings.UserScope, QSettings.SystemScope):
        QSettings.setPath(QSettings.IniFormat, scope, str(tmp_path / "settings"))
    yield


def make_settings(path) -> Settings:
    return Settings(QSettings(str(path), QSettings.IniFormat))


@pytest.fixture
def window(qtbot, dialogs, tmp_path):
    main_window = MainWindow(settings=make_settings(tmp_path / "proclab.ini"))
    qtbot.addWidget(main_window)
    main_window.show()
    qtbot.waitExposed(main_window)
    yield main_window
    main_window.shutdown()


def wait_for_run_end(qtbot, window, timeout=RUN_TIMEOUT_MS):
    def ended():
        assert window.run_has_ended()  # the window has shown the end, not only the model
        assert not window.bridge.any_alive()

    qtbot.waitUntil(ended, timeout=timeout)


def make_timeline(qtbot, size=(800, 400)):
    """A TimelineWidget shown at ``size``, laid out and ready to draw."""
    from gui.timeline_widget import TimelineWidget

    timeline = TimelineWidget()
    qtbot.addWidget(timeline)
    timeline.resize(*size)
    timeline.show()
    qtbot.waitExposed(timeline)
    return timeline
