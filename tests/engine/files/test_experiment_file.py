"""Experiment files: strict reading, exact round trips, atomic saving. No processes."""
from __future__ import annotations

import errno
import json
import os
import stat
import sys
from pathlib import Path

import pytest

import engine.files.atomic_write
from engine.files.atomic_write import write_bytes_atomically, write_text_atomically
from engine.files.experiment_file import (
    MAX_FILE_BYTES,
    SCHEMA_VERSION,
    Experiment,
    ExperimentFileError,
    experiment_to_json,
    load_experiment,
    parse_experiment,
    save_experiment,
)
from engine.lab import script_export
from engine.model.spec import CRASH_MODES, KINDS, SpecError, WorkerSpec
from engine.model.start_methods import ALL_METHODS

GOOD = {"schema_version": 1, "workers": [{"name": "worker1", "interval": 2.0}, {"name": "worker2", "interval": 3}]}


def write_json(path: Path, data) -> Path:
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def refused(path: Path, field: str | None) -> ExperimentFileError:
    """Loads ``path``, expecting a refusal that names the file and ``field``."""
    with pytest.raises(ExperimentFileError) as caught:
        load_experiment(path)
    error = caught.value
    assert error.path == path
    assert error.field == field
    assert str(path) in str(error)
    if field is not None:
        assert f"{path}: {field}: " in str(error)
    return error


def with_worker(index: int, **changes) -> dict:
    data = json.loads(json.dumps(GOOD))
    data["workers"][index].update(changes)
    return data


def test_loads_a_good_file(tmp_path):
    experiment = load_experiment(write_json(tmp_path / "e.json", GOOD))
    assert isinstance(experiment, Experiment)
    assert experiment.workers == [WorkerSpec("worker1", 2.0), WorkerSpec("worker2", 3.0)]
    assert experiment.start_method is None


def test_loads_a_str_path_and_an_empty_worker_list(tmp_path):
    path = write_json(tmp_path / "e.json", {"schema_version": 1, "workers": []})
    assert load_experiment(str(path)) == Experiment([], None)


@pytest.mark.parametrize(
    "data, field",
    [
        ({**GOOD, "comment": "hi"}, "comment"),
        (with_worker(1, colour="red"), "workers[1].colour"),
        (with_worker(0, interval="2"), "workers[0].interval"),
        (with_worker(1, interval=True), "workers[1].interval"),
        (with_worker(1, interval=None), "workers[1].interval"),
        (with_worker(1, interval=0), "workers[1].interval"),
        (with_worker(1, interval=-1), "workers[1].interval"),
        (with_worker(1, interval=86400.0001), "workers[1].interval"),
        (with_worker(0, name=5), "workers[0].name"),
        (with_worker(0, name=""), "workers[0].name"),
        (with_worker(0, name=" worker1"), "workers[0].name"),
        (with_worker(0, name="a" * 65), "workers[0].name"),
        (with_worker(0, name="a\nb"), "workers[0].name"),
        (with_worker(1, name="worker1"), "workers[1].name"),
        ({"schema_version": 1, "workers": [{"name": "w"}]}, "workers[0].interval"),
        ({"schema_version": 1, "workers": [{"interval": 1}]}, "workers[0].name"),
        ({"schema_version": 1, "workers": ["w"]}, "workers[0]"),
        ({"schema_version": 1, "workers": [["w", 1]]}, "workers[0]"),
        ({"schema_version": 1, "workers": {"name": "w", "interval": 1}}, "workers"),
        ({"schema_version": 1, "workers": None}, "workers"),
        ({"schema_version": 1}, "workers"),
        ({"workers": []}, "schema_version"),
        ({"schema_version": None, "workers": []}, "schema_version"),
        ({"schema_version": "1", "workers": []}, "schema_version"),
        ({"schema_version": 1.0, "workers": []}, "schema_version"),
        ({"schema_version": True, "workers": []}, "schema_version"),
        ({"schema_version": 0, "workers": []}, "schema_version"),
        ({"schema_version": SCHEMA_VERSION + 1, "workers": []}, "schema_version"),
    ],
)
def test_refuses_bad_content_naming_file_and_field(tmp_path, data, field):
    refused(write_json(tmp_path / "bad.json", data), field)


def test_missing_keys_say_missing(tmp_path):
    assert "is missing" in str(refused(write_json(tmp_path / "a.json", {"workers": []}), "schema_version"))
    assert "is missing" in str(refused(write_json(tmp_path / "b.json", {"schema_version": 1}), "workers"))


def test_null_schema_version_is_not_reported_as_missing(tmp_path):
    error = refused(write_json(tmp_path / "e.json", {"schema_version": None, "workers": []}), "schema_version")
    assert "missing" not in str(error)


def test_a_newer_file_says_update_even_when_it_has_new_keys(tmp_path):
    newer = {"schema_version": SCHEMA_VERSION + 1, "workers": [{"name": "w", "interval": 1, "cpu": 2}], "notes": "x"}
    error = refused(write_json(tmp_path / "e.json", newer), "schema_version")
    assert "newer" in str(error) and "update ProcLab" in str(error)


def test_duplicate_names_are_refused_at_the_second(tmp_path):
    data = {"schema_version": 1, "workers": [{"name": "a", "interval": 1}, {"name": "b", "interval": 1},
                                              {"name": "a", "interval": 2}]}
    error = refused(write_json(tmp_path / "e.json", data), "workers[2].name")
    assert "duplicate" in str(error)


@pytest.mark.parametrize(
    "text, field",
    [
        ('{"schema_version": 1, "workers": [], "workers": [{"name": "w", "interval": 1}]}', "workers"),
        ('{"schema_version": 1, "workers": [{"name": "a", "name": "b", "interval": 1}]}', "workers[0].name"),
        ('{"schema_version": 1, "workers": [{"name": "a", "interval": 1}, '
         '{"name": "b", "interval": 1, "interval": 2}]}', "workers[1].interval"),
    ],
)
def test_duplicate_json_keys_are_refused_not_silently_dropped(tmp_path, text, field):
    path = tmp_path / "e.json"
    path.write_text(text, encoding="utf-8")
    assert "more than once" in str(refused(path, field))


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity", "1e400", "-1e400"])
def test_non_finite_interval_literals_are_refused_naming_the_field(tmp_path, literal):
    path = tmp_path / "e.json"
    path.write_text(
        '{"schema_version": 1, "workers": [{"name": "a", "interval": 1}, {"name": "b", "interval": %s}]}' % literal,
        encoding="utf-8",
    )
    refused(path, "workers[1].interval")


@pytest.mark.parametrize("literal, field", [("NaN", "schema_version"), ("Infinity", "workers")])
def test_non_finite_literals_elsewhere_are_refused(tmp_path, literal, field):
    path = tmp_path / "e.json"
    text = json.dumps({"schema_version": 1, "workers": [], **{field: "@"}}).replace('"@"', literal)
    path.write_text(text, encoding="utf-8")
    refused(path, field)


def test_a_huge_integer_interval_is_refused_not_an_overflow(tmp_path):
    path = tmp_path / "e.json"
    path.write_text('{"schema_version": 1, "workers": [{"name": "a", "interval": 1%s}]}' % ("0" * 400), "utf-8")
    refused(path, "workers[0].interval")


@pytest.mark.parametrize("data", [[], [GOOD], "text", 1, None, True])
def test_refuses_a_top_level_that_is_not_an_object(tmp_path, data):
    error = refused(write_json(tmp_path / "e.json", data), None)
    assert "JSON object" in str(error)


@pytest.mark.parametrize("text", ["", "   ", '{"schema_version": 1, "workers": [', '{"schema_version": 1,}', "[" * 100_000])  # noqa: E501 (test data, one case per item)
def test_refuses_text_that_is_not_json(tmp_path, text):
    path = tmp_path / "e.json"
    path.write_text(text, encoding="utf-8")
    assert "not valid JSON" in str(refused(path, None))


def test_refuses_a_truncated_good_file(tmp_path):
    path = tmp_path / "e.json"
    save_experiment(path, [WorkerSpec("a", 1), WorkerSpec("b", 2)])
    path.write_bytes(path.read_bytes()[:-10])
    assert "not valid JSON" in str(refused(path, None))


def test_refuses_a_folder(tmp_path):
    folder = tmp_path / "folder.json"
    folder.mkdir()
    assert "folder" in str(refused(folder, None))


def test_refuses_a_missing_file(tmp_path):
    assert "cannot be read" in str(refused(tmp_path / "nowhere.json", None))


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_refuses_a_fifo_without_blocking(tmp_path):
    fifo = tmp_path / "e.json"
    os.mkfifo(fifo)
    assert "not a regular file" in str(refused(fifo, None))


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_refuses_an_endless_device():
    assert "not a regular file" in str(refused(Path("/dev/zero"), None))


def test_refuses_a_file_that_is_not_utf8(tmp_path):
    path = tmp_path / "e.json"
    path.write_bytes(json.dumps(with_worker(0, name="wörker"), ensure_ascii=False).encode("latin-1"))
    assert "UTF-8" in str(refused(path, None))


def test_refuses_a_too_large_file(tmp_path):
    path = tmp_path / "e.json"
    text = json.dumps(GOOD)
    path.write_text(text + " " * (MAX_FILE_BYTES + 1 - len(text)), encoding="utf-8")
    assert path.stat().st_size == MAX_FILE_BYTES + 1
    assert f"{MAX_FILE_BYTES:,}" in str(refused(path, None))


def test_accepts_a_file_of_exactly_the_size_limit(tmp_path):
    path = tmp_path / "e.json"
    text = json.dumps(GOOD)
    path.write_text(text + " " * (MAX_FILE_BYTES - len(text)), encoding="utf-8")
    assert len(load_experiment(path).workers) == 2


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads a chmod 000 file anyway")
def test_refuses_an_unreadable_file(tmp_path):
    path = write_json(tmp_path / "e.json", GOOD)
    path.chmod(0)
    try:
        assert "Permission denied" in str(refused(path, None))
    finally:
        path.chmod(0o600)


def test_refuses_an_unreadable_file_simulated(tmp_path, monkeypatch):
    """The same refusal when running as root: opening fails with EACCES."""
    path = write_json(tmp_path / "e.json", GOOD)

    def deny(self, *args, **kwargs):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(self))

    monkeypatch.setattr(Path, "open", deny)
    assert os.strerror(errno.EACCES) in str(refused(path, None))


def test_parse_experiment_names_a_default_source():
    with pytest.raises(ExperimentFileError) as caught:
        parse_experiment("{}")
    assert str(caught.value).startswith("<text>: schema_version: ")


def test_experiment_file_error_is_a_value_error():
    error = ExperimentFileError(Path("x.json"), "workers[1].interval", "must be positive")
    assert isinstance(error, ValueError)
    assert str(error) == "x.json: workers[1].interval: must be positive"
    assert str(ExperimentFileError(Path("x.json"), None, "broken")) == "x.json: broken"


ROUND_TRIP_SPECS = [
    WorkerSpec("worker1", 2.0),
    WorkerSpec("wörker ✓ 名前", 0.1),
    WorkerSpec("third", 1 / 3),
    WorkerSpec("a" * 64, 86400),
    WorkerSpec("tiny", 5e-324),
    WorkerSpec('quote " and \\ backslash', 0.001),
]


def test_save_then_load_round_trips_exactly(tmp_path):
    path = tmp_path / "e.json"
    save_experiment(path, ROUND_TRIP_SPECS)
    loaded = load_experiment(path).workers
    assert loaded == ROUND_TRIP_SPECS
    assert [spec.interval.hex() for spec in loaded] == [spec.interval.hex() for spec in ROUND_TRIP_SPECS]
    # And saving what was loaded writes the same bytes again.
    assert experiment_to_json(loaded) == path.read_text(encoding="utf-8")


def test_saved_file_has_the_documented_format(tmp_path):
    path = tmp_path / "e.json"
    save_experiment(path, [WorkerSpec("worker1", 2), WorkerSpec("wörker", 3.5)])
    raw = path.read_bytes()
    assert "wörker".encode("utf-8") in raw  # UTF-8, not \u escapes
    assert json.loads(raw) == {
        "schema_version": SCHEMA_VERSION,
        "workers": [{"name": "worker1", "interval": 2.0, "kind": "sleep"},
                    {"name": "wörker", "interval": 3.5, "kind": "sleep"}],
    }
    assert SCHEMA_VERSION == 2
    assert b"start_method" not in raw  # only written when given
    assert raw.endswith(b"\n")


def test_save_refuses_duplicate_names_and_leaves_nothing(tmp_path):
    with pytest.raises(SpecError):
        save_experiment(tmp_path / "e.json", [WorkerSpec("a", 1), WorkerSpec("a", 2)])
    assert list(tmp_path.iterdir()) == []


@pytest.fixture
def old_file(tmp_path) -> Path:
    path = tmp_path / "e.json"
    save_experiment(path, [WorkerSpec("old", 1)])
    return path


@pytest.mark.parametrize("failing", ["replace", "fsync"])
def test_a_failed_save_leaves_the_old_file_and_no_temporary(old_file, monkeypatch, failing):
    before = old_file.read_bytes()

    def fail(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(engine.files.atomic_write.os, failing, fail)
    with pytest.raises(OSError) as caught:
        save_experiment(old_file, [WorkerSpec("new", 2)])
    assert caught.value.errno == errno.ENOSPC
    monkeypatch.undo()
    assert old_file.read_bytes() == before
    assert load_experiment(old_file).workers == [WorkerSpec("old", 1)]
    assert [p.name for p in old_file.parent.iterdir()] == [old_file.name]


def test_an_interrupted_save_leaves_the_old_file_and_no_temporary(old_file, monkeypatch):
    before = old_file.read_bytes()

    def interrupt(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(engine.files.atomic_write.os, "replace", interrupt)
    with pytest.raises(KeyboardInterrupt):
        save_experiment(old_file, [WorkerSpec("new", 2)])
    monkeypatch.undo()
    assert old_file.read_bytes() == before
    assert [p.name for p in old_file.parent.iterdir()] == [old_file.name]


def test_a_failed_chmod_leaves_no_temporary_and_no_open_file(old_file, monkeypatch):
    """The old file's mode is copied onto the temporary; that can fail too."""
    before = old_file.read_bytes()
    fds_before = set(os.listdir("/proc/self/fd")) if Path("/proc/self/fd").is_dir() else set()

    def fail(*args, **kwargs):
        raise PermissionError(errno.EPERM, os.strerror(errno.EPERM))

    monkeypatch.setattr(engine.files.atomic_write.os, "chmod", fail)
    with pytest.raises(PermissionError):
        save_experiment(old_file, [WorkerSpec("new", 2)])
    monkeypatch.undo()
    assert old_file.read_bytes() == before
    assert [p.name for p in old_file.parent.iterdir()] == [old_file.name]
    if fds_before:
        assert set(os.listdir("/proc/self/fd")) <= fds_before


def test_a_successful_save_replaces_content_and_leaves_no_temporary(old_file):
    save_experiment(old_file, [WorkerSpec("new", 2)])
    assert load_experiment(old_file).workers == [WorkerSpec("new", 2.0)]
    assert [p.name for p in old_file.parent.iterdir()] == [old_file.name]


@pytest.fixture
def umask():
    """Sets a known umask for one test and puts the old one back."""
    old = os.umask(0o022)
    try:
        yield lambda mask: os.umask(mask)
    finally:
        os.umask(old)


@pytest.mark.skipif(os.name != "posix", reason="POSIX modes")
@pytest.mark.parametrize("mask, expected", [(0o022, 0o644), (0o027, 0o640), (0o002, 0o664)])
def test_a_new_file_gets_normal_permissions(tmp_path, umask, mask, expected):
    umask(mask)
    path = tmp_path / "e.json"
    save_experiment(path, [WorkerSpec("w", 1)])
    assert stat.S_IMODE(path.stat().st_mode) == expected
    assert os.umask(mask) == mask  # the save did not leave the umask changed


@pytest.mark.skipif(os.name != "posix", reason="POSIX modes")
def test_a_replaced_file_keeps_its_permissions(old_file, umask):
    old_file.chmod(0o600)
    save_experiment(old_file, [WorkerSpec("new", 2)])
    assert stat.S_IMODE(old_file.stat().st_mode) == 0o600
    old_file.chmod(0o664)
    save_experiment(old_file, [WorkerSpec("newer", 3)])
    assert stat.S_IMODE(old_file.stat().st_mode) == 0o664


def test_writing_into_a_missing_folder_fails_and_creates_nothing(tmp_path):
    with pytest.raises(FileNotFoundError):
        write_text_atomically(tmp_path / "missing" / "e.json", "x")
    assert list(tmp_path.iterdir()) == []


def test_writing_over_a_folder_fails_and_leaves_no_temporary(tmp_path):
    folder = tmp_path / "e.json"
    folder.mkdir()
    with pytest.raises(OSError):
        write_bytes_atomically(folder, b"x")
    assert folder.is_dir()
    assert [p.name for p in tmp_path.iterdir()] == ["e.json"]


def test_write_bytes_atomically_writes_exact_bytes(tmp_path):
    data = bytes(range(256)) * 3
    path = tmp_path / "blob"
    write_bytes_atomically(path, data)
    assert path.read_bytes() == data


# -- schema version 2: kinds, their options and the start method ---------------

def v2(*workers, **top) -> dict:
    return {"schema_version": 2, **top, "workers": list(workers)}


def parse_refused(data, field: str) -> ExperimentFileError:
    """Parses ``data`` as JSON text, expecting a refusal naming ``field``."""
    with pytest.raises(ExperimentFileError) as caught:
        parse_experiment(json.dumps(data))
    assert caught.value.field == field
    assert str(caught.value).startswith(f"<text>: {field}: ")
    return caught.value


def test_a_version_1_file_still_loads_as_sleep_workers(tmp_path):
    experiment = load_experiment(write_json(tmp_path / "old.json", GOOD))
    assert [spec.kind for spec in experiment.workers] == ["sleep", "sleep"]
    assert [spec.options() for spec in experiment.workers] == [{}, {}]
    assert experiment.workers == [WorkerSpec("worker1", 2.0, "sleep"), WorkerSpec("worker2", 3.0, "sleep")]
    assert experiment.start_method is None


def test_a_version_2_worker_without_kind_is_a_sleep_worker():
    experiment = parse_experiment(json.dumps(v2({"name": "w", "interval": 1})))
    assert experiment.workers == [WorkerSpec("w", 1.0, "sleep")]


#: One worker of every kind, each with options that are not the defaults.
EVERY_KIND_SPECS = [
    WorkerSpec("sleeper", 2.0, "sleep"),
    WorkerSpec("cruncher", 0.75, "cpu"),
    WorkerSpec("locker", 1 / 3, "lock"),
    WorkerSpec("talker", 1.5, "messages", messages=37),
    WorkerSpec("raiser", 1.0, "crash", crash="exception"),
    WorkerSpec("exiter", 1.2, "crash", crash="sys.exit", exit_status=4),
    WorkerSpec("os exiter", 1.4, "crash", crash="os._exit", exit_status=255),
    WorkerSpec("killer", 1.6, "crash", crash="sigkill"),
    WorkerSpec("segv", 1.8, "crash", crash="segfault"),
    WorkerSpec("refuser", 2.5, "stubborn"),
]


@pytest.mark.parametrize("method", [None, "spawn", "forkserver", "fork"])
def test_every_kind_round_trips_with_its_options(tmp_path, method):
    assert {spec.kind for spec in EVERY_KIND_SPECS} == set(KINDS)
    assert {spec.crash for spec in EVERY_KIND_SPECS if spec.kind == "crash"} == set(CRASH_MODES)
    path = tmp_path / "e.json"
    save_experiment(path, EVERY_KIND_SPECS, method)
    loaded = load_experiment(path)
    assert loaded == Experiment(EVERY_KIND_SPECS, method)
    assert [spec.options() for spec in loaded.workers] == [spec.options() for spec in EVERY_KIND_SPECS]
    text = path.read_text(encoding="utf-8")
    assert experiment_to_json(loaded.workers, loaded.start_method) == text
    data = json.loads(text)
    assert data["schema_version"] == 2
    assert data.get("start_method") == method
    by_name = {item["name"]: item for item in data["workers"]}
    assert by_name["talker"] == {"name": "talker", "interval": 1.5, "kind": "messages", "messages": 37}
    assert by_name["exiter"] == {"name": "exiter", "interval": 1.2, "kind": "crash", "crash": "sys.exit",
                                 "exit_status": 4}
    # Options a kind does not use are not written: the file stays loadable.
    assert by_name["killer"] == {"name": "killer", "interval": 1.6, "kind": "crash", "crash": "sigkill"}
    assert by_name["locker"].keys() == {"name", "interval", "kind"}


@pytest.mark.parametrize("method", ["spawn", "forkserver", "fork"])
def test_start_method_is_read(method):
    assert parse_experiment(json.dumps(v2(start_method=method))).start_method == method


@pytest.mark.parametrize("method", ["teleport", "", "Fork", "thread"])
def test_an_unknown_start_method_is_refused_naming_the_field(method):
    error = parse_refused(v2({"name": "w", "interval": 1}, start_method=method), "start_method")
    assert error.message == f"unknown start method {method!r}; choose one of spawn, forkserver, fork"


@pytest.mark.parametrize(
    "method, shown",
    [(None, "null"), (1, "number"), (2.5, "number"), (True, "boolean"), (["spawn"], "list"),
     ({"name": "spawn"}, "object")],
)
def test_a_start_method_that_is_not_text_names_its_json_type(method, shown):
    error = parse_refused(v2({"name": "w", "interval": 1}, start_method=method), "start_method")
    assert error.message == f"must be text (one of spawn, forkserver, fork), not {shown}"


def test_a_script_export_takes_the_start_methods_a_file_does():
    """One list of start methods (engine.model.start_methods.ALL_METHODS) for both."""
    assert not hasattr(script_export, "START_METHODS")
    for method in ALL_METHODS:
        assert parse_experiment(json.dumps(v2(start_method=method))).start_method == method
        script = script_export.generate_script([WorkerSpec("w", 1)], method)
        assert f'multiprocessing.get_context("{method}")' in script
    with pytest.raises(ValueError) as caught:
        script_export.generate_script([WorkerSpec("w", 1)], "teleport")
    file_error = parse_refused(v2(start_method="teleport"), "start_method")
    assert str(caught.value) == file_error.message == (
        f"unknown start method 'teleport'; choose one of {', '.join(ALL_METHODS)}"
    )


def test_a_version_1_file_cannot_carry_a_start_method():
    error = parse_refused({"schema_version": 1, "start_method": "spawn", "workers": []}, "start_method")
    assert error.message == "unknown key in a schema_version 1 file; start_method needs schema_version 2"


@pytest.mark.parametrize(
    "worker, field",
    [
        ({"kind": "sleep", "messages": 5}, "messages"),
        ({"messages": 5}, "messages"),  # no kind: a sleep worker
        ({"kind": "lock", "exit_status": 4}, "exit_status"),
        ({"kind": "cpu", "crash": "sigkill"}, "crash"),
        ({"kind": "messages", "crash": "exception"}, "crash"),
        ({"kind": "messages", "exit_status": 2}, "exit_status"),
        ({"kind": "crash", "messages": 5}, "messages"),
        ({"kind": "lock", "units": 1000}, "units"),  # what the engine adds for cpu, never from a file
        ({"kind": "cpu", "units": 1000}, "units"),
    ],
)
def test_options_of_another_kind_are_refused_naming_the_field(worker, field):
    data = v2({"name": "ok", "interval": 1}, {"name": "w", "interval": 1, **worker})
    error = parse_refused(data, f"workers[1].{field}")
    assert "unknown key" in str(error)


@pytest.mark.parametrize(
    "worker, field",
    [
        ({"kind": "messages", "messages": 0}, "messages"),
        ({"kind": "messages", "messages": 10_001}, "messages"),
        ({"kind": "messages", "messages": 2.0}, "messages"),
        ({"kind": "messages", "messages": True}, "messages"),
        ({"kind": "messages", "messages": "5"}, "messages"),
        ({"kind": "crash", "crash": "reboot"}, "crash"),
        ({"kind": "crash", "crash": "os.system"}, "crash"),
        ({"kind": "crash", "crash": None}, "crash"),
        ({"kind": "crash", "crash": "sys.exit", "exit_status": 0}, "exit_status"),
        ({"kind": "crash", "crash": "sys.exit", "exit_status": 256}, "exit_status"),
        ({"kind": "crash", "crash": "os._exit", "exit_status": -1}, "exit_status"),
        ({"kind": "crash", "crash": "os._exit", "exit_status": False}, "exit_status"),
    ],
)
def test_bad_option_values_are_refused_naming_the_field(worker, field):
    parse_refused(v2({"name": "w", "interval": 1, **worker}), f"workers[0].{field}")


@pytest.mark.parametrize(
    "key, value", [("kind", "sleep"), ("messages", 5), ("crash", "sigkill"), ("exit_status", 4)]
)
def test_a_version_1_worker_with_a_kind_or_its_options_says_kinds_need_version_2(tmp_path, key, value):
    data = {"schema_version": 1, "workers": [{"name": "w", "interval": 1, key: value}]}
    error = refused(write_json(tmp_path / "e.json", data), f"workers[0].{key}")
    assert error.message == "unknown key in a schema_version 1 file; kinds need schema_version 2"


def test_a_version_1_worker_with_another_unknown_key_gets_no_version_hint():
    error = parse_refused({"schema_version": 1, "workers": [{"name": "w", "interval": 1, "colour": "red"}]},
                          "workers[0].colour")
    assert error.message == "unknown key"


@pytest.mark.parametrize(
    "worker, shown",
    [({"crash": "exception"}, "exception"), ({"crash": "sigkill"}, "sigkill"),
     ({"crash": "segfault"}, "segfault"), ({}, "exception (the default crash)")],
)
def test_an_exit_status_with_a_crash_that_takes_none_is_refused(worker, shown):
    """Loading it would drop the status without a word."""
    data = v2({"name": "ok", "interval": 1},
              {"name": "w", "interval": 1, "kind": "crash", **worker, "exit_status": 4})
    error = parse_refused(data, "workers[1].exit_status")
    assert error.message == f"{shown} takes no exit status; only sys.exit and os._exit take an exit status"


@pytest.mark.parametrize("crash", ["sys.exit", "os._exit"])
def test_an_exit_status_with_a_crash_that_takes_one_loads(crash):
    data = v2({"name": "w", "interval": 1, "kind": "crash", "crash": crash, "exit_status": 4})
    assert parse_experiment(json.dumps(data)).workers == [WorkerSpec("w", 1, "crash", crash=crash, exit_status=4)]


@pytest.mark.parametrize(
    "worker, field, message",
    [({"name": None, "interval": 1}, "name", "must be text, not null"),
     ({"name": "w", "interval": "1"}, "interval", "must be a number of seconds, not text"),
     ({"name": "w", "interval": None}, "interval", "must be a number of seconds, not null"),
     ({"name": "w", "interval": 1, "kind": "messages", "messages": [5]}, "messages",
      "must be a whole number, not list"),
     ({"name": "w", "interval": 1, "kind": "messages", "messages": 2.0}, "messages",
      "must be a whole number, not 2.0"),
     ({"name": "w", "interval": 1, "kind": "crash", "crash": "sys.exit", "exit_status": True}, "exit_status",
      "must be a whole number, not boolean"),
     ({"name": "w", "interval": 1, "kind": "crash", "crash": 9}, "crash",
      "must be text (one of exception, sys.exit, os._exit, sigkill, segfault), not number")],
)
def test_wrong_types_in_a_file_are_named_as_json_names_them(worker, field, message):
    assert parse_refused(v2(worker), f"workers[0].{field}").message == message


@pytest.mark.parametrize(
    "kind",
    ["os.system", "engine.worker.workloads.crash_workload", "crash_workload", "sleep_workload", "antigravity",
     "__import__", "", "Sleep", " sleep", "sleep ", "engine.worker.workloads:sleep_workload"],
)
def test_kinds_that_are_not_registered_are_refused(kind):
    # The kind is checked before the other keys: even a worker missing its name says so.
    for worker in ({"name": "w", "interval": 1, "kind": kind}, {"kind": kind}):
        error = parse_refused(v2(worker), "workers[0].kind")
        assert error.message == f"unknown kind {kind!r}; ProcLab runs only sleep, cpu, lock, messages, crash, stubborn"


@pytest.mark.parametrize(
    "kind, shown",
    [(None, "null"), (1, "number"), (False, "boolean"), (["sleep"], "list"), ({"kind": "sleep"}, "object")],
)
def test_a_kind_that_is_not_text_names_its_json_type(kind, shown):
    for worker in ({"name": "w", "interval": 1, "kind": kind}, {"kind": kind}):
        error = parse_refused(v2(worker), "workers[0].kind")
        assert error.message == f"must be text (one of sleep, cpu, lock, messages, crash, stubborn), not {shown}"


def test_a_kind_in_a_file_never_imports_anything():
    text = json.dumps(v2({"name": "w", "interval": 1, "kind": "antigravity"}))
    assert "antigravity" not in sys.modules
    before = set(sys.modules)
    with pytest.raises(ExperimentFileError):
        parse_experiment(text)
    assert set(sys.modules) - before == set()
    assert "antigravity" not in sys.modules
