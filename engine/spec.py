"""Worker specs and the one place that validates them.

A spec names one of the registered workload kinds (``KINDS``); nothing else
can run. The options a kind needs (how many messages, how to crash) live on
the spec too, with defaults, and are checked here whatever the source: the
form, an experiment file or the command line.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Iterable

NAME_MAX_LENGTH = 64
INTERVAL_MAX_SECONDS = 86400.0

#: The workloads a worker can run, and what each one does (shown as tooltips).
KIND_DESCRIPTIONS = {
    "sleep": "prints 'work NAME start', sleeps for the interval (time.sleep), prints 'work NAME end'",
    "cpu": "pure-Python arithmetic (sums of squares, in a loop) for the interval's worth of one core's "
           "work, calibrated on this machine; it holds the GIL the whole time",
    "lock": "waits for the shared multiprocessing.Lock, holds it for the interval, releases it",
    "messages": "sends N messages over its Pipe, evenly spread over the interval, "
                "then times a ping/pong round trip to ProcLab",
    "crash": "after the interval, fails the chosen way; the other workers run on",
}
KINDS = tuple(KIND_DESCRIPTIONS)
DEFAULT_KIND = "sleep"

#: How a crash worker fails, and the exit code each way gives.
CRASH_DESCRIPTIONS = {
    "exception": "raise an uncaught exception: exit code 1, traceback in the log",
    "sys.exit": "sys.exit(N): exit code N, after Python's normal clean-up",
    "os._exit": "os._exit(N): exit code N at once, no clean-up",
    "sigkill": "os.kill(os.getpid(), SIGKILL): exit code -9",
    "segfault": "read memory address 0 (ctypes): exit code -11 (SIGSEGV)",
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


def validate_kind(kind: object, field: str = "kind") -> str:
    """Only a registered kind passes: never a module path or a function name."""
    if not isinstance(kind, str) or kind not in KINDS:
        shown = kind if isinstance(kind, str) else type(kind).__name__
        raise SpecError(field, f"unknown kind {shown!r}; ProcLab runs only {', '.join(KINDS)}")
    return kind


def validate_crash(crash: object, field: str = "crash") -> str:
    if not isinstance(crash, str) or crash not in CRASH_MODES:
        shown = crash if isinstance(crash, str) else type(crash).__name__
        raise SpecError(field, f"unknown crash {shown!r}; choose one of {', '.join(CRASH_MODES)}")
    return crash


def _validate_int(value: object, field: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise SpecError(field, f"must be a whole number, not {type(value).__name__}")
    if not low <= value <= high:
        raise SpecError(field, f"must be from {low} to {high}, not {value}")
    return value


def validate_messages(messages: object, field: str = "messages") -> int:
    return _validate_int(messages, field, 1, MESSAGES_MAX)


def validate_exit_status(status: object, field: str = "exit_status") -> int:
    # 0 would be no crash at all; above 255 the status wraps around on POSIX.
    return _validate_int(status, field, 1, 255)


def validate_specs(specs: Iterable[WorkerSpec], field: str = "workers") -> list[WorkerSpec]:
    """Checks that names are unique; each spec validated itself when built."""
    result = list(specs)
    seen: set[str] = set()
    for index, spec in enumerate(result):
        if spec.name in seen:
            raise SpecError(f"{field}[{index}].name", f"duplicate worker name {spec.name!r}")
        seen.add(spec.name)
    return result
