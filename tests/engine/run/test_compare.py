"""Compare mode: workers as real threads (ThreadRun), then as real processes (run_compare).

No cpu speedup is asserted here: on a loaded machine it is anyone's guess.
bench/threads_vs_processes.py measures it.
"""
import json
import os
import threading

import pytest

from engine import RunRecord, WorkerSpec, WorkerState
from engine.model.events import WorkerEnded, WorkerExited, WorkerLaunched, WorkerStarted
from engine.run.compare import CompareResult, CompareRun, run_compare
from engine.run.cpu_calibration import units_for
from engine.run.thread_run import ThreadRun
from engine.worker.workloads import WORKLOADS
from tests.engine.recorder import Recorder

TIMEOUT = 15


def run_threads(specs):
    """Runs ``specs`` as threads to the end; returns (record, recorder)."""
    recorder = Recorder()
    run = ThreadRun(specs, recorder)
    run.start()
    assert run.join(timeout=TIMEOUT) == []
    assert run.delivery_error is None
    record = RunRecord.for_names(run.t0_ns, run.names)
    record.apply(recorder.events)  # join() returned: every event is delivered
    return record, recorder


# -- ThreadRun ------------------------------------------------------------------

def test_thread_run_sleep_workers_send_the_usual_events_from_this_process():
    specs = [WorkerSpec("nap1", 0.2), WorkerSpec("nap2", 0.3)]
    record, recorder = run_threads(specs)

    for spec in specs:
        events = recorder.of(spec.name)
        assert [(e.kind, getattr(e, "text", None)) for e in events] == [
            ("launch", None),
            ("start", None),
            ("output", f"work {spec.name} start"),
            ("output", f"work {spec.name} end"),
            ("end", None),
            ("exit", None),
        ]
        assert {e.pid for e in events} == {os.getpid()}
        run = record.workers[spec.name]
        assert run.exitcode == 0 and run.state is WorkerState.FINISHED
        assert spec.interval <= run.duration_s() <= spec.interval + 0.15, (spec.name, run.duration_s())
        assert 0 <= run.launch_s <= run.start_s
    # sleeping threads run side by side: both started before either ended
    assert max(r.start_s for r in record.workers.values()) < min(r.end_s for r in record.workers.values())


def test_thread_run_workers_are_named_daemon_threads():
    recorder = Recorder()
    run = ThreadRun([WorkerSpec("w", 0.05)], recorder)
    run.start()
    assert run.join(timeout=TIMEOUT) == []
    thread = run.threads["w"]
    assert thread.name == "w" and thread.daemon
    thread.join(TIMEOUT)  # its last act was sending the exit
    assert not thread.is_alive()
    assert run.all_ended()


def test_thread_run_lock_holds_never_overlap():
    specs = [WorkerSpec(f"locker{i}", 0.1, "lock") for i in range(3)]
    record, _ = run_threads(specs)

    holds = sorted(hold for run in record.workers.values() for hold in run.lock_holds)
    assert len(holds) == 3 and all(end is not None for _, end in holds)
    for (_, first_end), (second_start, _) in zip(holds, holds[1:]):
        assert first_end <= second_start
    assert all(run.exitcode == 0 for run in record.workers.values())
    assert sum(wait_end - wait_start for run in record.workers.values()
               for wait_start, wait_end in run.lock_waits) >= 0.1 + 0.2 - 0.05  # two waited, in turn


def test_thread_run_messages_worker_gets_its_ping_answered():
    record, recorder = run_threads([WorkerSpec("talker", 0.1, "messages", messages=5)])

    run = record.workers["talker"]
    assert len(run.messages) == 5
    assert run.round_trip_ms is not None and run.round_trip_ms < 1000
    kinds = [e.kind for e in recorder.of("talker")]
    assert kinds.index("ping") < kinds.index("round_trip") < kinds.index("end")


def test_thread_run_cpu_worker_gets_calibrated_units(monkeypatch):
    def report_units(name, interval, tools):
        tools.say(f"units={tools.options['units']}")

    monkeypatch.setitem(WORKLOADS, "cpu", report_units)
    _, recorder = run_threads([WorkerSpec("crunch", 0.2, "cpu")])

    said = [e.text for e in recorder.of("crunch") if e.kind == "output"]
    assert said == [f"units={units_for(0.2)}"]


def test_thread_run_cpu_threads_overlap_in_time():
    record, _ = run_threads([WorkerSpec("crunch1", 0.2, "cpu"), WorkerSpec("crunch2", 0.2, "cpu")])

    runs = list(record.workers.values())
    assert max(r.start_s for r in runs) < min(r.end_s for r in runs)
    assert all(r.exitcode == 0 for r in runs)


def test_thread_run_exception_gives_exit_code_1_and_traceback(monkeypatch):
    def fail(name, interval, tools):
        tools.say("about to fail")
        raise RuntimeError(f"{name} failed on purpose")

    monkeypatch.setitem(WORKLOADS, "sleep", fail)
    record, recorder = run_threads([WorkerSpec("faulty", 0.1)])

    run = record.workers["faulty"]
    assert run.exitcode == 1 and run.raised and run.state is WorkerState.FAILED
    assert run.end_s is None and run.exit_s is not None
    stderr = [e.text for e in recorder.of("faulty") if e.kind == "output" and e.stream == "stderr"]
    assert stderr[0] == "Traceback (most recent call last):"
    assert stderr[-1] == "RuntimeError: faulty failed on purpose"
    assert isinstance(recorder.of("faulty")[-1], WorkerExited)


def test_thread_run_refuses_crash_workers_and_says_why():
    specs = [WorkerSpec("ok", 0.1), WorkerSpec("boom", 0.1, "crash", crash="os._exit")]
    threads_before = threading.active_count()
    with pytest.raises(ValueError, match="take ProcLab down") as raised:
        ThreadRun(specs)
    message = str(raised.value)
    assert "'boom'" in message and "os._exit" in message and "SIGKILL" in message
    assert "only sleep, cpu, lock and messages" in message
    assert threading.active_count() == threads_before


def test_thread_run_join_names_who_is_still_running():
    run = ThreadRun([WorkerSpec("short", 0.05), WorkerSpec("longer", 0.5)], Recorder())
    run.start()
    assert run.join(["short"], timeout=TIMEOUT) == []
    assert run.join(timeout=0.01) == ["longer"]
    assert run.join(timeout=TIMEOUT) == []
    with pytest.raises(KeyError):
        run.join(["nobody"])


# -- run_compare ------------------------------------------------------------------

def test_run_compare_sleep_workers_take_about_as_long_either_way(start_method, allow_fork_warning):
    specs = [WorkerSpec("a", 0.3), WorkerSpec("b", 0.3)]
    phases = []
    result = run_compare(specs, start_method, subscriber=lambda phase, events: phases.append(phase), timeout=TIMEOUT)

    assert result.start_method == start_method and result.names == ["a", "b"]
    assert result.cpu_count == os.cpu_count()
    assert phases[0] == "threads" and phases[-1] == "processes"
    assert phases == sorted(phases, key=["threads", "processes"].index)  # never both at once
    assert 0.3 <= result.threads_wall_s <= 0.6
    assert 0.3 <= result.processes_wall_s <= 0.6 + (0.3 if start_method == "spawn" else 0)
    assert 0.6 <= result.ratio <= 1.6
    assert result.speedup == pytest.approx(1 / result.ratio)
    threads_pids = {run.pid for run in result.threads_record.workers.values()}
    processes_pids = {run.pid for run in result.processes_record.workers.values()}
    assert threads_pids == {os.getpid()} and os.getpid() not in processes_pids and len(processes_pids) == 2

    merged = result.merged_record()
    assert list(merged.workers) == ["threads · a", "threads · b", "processes · a", "processes · b"]
    for run in merged.workers.values():
        assert run.exitcode == 0
        assert 0 <= run.launch_s <= run.start_s < run.end_s <= run.exit_s
        assert run.duration_s() == pytest.approx(0.3, abs=0.15)
    assert max(run.exit_s for run in merged.workers.values()) == pytest.approx(
        max(result.threads_wall_s, result.processes_wall_s))

    data = json.loads(json.dumps(result.to_json()))
    assert data["schema"] == "proclab.compare/1"
    assert data["start_method"] == start_method and data["cpu_count"] == os.cpu_count()
    assert [w["name"] for w in data["workers"]] == ["a", "b"]
    assert all(w["threads"]["duration_s"] > 0 and w["processes"]["duration_s"] > 0 for w in data["workers"])
    assert f"cpu_count() = {os.cpu_count()}" in result.summary()


def test_run_compare_refuses_bad_input_before_running_anything():
    threads_before = threading.active_count()
    with pytest.raises(ValueError, match="at least one worker"):
        run_compare([])
    with pytest.raises(ValueError, match="take ProcLab down"):
        run_compare([WorkerSpec("ok", 0.1), WorkerSpec("boom", 0.1, "crash")])
    with pytest.raises(ValueError, match="duplicate worker name"):
        run_compare([WorkerSpec("twin", 0.1), WorkerSpec("twin", 0.1)])
    with pytest.raises(ValueError, match="not available"):
        run_compare([WorkerSpec("ok", 0.1)], start_method="teleport")
    with pytest.raises(ValueError, match="take ProcLab down"):
        CompareRun([WorkerSpec("boom", 0.1, "crash")])
    assert threading.active_count() == threads_before


def test_compare_run_does_not_block_and_hands_back_the_result():
    finished = threading.Event()
    compare = CompareRun([WorkerSpec("w", 0.1)], on_done=lambda run: finished.set(), timeout=TIMEOUT)
    compare.start()
    assert finished.wait(TIMEOUT)
    assert compare.done and compare.phase is None
    result = compare.result(timeout=0)
    assert isinstance(result, CompareResult) and result.names == ["w"]
    with pytest.raises(RuntimeError):
        compare.start()


def test_merged_record_starts_each_run_at_zero_and_keeps_row_order():
    def record(t0_ns, pid, offsets):
        rec = RunRecord.for_names(t0_ns, ["x", "y"])
        for name, (launch, start, end) in offsets.items():
            rec.apply([
                WorkerLaunched(name, pid, t0_ns + launch), WorkerStarted(name, pid, t0_ns + start),
                WorkerEnded(name, pid, t0_ns + end), WorkerExited(name, pid, t0_ns + end + 1, 0),
            ])
        return rec

    ms = 1_000_000
    threads = record(10_000 * ms, 1, {"y": (0, 1 * ms, 800 * ms), "x": (2 * ms, 2 * ms, 900 * ms)})
    processes = record(99_000 * ms, 2, {"x": (1 * ms, 50 * ms, 550 * ms), "y": (3 * ms, 60 * ms, 500 * ms)})
    result = CompareResult(threads, processes, 0.9, 0.55, 2, "spawn", ["x", "y"], {"x": "cpu", "y": "cpu"})

    merged = result.merged_record()
    assert merged.t0_ns == 0
    assert list(merged.workers) == ["threads · x", "threads · y", "processes · x", "processes · y"]
    assert merged.workers["threads · y"].start_s == pytest.approx(0.001)
    assert merged.workers["threads · x"].end_s == pytest.approx(0.9)
    assert merged.workers["processes · x"].start_s == pytest.approx(0.05)
    assert merged.workers["processes · y"].end_s == pytest.approx(0.5)
    assert merged.workers["processes · y"].pid == 2
    assert len(merged.events) == len(threads.events) + len(processes.events)
    assert threads.workers["x"].end_s == pytest.approx(0.9)  # the originals are untouched

    assert result.speedup == pytest.approx(0.9 / 0.55) and result.ratio == pytest.approx(0.55 / 0.9)
    assert result.summary().splitlines() == [
        "threads: 0.90 s · processes: 0.55 s · speedup 1.64× · cpu_count() = 2",
        "2 workers · start method spawn · the processes' time includes starting them",
        "cpu work holds the GIL: threads take turns on one core, processes each get one "
        "(at best about 2× faster here)",
    ]


@pytest.mark.parametrize("kinds, cpu_count, last_line", [
    ({"x": "sleep"}, 4, "sleeping releases the GIL: threads wait side by side as well as processes do"),
    ({"x": "messages", "y": "sleep"}, 4,
     "sleeping releases the GIL: threads wait side by side as well as processes do"),
    ({"x": "cpu", "y": "sleep"}, 8,
     "cpu work holds the GIL: threads take turns on one core, processes each get one (at best about 1× faster here)"),
    ({"x": "cpu", "y": "cpu"}, None,
     "cpu work holds the GIL: threads take turns on one core, processes each get one (at best about 1× faster here)"),
    ({"x": "lock"}, 4, None),
])
def test_summary_words_what_the_kinds_mean(kinds, cpu_count, last_line):
    names = list(kinds)
    record = RunRecord.for_names(0, names)
    result = CompareResult(record, record, 1.0, 0.5, cpu_count, "fork", names, kinds)
    lessons = result.lessons()
    assert lessons[0] == (f"{len(names)} workers · start method fork · the processes' time includes starting them"
                          if len(names) > 1 else
                          "1 worker · start method fork · the process's time includes starting it")
    assert lessons[1:] == ([last_line] if last_line else [])
    assert result.figures() == f"threads: 1.00 s · processes: 0.50 s · speedup 2.00× · cpu_count() = {cpu_count}"


def test_compare_words_go_through_translate():
    record = RunRecord.for_names(0, ["x"])
    result = CompareResult(record, record, 1.0, 0.5, 2, "spawn", ["x"], {"x": "sleep"})
    lines = result.summary(translate=lambda text: f"«{text}»").splitlines()
    assert lines == [  # every line went through translate before its values were filled in
        "«threads: 1.00 s · processes: 0.50 s · speedup 2.00× · cpu_count() = 2»",
        "«1 worker · start method spawn · the process's time includes starting it»",
        "«sleeping releases the GIL: threads wait side by side as well as processes do»",
    ]
