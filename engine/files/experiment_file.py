"""Experiment files: the worker list as JSON, read strictly, written atomically.

Format (schema_version 2)::

    {"schema_version": 2,
     "start_method": "forkserver",                       (optional)
     "cluster": "local:2",                               (optional: where it runs,
                                                          local[:N] or tcp://HOST:PORT)
     "workers": [{"name": "worker1", "interval": 2.0, "kind": "sleep"},
                 {"name": "talker", "interval": 1.0, "kind": "messages", "messages": 20},
                 {"name": "boom", "interval": 1.0, "kind": "crash",
                  "crash": "sys.exit", "exit_status": 4}]}

``kind`` is one of the registered workloads (``engine.model.spec.KINDS``) and
defaults to "sleep"; a worker may carry only the options of its kind, and
``exit_status`` only with a crash that takes one (sys.exit, os._exit).
Version 1 files (name and interval only, written before kinds existed)
still load: each worker is a sleep worker. Saving writes version 2.
Refusals name a wrong value's type as JSON does (null, number, list...).
"""
from __future__ import annotations

import json
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from engine.model.cluster_address import parse_cluster
from engine.model.spec import (
    CRASH_MODES_WITH_STATUS,
    DEFAULT_CRASH,
    SpecError,
    WorkerSpec,
    json_type_name,
    validate_choice,
    validate_crash,
    validate_exit_status,
    validate_interval,
    validate_kind,
    validate_messages,
    validate_name,
    validate_specs,
)
from engine.model.start_methods import ALL_METHODS

from .atomic_write import write_text_atomically

SCHEMA_VERSION = 2
_TOP_KEYS = {1: {"schema_version", "workers"}, 2: {"schema_version", "workers", "start_method", "cluster"}}
_WORKER_KEYS = {"name", "interval"}
#: The keys a version 2 worker may have, per kind (beyond name, interval, kind).
_KIND_KEYS = {"messages": {"messages"}, "crash": {"crash", "exit_status"}}
#: What a version 1 file may not have yet, and what to say when it does.
_NEEDS_VERSION_2 = dict.fromkeys(
    {"kind"}.union(*_KIND_KEYS.values()),
    "unknown key in a schema_version 1 file; kinds need schema_version 2",
)
_NEEDS_VERSION_2_TOP = {
    "start_method": "unknown key in a schema_version 1 file; start_method needs schema_version 2",
    "cluster": "unknown key in a schema_version 1 file; cluster needs schema_version 2",
}
_STATUS_MODES = " and ".join(CRASH_MODES_WITH_STATUS)
#: Experiment files are small; refuse anything that could not be one.
MAX_FILE_BYTES = 1_000_000


class ExperimentFileError(ValueError):
    """A file ProcLab cannot use; the message names the file and the field."""

    def __init__(self, path: Path, field: str | None, message: str):
        where = f"{path}: {field}" if field else str(path)
        super().__init__(f"{where}: {message}")
        self.path = path
        self.field = field
        self.message = message


class _Object(dict):
    """A JSON object that remembers the keys it had more than once."""

    duplicates: list[str]


def _object_from_pairs(pairs: list[tuple[str, object]]) -> _Object:
    # json.loads keeps the last of two equal keys silently; a strict reader
    # must not drop ``"workers": [...]`` because a second one follows.
    result = _Object()
    result.duplicates = []
    for key, value in pairs:
        if key in result and key not in result.duplicates:
            result.duplicates.append(key)
        result[key] = value
    return result


def _check_keys(path: Path, data: dict, allowed: set[str], prefix: str = "",
                hints: dict[str, str] | None = None) -> None:
    """Refuses repeated and unknown keys; ``hints`` says more about some unknown ones."""
    duplicates = getattr(data, "duplicates", [])
    if duplicates:
        raise ExperimentFileError(path, f"{prefix}{duplicates[0]}", "appears more than once")
    unknown = sorted(set(data) - allowed)
    if unknown:
        key = unknown[0]
        raise ExperimentFileError(path, f"{prefix}{key}", (hints or {}).get(key, "unknown key"))


@dataclass(frozen=True)
class Experiment:
    """What an experiment file holds: the workers, and maybe a start method and a cluster."""

    workers: list
    start_method: str | None = None
    cluster: str | None = None  #: where it runs: local, local:N or tcp://HOST:PORT (None: this machine)


def parse_experiment(text: str, path: Path = Path("<text>")) -> Experiment:
    try:
        # NaN, Infinity and -Infinity load as floats here and are refused by
        # the field's own check, so the message names the field they are in.
        data = json.loads(text, object_pairs_hook=_object_from_pairs)
    except ValueError as error:
        raise ExperimentFileError(path, None, f"not valid JSON ({error})") from None
    except RecursionError:
        raise ExperimentFileError(path, None, "not valid JSON (nested too deeply)") from None
    if not isinstance(data, dict):
        raise ExperimentFileError(path, None, "must be a JSON object with schema_version and workers")
    # The version first: a newer file may well have keys this version does not know.
    version = _check_version(path, data)
    _check_keys(path, data, _TOP_KEYS[version], hints=_NEEDS_VERSION_2_TOP if version == 1 else None)
    if "workers" not in data:
        raise ExperimentFileError(path, "workers", "is missing")
    workers = data["workers"]
    if not isinstance(workers, list):
        raise ExperimentFileError(path, "workers", "must be a list of workers")
    try:
        start_method = None
        if "start_method" in data:  # present means a method: null is refused, not "the default"
            start_method = validate_choice(
                data["start_method"], ALL_METHODS, "start method", "start_method", json_type_name
            )
        cluster = None
        if "cluster" in data:
            cluster = data["cluster"]
            try:
                parse_cluster(cluster)
            except ValueError as error:
                raise ExperimentFileError(path, "cluster", str(error)) from None
        specs = [_parse_worker(path, index, item, version) for index, item in enumerate(workers)]
        return Experiment(validate_specs(specs), start_method, cluster)
    except SpecError as error:
        raise ExperimentFileError(path, error.field, error.message) from None


def _check_version(path: Path, data: dict) -> int:
    if "schema_version" not in data:
        raise ExperimentFileError(path, "schema_version", "is missing")
    version = data["schema_version"]
    if isinstance(version, bool) or not isinstance(version, int):
        raise ExperimentFileError(path, "schema_version", "must be an integer")
    if version > SCHEMA_VERSION:
        raise ExperimentFileError(
            path, "schema_version",
            f"is {version}, newer than this ProcLab understands ({SCHEMA_VERSION}); update ProcLab",
        )
    if version < 1:
        raise ExperimentFileError(path, "schema_version", f"must be at least 1, not {version}")
    return version


def _parse_worker(path: Path, index: int, item: object, version: int) -> WorkerSpec:
    field = f"workers[{index}]"
    if not isinstance(item, dict):
        raise ExperimentFileError(path, field, "must be an object with name and interval")
    # The kind first: it decides which other keys belong. Checked as a
    # plain value; nothing named in a file is ever imported.
    if version >= 2:
        kind = validate_kind(item.get("kind", "sleep"), f"{field}.kind", json_type_name)
        _check_keys(path, item, _WORKER_KEYS | {"kind"} | _KIND_KEYS.get(kind, set()), f"{field}.")
    else:
        kind = "sleep"
        _check_keys(path, item, _WORKER_KEYS, f"{field}.", _NEEDS_VERSION_2)
    for key in sorted(_WORKER_KEYS - set(item)):
        raise ExperimentFileError(path, f"{field}.{key}", "is missing")
    options = {}
    if "messages" in item:
        options["messages"] = validate_messages(item["messages"], f"{field}.messages", json_type_name)
    if "crash" in item:
        options["crash"] = validate_crash(item["crash"], f"{field}.crash", json_type_name)
    if "exit_status" in item:
        crash = options.get("crash", DEFAULT_CRASH)
        if crash not in CRASH_MODES_WITH_STATUS:
            # Loading it would drop it without a word: the file asks for something no run would do.
            shown = crash if "crash" in options else f"{crash} (the default crash)"
            raise SpecError(f"{field}.exit_status",
                            f"{shown} takes no exit status; only {_STATUS_MODES} take an exit status")
        options["exit_status"] = validate_exit_status(
            item["exit_status"], f"{field}.exit_status", json_type_name
        )
    return WorkerSpec(
        validate_name(item["name"], f"{field}.name", json_type_name),
        validate_interval(item["interval"], f"{field}.interval", json_type_name),
        kind,
        **options,
    )


#: An empty worker list is a valid file (the window opens it to add workers,
#: and its Start stays off); a run needs at least one.
NO_WORKERS = "is empty: there is no worker to start; add workers (or run a preset)"


def require_workers(experiment: Experiment, path: Path) -> Experiment:
    """``experiment`` if it has a worker to run; else ``ExperimentFileError`` naming ``path``."""
    if not experiment.workers:
        raise ExperimentFileError(Path(path), "workers", NO_WORKERS)
    return experiment


def load_experiment(path: Path) -> Experiment:
    path = Path(path)
    try:
        mode = path.stat().st_mode
        if stat.S_ISDIR(mode):
            raise ExperimentFileError(path, None, "is a folder, not an experiment file")
        if not stat.S_ISREG(mode):
            # A FIFO would block and /dev/zero would never end.
            raise ExperimentFileError(path, None, "is not a regular file")
        with path.open("rb") as stream:
            # Bounded read: the file may have grown since stat().
            raw = stream.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        raise ExperimentFileError(path, None, f"cannot be read ({error.strerror or error})") from None
    if len(raw) > MAX_FILE_BYTES:
        raise ExperimentFileError(path, None,
                                  f"is more than {MAX_FILE_BYTES:,} bytes; an experiment file is at most that")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ExperimentFileError(path, None, "is not UTF-8 text") from None
    return parse_experiment(text, path)


def worker_to_json(spec: WorkerSpec) -> dict:
    item = {"name": spec.name, "interval": spec.interval, "kind": spec.kind}
    if spec.kind == "messages":
        item["messages"] = spec.messages
    elif spec.kind == "crash":
        item["crash"] = spec.crash
        if spec.crash in CRASH_MODES_WITH_STATUS:
            item["exit_status"] = spec.exit_status
    return item


def experiment_to_json(specs: Iterable[WorkerSpec], start_method: str | None = None,
                       cluster: str | None = None) -> str:
    data = {"schema_version": SCHEMA_VERSION}
    if start_method is not None:
        data["start_method"] = start_method
    if cluster is not None:
        parse_cluster(cluster)  # never write what could not be read back
        data["cluster"] = cluster
    data["workers"] = [worker_to_json(spec) for spec in validate_specs(specs)]
    return json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def save_experiment(path: Path, specs: Iterable[WorkerSpec], start_method: str | None = None,
                    cluster: str | None = None) -> None:
    """Atomic: a failed save leaves the old file as it was."""
    write_text_atomically(Path(path), experiment_to_json(specs, start_method, cluster))
