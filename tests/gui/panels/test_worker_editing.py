"""The form and the table: adding, editing and removing workers."""
import pytest
from PySide6.QtCore import Qt

from engine import WorkerSpec
from gui.panels.worker_table_model import COLUMNS, INTERVAL, KIND, NAME, STATE


def add(window, name, interval=1.0):
    form = window.workers.form
    form.name_edit.setText(name)
    form.interval_spin.setValue(interval)
    form.add_button.click()


def test_form_adds_a_worker_and_proposes_the_next_name(window):
    add(window, "alpha", 1.5)
    assert window.model.specs() == [WorkerSpec("alpha", 1.5)]
    assert window.workers.form.name_edit.text() == "worker2"
    assert window.workers.form.error_text() == ""


def test_enter_in_the_name_field_adds(window, qtbot):
    window.workers.form.name_edit.setText("beta")
    qtbot.keyClick(window.workers.form.name_edit, Qt.Key_Return)
    assert window.model.names() == ["beta"]


@pytest.mark.parametrize(
    "name, message",
    [("", "must not be empty"), ("   ", "must not start or end with a space"),
     ("x" * 100, "at most 64 characters"), ("tab\there", "printable")],
)
def test_form_refuses_bad_names_where_they_were_typed(window, name, message):
    add(window, name)
    assert window.model.specs() == []
    assert message in window.workers.form.error_text()
    assert window.workers.form.name_edit.text() == name  # nothing the user typed is lost


def test_form_refuses_a_duplicate_name(window):
    add(window, "same")
    add(window, "same")
    assert window.model.names() == ["same"]
    assert "already exists" in window.workers.form.error_text()


@pytest.mark.parametrize("typed, reason", [
    ("0", "more than 0"), ("100000", "at most 86400"), ("-1", "more than 0"), ("abc", "number of seconds"),
    ("2x", "number of seconds"), ("", "number of seconds"), ("nan", "finite"), ("inf", "finite"),
    ("1e309", "finite"),
])
def test_the_form_refuses_a_bad_interval_where_it_was_typed_and_keeps_the_text(window, qtbot, typed, reason):
    form = window.workers.form
    form.interval_edit.setValue(30)  # a good value first: it must not be added in place of the bad one
    form.name_edit.setText("w")
    form.interval_edit.clear()
    qtbot.keyClicks(form.interval_edit, typed)
    form.add_button.click()
    assert window.model.specs() == []
    assert reason in form.error_text() and form.error_text().startswith("Interval")
    assert form.error_label.isVisible()
    assert form.interval_edit.text() == typed  # every key kept, nothing replaced
    assert form.interval_edit.property("invalid") is True
    assert form.interval_edit.hasFocus() and form.interval_edit.selectedText() == typed
    qtbot.keyClicks(form.interval_edit, "1.25")  # retyping over the selection clears the refusal
    assert form.error_text() == "" and form.interval_edit.property("invalid") is False
    qtbot.keyClick(form.interval_edit, Qt.Key_Return)
    assert window.model.specs() == [WorkerSpec("w", 1.25)]


def test_the_interval_field_steps_with_up_and_down(window, qtbot):
    field = window.workers.form.interval_edit
    field.setValue(1)
    qtbot.keyClick(field, Qt.Key_Up)
    assert field.text() == "1.5"
    for _ in range(3):
        qtbot.keyClick(field, Qt.Key_Down)
    assert field.text() == "0.5"  # never down to 0 or below
    field.setText("abc")
    qtbot.keyClick(field, Qt.Key_Up)
    assert field.text() == "abc"  # nothing to step from: left as typed


def test_table_headers_and_seed_example(window):
    headers = [window.model.headerData(c, Qt.Horizontal) for c in range(window.model.columnCount())]
    assert headers == list(COLUMNS)
    for label in ("Name", "Interval", "PID", "Alive", "State", "Exit code"):
        assert label in headers
    window.actions["seed"].trigger()
    assert window.model.specs() == [WorkerSpec("worker1", 2), WorkerSpec("worker2", 3), WorkerSpec("worker3", 4)]
    assert [window.model.index(r, STATE).data() for r in range(3)] == ["not started"] * 3
    assert [window.model.index(r, KIND).data() for r in range(3)] == ["sleep"] * 3


def test_table_edits_are_validated_and_refusals_keep_the_old_value(window):
    add(window, "a", 1)
    add(window, "b", 2)
    model = window.model
    assert model.setData(model.index(0, NAME), "renamed")
    assert model.setData(model.index(1, INTERVAL), "2.5")
    assert model.specs() == [WorkerSpec("renamed", 1), WorkerSpec("b", 2.5)]
    for column, value, reason in [(NAME, "b", "already exists"), (NAME, " pad", "space"),
                                  (INTERVAL, "abc", "number"), (INTERVAL, "0", "more than 0"),
                                  (INTERVAL, "nan", "finite"), (INTERVAL, "1e309", "finite")]:
        assert not model.setData(model.index(0, column), value)
        assert reason in window.workers.form.error_text()
    assert model.specs() == [WorkerSpec("renamed", 1), WorkerSpec("b", 2.5)]


def test_remove_takes_the_selected_rows(window):
    for name in ("a", "b", "c"):
        add(window, name)
    assert not window.workers.remove_button.isEnabled()
    window.workers.table.selectRow(1)
    assert window.workers.remove_button.isEnabled()
    window.workers.remove_button.click()
    assert window.model.names() == ["a", "c"]


def test_start_is_disabled_without_workers(window):
    assert not window.controls.start_button.isEnabled()
    add(window, "a")
    assert window.controls.start_button.isEnabled()


def test_every_interactive_widget_has_a_name_and_a_tooltip(window):
    from PySide6.QtWidgets import (
        QAbstractButton,
        QAbstractItemView,
        QAbstractSpinBox,
        QCheckBox,
        QComboBox,
        QHeaderView,
        QLineEdit,
        QPlainTextEdit,
    )

    kinds = (QAbstractButton, QAbstractItemView, QAbstractSpinBox, QCheckBox, QComboBox, QLineEdit, QPlainTextEdit)
    missing = []
    from PySide6.QtWidgets import QWidget

    def inside_a_combo(widget) -> bool:
        parent = widget.parentWidget()
        while parent is not None:
            if isinstance(parent, QComboBox):
                return True
            parent = parent.parentWidget()
        return False

    for widget in (w for w in window.findChildren(QWidget) if isinstance(w, kinds)):
        parent = widget.parentWidget()
        if isinstance(widget, QHeaderView) or isinstance(parent, (QAbstractSpinBox, QAbstractItemView)):
            continue  # parts of a composite widget that carries the name
        if inside_a_combo(widget):
            continue  # a combo box's popup list
        if widget.objectName().startswith("qt_"):
            continue  # Qt's own, e.g. the menu bar's overflow button
        if not widget.objectName() or not widget.toolTip():
            missing.append((type(widget).__name__, widget.objectName(), widget.toolTip()[:20]))
    assert missing == []
    for name in ("workerNameEdit", "workerIntervalEdit", "addWorkerButton", "removeWorkerButton", "workerTable",
                 "startButton", "joinButton", "joinTimeoutSpin", "terminateButton", "killButton",
                 "timelinePlot", "logView", "workerKindCombo", "workerMessagesSpin", "workerCrashCombo",
                 "workerExitStatusSpin", "startMethodCombo", "runInProcessButton", "releaseLockButton",
                 "experimentExplanation"):
        assert window.findChild(QWidget, name) is not None, name


def test_loading_workers_proposes_a_free_name(window):
    window.load_seed_example()
    assert window.workers.form.name_edit.text() == "worker4"
