"""Events as JSON Lines: one object per event, times in seconds since start."""
from __future__ import annotations

import json
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


def events_to_jsonl(events: Iterable[Event], t0_ns: int) -> str:
    return "".join(json.dumps(event_to_json(e, t0_ns), ensure_ascii=False) + "\n" for e in events)


def write_events_jsonl(path: Path, events: Iterable[Event], t0_ns: int) -> None:
    write_text_atomically(Path(path), events_to_jsonl(events, t0_ns))
