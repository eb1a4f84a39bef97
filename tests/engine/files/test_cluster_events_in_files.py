"""A cluster run's placements and losses in every file ProcLab writes, and read back."""
import csv
import io

from engine.files.event_log import read_events_jsonl, write_events_jsonl
from engine.files.events_csv import events_to_csv
from engine.files.replay import load_run
from engine.files.trace_export import write_trace
from engine.model.events import WorkerExited, WorkerLaunched, WorkerLost, WorkerPlaced, WorkerStarted
from engine.model.run_record import RunRecord
from tests.engine.trace_rules import check_trace, load_trace

T0 = 10**12
S = 10**9
WHERE = ("node-7", "tcp://10.0.0.7:40123")
EVENTS = [
    WorkerPlaced("kept", None, T0 + S // 100, "node-3", "tcp://10.0.0.3:40001", 0.01),
    WorkerPlaced("gone", None, T0 + S // 100, *WHERE, 0.02),
    WorkerLaunched("kept", 31, T0 + S // 50), WorkerLaunched("gone", 71, T0 + S // 50),
    WorkerStarted("kept", 31, T0 + S // 20), WorkerStarted("gone", 71, T0 + S // 20),
    WorkerLost("gone", 71, T0 + S, "its Dask worker tcp://10.0.0.7:40123 on node-7 left the cluster"),
    WorkerExited("kept", 31, T0 + 2 * S, 0),
]


def _record() -> RunRecord:
    record = RunRecord.for_names(T0, ["kept", "gone"])
    record.apply(EVENTS)
    return record


def test_a_lost_worker_is_said_lost_where_it_ran():
    gone = _record().workers["gone"]
    assert gone.describe_exit() == "lost: its Dask worker tcp://10.0.0.7:40123 on node-7 left the cluster"
    assert gone.exit_s == 1.0 and gone.exitcode is None
    assert gone.placement == "node-7 (tcp://10.0.0.7:40123)" and gone.queued_s == 0.02


def test_trace_events_and_csv_keep_where_each_worker_ran(tmp_path):
    record = _record()
    trace = tmp_path / "run.json"
    write_trace(trace, record, "cluster run")
    data = load_trace(trace)
    check_trace(data)
    assert "lost: its Dask worker" in trace.read_text()
    events = tmp_path / "run.jsonl"
    write_events_jsonl(events, record.events, T0)
    assert read_events_jsonl(events.read_text(), T0) == EVENTS
    replayed = load_run(events)
    assert replayed.record.workers["gone"].placement == "node-7 (tcp://10.0.0.7:40123)"
    assert replayed.record.workers["gone"].lost is not None
    rows = list(csv.DictReader(io.StringIO(events_to_csv(record), newline="")))
    placed = next(row for row in rows if row["kind"] == "placed" and row["worker"] == "gone")
    assert (placed["host"], placed["address"], placed["queued_s"]) == ("node-7", "tcp://10.0.0.7:40123", "0.02")
    lost = next(row for row in rows if row["kind"] == "lost")
    assert lost["reason"].startswith("its Dask worker") and lost["t"] == "1.0"
