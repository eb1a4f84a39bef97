"""Experiment files: the worker list as JSON, read strictly, written atomically.

Format (schema_version 1)::

    {"schema_version": 1,
     "workers": [{"name": "worker1", "interval": 2.0}, ...]}
"""
from __future__ import annotations

import json
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


def _refuse_constant(name: str):
    raise ValueError(f"{name} is not allowed (numbers must be finite)")


def parse_experiment(text: str, path: Path = Path("<text>")) -> list[WorkerSpec]:
    try:
        data = json.loads(text, parse_constant=_refuse_constant)
    except ValueError as error:
        raise ExperimentFileError(path, None, f"not valid JSON ({error})") from None
    if not isinstance(data, dict):
        raise ExperimentFileError(path, None, "must be a JSON object with schema_version and workers")
    unknown = sorted(set(data) - _TOP_KEYS)
    if unknown:
        raise ExperimentFileError(path, unknown[0], "unknown key")
    _check_version(path, data.get("schema_version"))
    workers = data.get("workers")
    if not isinstance(workers, list):
        raise ExperimentFileError(path, "workers", "must be a list of workers")
    specs = [_parse_worker(path, index, item) for index, item in enumerate(workers)]
    try:
        return validate_specs(specs)
    except SpecError as error:
        raise ExperimentFileError(path, error.field, error.message) from None


def _check_version(path: Path, version: object) -> None:
    if version is None:
        raise ExperimentFileError(path, "schema_version", "is missing")
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
    unknown = sorted(set(item) - _WORKER_KEYS)
    if unknown:
        raise ExperimentFileError(path, f"{field}.{unknown[0]}", "unknown key")
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
        if path.is_dir():
            raise ExperimentFileError(path, None, "is a folder, not an experiment file")
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ExperimentFileError(path, None, f"is {size:,} bytes; an experiment file is at most {MAX_FILE_BYTES:,}")
        raw = path.read_bytes()
    except OSError as error:
        raise ExperimentFileError(path, None, f"cannot be read ({error.strerror or error})") from None
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
