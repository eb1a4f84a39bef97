"""Worker specs: the one place names and intervals are checked. No processes."""
from __future__ import annotations

import dataclasses

import pytest

from engine.spec import (
    INTERVAL_MAX_SECONDS,
    NAME_MAX_LENGTH,
    SpecError,
    WorkerSpec,
    validate_interval,
    validate_name,
    validate_specs,
)


@pytest.mark.parametrize(
    "name",
    ["", "   ", " a", "a ", "a" * 65, "a\nb", "a\tb", "\x00", "tab\t", "a\u2028b", "zero\u200bwidth", None, 3, b"worker"],
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
    [0, 0.0, -1, -0.5, float("inf"), float("-inf"), float("nan"), 86400.0001, 86401, pytest.param(10**400, id="10**400"), True, False,
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


def test_validate_specs_is_case_sensitive_and_keeps_order():
    specs = (spec for spec in [WorkerSpec("b", 1), WorkerSpec("B", 2), WorkerSpec("a", 3)])
    assert [spec.name for spec in validate_specs(specs)] == ["b", "B", "a"]


def test_validate_specs_accepts_an_empty_list():
    assert validate_specs([]) == []
