"""Events as plain lists, the way they travel from a Dask worker to the client.

``Worker.log_event`` takes only what msgpack can carry, so each event goes
as ``[kind, worker, pid, t_ns, *its other fields]``. Times travel as
nanoseconds of the client's wall clock (``engine.cluster.clock``): the
sender turns its ``perf_counter_ns`` readings into them, the receiver back
into its own ``perf_counter_ns``.
"""
from __future__ import annotations

from dataclasses import fields
from typing import Callable

from engine.files.event_log import EVENT_CLASSES
from engine.model.events import Event

#: kind -> (class, names of its fields after worker, pid and t_ns)
_LAYOUT = {kind: (cls, [f.name for f in fields(cls)][3:]) for kind, cls in EVENT_CLASSES.items()}


def encode(event: Event, to_wire_ns: Callable[[int], int]) -> list:
    _, names = _LAYOUT[event.kind]
    return [event.kind, event.worker, event.pid, to_wire_ns(event.t_ns), *(getattr(event, n) for n in names)]


def decode(item: list, from_wire_ns: Callable[[int], int]) -> Event:
    """The event ``encode`` made; ``ValueError`` for anything else."""
    try:
        cls, names = _LAYOUT[item[0]]
        worker, pid, t_ns, *rest = item[1:]
    except (KeyError, IndexError, TypeError, ValueError):
        raise ValueError(f"not a ProcLab event: {item!r}") from None
    if len(rest) != len(names) or type(t_ns) is not int or not isinstance(worker, str):
        raise ValueError(f"not a ProcLab event: {item!r}")
    return cls(worker, pid, from_wire_ns(t_ns), *rest)
