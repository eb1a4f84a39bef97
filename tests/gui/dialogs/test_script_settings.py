"""Lab → Python for scripts: an interpreter is checked before it is kept, and a run uses it."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog

from gui.dialogs.script_settings_dialog import ScriptSettingsDialog
from tests.gui.conftest import wait_for_run_end


def pyenv_python(version: str) -> str | None:
    found = sorted(Path.home().glob(f".pyenv/versions/{version}*/bin/python{version}"))
    return str(found[-1]) if found else None


@pytest.fixture
def dialog(qtbot):
    widget = ScriptSettingsDialog(None, None, 500)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_empty_means_proclab_s_own_python(dialog):
    assert dialog.python is None and dialog.start_method is None and dialog.process_limit == 500
    version = "%d.%d.%d" % sys.version_info[:3]
    assert dialog.version_label.text() == f"Python {version} (ProcLab's own)"
    assert dialog.python_edit.placeholderText() == sys.executable
    dialog.ok_button.click()
    assert dialog.result() == QDialog.Accepted


def test_what_cannot_run_scripts_is_refused_in_the_dialog_with_the_reason(dialog, tmp_path):
    not_python = tmp_path / "not_python"
    not_python.write_text("#!/bin/sh\necho hello\n")
    not_python.chmod(0o755)
    cases = [(str(tmp_path / "missing"), "no such file"), (str(not_python), "not a Python interpreter")]
    old = pyenv_python("3.9")
    if old:
        cases.append((old, "watching needs Python 3.10 to 3.13"))
    for path, reason in cases:
        dialog.python_edit.setText(path)
        dialog.ok_button.click()
        assert dialog.isVisible() and dialog.result() != QDialog.Accepted, path
        assert reason in dialog.error_text(), (path, dialog.error_text())
    dialog.own_button.click()
    assert dialog.error_text() == "" and dialog.python is None
    dialog.ok_button.click()
    assert dialog.result() == QDialog.Accepted


def test_every_control_has_a_name_and_a_tooltip(dialog):
    for widget in (dialog.python_edit, dialog.browse_button, dialog.own_button, dialog.start_method_combo,
                   dialog.limit_spin, dialog.ok_button):
        assert widget.objectName() and widget.toolTip()


@pytest.mark.skipif(pyenv_python("3.12") is None, reason="needs a Python 3.12 besides ProcLab's own")
def test_the_python_chosen_runs_the_script(window, qtbot, monkeypatch, tmp_path):
    other = pyenv_python("3.12")

    def choose(box):
        box.python_edit.setText(other)
        box.start_method_combo.setCurrentIndex(box.start_method_combo.findData("spawn"))
        box.limit_spin.setValue(40)
        box.accept()
        return box.result()

    monkeypatch.setattr(ScriptSettingsDialog, "exec", choose)
    window.actions["scriptPython"].trigger()
    assert window.settings.script_python() == other
    assert window.settings.script_start_method() == "spawn" and window.settings.process_limit() == 40

    script = tmp_path / "which.py"
    script.write_text("import multiprocessing, sys\n"
                      "print(sys.version_info[:2], multiprocessing.get_start_method(), flush=True)\n")
    window.open_script(script)
    window.run_script()
    wait_for_run_end(qtbot, window)
    assert "[MainProcess] (3, 12) spawn" in window.log.lines()
    assert window.status.method_label.text() == "start method: spawn"
