"""Events as JSON Lines. No processes."""
from __future__ import annotations

import errno
import json
import os

import pytest

import engine.files.atomic_write
import engine.model.events
from engine.files.event_log import (
    EVENT_CLASSES,
    event_from_json,
    event_to_json,
    events_to_jsonl,
    object_pairs_hook,
    read_events_jsonl,
    write_events_jsonl,
)
from engine.model.events import (
    Event,
    JoinReturned,
    LockAbandoned,
    LockAcquired,
    LockRecovered,
    LockReleased,
    LockWaiting,
    MessageSent,
    NamedLockAcquired,
    NamedLockReleased,
    NamedLockWaiting,
    OutputLine,
    PingReceived,
    PipeReceived,
    PipeSent,
    ProcessCall,
    ProcessSeen,
    QueueGot,
    QueuePut,
    ResourceSample,
    RoundTrip,
    TaskBegan,
    TaskEnded,
    WorkerEnded,
    WorkerExited,
    WorkerLaunched,
    WorkerLost,
    WorkerPlaced,
    WorkerStarted,
)

T0 = 7_000_000_000
MS = 1_000_000

EVENTS = [
    WorkerLaunched("w1", 101, T0 + 5 * MS),
    WorkerStarted("w1", 101, T0 + 40 * MS),
    OutputLine("w1", 101, T0 + 41 * MS, "work w1 start", "stdout"),
    OutputLine("w1", 101, T0 + 42 * MS, 'oops: "quoted" \\ back\tslash', "stderr"),
    WorkerEnded("w1", 101, T0 + 2040 * MS),
    WorkerExited("w1", 101, T0 + 2050 * MS, 0),
    WorkerExited("w2", 102, T0 + 3000 * MS, -9),
    WorkerExited("w3", None, T0 + 3001 * MS, None),
]


def read_lines(path):
    """Every line of the file as JSON, split the way JSON Lines says: on \\n only."""
    raw = path.read_bytes()
    assert raw.endswith(b"\n")
    return [json.loads(line) for line in raw.decode("utf-8").split("\n")[:-1]]


def test_every_line_is_an_event_object(tmp_path):
    path = tmp_path / "events.jsonl"
    write_events_jsonl(path, EVENTS, T0)
    records = read_lines(path)
    assert len(records) == len(EVENTS)
    for record, event in zip(records, EVENTS):
        assert record["kind"] == event.kind
        assert record["worker"] == event.worker
        assert record["pid"] == event.pid
        assert record["t"] == pytest.approx((event.t_ns - T0) / 1e9)


def test_kinds_and_times_in_seconds_since_t0(tmp_path):
    records = [json.loads(line) for line in events_to_jsonl(EVENTS, T0).splitlines()]
    assert [r["kind"] for r in records] == ["launch", "start", "output", "output", "end", "exit", "exit", "exit"]
    assert [r["t"] for r in records] == pytest.approx([0.005, 0.040, 0.041, 0.042, 2.040, 2.050, 3.000, 3.001])


def test_exits_carry_their_exitcode_even_when_unknown():
    records = [json.loads(line) for line in events_to_jsonl(EVENTS, T0).splitlines()]
    exits = [r for r in records if r["kind"] == "exit"]
    assert [r["exitcode"] for r in exits] == [0, -9, None]
    assert all("exitcode" not in r for r in records if r["kind"] != "exit")


def test_output_carries_text_and_stream():
    record = json.loads(events_to_jsonl(EVENTS[3:4], T0))
    assert record == {
        "kind": "output", "worker": "w1", "pid": 101, "t": pytest.approx(0.042),
        "text": 'oops: "quoted" \\ back\tslash', "stream": "stderr",
    }


def test_event_to_json_has_no_raw_timestamp():
    record = event_to_json(WorkerStarted("w", 1, T0 + MS), T0)
    assert set(record) == {"kind", "worker", "pid", "t"}
    assert record["t"] == pytest.approx(0.001)


@pytest.mark.parametrize(
    "text",
    ["line\nbreak", "cr\rhere", "nel\x85", "ls\u2028ps\u2029", "lone \udcff surrogate", "\ud800", "é ✓ 名前 🙂", "", "\x00"],  # noqa: E501 (test data, one case per item)
)
def test_any_printed_text_stays_on_one_line_and_reads_back(tmp_path, text):
    path = tmp_path / "events.jsonl"
    events = [OutputLine("w", 1, T0, text), WorkerExited("w", 1, T0 + MS, 0)]
    write_events_jsonl(path, events, T0)
    # One event per line however the file is split, and it is valid UTF-8.
    assert len(path.read_text(encoding="utf-8").splitlines()) == 2
    records = read_lines(path)
    assert records[0]["text"] == text
    assert records[1]["exitcode"] == 0


def test_non_ascii_text_is_written_as_utf8_not_escaped(tmp_path):
    path = tmp_path / "events.jsonl"
    write_events_jsonl(path, [OutputLine("wörker", 1, T0, "名前")], T0)
    assert "wörker".encode() in path.read_bytes() and "名前".encode() in path.read_bytes()


def test_no_events_is_an_empty_file(tmp_path):
    path = tmp_path / "events.jsonl"
    write_events_jsonl(path, [], T0)
    assert path.read_bytes() == b""


def test_a_failed_write_keeps_the_old_log(tmp_path, monkeypatch):
    path = tmp_path / "events.jsonl"
    write_events_jsonl(path, EVENTS[:2], T0)
    before = path.read_bytes()

    def fail(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(engine.files.atomic_write.os, "replace", fail)
    with pytest.raises(OSError):
        write_events_jsonl(path, EVENTS, T0)
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["events.jsonl"]


# -- reading back -------------------------------------------------------------

#: One event of every class, with values that are easy to get wrong.
EVERY_KIND = [
    WorkerLaunched("w1", 101, T0 + 5 * MS),
    WorkerStarted("w1", 101, T0 + 40 * MS + 1),
    OutputLine("w1", 101, T0 + 41 * MS, "名前 ✓ \udcff\u2028 \"q\"", "stderr"),
    WorkerEnded("w1", 101, T0 + 2040 * MS),
    WorkerExited("w1", 101, T0 + 2050 * MS, -9),
    LockWaiting("w2", 102, T0 + 7),
    LockAcquired("w2", 102, T0 + 3_600 * 10**9 + 123_456_789),  # an hour in, to the nanosecond
    LockReleased("w2", 102, T0 + 3_601 * 10**9),
    LockAbandoned("w3", None, T0 + 10**9, None),
    LockRecovered("w3", None, T0 + 2 * 10**9),
    MessageSent("talker", 7, T0 + 3 * MS, 3, 20),
    PingReceived("talker", 7, T0 + 4 * MS, 1),
    RoundTrip("talker", 7, T0 + 5 * MS, 1, None),
    JoinReturned("w1", 101, T0 + 6 * MS, True),
    ResourceSample("w1", 101, T0 + 8 * MS, 12.5, 34_000_000),
    WorkerLaunched("early", 1, T0 - 2 * MS),  # before t0: a negative t
    # A watched script's processes.
    ProcessSeen("MainProcess", 4000, T0 + 1 * MS, "", None, "main", "python3 lesson.py --fast"),
    ProcessSeen("Process-1", 4001, T0 + 9 * MS, "MainProcess", 4000, "process", ""),
    ProcessSeen("名前 ✓", 2**32 - 1, T0 + 9 * MS, "Process-1", 1, "helper", "-c 'from x import y'\n"),
    ProcessCall("MainProcess", 4000, T0 + 10 * MS, "join", "Process-1", 4001, 2.5),
    ProcessCall("MainProcess", 4000, T0 + 11 * MS, "terminate", "Process-1", None, None),
    ProcessCall("MainProcess", 4000, T0 + 12 * MS, "kill", "", None, 0.0),
    NamedLockWaiting("Process-1", 4001, T0 + 13 * MS, "lesson.py:12"),
    NamedLockAcquired("Process-1", 4001, T0 + 14 * MS, "lesson.py:12"),
    NamedLockReleased("Process-1", 4001, T0 + 15 * MS, ""),
    PipeSent("Process-1", 4001, T0 + 16 * MS, "lesson.py:20 a→b", 0),
    PipeReceived("MainProcess", 4000, T0 + 17 * MS, "lesson.py:20 a→b", 2**63 - 1),
    QueuePut("Process-1", 4001, T0 + 18 * MS, "lesson.py:30"),
    QueueGot("MainProcess", 4000, T0 + 19 * MS, "q \"1\""),
    TaskBegan("ForkPoolWorker-1", 4002, T0 + 20 * MS, "square"),
    TaskEnded("ForkPoolWorker-1", 4002, T0 + 21 * MS, "square", False),
    # A cluster run's placements and losses.
    WorkerPlaced("w1", None, T0 + 22 * MS, "node-7", "tcp://10.0.0.7:40123", 0.125),
    WorkerLost("w2", 102, T0 + 23 * MS, "its Dask worker tcp://10.0.0.7:40123 on node-7 left the cluster"),
]


def test_every_event_class_is_readable_by_its_kind():
    classes = {cls for cls in vars(engine.model.events).values()
               if isinstance(cls, type) and issubclass(cls, Event) and cls is not Event}
    assert set(EVENT_CLASSES.values()) == classes
    assert {kind: cls.kind for kind, cls in EVENT_CLASSES.items()} == {cls.kind: cls.kind for cls in classes}
    assert {type(e) for e in EVERY_KIND} == classes


@pytest.mark.parametrize("event", EVERY_KIND, ids=lambda e: e.kind)
def test_event_from_json_inverts_event_to_json(event):
    assert event_from_json(event_to_json(event, T0), T0) == event
    # Through JSON text too: the float of seconds survives, to the nanosecond.
    assert event_from_json(json.loads(json.dumps(event_to_json(event, T0))), T0) == event
    # Read with another time zero: the same instant, counted from there.
    assert event_from_json(event_to_json(event, T0)).t_ns == event.t_ns - T0


def test_read_events_jsonl_inverts_events_to_jsonl():
    assert read_events_jsonl(events_to_jsonl(EVERY_KIND, T0), T0) == EVERY_KIND
    assert read_events_jsonl("") == []
    assert read_events_jsonl("\n" + events_to_jsonl(EVERY_KIND[:2], 0) + "\n  \n") == EVERY_KIND[:2]


def test_a_whole_number_in_a_float_field_reads_as_a_float():
    data = event_to_json(ResourceSample("w", 1, T0, 3.0, 5), T0)
    data["cpu_percent"] = 3
    event = event_from_json(data, T0)
    assert event.cpu_percent == 3.0 and isinstance(event.cpu_percent, float)


def seen_json():
    return event_to_json(ProcessSeen("Process-1", 4001, T0, "MainProcess", 4000, "process", "python3 x.py"), T0)


def call_json():
    return event_to_json(ProcessCall("MainProcess", 4000, T0, "join", "Process-1", 4001, 1.5), T0)


def exit_json(**changes):
    data = event_to_json(WorkerExited("w1", 101, T0 + MS, 0), T0)
    data.update(changes)
    return data


@pytest.mark.parametrize(
    "data, message",
    [
        (exit_json(exitcode="0"), "exitcode: must be a whole number or null, not text"),
        (exit_json(exitcode=True), "exitcode: must be a whole number or null, not boolean"),
        (exit_json(exitcode=1.0), "exitcode: must be a whole number or null, not 1.0"),
        (exit_json(pid=[1]), "pid: must be a whole number or null, not list"),
        (exit_json(worker=None), "worker: must be text, not null"),
        (exit_json(worker=3), "worker: must be text, not number"),
        (exit_json(t="0.001"), "t: must be a number, not text"),
        (exit_json(t=None), "t: must be a number, not null"),
        (exit_json(t=False), "t: must be a number, not boolean"),
        (exit_json(t=float("nan")), "t: must be a finite number, not NaN"),
        (exit_json(t=float("inf")), "t: must be a finite number, not Infinity"),
        (exit_json(t=-float("inf")), "t: must be a finite number, not -Infinity"),
        (exit_json(t=10**400), "t: must be a finite number, not a number that large"),
        (exit_json(t=1e300), "t: must be within 1,000,000,000 seconds of the run's start, not 1e+300"),
        (exit_json(kind="explode"), "kind: 'explode' is not an event ProcLab writes"),
        (exit_json(kind=7), "kind: must be text, not number"),
        (exit_json(colour="red"), "colour: unknown key for a exit event"),
        ({k: v for k, v in exit_json().items() if k != "exitcode"}, "exitcode: is missing"),
        ({k: v for k, v in exit_json().items() if k != "t"}, "t: is missing"),
        ({k: v for k, v in exit_json().items() if k != "kind"}, "not a ProcLab event (no kind)"),
        (["exit"], "not a ProcLab event (list, not an object)"),
        (dict(event_to_json(JoinReturned("w", 1, T0, False), T0), alive=0), "alive: must be true or false, not number"),
        (dict(event_to_json(MessageSent("w", 1, T0, 1, 2), T0), index=2.5), "index: must be a whole number, not 2.5"),
        (dict(event_to_json(ResourceSample("w", 1, T0, 1.0, 2), T0), cpu_percent=float("nan")),
         "cpu_percent: must be a finite number, not NaN"),
        (dict(event_to_json(ResourceSample("w", 1, T0, 1.0, 2), T0), cpu_percent=-10**400),
         "cpu_percent: must be a finite number, not a number that large"),
        (dict(event_to_json(OutputLine("w", 1, T0, "x"), T0), text=None), "text: must be text, not null"),
        # Values of the right type that ProcLab never writes.
        (exit_json(worker=""), "worker: must not be empty"),
        (exit_json(worker="a\nb"), "worker: must contain only printable characters, not '\\n'"),
        (exit_json(worker="a\x00b"), "worker: must contain only printable characters, not '\\x00'"),
        (exit_json(worker=" w1"), "worker: must not start or end with a space"),
        (exit_json(worker="w" * 257), "worker: must be at most 256 characters (has 257)"),
        (exit_json(pid=-1), "pid: must be a whole number from 1 to 4,294,967,295 or null, not -1"),
        (exit_json(pid=0), "pid: must be a whole number from 1 to 4,294,967,295 or null, not 0"),
        (exit_json(exitcode=10**400),
         "exitcode: must be a whole number from -2,147,483,648 to 4,294,967,295 or null, not a number of 401 digits"),
        (dict(event_to_json(OutputLine("w", 1, T0, "x"), T0), stream="stdin"),
         "stream: must be 'stdout' or 'stderr', not 'stdin'"),
        (dict(event_to_json(RoundTrip("w", 1, T0, 1, 5), T0), rtt_ns=10**400),
         "rtt_ns: must be a whole number from 0 to 9,223,372,036,854,775,807 or null, not a number of 401 digits"),
        (dict(event_to_json(RoundTrip("w", 1, T0, 1, 5), T0), rtt_ns=-5),
         "rtt_ns: must be a whole number from 0 to 9,223,372,036,854,775,807 or null, not -5"),
        (dict(event_to_json(ResourceSample("w", 1, T0, 1.0, 2), T0), rss_bytes=10**400),
         "rss_bytes: must be a whole number from 0 to 9,223,372,036,854,775,807, not a number of 401 digits"),
        (dict(event_to_json(ResourceSample("w", 1, T0, 1.0, 2), T0), cpu_percent=-1.5),
         "cpu_percent: must be a finite number, 0 or more, not -1.5"),
        (dict(event_to_json(MessageSent("w", 1, T0, 1, 2), T0), count=2**63),
         "count: must be a whole number from 0 to 9,223,372,036,854,775,807, not 9223372036854775808"),
        # A watched script's events.
        (dict(seen_json(), role="thread"),
         "role: must be 'main', 'process', 'pool', 'fork', 'subprocess' or 'helper', not 'thread'"),
        (dict(seen_json(), role=None), "role: must be text, not null"),
        (dict(seen_json(), parent="a\nb"), "parent: must contain only printable characters, not '\\n'"),
        (dict(seen_json(), parent=" main"), "parent: must not start or end with a space"),
        (dict(seen_json(), parent_pid=0),
         "parent_pid: must be a whole number from 1 to 4,294,967,295 or null, not 0"),
        (dict(seen_json(), command=3), "command: must be text, not number"),
        (dict(call_json(), call="wait"), "call: must be 'join', 'terminate' or 'kill', not 'wait'"),
        (dict(call_json(), target="x" * 257), "target: must be at most 256 characters (has 257)"),
        (dict(call_json(), target_pid=-4),
         "target_pid: must be a whole number from 1 to 4,294,967,295 or null, not -4"),
        (dict(call_json(), seconds=-0.5), "seconds: must be a finite number, 0 or more, not -0.5"),
        (dict(call_json(), seconds="1"), "seconds: must be a number or null, not text"),
        (dict(event_to_json(PipeSent("w", 1, T0, "c", 1), T0), seq=-1),
         "seq: must be a whole number from 0 to 9,223,372,036,854,775,807, not -1"),
        (dict(event_to_json(PipeReceived("w", 1, T0, "c", 1), T0), channel=None), "channel: must be text, not null"),
        (dict(event_to_json(NamedLockAcquired("w", 1, T0, "l"), T0), lock=1), "lock: must be text, not number"),
        (dict(event_to_json(QueuePut("w", 1, T0, "q"), T0), queue=[]), "queue: must be text, not list"),
        (dict(event_to_json(TaskEnded("w", 1, T0, "f", True), T0), ok=1), "ok: must be true or false, not number"),
        ({k: v for k, v in event_to_json(TaskBegan("w", 1, T0, "f"), T0).items() if k != "task"}, "task: is missing"),
        (dict(event_to_json(QueueGot("w", 1, T0, "q"), T0), kind="queue_put", extra=1),
         "extra: unknown key for a queue_put event"),
    ],
)
def test_event_from_json_names_what_is_wrong(data, message):
    with pytest.raises(ValueError) as caught:
        event_from_json(data, T0)
    assert str(caught.value) == message


def test_a_repeated_key_is_refused_not_silently_dropped():
    line = '{"kind": "exit", "worker": "w", "pid": 1, "t": 1.0, "exitcode": 0, "exitcode": "x"}'
    with pytest.raises(ValueError, match="^exitcode: appears more than once$"):
        event_from_json(json.loads(line, object_pairs_hook=object_pairs_hook))


def test_read_events_jsonl_names_the_line():
    lines = events_to_jsonl(EVENTS, T0).split("\n")
    lines[6] = lines[6].replace('"exitcode": -9', '"exitcode": "-9"')
    with pytest.raises(ValueError) as caught:
        read_events_jsonl("\n".join(lines))
    assert str(caught.value) == "line 7: exitcode: must be a whole number or null, not text"


@pytest.mark.parametrize(
    "text, message",
    [
        ('{"kind": "end", "worker": "w", "pid": 1, "t": 0.5}\n{"kind": "end",\n',
         "line 2: not valid JSON at column 16 (Expecting property name"),
        ('{"kind": "end", "worker": "w", "pid": 1, "t": NaN}\n', "line 1: t: must be a finite number, not NaN"),
        ('{"kind": "end", "worker": "w", "pid": 1, "t": 0.5}\n[1, 2]\n', "line 2: not a ProcLab event (list, not"),
        ('{"level": "info", "msg": "hello"}\n', "line 1: not a ProcLab event (no kind)"),
        ('{"kind": "end", "worker": "w", "pid": 1, "t": 0.5}\n{"kind": "end", "wor',
         "line 2 is incomplete: the file looks truncated"),
        # Complete JSON, but ProcLab ends every line with \n: this one was cut just before it.
        ('{"kind": "end", "worker": "w", "pid": 1, "t": 0.5}', "line 1 is incomplete: the file looks truncated"),
        ("[" * 100_000 + "\n", "line 1: not valid JSON"),
    ],
)
def test_read_events_jsonl_refusals(text, message):
    with pytest.raises(ValueError) as caught:
        read_events_jsonl(text)
    assert str(caught.value).startswith(message)
