"""Worker specs and the one place that validates them.

A spec names one of the registered workload kinds (``KINDS``); nothing else
can run. The options a kind needs (how many messages, how to crash) live on
the spec too, with defaults, and are checked here whatever the source: the
form, an experiment file or the command line.
"""
from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass
from typing import Callable, Iterable

from .wording import N_

NAME_MAX_LENGTH = 64
INTERVAL_MAX_SECONDS = 86400.0

#: The workloads a worker can run, and what each one does (shown as tooltips).
KIND_DESCRIPTIONS = {
    "sleep": N_("prints 'work NAME start', sleeps for the interval (time.sleep), prints 'work NAME end'"),
    "cpu": N_("pure-Python arithmetic (sums of squares, in a loop) for the interval's worth of one core's "
              "work, calibrated on this machine; it holds the GIL the whole time"),
    "lock": N_("waits for the shared multiprocessing.Lock, holds it for the interval, releases it"),
    "messages": N_("sends N messages over its Pipe, evenly spread over the interval, "
                   "then times a ping/pong round trip to ProcLab"),
    "crash": N_("after the interval, fails the chosen way; the other workers run on"),
    "stubborn": N_("ignores SIGTERM (signal.SIG_IGN), then sleeps for the interval: terminate() does nothing, "
                   "only kill() ends it early"),
}
KINDS = tuple(KIND_DESCRIPTIONS)
DEFAULT_KIND = "sleep"

#: How a crash worker fails, and the exit code each way gives.
CRASH_DESCRIPTIONS = {
    "exception": N_("raise an uncaught exception: exit code 1, traceback in the log"),
    "sys.exit": N_("sys.exit(N): exit code N, after Python's normal clean-up"),
    "os._exit": N_("os._exit(N): exit code N at once, no clean-up"),
    "sigkill": N_("os.kill(os.getpid(), SIGKILL): exit code -9"),
    "segfault": N_("read memory address 0 (ctypes): exit code -11 (SIGSEGV)"),
}
CRASH_MODES = tuple(CRASH_DESCRIPTIONS)
#: The crash ways that take an exit status N.
CRASH_MODES_WITH_STATUS = ("sys.exit", "os._exit")
DEFAULT_CRASH = "exception"
DEFAULT_EXIT_STATUS = 3
DEFAULT_MESSAGES = 10
MESSAGES_MAX = 10_000


class SpecError(ValueError):
    """A spec value the engine refuses; ``field`` names what is wrong."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


#: How a refusal names the type of a wrong value: ``python_type_name`` (the
#: default) or ``json_type_name`` (for values read from a JSON file).
TypeName = Callable[[object], str]


def python_type_name(value: object) -> str:
    """What a value is, as Python calls it: "int", "None", "list"."""
    return "None" if value is None else type(value).__name__


def json_type_name(value: object) -> str:
    """What a value ``json.loads`` gave is, as JSON calls it: "null", "number"."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "list"
    if isinstance(value, dict):
        return "object"
    return python_type_name(value)


@dataclass(frozen=True)
class WorkerSpec:
    name: str
    interval: float
    kind: str = DEFAULT_KIND
    messages: int = DEFAULT_MESSAGES  #: "messages" kind: how many to send
    crash: str = DEFAULT_CRASH  #: "crash" kind: how to fail
    exit_status: int = DEFAULT_EXIT_STATUS  #: "crash" by sys.exit/os._exit: N

    def __post_init__(self) -> None:
        validate_name(self.name)
        object.__setattr__(self, "interval", validate_interval(self.interval))
        validate_kind(self.kind)
        validate_messages(self.messages)
        validate_crash(self.crash)
        validate_exit_status(self.exit_status)
        # Options another kind would use are kept at their defaults, so two
        # specs that run the same way compare equal (and save the same).
        if self.kind != "messages":
            object.__setattr__(self, "messages", DEFAULT_MESSAGES)
        if self.kind != "crash":
            object.__setattr__(self, "crash", DEFAULT_CRASH)
        if self.kind != "crash" or self.crash not in CRASH_MODES_WITH_STATUS:
            object.__setattr__(self, "exit_status", DEFAULT_EXIT_STATUS)

    def options(self) -> dict:
        """The options this spec's kind uses, as plain values (what a worker gets)."""
        if self.kind == "messages":
            return {"messages": self.messages}
        if self.kind == "crash":
            if self.crash in CRASH_MODES_WITH_STATUS:
                return {"crash": self.crash, "exit_status": self.exit_status}
            return {"crash": self.crash}
        return {}

    def describe(self) -> str:
        """A short label for tables and logs, e.g. "crash: sys.exit(3)"."""
        if self.kind == "messages":
            return f"messages ×{self.messages}"
        if self.kind == "crash":
            if self.crash in CRASH_MODES_WITH_STATUS:
                return f"crash: {self.crash}({self.exit_status})"
            return f"crash: {self.crash}"
        return self.kind


def validate_name(name: object, field: str = "name", type_name: TypeName = python_type_name) -> str:
    if not isinstance(name, str):
        raise SpecError(field, f"must be text, not {type_name(name)}")
    if not name:
        raise SpecError(field, "must not be empty")
    if len(name) > NAME_MAX_LENGTH:
        raise SpecError(field, f"must be at most {NAME_MAX_LENGTH} characters (has {len(name)})")
    if name != name.strip():
        raise SpecError(field, "must not start or end with a space")
    if not name.isprintable():
        raise SpecError(field, "must contain only printable characters")
    return name


def validate_interval(interval: object, field: str = "interval",
                      type_name: TypeName = python_type_name) -> float:
    if isinstance(interval, bool) or not isinstance(interval, (int, float)):
        raise SpecError(field, f"must be a number of seconds, not {type_name(interval)}")
    try:
        value = float(interval)
    except OverflowError:  # an int too large for a float (JSON allows 1000-digit integers)
        raise SpecError(field, f"must be at most {INTERVAL_MAX_SECONDS:g} seconds") from None
    if not math.isfinite(value):
        raise SpecError(field, "must be a finite number of seconds")
    if not 0 < value <= INTERVAL_MAX_SECONDS:
        raise SpecError(field, f"must be more than 0 and at most {INTERVAL_MAX_SECONDS:g} seconds")
    return value


def validate_choice(value: object, choices: tuple[str, ...], what: str, field: str,
                    type_name: TypeName = python_type_name) -> str:
    """``value`` must be one of ``choices``, compared exactly (no import, no lookup by name)."""
    if not isinstance(value, str):
        raise SpecError(field, f"must be text (one of {', '.join(choices)}), not {type_name(value)}")
    if value not in choices:
        raise SpecError(field, f"unknown {what} {value!r}; choose one of {', '.join(choices)}")
    return value


def validate_kind(kind: object, field: str = "kind", type_name: TypeName = python_type_name) -> str:
    """Only a registered kind passes: never a module path or a function name."""
    if isinstance(kind, str) and kind not in KINDS:
        raise SpecError(field, f"unknown kind {kind!r}; ProcLab runs only {', '.join(KINDS)}")
    return validate_choice(kind, KINDS, "kind", field, type_name)


def validate_crash(crash: object, field: str = "crash", type_name: TypeName = python_type_name) -> str:
    return validate_choice(crash, CRASH_MODES, "crash", field, type_name)


def _validate_int(value: object, field: str, low: int, high: int, type_name: TypeName) -> int:
    if isinstance(value, float):  # JSON calls 2.0 a number too: show the value
        raise SpecError(field, f"must be a whole number, not {value!r}")
    if isinstance(value, bool) or not isinstance(value, int):
        raise SpecError(field, f"must be a whole number, not {type_name(value)}")
    if not low <= value <= high:
        raise SpecError(field, f"must be from {low} to {high}, not {value}")
    return value


def validate_messages(messages: object, field: str = "messages",
                      type_name: TypeName = python_type_name) -> int:
    return _validate_int(messages, field, 1, MESSAGES_MAX, type_name)


def validate_exit_status(status: object, field: str = "exit_status",
                         type_name: TypeName = python_type_name) -> int:
    # 0 would be no crash at all; above 255 the status wraps around on POSIX.
    return _validate_int(status, field, 1, 255, type_name)


def name_key(name: str) -> str:
    """What two workers' names must differ in: more than case or Unicode form.

    NFKC, case-folded, NFKC again (Unicode's NFKC_Casefold, near enough):
    "Worker", "WORKER", "ｗｏｒｋｅｒ" (full width) and "worker" are one name,
    as are "é" typed as one character or as e + a combining accent. Names
    that look alike in a table, a log or a trace would be two workers no
    one can tell apart.
    """
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", name).casefold())


def same_name(name: str, names: Iterable[str]) -> str | None:
    """The first of ``names`` that is the same name as ``name`` (``name_key``), or None."""
    key = name_key(name)
    return next((other for other in names if name_key(other) == key), None)


def validate_specs(specs: Iterable[WorkerSpec], field: str = "workers") -> list[WorkerSpec]:
    """Checks that names are unique (``name_key``); each spec validated itself when built."""
    result = list(specs)
    seen: dict[str, int] = {}
    for index, spec in enumerate(result):
        key = name_key(spec.name)
        if key in seen:
            first = f"{field}[{seen[key]}]"
            other = result[seen[key]].name
            if other == spec.name:
                raise SpecError(f"{field}[{index}].name", f"duplicate worker name {spec.name!r} (also {first})")
            raise SpecError(f"{field}[{index}].name", f"duplicate worker name {spec.name!r}: the same as "
                                                       f"{other!r} ({first}) but for case or Unicode form")
        seen[key] = index
    return result
