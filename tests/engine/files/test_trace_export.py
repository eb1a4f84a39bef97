"""The Chrome Trace Event export: hand-made records, then a real run."""
from __future__ import annotations

import copy
import json

import pytest

from engine import RunRecord, Session, WorkerSpec
from engine.files.trace_events import OUTPUT_INSTANTS_PER_WORKER, TRACE_PID
from engine.files.trace_export import record_to_trace, write_trace
from engine.model.events import (
    JoinReturned,
    LockAbandoned,
    LockAcquired,
    LockRecovered,
    LockReleased,
    LockWaiting,
    MessageSent,
    NamedLockAcquired,
    NamedLockReleased,
    OutputLine,
    PingReceived,
    PipeReceived,
    PipeSent,
    ResourceSample,
    RoundTrip,
    TaskBegan,
    TaskEnded,
    WorkerEnded,
    WorkerExited,
    WorkerLaunched,
    WorkerStarted,
)
from engine.run.resource_monitor import ResourceMonitor
from tests.engine.recorder import Recorder
from tests.engine.trace_rules import check_trace, load_trace
from tests.watched_records import LOCK, PIDS, PIPE_MESSAGES, PIPE_TO_CHILD, QUEUE, ROWS, TASKS, watched_record

T0 = 5_000_000_000
MS = 1_000_000


def record_of(events, names=()):
    record = RunRecord.for_names(T0, names)
    record.apply(events)
    return record


def lock_run():
    """Two lock workers taking turns, a talker with messages, all joined."""
    return record_of([
        WorkerLaunched("a", 11, T0 + 1 * MS), WorkerLaunched("b", 12, T0 + 2 * MS),
        WorkerLaunched("talk", 13, T0 + 3 * MS),
        WorkerStarted("a", 11, T0 + 10 * MS), LockWaiting("a", 11, T0 + 11 * MS),
        LockAcquired("a", 11, T0 + 12 * MS),
        WorkerStarted("b", 12, T0 + 20 * MS), LockWaiting("b", 12, T0 + 21 * MS),
        WorkerStarted("talk", 13, T0 + 30 * MS),
        MessageSent("talk", 13, T0 + 40 * MS, 1, 2), MessageSent("talk", 13, T0 + 50 * MS, 2, 2),
        PingReceived("talk", 13, T0 + 51 * MS, 1), RoundTrip("talk", 13, T0 + 52 * MS, 1, 300_000),
        OutputLine("talk", 13, T0 + 53 * MS, 'said "hi", twice', "stdout"),
        WorkerEnded("talk", 13, T0 + 60 * MS), WorkerExited("talk", 13, T0 + 61 * MS, 0),
        LockReleased("a", 11, T0 + 112 * MS), LockAcquired("b", 12, T0 + 113 * MS),
        WorkerEnded("a", 11, T0 + 114 * MS), WorkerExited("a", 11, T0 + 115 * MS, 0),
        LockReleased("b", 12, T0 + 213 * MS), WorkerEnded("b", 12, T0 + 214 * MS),
        WorkerExited("b", 12, T0 + 215 * MS, 0),
        JoinReturned("a", 11, T0 + 216 * MS), JoinReturned("b", 12, T0 + 216 * MS),
        JoinReturned("talk", 13, T0 + 216 * MS),
    ], ["a", "b", "talk"])


def tid(row: int) -> int:
    """The track of the table's ``row`` (1-based)."""
    return TRACE_PID + row


def on_track(trace, row, ph=None):
    return [e for e in trace["traceEvents"] if e["tid"] == tid(row) and e["ph"] != "M" and ph in (None, e["ph"])]


def test_layout_one_process_one_named_track_per_worker_in_table_order():
    record = lock_run()
    trace = record_to_trace(record, "locks")
    check_trace(trace, record)
    assert trace["displayTimeUnit"] == "ms"
    metadata = [e for e in trace["traceEvents"] if e["ph"] == "M"]
    assert metadata[0] == {"ph": "M", "name": "process_name", "pid": TRACE_PID, "tid": TRACE_PID,
                           "args": {"name": "ProcLab run: locks"}}
    assert [(e["tid"], e["args"]["name"]) for e in metadata if e["name"] == "thread_name"] == [
        (tid(1), "a"), (tid(2), "b"), (tid(3), "talk")]
    assert {e["pid"] for e in trace["traceEvents"]} == {TRACE_PID}


def test_no_worker_track_has_the_tid_of_the_process_so_none_is_its_main_thread():
    """Perfetto labels the thread whose tid equals its pid "main thread"; a worker is not one."""
    record = record_of([WorkerStarted(f"w{n}", 100 + n, T0 + n * MS) for n in range(5)])
    trace = record_to_trace(record)
    check_trace(trace, record)
    worker_tids = {e["tid"] for e in trace["traceEvents"] if e["ph"] != "M" or e["name"] != "process_name"}
    assert len(worker_tids) == 5 and TRACE_PID not in worker_tids


def test_spans_times_in_whole_microseconds_and_real_pids_in_args():
    trace = record_to_trace(lock_run())
    spans = {(e["tid"] - TRACE_PID, e["name"]): e for e in trace["traceEvents"] if e["ph"] == "X"}
    assert (spans[1, "run"]["ts"], spans[1, "run"]["dur"]) == (10_000, 104_000)  # start to end
    assert (spans[1, "waiting for lock"]["ts"], spans[1, "waiting for lock"]["dur"]) == (11_000, 1_000)
    assert (spans[1, "holding lock"]["ts"], spans[1, "holding lock"]["dur"]) == (12_000, 100_000)
    assert (spans[2, "waiting for lock"]["ts"], spans[2, "waiting for lock"]["dur"]) == (21_000, 92_000)
    assert spans[2, "run"]["args"] == {"pid": 12, "state": "finished", "open": False, "exitcode": 0,
                                       "exit": "0 (ok)"}
    assert (3, "waiting for lock") not in spans
    assert all(isinstance(e["ts"], int) and isinstance(e.get("dur", 0), int) for e in trace["traceEvents"]
               if e["ph"] != "M")


def test_instants_for_start_calls_messages_joins_exits_round_trips_and_output():
    trace = record_to_trace(lock_run())
    talk = {e["name"]: e for e in on_track(trace, 3, "i")}
    assert set(talk) == {"start() called", "message 1 of 2", "message 2 of 2", "ping/pong 0.300 ms",
                         'stdout: said "hi", twice', "exit 0 (ok)", "join() returned"}
    assert talk["message 2 of 2"]["args"] == {"pid": 13, "index": 2, "count": 2}
    assert talk["message 2 of 2"]["ts"] == 50_000
    assert talk["exit 0 (ok)"]["args"] == {"pid": 13, "exitcode": 0, "exit": "0 (ok)"}
    assert talk['stdout: said "hi", twice']["args"]["text"] == 'said "hi", twice'
    assert all(e["s"] == "t" for e in on_track(trace, 3, "i"))


def test_a_proclab_workers_track_and_run_carry_no_watch_args():
    trace = record_to_trace(lock_run())
    assert all(set(e["args"]) == {"name"} for e in trace["traceEvents"] if e["name"] == "thread_name")
    assert all(set(e["args"]) <= {"pid", "state", "open", "exitcode", "exit"} for e in trace["traceEvents"]
               if e["name"] == "run")


def test_events_are_sorted_by_time_parents_first():
    trace = record_to_trace(lock_run())
    timed = [e for e in trace["traceEvents"] if e["ph"] != "M"]
    assert [e["ts"] for e in timed] == sorted(e["ts"] for e in timed)


def test_the_proclab_section_holds_every_event_as_event_to_json_gives_it():
    record = lock_run()
    trace = record_to_trace(record, "locks")
    assert trace["proclab"]["schema"] == "proclab.trace/1" and trace["proclab"]["title"] == "locks"
    events = trace["proclab"]["events"]
    assert len(events) == len(record.events)
    assert events[0] == {"kind": "launch", "worker": "a", "pid": 11, "t": 0.001}
    assert {"kind": "message", "worker": "talk", "pid": 13, "t": 0.05, "index": 2, "count": 2} in events
    assert {"kind": "round_trip", "worker": "talk", "pid": 13, "t": 0.052, "seq": 1, "rtt_ns": 300_000} in events


def test_write_trace_writes_strict_json(tmp_path):
    record = lock_run()
    path = tmp_path / "run.trace.json"
    write_trace(path, record, "locks")
    assert path.read_bytes().isascii()
    data = load_trace(path)
    check_trace(data, record)
    assert data == json.loads(json.dumps(record_to_trace(record, "locks")))
    assert [p.name for p in tmp_path.iterdir()] == ["run.trace.json"]  # no temporary file left


# -- edges -------------------------------------------------------------------

def test_an_empty_record_gives_a_process_and_nothing_else():
    record = RunRecord(T0)
    trace = record_to_trace(record)
    check_trace(trace, record)
    assert [e["name"] for e in trace["traceEvents"]] == ["process_name"]
    assert trace["proclab"]["events"] == []


def test_a_worker_that_never_started_has_a_named_track_and_no_span():
    record = record_of([WorkerLaunched("late", 21, T0 + 1 * MS)], ["idle", "late"])
    trace = record_to_trace(record)
    check_trace(trace, record)
    names = {e["tid"]: e["args"]["name"] for e in trace["traceEvents"] if e["name"] == "thread_name"}
    assert names == {tid(1): "idle", tid(2): "late"}
    assert on_track(trace, 1) == []
    assert [e["name"] for e in on_track(trace, 2)] == ["start() called"]  # launched, not begun


def test_an_open_run_and_an_open_hold_end_at_the_last_known_time():
    record = record_of([
        WorkerStarted("w", 1, T0 + 10 * MS), LockWaiting("w", 1, T0 + 20 * MS),
        LockAcquired("w", 1, T0 + 30 * MS), OutputLine("w", 1, T0 + 70 * MS, "still here"),
        WorkerStarted("other", 2, T0 + 40 * MS),
    ])
    trace = record_to_trace(record)
    check_trace(trace, record)
    spans = {e["name"]: e for e in on_track(trace, 1, "X")}
    assert spans["run"]["ts"] + spans["run"]["dur"] == 70_000 and spans["run"]["args"]["open"] is True
    assert spans["holding lock"]["ts"] == 30_000 and spans["holding lock"]["dur"] == 40_000
    assert spans["holding lock"]["args"]["open"] is True
    assert spans["run"]["args"]["state"] == "running" and "exitcode" not in spans["run"]["args"]


def test_lock_spans_are_clamped_into_the_run_and_apart():
    # Out of order and overlapping on purpose: the hold outlives the run's end,
    # a second wait starts inside the first hold, a wait starts before the run.
    record = record_of([
        LockWaiting("w", 1, T0 + 5 * MS), WorkerStarted("w", 1, T0 + 10 * MS),
        LockAcquired("w", 1, T0 + 20 * MS), LockWaiting("w", 1, T0 + 30 * MS),
        WorkerEnded("w", 1, T0 + 50 * MS), LockReleased("w", 1, T0 + 60 * MS),
    ])
    trace = record_to_trace(record)
    check_trace(trace, record)
    spans = [(e["name"], e["ts"], e["ts"] + e["dur"]) for e in on_track(trace, 1, "X")]
    assert spans == [("run", 10_000, 50_000), ("waiting for lock", 10_000, 20_000),
                     ("holding lock", 20_000, 50_000), ("waiting for lock", 50_000, 50_000)]


def test_a_worker_that_could_not_start_gets_a_zero_length_run_and_an_exit_mark():
    # What Session reports when Process.start() raises: no pid, no exit code.
    record = record_of([OutputLine("w", None, T0 + 7 * MS, "could not start: boom", "stderr"),
                        WorkerExited("w", None, T0 + 7 * MS, None)])
    trace = record_to_trace(record)
    check_trace(trace, record)
    run = next(e for e in on_track(trace, 1, "X"))
    assert (run["ts"], run["dur"], run["args"]["pid"], run["args"]["state"]) == (7_000, 0, None, "failed")
    exit_mark = next(e for e in on_track(trace, 1, "i") if e["name"] == "exit")
    assert exit_mark["args"] == {"pid": None, "exitcode": None, "exit": ""}


def test_times_before_t0_are_clamped_to_zero():
    record = record_of([WorkerLaunched("w", 1, T0 - 3 * MS), WorkerStarted("w", 1, T0 - 1 * MS),
                        WorkerExited("w", 1, T0 + 2 * MS, -9)])
    trace = record_to_trace(record)
    check_trace(trace, record)
    assert min(e["ts"] for e in trace["traceEvents"] if e["ph"] != "M") == 0
    assert trace["proclab"]["events"][0]["t"] == pytest.approx(-0.003)  # the log keeps the truth
    exits = [e for e in on_track(trace, 1, "i") if e["name"].startswith("exit")]
    assert exits[0]["name"] == "exit -9 (killed by SIGKILL)"


def test_a_dead_holder_gives_abandoned_and_recovered_marks_and_the_exit_words():
    record = record_of([
        WorkerStarted("boom", 1, T0 + 1 * MS), LockWaiting("boom", 1, T0 + 2 * MS),
        LockAcquired("boom", 1, T0 + 3 * MS),
        OutputLine("boom", 1, T0 + 4 * MS, "Traceback (most recent call last):", "stderr"),
        WorkerExited("boom", 1, T0 + 5 * MS, 1), LockAbandoned("boom", 1, T0 + 5 * MS, 1),
        LockRecovered("boom", 1, T0 + 9 * MS),
    ])
    trace = record_to_trace(record)
    check_trace(trace, record)
    names = [e["name"] for e in on_track(trace, 1, "i")]
    assert "exit 1 (uncaught exception)" in names
    assert "exited holding the lock" in names and "abandoned lock released" in names
    hold = next(e for e in on_track(trace, 1, "X") if e["name"] == "holding lock")
    assert hold["ts"] + hold["dur"] == 5_000  # closed by the exit


def test_resource_samples_become_cpu_and_memory_counters_per_worker():
    record = record_of([
        WorkerStarted("a", 1, T0 + 1 * MS), WorkerStarted("b", 2, T0 + 1 * MS),
        ResourceSample("a", 1, T0 + 100 * MS, 99.5, 25_000_000),
        ResourceSample("b", 2, T0 + 100 * MS, 0.0, 12_345_678),
        ResourceSample("a", 1, T0 + 200 * MS, float("nan"), 26_000_000),
    ])
    trace = record_to_trace(record)
    check_trace(trace, record)
    counters = [(e["name"], e["tid"] - TRACE_PID, e["ts"], e["args"]) for e in trace["traceEvents"] if e["ph"] == "C"]
    assert counters == [
        ("cpu a", 1, 100_000, {"%": 99.5}), ("memory a", 1, 100_000, {"MB": 25.0}),
        ("cpu b", 2, 100_000, {"%": 0.0}), ("memory b", 2, 100_000, {"MB": 12.346}),
        ("memory a", 1, 200_000, {"MB": 26.0}),  # a NaN reading is left out, never written
    ]


def test_output_instants_stop_at_the_limit_but_the_log_keeps_every_line():
    lines = [OutputLine("chatty", 1, T0 + i * 1000, f"line {i}") for i in range(OUTPUT_INSTANTS_PER_WORKER + 5)]
    record = record_of([WorkerStarted("chatty", 1, T0), *lines, OutputLine("quiet", 2, T0, "one")])
    trace = record_to_trace(record)
    check_trace(trace, record)
    outputs = [e for e in trace["traceEvents"] if e.get("cat") == "output"]
    assert sum(e["tid"] == tid(1) for e in outputs) == OUTPUT_INSTANTS_PER_WORKER
    assert sum(e["tid"] == tid(2) for e in outputs) == 1  # the other worker's limit is its own
    assert sum(e["kind"] == "output" for e in trace["proclab"]["events"]) == OUTPUT_INSTANTS_PER_WORKER + 6


def test_the_file_holds_one_array_element_per_line_so_it_can_be_read_a_line_at_a_time(tmp_path):
    record = lock_run()
    path = tmp_path / "run.trace.json"
    write_trace(path, record, "locks")
    lines = path.read_text(encoding="utf-8").split("\n")
    trace = record_to_trace(record, "locks")
    assert lines[0] == '{"traceEvents":['
    elements = [json.loads(line.removesuffix(",")) for line in lines[1:] if line.startswith("{")]
    # Every trace event, then every proclab event, each a whole line; the file is one JSON object.
    assert elements == trace["traceEvents"] + trace["proclab"]["events"]
    assert lines[-2:] == ["]}}", ""]
    assert load_trace(path) == json.loads(json.dumps(trace))


def test_a_lone_surrogate_is_replaced_for_viewers_and_kept_in_the_log(tmp_path):
    record = record_of([OutputLine("w", 1, T0, "bad \udc80 byte")])
    path = tmp_path / "t.json"
    write_trace(path, record)
    data = load_trace(path)
    check_trace(data, record)
    output = next(e for e in data["traceEvents"] if e.get("cat") == "output")
    assert output["args"]["text"] == "bad \ufffd byte"
    assert data["proclab"]["events"][0]["text"] == "bad \udc80 byte"


# -- the checker catches what it should ---------------------------------------

@pytest.mark.parametrize("break_it, message", [
    (lambda t: t["traceEvents"][-1].update(pid="1"), "integer pid"),
    (lambda t: t["traceEvents"][-1].update(ts=-1), "ts a number"),
    (lambda t: next(e for e in t["traceEvents"] if e["ph"] == "X").update(dur=-5), "dur a number"),
    (lambda t: next(e for e in t["traceEvents"] if e["name"] == "holding lock").update(dur=10**9),
     "partly overlap"),
    (lambda t: t["traceEvents"].remove(next(e for e in t["traceEvents"] if e["name"] == "message 1 of 2")),
     "message"),
    (lambda t: t["proclab"]["events"].pop(), "every event of the record"),
    (lambda t: t["traceEvents"].remove(next(e for e in t["traceEvents"] if e["name"] == "thread_sort_index")),
     "sort index"),
])
def test_check_trace_refuses_a_broken_trace(break_it, message):
    record = lock_run()
    trace = copy.deepcopy(record_to_trace(record))
    break_it(trace)
    with pytest.raises(AssertionError, match=message):
        check_trace(trace, record)


# -- a real run -----------------------------------------------------------------

def test_a_real_run_with_locks_messages_a_crash_and_samples(tmp_path):
    specs = [WorkerSpec(f"locker{n}", 0.15, "lock") for n in (1, 2, 3)] + [
        WorkerSpec("talker", 0.3, "messages", messages=5),
        WorkerSpec("boom", 0.2, "crash", crash="exception"),
    ]
    recorder = Recorder()
    monitor = ResourceMonitor()
    samples = []
    with Session(specs, recorder) as session:  # the default start method
        session.start()
        while session.join(timeout=0.05):
            statuses = session.statuses()
            samples += monitor.sample((s.name, s.pid) for s in statuses if s.alive and s.pid)
        # the last join() marks every worker ended; its marks come in one batch
        recorder.wait_for(lambda evs: {e.worker for e in evs if e.kind == "join" and not e.alive}
                          == set(session.names))
        record = RunRecord.for_names(session.t0_ns, session.names)
        record.apply(recorder.events)
    record.apply(samples)

    path = tmp_path / "real.json"
    write_trace(path, record, "real run")
    data = load_trace(path)
    check_trace(data, record)

    spans = [e for e in data["traceEvents"] if e["ph"] == "X"]
    holds = sorted((e["ts"], e["ts"] + e["dur"]) for e in spans if e["name"] == "holding lock")
    assert len(holds) == 3
    assert all(a[1] <= b[0] for a, b in zip(holds, holds[1:])), "one holder at a time"
    assert sum(e["name"] == "waiting for lock" for e in spans) == 3
    names = {e["name"] for e in data["traceEvents"] if e["ph"] == "i"}
    assert {f"message {i} of 5" for i in range(1, 6)} <= names
    assert "exit 1 (uncaught exception)" in names and "start() called" in names and "join() returned" in names
    assert {e["args"]["pid"] for e in spans if e["name"] == "run"} == {
        run.pid for run in record.workers.values()}
    if samples:  # a 0.3 s run is usually sampled; the counters' rules are checked above
        assert any(e["ph"] == "C" for e in data["traceEvents"])


def test_characters_outside_the_bmp_are_written_as_themselves_not_as_surrogate_escapes(tmp_path):
    """Perfetto shows \\ud83d\\ude80 escapes (how ASCII-only JSON writes an emoji) literally, not as the character."""
    from engine.files.trace_export import write_trace
    from engine.model.events import OutputLine, WorkerExited, WorkerLaunched, WorkerStarted
    from engine.model.run_record import RunRecord

    name = "火箭🚀"
    record = RunRecord.for_names(0, [name])
    record.apply([WorkerLaunched(name, 7, 1000), WorkerStarted(name, 7, 2000),
                  OutputLine(name, 7, 3000, "lone \udc80 and 𠀀", "stdout"), WorkerExited(name, 7, 4000, 0)])
    path = tmp_path / "t.json"
    write_trace(path, record, "emoji")
    text = path.read_text(encoding="utf-8")
    assert "🚀" in text and "𠀀" in text
    assert "\\ud83d" not in text.lower() and "\\ud840" not in text.lower()
    assert "\\udc80" in text  # the lone surrogate, which UTF-8 cannot hold, stays escaped
    from tests.engine.trace_rules import check_trace
    check_trace(json.loads(text))


# -- a watched script's run ------------------------------------------------------

def row_of(name: str) -> int:
    return ROWS.index(name) + 1


def test_a_watched_run_keeps_every_rule_and_names_its_processes(tmp_path):
    record = watched_record()
    path = tmp_path / "watched.trace.json"
    write_trace(path, record, "lesson")
    trace = load_trace(path)
    check_trace(trace, record)
    tracks = {e["tid"]: e["args"] for e in trace["traceEvents"] if e["name"] == "thread_name"}
    assert tracks[tid(row_of("MainProcess"))] == {"name": "MainProcess", "role": "main", "parent": "",
                                                   "parent_pid": None, "command": "python3 lesson.py"}
    assert tracks[tid(row_of("worker2"))] == {"name": "worker2", "role": "process", "parent": "MainProcess",
                                               "parent_pid": PIDS["MainProcess"], "command": ""}
    assert tracks[tid(row_of("resource_tracker"))]["role"] == "helper"
    run = next(e for e in on_track(trace, row_of("ForkPoolWorker-1"), "X") if e["name"] == "run")
    assert (run["args"]["role"], run["args"]["parent"], run["args"]["pid"]) == ("pool", "MainProcess", 4260)


def test_pool_tasks_are_spans_inside_their_workers_run():
    trace = record_to_trace(watched_record())
    for name in ("ForkPoolWorker-1", "ForkPoolWorker-2"):
        spans = on_track(trace, row_of(name), "X")
        run = next(e for e in spans if e["name"] == "run")
        tasks = [e for e in spans if e["name"] != "run"]
        expected = [(round(began * 1e6), round((ended - began) * 1e6), ok) for who, began, ended, ok in TASKS
                    if who == name]
        assert [(e["ts"], e["dur"], e["args"]["ok"]) for e in tasks] == expected
        assert all(e["name"] == "task square" and e["cat"] == "task" and e["args"]["task"] == "square"
                   and e["args"]["open"] is False for e in tasks)
        assert all(run["ts"] <= e["ts"] and e["ts"] + e["dur"] <= run["ts"] + run["dur"] for e in tasks)
    assert not any(e["name"].startswith("task ") for row in (1, 2, 3, 4, 5) for e in on_track(trace, row))


def test_each_pipe_message_is_a_flow_from_its_send_to_its_receive():
    trace = record_to_trace(watched_record())
    flows = {}
    for e in trace["traceEvents"]:
        if e["ph"] in "sf":
            flows.setdefault(e["id"], {})[e["ph"]] = (e["tid"], e["ts"])
    expected = {((tid(row_of(sender)), round(sent * 1e6)), (tid(row_of(receiver)), round(received * 1e6)))
                for _, _, sender, sent, receiver, received in PIPE_MESSAGES}
    assert {(flow["s"], flow["f"]) for flow in flows.values()} == expected
    assert len(flows) == len(PIPE_MESSAGES)
    # Each end is also a mark on its process's track, saying which message it is.
    main = [e["name"] for e in on_track(trace, row_of("MainProcess"), "i") if e["cat"] == "pipe"]
    assert main[:2] == [f"send on {PIPE_TO_CHILD} #0", f"send on {PIPE_TO_CHILD} #1"]
    worker1 = [e for e in on_track(trace, row_of("worker1"), "i") if e["cat"] == "pipe"]
    assert worker1[0]["name"] == f"recv on {PIPE_TO_CHILD} #0"
    assert worker1[0]["args"] == {"pid": 4250, "channel": PIPE_TO_CHILD, "seq": 0}


def test_a_receive_reported_before_its_send_still_pairs_and_a_lone_end_gets_no_flow():
    record = record_of([
        WorkerStarted("a", 1, T0), WorkerStarted("b", 2, T0),
        PipeReceived("b", 2, T0 + 5 * MS, "p", 1),  # b's connection was read first
        PipeSent("a", 1, T0 + 4 * MS, "p", 1),
        PipeSent("a", 1, T0 + 6 * MS, "p", 2),  # never received
        PipeReceived("b", 2, T0 + 7 * MS, "q", 1),  # sent by no one we saw
        PipeSent("a", 1, T0 + 8 * MS, "r", 1), PipeReceived("b", 2, T0 + 90 * MS, "r", 1),
        WorkerEnded("a", 1, T0 + 9 * MS), WorkerEnded("b", 2, T0 + 20 * MS),  # r's receive: after b's run
    ])
    trace = record_to_trace(record)
    check_trace(trace, record)
    flows = sorted((e["id"], e["ph"], e["tid"], e["ts"]) for e in trace["traceEvents"] if e["ph"] in "sf")
    assert flows == [(1, "f", tid(2), 5_000), (1, "s", tid(1), 4_000),
                     (2, "f", tid(2), 90_000), (2, "s", tid(1), 8_000)]
    assert len([e for e in trace["traceEvents"] if e.get("cat") == "pipe" and e["ph"] == "i"]) == 6


def test_queue_and_call_marks_and_named_lock_spans():
    trace = record_to_trace(watched_record())
    main = on_track(trace, row_of("MainProcess"), "i")
    assert [e["name"] for e in main if e["cat"] == "queue"] == [f"get from {QUEUE}"] * 2
    puts = [e for e in on_track(trace, row_of("worker2"), "i") if e["cat"] == "queue"]
    assert [(e["name"], e["ts"], e["args"]["queue"]) for e in puts] == [
        (f"put on {QUEUE}", 1_000_000, QUEUE), (f"put on {QUEUE}", 2_000_000, QUEUE)]
    calls = [e for e in main if e["cat"] == "call"]
    assert [e["name"] for e in calls][:4] == ["worker1.join() took 2.000 s", "worker2.join() took 1.010 s",
                                              "worker3.terminate()", "worker3.join() took 0.020 s"]
    assert calls[2]["args"] == {"pid": PIDS["MainProcess"], "call": "terminate", "target": "worker3",
                                "target_pid": PIDS["worker3"], "seconds": None}
    spans = on_track(trace, row_of("worker2"), "X")
    locks = [(e["name"], e["ts"], e["args"]["lock"]) for e in spans if e["name"] != "run"]
    assert locks == [("waiting for lock", 600_000, LOCK), ("holding lock", 1_500_000, LOCK)]


def test_a_lock_span_that_crosses_a_tasks_edge_is_cut_there():
    record = record_of([
        WorkerStarted("p", 1, T0),
        TaskBegan("p", 1, T0 + 10 * MS, "f"), NamedLockAcquired("p", 1, T0 + 20 * MS, "L"),
        TaskEnded("p", 1, T0 + 30 * MS, "f", True), NamedLockReleased("p", 1, T0 + 40 * MS, "L"),
        LockWaiting("p", 1, T0 + 45 * MS), TaskBegan("p", 1, T0 + 50 * MS, "g"),
        LockAcquired("p", 1, T0 + 60 * MS), TaskEnded("p", 1, T0 + 70 * MS, "g", False),
        TaskEnded("p", 1, T0 + 80 * MS, "h", True),  # its beginning was never seen
        WorkerEnded("p", 1, T0 + 100 * MS),
    ])
    trace = record_to_trace(record)
    check_trace(trace, record)
    spans = [(e["name"], e["ts"], e["ts"] + e["dur"], e["args"].get("lock")) for e in on_track(trace, 1, "X")]
    assert spans == [("run", 0, 100_000, None), ("task f", 10_000, 30_000, None),
                     ("holding lock", 20_000, 30_000, "L"), ("waiting for lock", 45_000, 50_000, None),
                     ("task g", 50_000, 70_000, None), ("holding lock", 60_000, 70_000, None),
                     ("task h", 80_000, 80_000, None)]
