"""Experiment files: the worker list as JSON, read strictly, written atomically.

Format (schema_version 1)::

    {"schema_version": 1,
     "workers": [{"name": "worker1", "interval": 2.0}, ...]}
"""
from __future__ import annotations

import json
import stat
from pathlib import Path
from typing import Iterable

from .atomic_write import write_text_atomically
from .spec import SpecError, WorkerSpec, validate_interval, validate_name, validate_specs

SCHEMA_VERSION = 1
_TOP_KEYS = {"schema_version", "workers"}
_WORKER_KEYS = {"name", "interval"}
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


def _check_keys(path: Path, data: dict, allowed: set[str], prefix: str = "") -> None:
    duplicates = getattr(data, "duplicates", [])
    if duplicates:
        raise ExperimentFileError(path, f"{prefix}{duplicates[0]}", "appears more than once")
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise ExperimentFileError(path, f"{prefix}{unknown[0]}", "unknown key")


def parse_experiment(text: str, path: Path = Path("<text>")) -> list[WorkerSpec]:
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
    _check_version(path, data)
    _check_keys(path, data, _TOP_KEYS)
    if "workers" not in data:
        raise ExperimentFileError(path, "workers", "is missing")
    workers = data["workers"]
    if not isinstance(workers, list):
        raise ExperimentFileError(path, "workers", "must be a list of workers")
    specs = [_parse_worker(path, index, item) for index, item in enumerate(workers)]
    try:
        return validate_specs(specs)
    except SpecError as error:
        raise ExperimentFileError(path, error.field, error.message) from None


def _check_version(path: Path, data: dict) -> None:
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


def _parse_worker(path: Path, index: int, item: object) -> WorkerSpec:
    field = f"workers[{index}]"
    if not isinstance(item, dict):
        raise ExperimentFileError(path, field, "must be an object with name and interval")
    _check_keys(path, item, _WORKER_KEYS, f"{field}.")
    for key in sorted(_WORKER_KEYS - set(item)):
        raise ExperimentFileError(path, f"{field}.{key}", "is missing")
    try:
        return WorkerSpec(
            validate_name(item["name"], f"{field}.name"),
            validate_interval(item["interval"], f"{field}.interval"),
        )
    except SpecError as error:
        raise ExperimentFileError(path, error.field, error.message) from None


def load_experiment(path: Path) -> list[WorkerSpec]:
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
        raise ExperimentFileError(path, None, f"is more than {MAX_FILE_BYTES:,} bytes; an experiment file is at most that")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ExperimentFileError(path, None, "is not UTF-8 text") from None
    return parse_experiment(text, path)


def experiment_to_json(specs: Iterable[WorkerSpec]) -> str:
    data = {
        "schema_version": SCHEMA_VERSION,
        "workers": [{"name": spec.name, "interval": spec.interval} for spec in validate_specs(specs)],
    }
    return json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def save_experiment(path: Path, specs: Iterable[WorkerSpec]) -> None:
    """Atomic: a failed save leaves the old file as it was."""
    write_text_atomically(Path(path), experiment_to_json(specs))
