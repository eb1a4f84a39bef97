import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox

from gui.dialogs.save_question import SaveAnswer, UnsavedChangesBox
from gui.settings import Settings
from gui.window.main_window import MainWindow

#: Generous: CI machines are slow and spawn-heavy tests share two cores.
RUN_TIMEOUT_MS = 20000


class Dialogs:
    """Answers the window's questions and records its error messages."""

    def __init__(self):
        self.answer = True
        self.save_answer = SaveAnswer.DISCARD  # to "Save the changes ... before ...?"
        self.questions: list[str] = []
        self.save_questions: list[str] = []
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

    def answer_save_question(box, *args):
        """The real box, answered by clicking the chosen button (without showing it)."""
        record.save_questions.append(box.text())
        buttons = {SaveAnswer.SAVE: QMessageBox.Save, SaveAnswer.DISCARD: QMessageBox.Discard,
                   SaveAnswer.CANCEL: QMessageBox.Cancel}
        box.button(buttons[record.save_answer]).click()
        return box.result()

    monkeypatch.setattr(QMessageBox, "question", question)
    monkeypatch.setattr(QMessageBox, "warning", warning)
    monkeypatch.setattr(UnsavedChangesBox, "exec", answer_save_question)
    return record


@pytest.fixture(autouse=True)
def no_unanswered_save_question(monkeypatch):
    """A test that closes a window with unsaved changes must answer the question (``dialogs``),
    or it fails here instead of waiting for a click that never comes."""
    def refuse(box, *args):
        raise AssertionError(f"unanswered question: {box.text()}")

    monkeypatch.setattr(UnsavedChangesBox, "exec", refuse)


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
    from gui.timeline.widget import TimelineWidget

    timeline = TimelineWidget()
    qtbot.addWidget(timeline)
    timeline.resize(*size)
    timeline.show()
    qtbot.waitExposed(timeline)
    return timeline
