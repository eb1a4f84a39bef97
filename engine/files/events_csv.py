"""Events as CSV: one row per event in arrival order, for a spreadsheet.

Columns: ``t`` (seconds since the run started), ``kind``, ``worker``,
``pid``, then every field an event of some kind has (``FIELD_COLUMNS``):
the fields of ProcLab's own workers, then those of a watched script's
processes (``WATCH_COLUMNS``). Columns are only ever added at the end, so a
sheet or script that reads the columns by position keeps working.
A cell is blank where the field does not apply to that row's kind, or its
value is unknown (an exit code of None). Booleans are ``true``/``false``.

A text cell (a worker's name, a printed line) that starts with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return gets a single quote in
front (``'=1+2``), as OWASP advises against CSV injection: a spreadsheet
then shows it as text and never runs it as a formula. Number cells (``t``,
``pid``, an ``exitcode`` of -9) are written as numbers, never quoted.

Written with the ``csv`` module (RFC 4180: quoted where a cell holds a
comma, a quote or a line break; lines end in CRLF) as UTF-8 without a byte
order mark. A lone surrogate a worker printed cannot be UTF-8: it is
written as its backslash escape (``\\udc80``).
"""
from __future__ import annotations

import csv
import io
from pathlib import Path

from engine.model.run_record import RunRecord

from .atomic_write import write_bytes_atomically
from .event_log import event_to_json

BASE_COLUMNS = ("t", "kind", "worker", "pid")
#: The fields of a watched script's events (``seq`` is shared: a pipe message's number).
WATCH_COLUMNS = ("role", "parent", "parent_pid", "command", "call", "target", "target_pid", "seconds",
                 "lock", "channel", "queue", "task", "ok")
#: The fields of a cluster run's events: where a worker ran, why it was lost.
CLUSTER_COLUMNS = ("host", "address", "queued_s", "reason")
#: Every field of every event kind beyond worker, pid and time.
FIELD_COLUMNS = ("text", "stream", "exitcode", "index", "count", "seq", "rtt_ns", "alive",
                 "cpu_percent", "rss_bytes") + WATCH_COLUMNS + CLUSTER_COLUMNS
COLUMNS = BASE_COLUMNS + FIELD_COLUMNS


#: The first characters that make a spreadsheet read a cell as a formula (OWASP).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return "'" + value if value.startswith(FORMULA_STARTS) else value
    return str(value)


def events_to_csv(record: RunRecord) -> str:
    with record.lock:
        events, t0_ns = list(record.events), record.t0_ns
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for event in events:
        values = event_to_json(event, t0_ns)
        unknown = set(values) - set(COLUMNS)
        if unknown:  # a new event field: add it to FIELD_COLUMNS
            raise ValueError(f"{event.kind} event has fields with no column: {', '.join(sorted(unknown))}")
        writer.writerow([_cell(values.get(column)) for column in COLUMNS])
    return out.getvalue()


def write_events_csv(path: Path, record: RunRecord) -> None:
    write_bytes_atomically(Path(path), events_to_csv(record).encode("utf-8", "backslashreplace"))
