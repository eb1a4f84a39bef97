"""Replay reads a file a chunk at a time: progress, cancel, bounded reads, any chunk boundary.

Small hand-made runs; the chunk size is made small so that a few kilobytes
cross many chunk boundaries. The large run is in bench/replay_large.py.
"""
from __future__ import annotations

import dataclasses
import json
import threading
from pathlib import Path

import pytest

import engine.files.replay
import engine.files.text_chunks
from engine import RunRecord
from engine.files.event_log import event_to_json, events_to_jsonl, write_events_jsonl
from engine.files.replay import ReplayCancelled, ReplayError, load_run
from engine.files.trace_export import record_to_trace, write_trace
from engine.model.events import (
    LockAcquired,
    LockReleased,
    LockWaiting,
    MessageSent,
    OutputLine,
    ResourceSample,
    RoundTrip,
    WorkerEnded,
    WorkerExited,
    WorkerLaunched,
    WorkerStarted,
)

MS = 1_000_000


def many_events(workers: int = 4, messages: int = 30) -> list:
    """A run with every common kind of event and text of 1 to 4 bytes a character."""
    events = []
    for w in range(workers):
        name, pid = f"wörker{w}", 100 + w
        events += [WorkerLaunched(name, None, (w + 1) * MS), WorkerStarted(name, pid, (w + 10) * MS),
                   OutputLine(name, pid, (w + 11) * MS, f"名前 ✓ 🙂 line {w}", "stdout")]
    for n in range(messages):
        for w in range(workers):
            events.append(MessageSent(f"wörker{w}", 100 + w, (50 + n) * MS + w, n + 1, messages))
    events += [LockWaiting("wörker0", 100, 90 * MS), LockAcquired("wörker0", 100, 91 * MS),
               LockReleased("wörker0", 100, 92 * MS), RoundTrip("wörker1", 101, 93 * MS, 1, 80_000),
               ResourceSample("wörker2", 102, 94 * MS, 12.5, 20_000_000)]
    for w in range(workers):
        events += [WorkerEnded(f"wörker{w}", 100 + w, (100 + w) * MS), WorkerExited(f"wörker{w}", 100 + w,
                                                                                (101 + w) * MS, 0)]
    return events


def record_of(events) -> RunRecord:
    record = RunRecord(0)
    record.apply(events)
    return record


def same_events(got: list, want: list) -> bool:
    return [dataclasses.replace(e, t_ns=round(e.t_ns / 1000)) for e in got] == [
        dataclasses.replace(e, t_ns=round(e.t_ns / 1000)) for e in want]


@pytest.fixture
def files(tmp_path) -> dict[str, Path]:
    """The run as an events file, a trace as written now, and a trace as written before (one line, tids from 1)."""
    events = many_events()
    paths = {"events": tmp_path / "run.jsonl", "trace": tmp_path / "run.trace.json",
             "one-line trace": tmp_path / "old.trace.json", "indented trace": tmp_path / "indented.trace.json"}
    write_events_jsonl(paths["events"], events, 0)
    write_trace(paths["trace"], record_of(events), "streamed")
    old = record_to_trace(record_of(events), "streamed")
    for event in old["traceEvents"]:
        event["tid"] -= 1
    paths["one-line trace"].write_text(json.dumps(old, separators=(",", ":"), ensure_ascii=False), encoding="utf-8")
    paths["indented trace"].write_text(json.dumps(old, indent=2, ensure_ascii=False), encoding="utf-8")
    return paths


KINDS = ["events", "trace", "one-line trace", "indented trace"]


@pytest.mark.parametrize("chunk", [1, 2, 3, 7, 64, 4096])
@pytest.mark.parametrize("kind", KINDS)
def test_any_chunk_size_reads_the_same_run(files, monkeypatch, kind, chunk):
    monkeypatch.setattr(engine.files.text_chunks, "CHUNK_BYTES", chunk)
    replay = load_run(files[kind])
    assert replay.kind == ("events" if kind == "events" else "trace")
    assert same_events(replay.record.events, many_events())


class SpyStream:
    """A binary file that notes how much each read asked for."""

    def __init__(self, stream, sizes: list):
        self._stream, self._sizes = stream, sizes

    def read(self, size=-1):
        self._sizes.append(size)
        return self._stream.read(size)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._stream.close()


@pytest.mark.parametrize("kind", KINDS)
def test_the_file_is_read_a_chunk_at_a_time_never_whole(files, monkeypatch, kind):
    monkeypatch.setattr(engine.files.text_chunks, "CHUNK_BYTES", 512)
    sizes = []
    real_open = Path.open
    monkeypatch.setattr(Path, "open", lambda self, *a, **k: SpyStream(real_open(self, *a, **k), sizes))
    load_run(files[kind])
    assert files[kind].stat().st_size > 8 * 512
    assert len(sizes) > 8 and all(0 <= size <= 512 for size in sizes), sizes


@pytest.mark.parametrize("kind", KINDS)
def test_events_go_into_the_record_in_batches(files, monkeypatch, kind):
    """Never a list of every event (or every raw object) beside the record."""
    monkeypatch.setattr(engine.files.replay, "BATCH", 10)
    batches = []
    real_apply = RunRecord.apply

    def apply(self, events):
        batches.append(len(events))
        real_apply(self, events)

    monkeypatch.setattr(RunRecord, "apply", apply)
    replay = load_run(files[kind])
    assert max(batches) <= 10 and sum(batches) == len(replay.record.events) == len(many_events())


@pytest.mark.parametrize("kind", KINDS)
def test_progress_is_reported_after_each_chunk_up_to_the_whole_size(files, monkeypatch, kind):
    monkeypatch.setattr(engine.files.text_chunks, "CHUNK_BYTES", 1000)
    calls = []
    load_run(files[kind], progress=lambda done, total: calls.append((done, total)))
    size = files[kind].stat().st_size
    assert len(calls) >= size // 1000
    assert all(total == size for _, total in calls)
    done = [d for d, _ in calls]
    assert done == sorted(done) and done[-1] == size


@pytest.mark.parametrize("kind", KINDS)
def test_cancel_stops_the_reading_and_loads_nothing(files, monkeypatch, kind):
    monkeypatch.setattr(engine.files.text_chunks, "CHUNK_BYTES", 1000)
    cancel = threading.Event()
    calls = []

    def progress(done, total):
        calls.append(done)
        if len(calls) == 3:  # as a window's Cancel button would, part way through
            cancel.set()

    with pytest.raises(ReplayCancelled):
        load_run(files[kind], progress=progress, cancel=cancel)
    assert len(calls) == 3
    assert not issubclass(ReplayCancelled, ReplayError)  # not an error to show
    with pytest.raises(ReplayCancelled):
        load_run(files[kind], cancel=cancel)  # already set: stops at the first chunk


@pytest.mark.parametrize("chunk", [1, 5, 100, 1 << 20])
def test_a_damaged_trace_is_refused_at_the_same_line_and_column_whatever_the_chunks(tmp_path, monkeypatch, chunk):
    monkeypatch.setattr(engine.files.text_chunks, "CHUNK_BYTES", chunk)
    text = json.dumps(record_to_trace(record_of(many_events(2, 3))), indent=1)
    at = text.index('"kind": "message"')
    damaged = text[:at] + "?" + text[at + 1:]
    try:
        json.loads(damaged)
    except json.JSONDecodeError as error:
        where = f"line {error.lineno} column {error.colno}: {error.msg}"
    path = tmp_path / "damaged.json"
    path.write_text(damaged, encoding="utf-8")
    with pytest.raises(ReplayError, match="not complete JSON") as caught:
        load_run(path)
    assert where in str(caught.value)


def test_a_line_longer_than_the_limit_is_refused_without_holding_it(tmp_path, monkeypatch):
    monkeypatch.setattr(engine.files.text_chunks, "CHUNK_BYTES", 64)
    monkeypatch.setattr(engine.files.replay, "MAX_LINE_CHARS", 1000)
    lines = events_to_jsonl(many_events(1, 2), 0).split("\n")
    lines[2] = json.dumps(event_to_json(OutputLine("wörker0", 100, 5 * MS, "x" * 5000), 0))
    path = tmp_path / "long.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(ReplayError, match="line 3 is longer than 1,000 characters"):
        load_run(path)


def test_a_trace_value_longer_than_the_limit_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(engine.files.text_chunks, "CHUNK_BYTES", 64)
    monkeypatch.setattr(engine.files.replay, "MAX_LINE_CHARS", 1000)
    record = record_of([*many_events(1, 2), OutputLine("wörker0", 100, 200 * MS, "x" * 5000)])
    path = tmp_path / "long.trace.json"
    write_trace(path, record)
    with pytest.raises(ReplayError, match="holds a value of more than 1,000 characters, at line"):
        load_run(path)
