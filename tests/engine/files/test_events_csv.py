"""Events as CSV. No processes."""
from __future__ import annotations

import csv
import dataclasses
import io

from engine import RunRecord
from engine.files.events_csv import COLUMNS, events_to_csv, write_events_csv
from engine.model import events as events_module
from engine.model.events import (
    Event,
    JoinReturned,
    MessageSent,
    NamedLockAcquired,
    OutputLine,
    PipeReceived,
    PipeSent,
    ProcessCall,
    ProcessSeen,
    QueuePut,
    ResourceSample,
    RoundTrip,
    TaskEnded,
    WorkerExited,
    WorkerLaunched,
    WorkerStarted,
)

T0 = 9_000_000_000
MS = 1_000_000
NASTY = 'one, two "three"\nfour\r\nfive'


def record_of(events):
    record = RunRecord(T0)
    record.apply(events)
    return record


EVENTS = [
    WorkerLaunched("w1", 101, T0 + 5 * MS),
    WorkerStarted("w1", 101, T0 + 40 * MS),
    OutputLine("w1", 101, T0 + 41 * MS, NASTY, "stderr"),
    MessageSent("w1", 101, T0 + 50 * MS, 3, 10),
    RoundTrip("w1", 101, T0 + 60 * MS, 1, None),
    ResourceSample("w1", 101, T0 + 70 * MS, 12.5, 33_554_432),
    WorkerExited("w1", 101, T0 + 80 * MS, -9),
    JoinReturned("w1", 101, T0 + 90 * MS, False),
    WorkerExited("w2", None, T0 + 95 * MS, None),
]


def rows_of(text):
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_header_then_one_row_per_event_in_arrival_order():
    text = events_to_csv(record_of(EVENTS))
    reader = csv.reader(io.StringIO(text, newline=""))
    assert next(reader) == ["t", "kind", "worker", "pid", "text", "stream", "exitcode", "index", "count",
                            "seq", "rtt_ns", "alive", "cpu_percent", "rss_bytes",
                            # a watched script's fields, after every earlier column
                            "role", "parent", "parent_pid", "command", "call", "target", "target_pid", "seconds",
                            "lock", "channel", "queue", "task", "ok",
                            # a cluster run's fields, after those
                            "host", "address", "queued_s", "reason"]
    rows = rows_of(text)
    assert len(rows) == len(EVENTS)
    assert [r["kind"] for r in rows] == [e.kind for e in EVENTS]
    assert [r["t"] for r in rows] == ["0.005", "0.04", "0.041", "0.05", "0.06", "0.07", "0.08", "0.09", "0.095"]


def test_a_text_with_commas_quotes_and_newlines_round_trips():
    rows = rows_of(events_to_csv(record_of(EVENTS)))
    assert rows[2]["text"] == NASTY and rows[2]["stream"] == "stderr"


def test_cells_are_blank_where_a_field_does_not_apply_or_is_unknown():
    rows = rows_of(events_to_csv(record_of(EVENTS)))
    launch, message, round_trip, sample, killed, joined, unstarted = (rows[i] for i in (0, 3, 4, 5, 6, 7, 8))
    assert {k for k, v in launch.items() if v} == {"t", "kind", "worker", "pid"}
    assert (message["index"], message["count"], message["exitcode"], message["text"]) == ("3", "10", "", "")
    assert (round_trip["seq"], round_trip["rtt_ns"]) == ("1", "")  # no pong: unknown
    assert (sample["cpu_percent"], sample["rss_bytes"]) == ("12.5", "33554432")
    assert killed["exitcode"] == "-9" and joined["alive"] == "false"
    assert (unstarted["pid"], unstarted["exitcode"]) == ("", "")


def test_every_field_of_every_event_kind_has_a_column():
    kinds = [c for c in vars(events_module).values()
             if isinstance(c, type) and issubclass(c, Event) and c is not Event]
    fields = {f.name for kind in kinds for f in dataclasses.fields(kind)} - {"worker", "pid", "t_ns"}
    assert fields <= set(COLUMNS)


WATCHED = [
    ProcessSeen("MainProcess", 400, T0 + 1 * MS, "", None, "main", "python3 =evil.py"),
    ProcessSeen("Process-1", 401, T0 + 2 * MS, "MainProcess", 400, "process", ""),
    PipeSent("Process-1", 401, T0 + 3 * MS, "x.py:9 a→b", 7),
    PipeReceived("MainProcess", 400, T0 + 4 * MS, "x.py:9 a→b", 7),
    QueuePut("Process-1", 401, T0 + 5 * MS, "x.py:11"),
    NamedLockAcquired("Process-1", 401, T0 + 6 * MS, "x.py:4"),
    TaskEnded("Process-1", 401, T0 + 7 * MS, "-square", False),
    ProcessCall("MainProcess", 400, T0 + 8 * MS, "join", "Process-1", 401, 1.25),
]


def test_a_watched_scripts_events_fill_their_own_columns():
    rows = rows_of(events_to_csv(record_of(WATCHED)))
    filled = [{k: v for k, v in row.items() if v and k not in ("t", "kind", "worker", "pid")} for row in rows]
    assert filled == [
        {"role": "main", "command": "python3 =evil.py"},  # an = inside, not first: no quote
        {"role": "process", "parent": "MainProcess", "parent_pid": "400"},
        {"channel": "x.py:9 a→b", "seq": "7"},
        {"channel": "x.py:9 a→b", "seq": "7"},
        {"queue": "x.py:11"},
        {"lock": "x.py:4"},
        {"task": "'-square", "ok": "false"},  # a text cell that starts like a formula is quoted
        {"call": "join", "target": "Process-1", "target_pid": "401", "seconds": "1.25"},
    ]
    assert [row["kind"] for row in rows] == ["process", "process", "pipe_send", "pipe_recv", "queue_put",
                                             "named_lock_acquired", "task_end", "call"]


def test_an_empty_record_is_just_the_header():
    assert events_to_csv(RunRecord(T0)).splitlines() == [",".join(COLUMNS)]


def test_write_events_csv_writes_utf8_and_escapes_a_lone_surrogate(tmp_path):
    path = tmp_path / "events.csv"
    write_events_csv(path, record_of([*EVENTS, OutputLine("w1", 101, T0 + 99 * MS, "café \udc80")]))
    with open(path, encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert rows[2]["text"] == NASTY
    assert rows[-1]["text"] == "café \\udc80"
    assert path.read_bytes().split(b"\r\n")[0] == ",".join(COLUMNS).encode()
    assert [p.name for p in tmp_path.iterdir()] == ["events.csv"]
