"""Worker specs and the one place that validates them."""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Iterable

NAME_MAX_LENGTH = 64
INTERVAL_MAX_SECONDS = 86400.0


class SpecError(ValueError):
    """A spec value the engine refuses; ``field`` names what is wrong."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass(frozen=True)
class WorkerSpec:
    name: str
    interval: float

    def __post_init__(self) -> None:
        validate_name(self.name)
        object.__setattr__(self, "interval", validate_interval(self.interval))


def validate_name(name: object, field: str = "name") -> str:
    if not isinstance(name, str):
        raise SpecError(field, f"must be text, not {type(name).__name__}")
    if not name:
        raise SpecError(field, "must not be empty")
    if len(name) > NAME_MAX_LENGTH:
        raise SpecError(field, f"must be at most {NAME_MAX_LENGTH} characters (has {len(name)})")
    if name != name.strip():
        raise SpecError(field, "must not start or end with a space")
    if not name.isprintable():
        raise SpecError(field, "must contain only printable characters")
    return name


def validate_interval(interval: object, field: str = "interval") -> float:
    if isinstance(interval, bool) or not isinstance(interval, (int, float)):
        raise SpecError(field, f"must be a number of seconds, not {type(interval).__name__}")
    try:
        value = float(interval)
    except OverflowError:  # an int too large for a float (JSON allows 1000-digit integers)
        raise SpecError(field, f"must be at most {INTERVAL_MAX_SECONDS:g} seconds") from None
    if not math.isfinite(value):
        raise SpecError(field, "must be a finite number of seconds")
    if not 0 < value <= INTERVAL_MAX_SECONDS:
        raise SpecError(field, f"must be more than 0 and at most {INTERVAL_MAX_SECONDS:g} seconds")
    return value


def validate_specs(specs: Iterable[WorkerSpec], field: str = "workers") -> list[WorkerSpec]:
    """Checks that names are unique; each spec validated itself when built."""
    result = list(specs)
    seen: set[str] = set()
    for index, spec in enumerate(result):
        if spec.name in seen:
            raise SpecError(f"{field}[{index}].name", f"duplicate worker name {spec.name!r}")
        seen.add(spec.name)
    return result
