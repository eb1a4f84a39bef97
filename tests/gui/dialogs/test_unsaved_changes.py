"""Unsaved changes to the experiment: closing, a preset or another file asks Save, Discard or Cancel."""
import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from gui.dialogs.save_question import SaveAnswer, UnsavedChangesBox


def edit(window):
    """An edit made in the window: a worker added through the form."""
    form = window.workers.form
    form.name_edit.setText("mine")
    form.interval_edit.setValue(1.5)
    form.add_button.click()
    assert window.experiment.has_unsaved_changes()


def test_nothing_is_asked_without_changes(window, dialogs):
    window.load_preset("seed")  # a fresh window: nothing to lose
    window.load_preset("lock")  # a preset as loaded: nothing to lose either
    assert window.close()
    assert dialogs.save_questions == []


@pytest.mark.parametrize("replace", ["preset", "recent file", "closing"])
def test_cancel_keeps_everything(window, dialogs, tmp_path, replace):
    other = tmp_path / "other.json"
    other.write_text(json.dumps({"schema_version": 2, "workers": [{"name": "x", "interval": 1}]}))
    edit(window)
    dialogs.save_answer = SaveAnswer.CANCEL
    if replace == "preset":
        window.actions["seed"].trigger()
    elif replace == "recent file":
        window.experiment.open_recent(other)
    else:
        assert not window.close()
    assert len(dialogs.save_questions) == 1 and "untitled" in dialogs.save_questions[0]
    assert window.isVisible()
    assert window.model.names() == ["mine"] and window.experiment.has_unsaved_changes()
    assert window.windowTitle().startswith("untitled*")


def test_discard_goes_on_without_saving(window, dialogs, tmp_path):
    edit(window)
    window.load_preset("seed")
    assert "before its workers are replaced" in dialogs.save_questions[-1]
    assert window.model.names() == ["worker1", "worker2", "worker3"]
    edit(window)
    assert window.close()
    assert "before closing" in dialogs.save_questions[-1]
    assert not list(tmp_path.glob("*.json"))


def test_save_writes_the_experiments_own_file_then_goes_on(window, dialogs, tmp_path):
    path = tmp_path / "mine.json"
    edit(window)
    assert window.experiment.save(path)
    assert not window.experiment.has_unsaved_changes()
    window.set_start_method("spawn")  # the start method is part of the experiment too
    assert window.experiment.has_unsaved_changes()
    dialogs.save_answer = SaveAnswer.SAVE
    window.load_preset("seed")
    assert "mine.json" in dialogs.save_questions[-1]
    assert json.loads(path.read_text())["start_method"] == "spawn"
    assert window.model.names() == ["worker1", "worker2", "worker3"]


def test_save_of_an_untitled_experiment_asks_where_and_a_cancelled_dialog_keeps_everything(
        window, dialogs, tmp_path, monkeypatch):
    chosen = {"path": ""}
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (chosen["path"], ""))
    edit(window)
    dialogs.save_answer = SaveAnswer.SAVE
    assert not window.close()  # the file dialog was cancelled: nothing saved, nothing lost
    assert window.model.names() == ["mine"] and window.experiment.has_unsaved_changes()
    chosen["path"] = str(tmp_path / "kept")
    window.load_preset("crash")
    assert [w["name"] for w in json.loads((tmp_path / "kept.json").read_text())["workers"]] == ["mine"]
    assert window.model.names() != ["mine"]


def test_the_question_box_names_its_buttons_and_escape_cancels(qtbot):
    box = UnsavedChangesBox("Save the changes to untitled before closing?")
    qtbot.addWidget(box)
    box.show()
    qtbot.waitExposed(box)
    for standard, name in ((QMessageBox.Save, "unsavedSaveButton"), (QMessageBox.Discard, "unsavedDiscardButton"),
                           (QMessageBox.Cancel, "unsavedCancelButton")):
        button = box.button(standard)
        assert button.objectName() == name and button.toolTip()
    assert box.defaultButton() is box.button(QMessageBox.Save)
    with qtbot.waitSignal(box.finished, timeout=2000):
        qtbot.keyClick(box, Qt.Key_Escape)
    assert box.answer() is SaveAnswer.CANCEL


@pytest.mark.parametrize("standard, answer", [(QMessageBox.Save, SaveAnswer.SAVE),
                                              (QMessageBox.Discard, SaveAnswer.DISCARD)])
def test_each_button_gives_its_answer(qtbot, standard, answer):
    box = UnsavedChangesBox("Save?")
    qtbot.addWidget(box)
    box.show()
    with qtbot.waitSignal(box.finished, timeout=2000):
        box.button(standard).click()
    assert box.answer() is answer
