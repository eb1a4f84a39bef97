"""Worker specs: the one place names and intervals are checked. No processes."""
from __future__ import annotations

import dataclasses

import pytest

from engine.model.spec import (
    CRASH_MODES,
    INTERVAL_MAX_SECONDS,
    KINDS,
    NAME_MAX_LENGTH,
    SpecError,
    WorkerSpec,
    json_type_name,
    python_type_name,
    validate_crash,
    validate_interval,
    validate_kind,
    validate_messages,
    validate_name,
    validate_specs,
)


@pytest.mark.parametrize(
    "name",
    ["", "   ", " a", "a ", "a" * 65, "a\nb", "a\tb", "\x00", "tab\t", "a\u2028b", "zero\u200bwidth", None, 3, b"worker"],  # noqa: E501 (test data, one case per item)
)
def test_refuses_bad_names(name):
    with pytest.raises(SpecError) as caught:
        validate_name(name, "workers[2].name")
    assert caught.value.field == "workers[2].name"
    assert str(caught.value).startswith("workers[2].name: ")


@pytest.mark.parametrize("name", ["a", "a" * NAME_MAX_LENGTH, "worker 1", "wörker-ß_é", "名前", "🙂" * 64, "a b"])
def test_accepts_good_names(name):
    assert validate_name(name) == name
    assert WorkerSpec(name, 1).name == name


def test_name_limit_is_64_characters_not_bytes():
    assert NAME_MAX_LENGTH == 64
    assert validate_name("é" * 64) == "é" * 64  # 128 UTF-8 bytes
    with pytest.raises(SpecError, match="at most 64"):
        validate_name("é" * 65)


@pytest.mark.parametrize(
    "interval",
    [0, 0.0, -1, -0.5, float("inf"), float("-inf"), float("nan"), 86400.0001, 86401, pytest.param(10**400, id="10**400"), True, False,  # noqa: E501 (test data, one case per item)
     "2", "2.0", None, [1], 1j],
)
def test_refuses_bad_intervals(interval):
    with pytest.raises(SpecError) as caught:
        validate_interval(interval, "workers[0].interval")
    assert caught.value.field == "workers[0].interval"


@pytest.mark.parametrize("interval, expected", [(86400, 86400.0), (0.001, 0.001), (2, 2.0), (1e-9, 1e-9)])
def test_accepts_good_intervals(interval, expected):
    value = validate_interval(interval)
    assert value == expected
    assert type(value) is float


def test_interval_limit_is_one_day():
    assert INTERVAL_MAX_SECONDS == 86400
    assert validate_interval(INTERVAL_MAX_SECONDS) == 86400.0


def test_huge_integer_interval_is_a_spec_error_not_an_overflow():
    with pytest.raises(SpecError, match="at most 86400"):
        WorkerSpec("w", 10**400)


def test_workerspec_validates_itself_and_is_frozen():
    spec = WorkerSpec("w", 3)
    assert spec.interval == 3.0 and type(spec.interval) is float
    with pytest.raises(dataclasses.FrozenInstanceError):
        spec.name = "other"  # type: ignore[misc]
    with pytest.raises(SpecError) as caught:
        WorkerSpec(" w", 1)
    assert caught.value.field == "name"
    with pytest.raises(SpecError) as caught:
        WorkerSpec("w", 0)
    assert caught.value.field == "interval"


def test_spec_error_is_a_value_error_with_field_and_message():
    error = SpecError("workers[1].interval", "must be positive")
    assert isinstance(error, ValueError)
    assert error.field == "workers[1].interval"
    assert error.message == "must be positive"
    assert str(error) == "workers[1].interval: must be positive"


def test_validate_specs_refuses_a_duplicate_name_at_its_index():
    specs = [WorkerSpec("a", 1), WorkerSpec("b", 1), WorkerSpec("a", 2)]
    with pytest.raises(SpecError) as caught:
        validate_specs(specs)
    assert caught.value.field == "workers[2].name"
    assert "'a'" in str(caught.value)


def test_validate_specs_keeps_order():
    specs = (spec for spec in [WorkerSpec("b", 1), WorkerSpec("c", 2), WorkerSpec("a", 3)])
    assert [spec.name for spec in validate_specs(specs)] == ["b", "c", "a"]


def test_validate_specs_accepts_an_empty_list():
    assert validate_specs([]) == []


# -- a value of the wrong type is named as such, not as an unknown choice --------

@pytest.mark.parametrize(
    "value, shown",
    [(5, "int"), (2.5, "float"), (None, "None"), (True, "bool"), (["sleep"], "list"), (b"sleep", "bytes")],
)
def test_a_kind_that_is_not_text_says_so(value, shown):
    with pytest.raises(SpecError) as caught:
        validate_kind(value, "workers[0].kind")
    assert caught.value.field == "workers[0].kind"
    assert caught.value.message == f"must be text (one of {', '.join(KINDS)}), not {shown}"
    assert "unknown" not in str(caught.value)


@pytest.mark.parametrize("value, shown", [(5, "int"), (None, "None"), ({"crash": "sigkill"}, "dict")])
def test_a_crash_that_is_not_text_says_so(value, shown):
    with pytest.raises(SpecError) as caught:
        validate_crash(value)
    assert caught.value.field == "crash"
    assert caught.value.message == f"must be text (one of {', '.join(CRASH_MODES)}), not {shown}"


def test_unknown_text_is_still_an_unknown_kind_or_crash():
    with pytest.raises(SpecError, match=r"^kind: unknown kind 'os\.system'; ProcLab runs only sleep, cpu"):
        validate_kind("os.system")
    with pytest.raises(SpecError, match=r"^crash: unknown crash 'reboot'; choose one of exception, sys\.exit"):
        validate_crash("reboot")


def test_workerspec_names_the_wrong_type_of_its_kind():
    with pytest.raises(SpecError, match=r"^kind: must be text \(one of sleep, .*\), not int$"):
        WorkerSpec("w", 1, kind=5)


@pytest.mark.parametrize(
    "value, python, json",
    [(None, "None", "null"), (True, "bool", "boolean"), (3, "int", "number"), (2.5, "float", "number"),
     ("x", "str", "text"), ([1], "list", "list"), ({}, "dict", "object")],
)
def test_type_names_for_python_callers_and_for_json_files(value, python, json):
    assert python_type_name(value) == python
    assert json_type_name(value) == json


def test_a_fractional_whole_number_shows_its_value():
    # "must be a whole number, not number" would say nothing in a JSON file.
    with pytest.raises(SpecError, match=r"must be a whole number, not 2\.0$"):
        validate_messages(2.0)
    with pytest.raises(SpecError, match=r"must be a whole number, not null$"):
        validate_messages(None, type_name=json_type_name)
