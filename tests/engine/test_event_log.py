"""Events as JSON Lines. No processes."""
from __future__ import annotations

import errno
import json
import os

import pytest

import engine.atomic_write
from engine.event_log import event_to_json, events_to_jsonl, write_events_jsonl
from engine.events import OutputLine, WorkerEnded, WorkerExited, WorkerLaunched, WorkerStarted

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
    ["line\nbreak", "cr\rhere", "nel\x85", "ls\u2028ps\u2029", "lone \udcff surrogate", "\ud800", "é ✓ 名前 🙂", "", "\x00"],
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

    monkeypatch.setattr(engine.atomic_write.os, "replace", fail)
    with pytest.raises(OSError):
        write_events_jsonl(path, EVENTS, T0)
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["events.jsonl"]
