"""Events as JSON Lines: one object per event, times in seconds since start."""
from __future__ import annotations

import json
import re
from dataclasses import fields
from pathlib import Path
from typing import Iterable

from .atomic_write import write_text_atomically
from .events import Event


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
    write_text_atomically(Path(path), events_to_jsonl(events, t0_ns))
