"""Reliability checklist, item 10: experiment files that are not right are refused, whole.

Each bad file is refused by ``load_experiment`` naming the file and the field
(or, when the file as a whole is wrong, saying what is wrong with it), and
through the window: ``open_experiment`` returns False, the error dialog names
the file, and the experiment on screen stays as it was. A property test
checks that whatever the window can hold survives save then load exactly.
"""
from __future__ import annotations

import errno
import json
import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine import WorkerSpec
from engine.files.experiment_file import MAX_FILE_BYTES, ExperimentFileError, load_experiment, save_experiment
from engine.model.spec import (
    CRASH_MODES,
    CRASH_MODES_WITH_STATUS,
    INTERVAL_MAX_SECONDS,
    MESSAGES_MAX,
    NAME_MAX_LENGTH,
    name_key,
)
from engine.model.start_methods import ALL_METHODS

GOOD = {"schema_version": 2, "workers": [{"name": "w1", "interval": 1.0, "kind": "sleep"},
                                         {"name": "w2", "interval": 2.5, "kind": "messages", "messages": 4}]}
GOOD_TEXT = json.dumps(GOOD, indent=2) + "\n"
SHOWN = [WorkerSpec("shown1", 1.0), WorkerSpec("shown2", 2.0, "lock")]


def with_worker(**changes) -> str:
    worker = {"name": "w1", "interval": 1.0, "kind": "sleep"}
    worker.update(changes)
    return json.dumps({"schema_version": 2, "workers": [worker]})


def make_large(path: Path) -> None:
    with path.open("wb") as stream:  # sparse: 50 MB on paper, nothing on disk
        stream.truncate(50 * 2**20)


#: (id, how to make the file, the field named (None: the file as a whole), a phrase of the message)
BAD_FILES = [
    ("truncated", GOOD_TEXT[: len(GOOD_TEXT) // 2], None, "not valid JSON"),
    ("truncated-to-nothing", "", None, "not valid JSON"),
    ("top-level-list", "[]", None, "must be a JSON object"),
    ("workers-not-a-list", '{"schema_version": 2, "workers": {"w1": 1}}', "workers", "must be a list"),
    ("worker-not-an-object", '{"schema_version": 2, "workers": ["w1"]}', "workers[0]", "must be an object"),
    ("name-a-number", with_worker(name=5), "workers[0].name", "not number"),
    ("interval-text", with_worker(interval="soon"), "workers[0].interval", "not text"),
    ("interval-null", with_worker(interval=None), "workers[0].interval", "not null"),
    ("interval-bool", with_worker(interval=True), "workers[0].interval", "not boolean"),
    ("schema-version-text", '{"schema_version": "2", "workers": []}', "schema_version", "must be an integer"),
    ("messages-a-float", with_worker(kind="messages", messages=2.0), "workers[0].messages", "whole number"),
    ("unknown-top-key", '{"schema_version": 2, "workers": [], "colour": "red"}', "colour", "unknown key"),
    ("unknown-worker-key", with_worker(priority=1), "workers[0].priority", "unknown key"),
    ("option-of-another-kind", with_worker(messages=3), "workers[0].messages", "unknown key"),
    ("nan-interval", with_worker(interval=float("nan")), "workers[0].interval", "finite"),
    ("infinity-interval", with_worker(interval=float("inf")), "workers[0].interval", "finite"),
    ("newer-schema", '{"schema_version": 3, "workers": [], "future": 1}', "schema_version", "newer"),
    ("kind-a-module-path", with_worker(kind="os.system"), "workers[0].kind", "unknown kind"),
    ("kind-a-dotted-target", with_worker(kind="engine.worker.workloads:run_worker"), "workers[0].kind", "unknown kind"),
    ("large-50MB", make_large, None, f"more than {MAX_FILE_BYTES:,} bytes"),
    ("directory", Path.mkdir, None, "folder"),
    ("not-utf8", b'{"schema_version": 2, "workers": [{"name": "\xff", "interval": 1}]}', None, "UTF-8"),
]


def make(path: Path, content) -> Path:
    if callable(content):
        content(path)
    elif isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def assert_refused(path: Path, field: str | None, phrase: str) -> ExperimentFileError:
    with pytest.raises(ExperimentFileError) as caught:
        load_experiment(path)
    error = caught.value
    assert error.path == path and str(path) in str(error)
    assert error.field == field, str(error)
    if field is not None:
        assert f"{path}: {field}: " in str(error)
    assert phrase in error.message, str(error)
    return error


def assert_window_refuses(window, dialogs, path: Path, field: str | None) -> None:  # noqa: F811
    window.model.set_specs(SHOWN)
    method, shown_path, errors = window.bridge.start_method, window.experiment.path, len(dialogs.errors)
    assert not window.experiment.open(path)
    assert len(dialogs.errors) == errors + 1
    assert str(path) in dialogs.errors[-1]
    if field is not None:
        assert field in dialogs.errors[-1]
    assert window.model.specs() == SHOWN
    assert window.bridge.start_method == method and window.experiment.path == shown_path


@pytest.mark.parametrize("content, field, phrase", [case[1:] for case in BAD_FILES], ids=[c[0] for c in BAD_FILES])
def test_load_experiment_refuses_naming_file_and_field(tmp_path, content, field, phrase):
    assert_refused(make(tmp_path / "bad.json", content), field, phrase)


@pytest.mark.parametrize("content, field, phrase", [case[1:] for case in BAD_FILES], ids=[c[0] for c in BAD_FILES])
def test_the_window_refuses_the_file_and_keeps_its_experiment(window, dialogs, tmp_path, content, field, phrase):  # noqa: F811
    assert_window_refuses(window, dialogs, make(tmp_path / "bad.json", content), field)


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0,
                    reason="running as root: root reads a chmod 000 file anyway (the simulated test covers it)")
def test_an_unreadable_file_is_refused_by_the_engine_and_the_window(window, dialogs, tmp_path):  # noqa: F811
    path = make(tmp_path / "locked.json", GOOD_TEXT)
    path.chmod(0)
    try:
        assert "Permission denied" in str(assert_refused(path, None, "cannot be read"))
        assert_window_refuses(window, dialogs, path, None)
    finally:
        path.chmod(0o600)


def test_an_unreadable_file_simulated_is_refused_by_the_engine_and_the_window(window, dialogs, tmp_path,  # noqa: F811
                                                                               monkeypatch):
    """The same as chmod 000 when running as root: opening the file fails with EACCES."""
    path = make(tmp_path / "locked.json", GOOD_TEXT)
    real_open = Path.open

    def deny(self, *args, **kwargs):
        if self == path:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", deny)
    assert os.strerror(errno.EACCES) in str(assert_refused(path, None, "cannot be read"))
    assert_window_refuses(window, dialogs, path, None)


def test_a_missing_file_is_refused_by_the_engine_and_the_window(window, dialogs, tmp_path):  # noqa: F811
    path = tmp_path / "gone.json"
    assert_refused(path, None, "cannot be read")
    assert_window_refuses(window, dialogs, path, None)


def test_a_good_file_still_opens_after_refusals(window, dialogs, tmp_path):  # noqa: F811
    """The refusals leave nothing behind that stops the next good file."""
    assert_window_refuses(window, dialogs, make(tmp_path / "bad.json", "{"), None)
    assert window.experiment.open(make(tmp_path / "good.json", GOOD_TEXT))
    assert window.model.names() == ["w1", "w2"]


# -- save then load gives back the same experiment -------------------------------------------

#: str.isprintable() is False for these categories (the space, U+0020, is the one exception).
NOT_PRINTABLE = ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp", "Zs")
names = st.text(
    st.characters(exclude_categories=NOT_PRINTABLE, include_characters=" "), min_size=1, max_size=NAME_MAX_LENGTH,
).filter(lambda name: name == name.strip())
intervals = st.floats(min_value=0.0, max_value=INTERVAL_MAX_SECONDS, exclude_min=True,
                      allow_nan=False, allow_infinity=False)


@st.composite
def specs(draw) -> WorkerSpec:
    name, interval = draw(names), draw(intervals)
    kind = draw(st.sampled_from(["sleep", "cpu", "lock", "messages", "crash"]))
    if kind == "messages":
        return WorkerSpec(name, interval, kind, messages=draw(st.integers(1, MESSAGES_MAX)))
    if kind == "crash":
        crash = draw(st.sampled_from(CRASH_MODES))
        if crash in CRASH_MODES_WITH_STATUS:
            return WorkerSpec(name, interval, kind, crash=crash, exit_status=draw(st.integers(1, 255)))
        return WorkerSpec(name, interval, kind, crash=crash)
    return WorkerSpec(name, interval, kind)


experiments = st.tuples(
    # Unique as the engine compares names: not only by case or Unicode form.
    st.lists(specs(), max_size=8, unique_by=lambda spec: name_key(spec.name)),
    st.sampled_from([None, *ALL_METHODS]),
)


@settings(max_examples=150, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(experiments)
def test_save_then_load_gives_back_exactly_the_same_experiment(experiment):
    workers, start_method = experiment
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "experiment.json"
        save_experiment(path, workers, start_method)
        loaded = load_experiment(path)
    assert loaded.workers == workers
    assert [spec.interval for spec in loaded.workers] == [spec.interval for spec in workers]  # to the last bit
    assert loaded.start_method == start_method


@settings(max_examples=15, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(experiments)
def test_the_window_saves_and_opens_back_the_same_experiment(window, experiment):  # noqa: F811
    """Through the window: what it holds, saved and opened again, is what it held."""
    workers, _ = experiment
    window.model.set_specs(workers)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "experiment.json"
        assert window.experiment.save(path)
        window.model.set_specs([])
        assert window.experiment.open(path)
    assert window.model.specs() == workers
