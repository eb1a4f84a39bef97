"""The "Show code" dialog: shows, copies and saves the generated script."""
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QPushButton

from engine.lab.presets import crash_example, seed_example
from engine.lab.script_export import generate_script
from engine.model.spec import WorkerSpec
from gui.dialogs.code_dialog import CodeDialog

SCRIPT = generate_script(seed_example() + [WorkerSpec('it\'s "ü"', 1.0, "lock")], "spawn")


@pytest.fixture
def dialog(qtbot):
    code_dialog = CodeDialog(SCRIPT, "seed.py")
    qtbot.addWidget(code_dialog)
    code_dialog.show()
    qtbot.waitExposed(code_dialog)
    return code_dialog


def test_the_dialog_shows_the_script_read_only_in_a_fixed_font(dialog, qtbot):
    assert dialog.objectName() == "showCodeDialog"
    view = dialog.findChild(type(dialog.code_view), "codeView")
    assert view is dialog.code_view
    assert view.toPlainText() == SCRIPT == dialog.text()
    assert view.isReadOnly()
    assert view.font().family() == QFontDatabase.systemFont(QFontDatabase.FixedFont).family()

    view.setFocus()
    qtbot.keyClicks(view, "typed")
    qtbot.keyClick(view, Qt.Key_Delete)
    assert view.toPlainText() == SCRIPT


def test_every_button_has_a_name_and_a_tooltip(dialog):
    buttons = dialog.findChildren(QPushButton)
    names = {button.objectName() for button in buttons}
    assert names == {"copyCodeButton", "saveCodeButton", "closeCodeButton"}
    assert all(button.toolTip() for button in buttons)
    assert dialog.code_view.toolTip()


def test_copy_puts_the_script_on_the_clipboard(dialog):
    QApplication.clipboard().clear()
    dialog.copy_button.click()
    assert QApplication.clipboard().text() == SCRIPT
    assert "clipboard" in dialog.status_text()


def test_save_to_writes_the_whole_script(dialog, tmp_path):
    path = tmp_path / "experiment.py"
    path.write_text("old contents")
    assert dialog.save_to(path)
    assert path.read_text(encoding="utf-8") == SCRIPT
    assert dialog.error_text() == ""
    assert str(path) in dialog.status_text()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["experiment.py"]  # no temporary file left


def test_save_to_a_missing_folder_says_why_and_writes_nothing(dialog, tmp_path):
    path = tmp_path / "missing" / "experiment.py"
    assert not dialog.save_to(path)
    error = dialog.findChild(type(dialog.error_label), "codeDialogError")
    assert error.isVisible()
    assert str(path) in error.text() and "Nothing was written" in error.text()
    assert not path.exists() and list(tmp_path.iterdir()) == []

    # A later save that works clears the message.
    assert dialog.save_to(tmp_path / "experiment.py")
    assert dialog.error_text() == "" and not error.isVisible()


def test_save_button_asks_for_a_file_name(dialog, tmp_path, monkeypatch):
    asked = []

    def get_save_file_name(parent, caption, directory, filter_text):
        asked.append(directory)
        return str(tmp_path / "chosen.py"), "Python scripts (*.py)"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", get_save_file_name)
    dialog.save_button.click()
    assert asked == ["seed.py"]
    assert (tmp_path / "chosen.py").read_text(encoding="utf-8") == SCRIPT


def test_cancelling_the_file_dialog_saves_nothing(dialog, tmp_path, monkeypatch):
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args: ("", ""))
    dialog.save_button.click()
    assert dialog.status_text() == "" and dialog.error_text() == ""


def test_the_text_takes_the_extra_room_when_resized(dialog, qtbot):
    assert (dialog.width(), dialog.height()) == (760, 560)
    before = dialog.code_view.size()
    dialog.resize(1000, 800)
    qtbot.waitUntil(lambda: dialog.code_view.width() == before.width() + 240)
    # At least all the extra height: the wrapped intro line may need fewer lines when wider.
    assert dialog.code_view.height() >= before.height() + 240


def test_close_rejects_the_dialog(dialog, qtbot):
    with qtbot.waitSignal(dialog.rejected):
        dialog.close_button.click()
    assert not dialog.isVisible()
    assert dialog.result() == QDialog.Rejected


def test_a_long_mixed_script_is_shown_whole(qtbot):
    script = generate_script(crash_example())
    code_dialog = CodeDialog(script)
    qtbot.addWidget(code_dialog)
    assert code_dialog.code_view.toPlainText() == script
    assert code_dialog.code_view.document().blockCount() == script.count("\n") + 1
