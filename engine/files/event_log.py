"""Events as JSON Lines: one object per event, times in seconds since start.

Writing: ``event_to_json`` turns an event into ``{"kind", "worker", "pid",
"t", ...its own fields}`` with ``t`` in seconds since ``t0_ns``.
Reading: ``event_from_json`` is its exact inverse and trusts nothing: the
kind must be one of ``engine.model.events``, every key must be there, no other
key may be, and every value must have the type the dataclass declares
(a bool is not a number, a float must be finite) and a value ProcLab
writes: a worker name is printable text on one line, a pid is positive,
a stream is stdout or stderr, whole numbers fit 64 bits (so every one
converts to a float); of a watched script's events, a role and a call are
one of the words ``engine.model.events`` lists, a parent or target row is
a worker name (or empty: not known), a join's seconds are 0 or more.
Refusals are
``ValueError``s that name the field: ``exitcode: must be a whole number
or null, not text``.
"""
from __future__ import annotations

import json
import math
import re
import types
import typing
from dataclasses import fields
from pathlib import Path
from typing import Iterable, Iterator

from engine.model import events as _events
from engine.model.events import Event
from engine.model.spec import json_type_name

from .atomic_write import write_chunks_atomically


def event_to_json(event: Event, t0_ns: int) -> dict:
    record = {"kind": event.kind, "worker": event.worker, "pid": event.pid, "t": (event.t_ns - t0_ns) / 1e9}
    for f in fields(event):
        if f.name not in ("worker", "pid", "t_ns"):
            record[f.name] = getattr(event, f.name)
    return record


# Left raw by ``ensure_ascii=False``, these break a log: a lone surrogate (a
# worker may print one, e.g. from ``os.fsdecode``) cannot be encoded as UTF-8,
# and NEL, LINE SEPARATOR and PARAGRAPH SEPARATOR end a line for
# ``str.splitlines``. Escaped, they read back as the same characters.
_UNSAFE = re.compile("[\ud800-\udfff\x85\u2028\u2029]")


def _escape(match: re.Match) -> str:
    return f"\\u{ord(match.group()):04x}"


def events_to_jsonl(events: Iterable[Event], t0_ns: int) -> str:
    return "".join(
        _UNSAFE.sub(_escape, json.dumps(event_to_json(e, t0_ns), ensure_ascii=False)) + "\n" for e in events
    )


def write_events_jsonl(path: Path, events: Iterable[Event], t0_ns: int) -> None:
    write_chunks_atomically(Path(path), _jsonl_chunks(events, t0_ns))


#: Events encoded per chunk written: a 2-million-event file is never whole in memory.
_EVENTS_PER_CHUNK = 10_000


def _jsonl_chunks(events: Iterable[Event], t0_ns: int):
    batch = []
    for event in events:
        batch.append(event)
        if len(batch) == _EVENTS_PER_CHUNK:
            yield events_to_jsonl(batch, t0_ns).encode("utf-8")
            batch = []
    yield events_to_jsonl(batch, t0_ns).encode("utf-8")


# -- reading ----------------------------------------------------------------

def _event_classes() -> dict[str, type[Event]]:
    """Every event class ``engine.model.events`` defines, by its ``kind``."""
    classes = {}
    for value in vars(_events).values():
        if isinstance(value, type) and issubclass(value, Event) and value is not Event:
            assert value.kind not in classes, f"two event classes are called {value.kind!r}"
            classes[value.kind] = value
    return classes


#: kind -> event class, for every event ProcLab writes.
EVENT_CLASSES: dict[str, type[Event]] = _event_classes()

#: No event is further than this from its run's start (about 31 years); a
#: float of seconds up to here still places an event within a microsecond.
MAX_SECONDS = 1e9

#: What a JSON value of each declared type is called in a refusal.
_TYPE_WORDS = {str: "text", int: "a whole number", float: "a number", bool: "true or false"}


def _field_types(cls: type[Event]) -> list[tuple[str, tuple[type, ...], bool]]:
    """(name, allowed types, may be null) per field, as the dataclass declares them."""
    hints = typing.get_type_hints(cls)
    result = []
    for f in fields(cls):
        declared = hints[f.name]
        union = typing.get_origin(declared) in (typing.Union, types.UnionType)
        members = typing.get_args(declared) if union else (declared,)
        nullable = type(None) in members
        allowed = tuple(t for t in members if t is not type(None))
        assert allowed and all(t in _TYPE_WORDS for t in allowed), f"{cls.__name__}.{f.name}: {declared}"
        result.append((f.name, allowed, nullable))
    return result


#: kind -> (class, its fields but t_ns, the keys its JSON object has).
_LAYOUTS = {}
for _kind, _cls in EVENT_CLASSES.items():
    _fields = [f for f in _field_types(_cls) if f[0] != "t_ns"]
    _LAYOUTS[_kind] = (_cls, _fields, frozenset({"kind", "t"} | {name for name, _, _ in _fields}))
del _kind, _cls, _fields


def _describe(value: object) -> str:
    """A wrong value as a refusal shows it: a number as itself, anything else by its JSON type."""
    if isinstance(value, float):
        if math.isnan(value):
            return "NaN"
        if math.isinf(value):
            return "Infinity" if value > 0 else "-Infinity"
        return repr(value)
    return json_type_name(value)


def _check_value(name: str, value: object, allowed: tuple[type, ...], nullable: bool) -> object:
    kind = type(value)
    if kind in allowed and kind is not float:  # the usual case, first: str, int and bool are exact
        return value
    if value is None and nullable:
        return None
    if isinstance(value, bool):
        ok = bool in allowed
    elif isinstance(value, int):
        ok = int in allowed or float in allowed
        if ok and int not in allowed:  # 3 is a number too, and this field holds floats
            try:
                value = float(value)
            except OverflowError:  # an integer beyond any float
                raise ValueError(f"{name}: must be a finite number, not a number that large") from None
    elif isinstance(value, float):
        ok = float in allowed and math.isfinite(value)
    else:
        ok = isinstance(value, str) and str in allowed
    if not ok:
        wanted = " or ".join(_TYPE_WORDS[t] for t in allowed) + (" or null" if nullable else "")
        if float in allowed and isinstance(value, (int, float)) and not isinstance(value, bool):
            wanted = wanted.replace("a number", "a finite number")
        raise ValueError(f"{name}: must be {wanted}, not {_describe(value)}")
    return value


#: The largest value an integer field holds: a signed 64-bit integer, so every
#: count, byte size and nanosecond fits and converts to a float.
INT64_MAX = 2**63 - 1
#: Integer fields with a narrower range, (lowest, highest): an OS pid is
#: positive; an exit code is a signal number negated or a 32-bit status.
_INT_RANGES = {"pid": (1, 2**32 - 1), "parent_pid": (1, 2**32 - 1), "target_pid": (1, 2**32 - 1),
               "exitcode": (-(2**31), 2**32 - 1)}
#: The longest worker name read back (a compare run's rows add a prefix to the names a spec allows).
WORKER_NAME_MAX = 256
STREAMS = ("stdout", "stderr")
#: What a watched script's process is (``ProcessSeen.role``) and the calls it makes on
#: another (``ProcessCall.call``): the words ``engine.model.events`` documents.
ROLES = ("main", "process", "pool", "fork", "subprocess", "helper")
CALLS = ("join", "terminate", "kill")
#: Text fields that hold one of a few words.
_CHOICES = {"stream": STREAMS, "role": ROLES, "call": CALLS}


def _number_words(value: int) -> str:
    text = str(value)
    return text if len(text) <= 20 else f"a number of {len(text.lstrip('-'))} digits"


def _check_range(name: str, value: object, nullable: bool) -> None:
    """Refuses a value of the right type that ProcLab never writes (``value`` is not None)."""
    if name == "worker":
        _check_worker_name(value)
    elif name in ("parent", "target"):  # another row, or "" when it is not known
        if value:
            _check_worker_name(value, name)
    elif name in _CHOICES:
        if value not in _CHOICES[name]:
            words = [repr(word) for word in _CHOICES[name]]
            choices = " or ".join(words) if len(words) == 2 else ", ".join(words[:-1]) + " or " + words[-1]
            raise ValueError(f"{name}: must be {choices}, not {value!r}")
    elif type(value) is int:
        low, high = _INT_RANGES.get(name, (0, INT64_MAX))
        if not low <= value <= high:
            null = " or null" if nullable else ""
            raise ValueError(f"{name}: must be a whole number from {low:,} to {high:,}{null}, "
                             f"not {_number_words(value)}")
    elif type(value) is float and name in ("cpu_percent", "seconds") and value < 0:
        raise ValueError(f"{name}: must be a finite number, 0 or more, not {value!r}")


def _check_worker_name(name: str, field: str = "worker") -> None:
    if not name:
        raise ValueError(f"{field}: must not be empty")
    if len(name) > WORKER_NAME_MAX:
        raise ValueError(f"{field}: must be at most {WORKER_NAME_MAX} characters (has {len(name)})")
    if not name.isprintable():
        unprintable = next(character for character in name if not character.isprintable())
        raise ValueError(f"{field}: must contain only printable characters, not {unprintable!r}")
    if name != name.strip():
        raise ValueError(f"{field}: must not start or end with a space")


class _Object(dict):
    """A JSON object that remembers the keys it had more than once."""

    duplicates: list


def object_pairs_hook(pairs: list) -> dict:
    """For ``json.loads``: keeps every key, and notes repeated ones on the dict.

    ``json.loads`` keeps the last of two equal keys without a word; a
    strict reader refuses the object instead (``event_from_json`` does).
    """
    result = dict(pairs)
    if len(result) == len(pairs):  # the usual case, kept fast: big files have many objects
        return result
    result = _Object(result)
    seen = set()
    result.duplicates = []
    for key, _ in pairs:
        if key in seen and key not in result.duplicates:
            result.duplicates.append(key)
        seen.add(key)
    return result


#: One decoder for every line (``json.loads`` with a hook builds one per call).
_DECODER = json.JSONDecoder(object_pairs_hook=object_pairs_hook)


def repeated_keys(data: dict) -> list:
    """Keys of ``data`` (read with ``object_pairs_hook``) that appeared more than once."""
    return getattr(data, "duplicates", [])


def json_error_text(error: json.JSONDecodeError) -> str:
    """What ``json`` says is wrong, without its position (the caller says where)."""
    # "Unterminated string starting at" expects the position after it.
    return error.msg.removesuffix(" starting at")


def event_from_json(data: dict, t0_ns: int = 0) -> Event:
    """The event ``event_to_json(event, t0_ns)`` wrote; ValueError naming the field if it is not one."""
    if not isinstance(data, dict):
        raise ValueError(f"not a ProcLab event ({_describe(data)}, not an object)")
    if "kind" not in data:
        raise ValueError("not a ProcLab event (no kind)")
    kind = data["kind"]
    if not isinstance(kind, str):
        raise ValueError(f"kind: must be text, not {_describe(kind)}")
    if kind not in _LAYOUTS:
        raise ValueError(f"kind: {kind!r} is not an event ProcLab writes")
    cls, layout, keys = _LAYOUTS[kind]
    for key in repeated_keys(data):
        raise ValueError(f"{key}: appears more than once")
    if data.keys() != keys:
        for key in sorted(set(data) - keys):
            raise ValueError(f"{key}: unknown key for a {kind} event")
        for key in ["t"] + [name for name, _, _ in layout]:
            if key not in data:
                raise ValueError(f"{key}: is missing")
    t = _check_value("t", data["t"], (float,), False)
    if abs(t) > MAX_SECONDS:
        raise ValueError(f"t: must be within {MAX_SECONDS:,.0f} seconds of the run's start, not {t!r}")
    values = {}
    for name, allowed, nullable in layout:
        value = values[name] = _check_value(name, data[name], allowed, nullable)
        if value is not None:
            _check_range(name, value, nullable)
    return cls(t_ns=t0_ns + round(t * 1e9), **values)


def read_events_jsonl(text: str, t0_ns: int = 0) -> list[Event]:
    """Every event of a JSON Lines text ``events_to_jsonl`` wrote, or ValueError naming the line."""
    return list(iter_events_jsonl([text], t0_ns))


#: The longest line read (in characters): far beyond any event, short of holding a whole hostile file.
MAX_LINE_CHARS = 256 * 2**20


def iter_events_jsonl(pieces: Iterable[str], t0_ns: int = 0, max_line: int = MAX_LINE_CHARS) -> Iterator[Event]:
    """The events of JSON Lines text given in pieces (split anywhere), one at a time.

    Lines end with \\n only (``events_to_jsonl`` escapes every other line
    break), and every line ProcLab writes ends with one: a last line
    without it was cut short, so it is refused even when it parses.
    Blank lines are skipped. ValueError names the line.
    """
    number = 0
    partial: list[str] = []  # the line read so far, in pieces (a long line spans many)
    partial_size = 0
    for piece in pieces:
        if "\n" not in piece:
            partial.append(piece)
            partial_size += len(piece)
            if partial_size > max_line:
                raise ValueError(f"line {number + 1} is longer than {max_line:,} characters: not an event")
            continue
        lines = piece.split("\n")
        if partial:
            lines[0] = "".join(partial) + lines[0]
        rest = lines.pop()
        partial, partial_size = [rest], len(rest)
        for line in lines:
            number += 1
            if line and not line.isspace():
                yield _event_from_line(number, line, t0_ns)
    if partial_size and not "".join(partial).isspace():  # text after the final \n: cut in a line
        raise ValueError(f"line {number + 1} is incomplete: the file looks truncated")


def _event_from_line(number: int, line: str, t0_ns: int) -> Event:
    try:
        data = _DECODER.decode(line)
    except json.JSONDecodeError as error:
        where = f"at column {error.colno} ({json_error_text(error)})"
        raise ValueError(f"line {number}: not valid JSON {where}") from None
    except ValueError as error:  # e.g. an integer of more digits than Python converts
        raise ValueError(f"line {number}: not valid JSON ({error})") from None
    except RecursionError:
        raise ValueError(f"line {number}: not valid JSON (nested too deeply)") from None
    try:
        return event_from_json(data, t0_ns)
    except ValueError as error:
        raise ValueError(f"line {number}: {error}") from None
