"""Reliability checklist, item 9: bad input typed into the window is refused.

The form (name and interval), the table's editable cells and the Start
button are driven through their own widgets; every refusal must come with
a message and leave the experiment as it was, and an empty experiment must
never start a process.
"""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit

from engine import SpecError, WorkerSpec
from engine.model.spec import INTERVAL_MAX_SECONDS, NAME_MAX_LENGTH, validate_interval
from gui.panels.worker_table_model import INTERVAL, NAME
from tests.leak_check import leftover_children

LONG_NAME = "n" * 10_000
#: What the interval field must never take: text, zero and below, non-finite, too large.
BAD_INTERVALS = ["abc", "-1", "0", "inf", "nan", "1e309", f"{INTERVAL_MAX_SECONDS + 1:g}", "1000000"]


def form_error(window) -> QLabel:
    """The form's message, found the way a test or a screen reader finds it: by its objectName."""
    label = window.findChild(QLabel, "workerFormError")
    assert label is not None
    return label


def add(window, name: str, interval: float = 1.0) -> None:
    form = window.workers.form
    form.name_edit.setText(name)
    form.interval_spin.setValue(interval)
    form.add_button.click()


# -- the name field -------------------------------------------------------------

@pytest.mark.parametrize(
    "name, message",
    [("", "must not be empty"), ("   ", "must not start or end with a space"),
     (LONG_NAME, f"at most {NAME_MAX_LENGTH} characters"), ("kept", "already exists")],
    ids=["empty", "spaces", "10000-characters", "duplicate"],
)
def test_the_form_refuses_a_bad_name_with_a_message_and_adds_nothing(window, name, message):
    add(window, "kept", 1.0)
    before = window.model.specs()
    add(window, name, 2.0)
    label = form_error(window)
    assert label.isVisible() and message in label.text()
    assert window.model.specs() == before


def test_a_10000_character_name_typed_key_by_key_is_refused_too(window, qtbot):
    """Typed, not set: the field's own length limit may cut it, never into an accepted name."""
    form = window.workers.form
    form.name_edit.clear()
    qtbot.keyClicks(form.name_edit, "x" * 300)  # past the field's limit; 10,000 keys would take seconds
    qtbot.keyClick(form.name_edit, Qt.Key_Return)
    assert window.model.specs() == []
    assert f"at most {NAME_MAX_LENGTH} characters" in form_error(window).text()


# -- the interval field --------------------------------------------------------------

REASONS = {"abc": "number", "-1": "more than 0", "0": "more than 0", "inf": "finite", "nan": "finite",
           "1e309": "finite", f"{INTERVAL_MAX_SECONDS + 1:g}": "at most", "1000000": "at most"}


@pytest.mark.parametrize("text", BAD_INTERVALS)
def test_the_interval_field_keeps_what_was_typed_and_refuses_it_at_add(window, qtbot, text):
    """Typed key by key: every key stays in the field (nothing silently replaced), and
    Enter refuses it there with the engine's reason, adding nothing."""
    form = window.workers.form
    field = window.findChild(QLineEdit, "workerIntervalEdit")
    assert field is form.interval_spin
    form.name_edit.setText("w")
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, text)
    assert field.text() == text  # kept exactly as typed
    qtbot.keyClick(field, Qt.Key_Return)  # Enter in the interval field adds
    assert window.model.specs() == []
    message = form_error(window).text()
    assert message.startswith("Interval") and REASONS[text] in message, message
    assert field.text() == text and field.property("invalid") is True  # marked, not replaced


@pytest.mark.parametrize("text", ["2", "0.5", "86400", " 3 s "])
def test_the_interval_field_adds_what_the_engine_accepts(window, qtbot, text):
    form = window.workers.form
    form.name_edit.setText("w")
    form.interval_spin.setText(text)
    qtbot.keyClick(form.interval_spin, Qt.Key_Return)
    [spec] = window.model.specs()
    assert spec.interval == validate_interval(float(text.strip().removesuffix("s")))
    assert not form_error(window).isVisible()


# -- the table's cells ----------------------------------------------------------------

@pytest.mark.parametrize(
    "value, reason",
    [("abc", "number"), ("-1", "more than 0"), ("0", "more than 0"), ("inf", "finite"), ("nan", "finite"),
     ("1e309", "finite"), (f"{INTERVAL_MAX_SECONDS + 1:g}", "at most"), ("", "number"), (None, "number"),
     (True, "number"), (float("nan"), "finite"), (-0.5, "more than 0"), (10**400, "at most")],
    ids=repr,
)
def test_the_interval_cell_refuses_with_a_message_and_keeps_the_old_value(window, qtbot, value, reason):
    window.model.set_specs([WorkerSpec("a", 1.5), WorkerSpec("b", 2.0)])
    before = window.model.specs()
    with qtbot.waitSignal(window.model.editRejected, timeout=1000) as rejected:
        assert not window.model.setData(window.model.index(0, INTERVAL), value)
    assert reason in rejected.args[0] and "Row 1" in rejected.args[0]
    assert reason in form_error(window).text()  # the message is shown, not only emitted
    assert window.model.specs() == before
    assert window.model.index(0, INTERVAL).data() == "1.5"


@pytest.mark.parametrize(
    "value, reason",
    [("", "must not be empty"), ("   ", "space"), (LONG_NAME, f"at most {NAME_MAX_LENGTH}"), ("b", "already exists"),
     ("tab\there", "printable"), (None, "text")],
    ids=["empty", "spaces", "10000-characters", "duplicate", "tab", "None"],
)
def test_the_name_cell_refuses_with_a_message_and_keeps_the_old_name(window, qtbot, value, reason):
    window.model.set_specs([WorkerSpec("a", 1.5), WorkerSpec("b", 2.0)])
    before = window.model.specs()
    with qtbot.waitSignal(window.model.editRejected, timeout=1000) as rejected:
        assert not window.model.setData(window.model.index(0, NAME), value)
    assert reason in rejected.args[0]
    assert window.model.specs() == before


@pytest.mark.parametrize("twin", ["A", "\uff41"], ids=["case", "full-width"])
def test_names_that_differ_only_in_case_or_unicode_form_are_duplicates(window, qtbot, twin):
    window.model.set_specs([WorkerSpec("a", 1.0), WorkerSpec("b", 2.0)])
    form = window.workers.form
    form.name_edit.setText(twin)
    form.interval_spin.setText("1")
    qtbot.keyClick(form.interval_spin, Qt.Key_Return)
    assert "already exists" in form_error(window).text()
    with qtbot.waitSignal(window.model.editRejected, timeout=1000) as rejected:
        assert not window.model.setData(window.model.index(1, NAME), twin)
    assert "already exists" in rejected.args[0]
    assert [spec.name for spec in window.model.specs()] == ["a", "b"]


def test_the_model_refuses_a_duplicate_added_from_code(window):
    window.model.set_specs([WorkerSpec("a", 1.0)])
    with pytest.raises(SpecError, match="already exists"):
        window.model.add_spec(WorkerSpec("a", 2.0))
    assert window.model.specs() == [WorkerSpec("a", 1.0)]


# -- Start ------------------------------------------------------------------------------

def assert_nothing_started(window) -> None:
    assert not window.controls.start_button.isEnabled()
    window.controls.start_button.click()  # a disabled button ignores the click...
    window.start_run()  # ...and the window's own entry point refuses an empty list
    assert not window.is_running()
    assert window.record is None
    assert leftover_children() == []


def test_start_is_disabled_and_starts_nothing_for_an_empty_experiment(window):
    assert window.model.specs() == []
    assert_nothing_started(window)


def test_start_stays_disabled_after_only_refused_input(window, qtbot, dialogs, tmp_path):  # noqa: F811
    for name in ("", "   ", LONG_NAME):
        add(window, name)
    assert not window.model.setData(window.model.index(0, INTERVAL), "abc")  # no row: refused too
    bad = tmp_path / "bad.json"
    bad.write_text('{"schema_version": 2, "workers": [{"name": "x", "interval": NaN}]}', encoding="utf-8")
    assert not window.experiment.open(bad)
    assert dialogs.errors and "bad.json" in dialogs.errors[-1]
    assert window.model.specs() == []
    assert_nothing_started(window)


def test_start_is_disabled_again_once_the_last_worker_is_removed(window):
    add(window, "only")
    assert window.controls.start_button.isEnabled()
    window.model.remove_rows([0])
    assert window.model.specs() == []
    assert_nothing_started(window)
