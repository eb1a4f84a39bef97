"""Replay: a run ProcLab wrote, read back from its events file or trace.

One real run (default start method) feeds the round trips; the refusals
and the truncation sweep need no processes.
"""
from __future__ import annotations

import dataclasses
import json
import os
import random
import stat
from pathlib import Path

import pytest

import engine.files.replay
from engine import RunRecord, Session, WorkerSpec
from engine.files.event_log import event_to_json, events_to_jsonl, write_events_jsonl
from engine.files.experiment_file import save_experiment
from engine.files.replay import MAX_FILE_BYTES, TRACE_SCHEMA, Replay, ReplayError, load_run
from engine.lab.presets import seed_example
from engine.model.events import OutputLine, ResourceSample, RoundTrip, WorkerStarted
from tests.engine.recorder import Recorder
from tests.watched_records import watched_events, watched_record

SPECS = [
    WorkerSpec("sleepy1", 0.2),
    WorkerSpec("sleepy2", 0.3),
    WorkerSpec("locker", 0.2, "lock"),
    WorkerSpec("talker", 0.3, "messages", messages=5),
]


@dataclasses.dataclass(frozen=True)
class RealRun:
    events: list
    t0_ns: int
    names: list


@pytest.fixture(scope="module")
def real_run() -> RealRun:
    """Every event of one real run, ended and closed before any test starts."""
    recorder = Recorder()
    with Session(SPECS, recorder) as session:
        session.start()
        assert session.join(timeout=15) == []
        events = recorder.wait_for(lambda evs: [e.kind for e in evs].count("exit") == len(SPECS)
                                   and [e.kind for e in evs].count("join") == len(SPECS))
        names = session.names
    return RealRun(events, session.t0_ns, names)


def trace_text(events, t0_ns: int, indent: int | None = 1, proclab: dict | None = None) -> str:
    """A trace in the format engine.files.trace_export writes, built here by hand; ``proclab`` changes its part."""
    part = {"schema": TRACE_SCHEMA, "title": "ProcLab run", "events": [event_to_json(e, t0_ns) for e in events]}
    part.update(proclab or {})
    trace_events = [
        {"name": e.worker, "ph": "i", "ts": (e.t_ns - t0_ns) / 1e3, "pid": e.pid or 0, "tid": 0, "s": "t"}
        for e in events
    ]
    return json.dumps({"traceEvents": trace_events, "displayTimeUnit": "ms", "proclab": part},
                      indent=indent, ensure_ascii=False) + "\n"


def assert_same_events(read, written, t0_ns: int):
    """Equal dataclasses, once the times are counted from the run's start (to within 1 µs)."""
    assert len(read) == len(written)
    for got, want in zip(read, written):
        assert type(got) is type(want)
        assert abs(got.t_ns - (want.t_ns - t0_ns)) <= 1_000, (got, want)
        assert dataclasses.replace(got, t_ns=0) == dataclasses.replace(want, t_ns=0)


def live_record(run: RealRun) -> RunRecord:
    record = RunRecord.for_names(run.t0_ns, run.names)
    record.apply(run.events)
    return record


def close(got, want) -> bool:
    """Equal, floats to within 1 µs, however they are nested in lists and tuples."""
    if isinstance(want, (list, tuple)):
        return type(got) is type(want) and len(got) == len(want) and all(map(close, got, want))
    if isinstance(want, float) and not isinstance(got, bool):
        return isinstance(got, float) and abs(got - want) <= 1e-6
    return got == want


def assert_same_rows(replayed: RunRecord, live: RunRecord):
    assert list(replayed.workers) == list(live.workers)
    for name, want in live.workers.items():
        got = replayed.workers[name]
        assert (got.pid, got.exitcode, got.state, got.began, got.raised) == (
            want.pid, want.exitcode, want.state, want.began, want.raised
        )
        for attribute in ("launch_s", "start_s", "end_s", "exit_s", "round_trip_ms",
                          "lock_waits", "lock_holds", "messages", "joins"):
            assert close(getattr(got, attribute), getattr(want, attribute)), (name, attribute)
        assert got.messages_expected == want.messages_expected


# -- round trips ------------------------------------------------------------------

def test_a_real_run_reads_back_from_its_events_file(real_run, tmp_path):
    path = tmp_path / "run 1.jsonl"
    write_events_jsonl(path, real_run.events, real_run.t0_ns)
    replay = load_run(path)
    assert isinstance(replay, Replay)
    assert (replay.path, replay.title, replay.kind) == (path, "run 1.jsonl", "events")
    assert replay.record.t0_ns == 0
    assert_same_events(replay.record.events, real_run.events, real_run.t0_ns)
    assert {e.kind for e in replay.record.events} >= {
        "launch", "start", "output", "end", "exit", "join", "lock_wait", "lock_acquired", "lock_released",
        "message", "ping", "round_trip",
    }
    assert_same_rows(replay.record, live_record(real_run))
    assert {name: run.exitcode for name, run in replay.record.workers.items()} == dict.fromkeys(real_run.names, 0)


def test_rows_come_in_the_order_workers_first_appear(tmp_path, real_run):
    events = sorted(real_run.events, key=lambda e: e.worker != "talker")  # talker first
    path = tmp_path / "reordered.jsonl"
    write_events_jsonl(path, events, real_run.t0_ns)
    order = list(dict.fromkeys(e.worker for e in events))
    assert order[0] == "talker"
    assert list(load_run(path).record.workers) == order


@pytest.mark.parametrize("indent", [None, 1], ids=["one line", "indented"])
def test_a_real_run_reads_back_from_a_trace(real_run, tmp_path, indent):
    path = tmp_path / "run.trace.json"
    path.write_text(trace_text(real_run.events, real_run.t0_ns, indent), encoding="utf-8")
    replay = load_run(path)
    assert (replay.path, replay.title, replay.kind) == (path, "run.trace.json", "trace")
    assert_same_events(replay.record.events, real_run.events, real_run.t0_ns)
    assert_same_rows(replay.record, live_record(real_run))


def test_a_real_run_reads_back_from_the_trace_engine_trace_export_writes(real_run, tmp_path):
    from engine.files.trace_export import write_trace  # imported here: the file format is its contract

    path = tmp_path / "exported.json"
    write_trace(path, live_record(real_run), "two runs, later")
    replay = load_run(path)
    assert (replay.title, replay.kind) == ("exported.json", "trace")
    assert_same_events(replay.record.events, real_run.events, real_run.t0_ns)
    assert_same_rows(replay.record, live_record(real_run))


#: What a watched script's row holds beyond a worker's.
WATCH_ROW_FIELDS = ("role", "parent", "parent_pid", "command", "lock_names", "tasks", "pipe_marks", "queue_marks",
                    "calls")


@pytest.mark.parametrize("kind", ["events", "trace"])
def test_a_watched_scripts_run_replays_the_same_rows(tmp_path, kind):
    from engine.files.trace_export import write_trace

    live = watched_record()
    path = tmp_path / f"watched.{kind}"
    if kind == "events":
        write_events_jsonl(path, live.events, live.t0_ns)
    else:
        write_trace(path, live, "lesson")
    replay = load_run(path)
    assert replay.kind == kind
    assert replay.record.events == watched_events()  # t0 is 0 in both: the very same events
    assert_same_rows(replay.record, live)
    for name, want in live.workers.items():
        got = replay.record.workers[name]
        for attribute in WATCH_ROW_FIELDS:
            assert close(getattr(got, attribute), getattr(want, attribute)), (name, attribute)
    assert {run.role for run in replay.record.workers.values()} == {"main", "helper", "process", "pool"}
    assert sum(len(run.tasks) for run in replay.record.workers.values()) == 6


def test_a_byte_order_mark_and_crlf_line_ends_are_accepted(real_run, tmp_path):
    path = tmp_path / "edited.jsonl"
    text = events_to_jsonl(real_run.events, real_run.t0_ns).replace("\n", "\r\n")
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert_same_events(load_run(path).record.events, real_run.events, real_run.t0_ns)


def test_a_one_event_file_is_json_lines(tmp_path):
    path = tmp_path / "one.jsonl"
    write_events_jsonl(path, [OutputLine("w", 1, 5_000, "hi")], 0)
    replay = load_run(path)
    assert replay.kind == "events" and list(replay.record.workers) == ["w"]


# -- refusals -----------------------------------------------------------------------

def refused(path: Path, *phrases: str) -> str:
    """Loads ``path``, expecting a ReplayError that names the file and says each phrase."""
    with pytest.raises(ReplayError) as caught:
        load_run(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: "), message
    assert caught.value.path == path
    for phrase in phrases:
        assert phrase in message, message
    return message


def write(path: Path, content: str | bytes) -> Path:
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return path


def good_lines(real_run) -> list[str]:
    return events_to_jsonl(real_run.events, real_run.t0_ns).split("\n")[:-1]


def test_refuses_what_is_not_utf8(tmp_path):
    refused(write(tmp_path / "latin1.jsonl", "{\"kind\": \"output\", \"text\": \"caf\xe9\"}\n".encode("latin-1")),
            "is not UTF-8 text")
    refused(write(tmp_path / "binary.jsonl", bytes(range(256))), "is not UTF-8 text")


def test_refuses_a_file_cut_in_the_middle_of_a_character(tmp_path):
    refused(write(tmp_path / "cut.jsonl", "{\"kind\": \"output\", \"text\": \"名".encode("utf-8")[:-1]),
            "ends in the middle of a character: the file looks truncated")


@pytest.mark.parametrize("content", ["", "\n\n  \n"], ids=["empty", "blank"])
def test_refuses_an_empty_file(tmp_path, content):
    refused(write(tmp_path / "empty.jsonl", content), "is empty")


def test_refuses_a_trace_without_events(tmp_path):
    refused(write(tmp_path / "none.json", trace_text([], 0)), "holds no events")


def test_refuses_a_folder_and_a_missing_file(tmp_path):
    refused(tmp_path, "is a folder, not a run file")
    refused(tmp_path / "nowhere.jsonl", "cannot be read (No such file or directory)")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_refuses_a_fifo_without_blocking(tmp_path):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    refused(fifo, "is not a regular file")


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads a chmod 000 file anyway")
def test_refuses_an_unreadable_file(tmp_path, real_run):
    path = tmp_path / "locked.jsonl"
    write_events_jsonl(path, real_run.events, real_run.t0_ns)
    path.chmod(0)
    try:
        refused(path, "cannot be read (Permission denied)")
    finally:
        path.chmod(stat.S_IRUSR | stat.S_IWUSR)


def test_refuses_a_file_that_cannot_be_opened(tmp_path, monkeypatch, real_run):
    path = tmp_path / "locked.jsonl"
    write_events_jsonl(path, real_run.events, real_run.t0_ns)

    def fail(self, *args, **kwargs):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "open", fail)
    refused(path, "cannot be read (Permission denied)")


def test_the_size_limit_is_far_above_what_proclab_writes():
    # A 200 workers x 10,000 messages run writes a 201 MB events file and a 469 MB trace.
    assert MAX_FILE_BYTES >= 4 * 2**30


def test_refuses_a_file_larger_than_the_limit(tmp_path, monkeypatch, real_run):
    path = tmp_path / "huge.jsonl"
    write_events_jsonl(path, real_run.events, real_run.t0_ns)
    monkeypatch.setattr(engine.files.replay, "MAX_FILE_BYTES", path.stat().st_size - 1)
    refused(path, f"is larger than {path.stat().st_size - 1:,} bytes, the most ProcLab replays")


def test_refuses_a_file_that_grew_past_the_limit_after_stat(tmp_path, monkeypatch, real_run):
    path = tmp_path / "growing.jsonl"
    write_events_jsonl(path, real_run.events, real_run.t0_ns)
    limit = path.stat().st_size
    monkeypatch.setattr(engine.files.replay, "MAX_FILE_BYTES", limit)
    real_stat = Path.stat
    with path.open("ab") as stream:
        stream.write(b"\n" * 10)
    # stat() says it fits (as it did a moment ago); the bounded read finds more.
    monkeypatch.setattr(Path, "stat", lambda self, **kw: os.stat_result(
        (*real_stat(self, **kw)[:6], limit, *real_stat(self, **kw)[7:10])))
    refused(path, "is larger than")


def test_refuses_a_trace_proclab_did_not_write(tmp_path):
    foreign = {"traceEvents": [{"name": "x", "ph": "X", "ts": 0, "dur": 5, "pid": 1, "tid": 1}],
               "displayTimeUnit": "ms"}
    refused(write(tmp_path / "chrome.json", json.dumps(foreign)),
            "a trace ProcLab did not write: it has no proclab events")
    refused(write(tmp_path / "chrome-indented.json", json.dumps(foreign, indent=2)),
            "a trace ProcLab did not write: it has no proclab events")


def test_refuses_other_json(tmp_path):
    refused(write(tmp_path / "package.json", json.dumps({"name": "x", "version": "1"}, indent=2)),
            "is JSON, but not a run ProcLab wrote")
    refused(write(tmp_path / "list.json", "[1, 2, 3]\n"), "is not a trace or events file ProcLab wrote")
    refused(write(tmp_path / "events.csv", "kind,worker,pid,t\nstart,w,1,0.5\n"),
            "is not a trace or events file ProcLab wrote")


@pytest.mark.parametrize(
    "proclab, phrase",
    [
        ({"schema": "proclab.trace/2"}, "proclab.schema: is proclab.trace/2, newer than this ProcLab understands"),
        ({"schema": "chrome/1"}, "proclab.schema: must be 'proclab.trace/1', not 'chrome/1'"),
        ({"schema": 1}, "proclab.schema: must be 'proclab.trace/1', not number"),
        ({"events": {}}, "proclab.events: must be a list of events"),
        ({"title": 5}, "proclab.title: must be text"),
        ({"colour": "red"}, "proclab.colour: unknown key"),
    ],
)
def test_refuses_a_wrong_proclab_part(tmp_path, real_run, proclab, phrase):
    refused(write(tmp_path / "trace.json", trace_text(real_run.events, real_run.t0_ns, proclab=proclab)), phrase)


@pytest.mark.parametrize(
    "change, phrase",
    [
        (lambda data: data["proclab"].pop("schema"), "proclab.schema: is missing"),
        (lambda data: data["proclab"].pop("events"), "proclab.events: is missing"),
        (lambda data: data.update(proclab=[]), "proclab: must be an object with schema and events"),
        (lambda data: data["proclab"]["events"].__setitem__(
            3, {"kind": "exit", "worker": "w", "pid": 1, "t": 0.5, "exitcode": "x"}),
         "proclab.events[3]: exitcode: must be a whole number or null, not text"),
        (lambda data: data["proclab"]["events"][1].update(t=float("nan")),
         "proclab.events[1]: t: must be a finite number, not NaN"),
        (lambda data: data["proclab"]["events"][2].update(t=float("inf")),
         "proclab.events[2]: t: must be a finite number, not Infinity"),
    ],
)
def test_refuses_a_trace_with_a_wrong_value(tmp_path, real_run, change, phrase):
    data = json.loads(trace_text(real_run.events, real_run.t0_ns))
    change(data)
    refused(write(tmp_path / "trace.json", json.dumps(data)), phrase)


def test_refuses_a_repeated_key_in_a_trace(tmp_path, real_run):
    text = trace_text(real_run.events, real_run.t0_ns, indent=None)
    text = text.replace('"schema": ', '"schema": "proclab.trace/1", "schema": ', 1)
    refused(write(tmp_path / "trace.json", text), "proclab.schema: appears more than once")


def test_refuses_an_events_file_cut_in_the_middle_of_its_last_line(tmp_path, real_run):
    text = events_to_jsonl(real_run.events, real_run.t0_ns)
    count = text.count("\n")
    refused(write(tmp_path / "cut.jsonl", text[:-10]), f"line {count} is incomplete: the file looks truncated")
    refused(write(tmp_path / "cut-at-newline.jsonl", text[:-1]),
            f"line {count} is incomplete: the file looks truncated")


def test_refuses_a_trace_cut_short(tmp_path, real_run):
    text = trace_text(real_run.events, real_run.t0_ns)
    for indent in (None, 1):
        text = trace_text(real_run.events, real_run.t0_ns, indent)
        refused(write(tmp_path / "cut.json", text[: len(text) // 2]),
                "not complete JSON: the file looks truncated or damaged")


def test_refuses_foreign_json_lines(tmp_path):
    lines = '{"level": "info", "msg": "hello"}\n{"level": "warn", "msg": "bye"}\n'
    refused(write(tmp_path / "app.log.jsonl", lines), "line 1: not a ProcLab event (no kind)")
    refused(write(tmp_path / "one.log.jsonl", lines.split("\n")[0] + "\n"), "line 1: not a ProcLab event (no kind)")
    refused(write(tmp_path / "text.log", "hello\nworld\n"), "is not a trace or events file ProcLab wrote")
    refused(write(tmp_path / "half.jsonl", '{"kind": "end", "worker": "w", "pid": 1, "t": 0.5}\nhello\n'),
            "line 2: not valid JSON at column 1")


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity"])
def test_refuses_nan_and_infinity(tmp_path, real_run, literal):
    lines = good_lines(real_run)
    data = json.loads(lines[4])
    data["t"] = "@t@"
    lines[4] = json.dumps(data).replace('"@t@"', literal)
    refused(write(tmp_path / "nan.jsonl", "\n".join(lines) + "\n"),
            f"line 5: t: must be a finite number, not {literal}")


@pytest.mark.parametrize(
    "change, phrase",
    [
        (lambda data: [data.pop(key) for key in list(data) if key not in ("worker", "pid", "t")]
         and data.update(kind="exit", exitcode="0"),
         "exitcode: must be a whole number or null, not text"),
        (lambda data: data.update(kind="teleport"), "kind: 'teleport' is not an event ProcLab writes"),
        (lambda data: data.pop("worker"), "worker: is missing"),
        (lambda data: data.update(extra=1), "extra: unknown key"),
        (lambda data: data.update(pid=True), "pid: must be a whole number or null, not boolean"),
    ],
)
def test_refuses_an_event_with_a_wrong_field_and_names_its_line(tmp_path, real_run, change, phrase):
    lines = good_lines(real_run)
    data = json.loads(lines[6])
    change(data)
    lines[6] = json.dumps(data)
    refused(write(tmp_path / "bad.jsonl", "\n".join(lines) + "\n"), f"line 7: {phrase}")


def three_events() -> list:
    return [WorkerStarted("w", 7, 1_000_000), RoundTrip("w", 7, 2_000_000, 1, 80_000),
            ResourceSample("w", 7, 3_000_000, 5.0, 20_000_000), OutputLine("w", 7, 4_000_000, "hi", "stdout")]


#: (kind of the event changed, field, value, what the refusal says): values ProcLab never writes.
NEVER_WRITTEN = [
    ("round_trip", "rtt_ns", 10**400, "rtt_ns: must be a whole number from 0 to"),
    ("resources", "rss_bytes", 10**400, "rss_bytes: must be a whole number from 0 to"),
    ("resources", "rss_bytes", -1, "rss_bytes: must be a whole number from 0 to"),
    ("start", "worker", "", "worker: must not be empty"),
    ("start", "worker", "two\nlines", "worker: must contain only printable characters"),
    ("start", "worker", "nul\x00", "worker: must contain only printable characters"),
    ("start", "pid", -1, "pid: must be a whole number from 1 to"),
    ("output", "stream", "stdin", "stream: must be 'stdout' or 'stderr', not 'stdin'"),
]


@pytest.mark.parametrize("kind, field, value, phrase", NEVER_WRITTEN)
def test_refuses_a_value_proclab_never_writes_naming_the_line_and_field(tmp_path, kind, field, value, phrase):
    events = three_events()
    lines = events_to_jsonl(events, 0).split("\n")[:-1]
    number = next(i for i, e in enumerate(events) if e.kind == kind)
    data = json.loads(lines[number])
    data[field] = value
    lines[number] = json.dumps(data)
    refused(write(tmp_path / "bad.jsonl", "\n".join(lines) + "\n"), f"line {number + 1}: {phrase}")


@pytest.mark.parametrize("kind, field, value, phrase", NEVER_WRITTEN)
def test_refuses_a_value_proclab_never_writes_in_a_trace_naming_the_event(tmp_path, kind, field, value, phrase):
    events = three_events()
    data = json.loads(trace_text(events, 0))
    index = next(i for i, e in enumerate(events) if e.kind == kind)
    data["proclab"]["events"][index][field] = value
    refused(write(tmp_path / "bad.trace.json", json.dumps(data)), f"proclab.events[{index}]: {phrase}")


def test_refuses_an_experiment_file_and_says_where_to_open_it(tmp_path):
    path = tmp_path / "seed.json"
    save_experiment(path, seed_example())
    refused(path, "is an experiment file", "Open experiment")
    compact = write(tmp_path / "compact.json", json.dumps({"schema_version": 2, "workers": []}))
    refused(compact, "is an experiment file", "Open experiment")


# -- never half a run -----------------------------------------------------------------

def truncation_offsets(raw: bytes, seed: int, count: int = 30) -> list[int]:
    """``count`` places to cut ``raw``: line ends, just before them, inside characters, anywhere."""
    rng = random.Random(seed)
    line_ends = [i + 1 for i, byte in enumerate(raw) if byte == 0x0A][:-1]
    inside_characters = [i for i, byte in enumerate(raw) if 0x80 <= byte < 0xC0]
    chosen = {0, len(raw) - 1}
    chosen.update(rng.sample(line_ends, min(6, len(line_ends))))
    chosen.update(end - 1 for end in rng.sample(line_ends, min(4, len(line_ends))))
    chosen.update(rng.sample(inside_characters, min(4, len(inside_characters))))
    while len(chosen) < count:
        chosen.add(rng.randrange(len(raw)))
    return sorted(chosen)


@pytest.fixture
def events_with_text(real_run) -> list:
    """The real run, with a line of printed text that has multi-byte characters."""
    extra = OutputLine(real_run.events[0].worker, real_run.events[0].pid, real_run.events[3].t_ns, "名前 ✓ 🙂 é")
    return [*real_run.events[:4], extra, *real_run.events[4:]]


def test_a_truncated_events_file_gives_whole_lines_or_an_error(tmp_path, real_run, events_with_text):
    raw = events_to_jsonl(events_with_text, real_run.t0_ns).encode("utf-8")
    offsets = truncation_offsets(raw, seed=1)
    assert len(offsets) == 30
    outcomes = []
    for offset in offsets:
        path = write(tmp_path / f"cut{offset}.jsonl", raw[:offset])
        if offset > 0 and raw[offset - 1] == 0x0A:  # on a line boundary: the lines before it
            replay = load_run(path)
            count = raw[:offset].count(b"\n")
            assert_same_events(replay.record.events, events_with_text[:count], real_run.t0_ns)
            outcomes.append("record")
        else:
            with pytest.raises(ReplayError) as caught:
                load_run(path)
            assert str(caught.value).startswith(f"{path}: ")
            outcomes.append("refused")
    assert "record" in outcomes and "refused" in outcomes


@pytest.mark.parametrize("indent", [None, 1], ids=["one line", "indented"])
def test_a_truncated_trace_is_always_refused(tmp_path, real_run, events_with_text, indent):
    raw = trace_text(events_with_text, real_run.t0_ns, indent).encode("utf-8")
    offsets = truncation_offsets(raw, seed=2)
    assert len(offsets) == 30
    for offset in offsets:
        path = write(tmp_path / f"cut{offset}.json", raw[:offset])
        if raw[:offset].strip() == raw.strip():  # only the final newline is gone: nothing is missing
            assert load_run(path).kind == "trace"
            continue
        with pytest.raises(ReplayError) as caught:
            load_run(path)
        assert str(caught.value).startswith(f"{path}: ")
