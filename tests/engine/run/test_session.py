"""The engine with real processes, under every start method the platform has."""
import signal
import sys

import pytest

from engine import RunRecord, Session, WorkerSpec, WorkerState
from engine.lab.presets import seed_example
from tests.engine.recorder import Recorder


def run_session(specs, start_method, **kwargs):
    recorder = Recorder()
    session = Session(specs, recorder, start_method=start_method, **kwargs)
    return session, recorder


def test_seed_example_events_order_and_durations(start_method, allow_fork_warning):
    session, recorder = run_session(seed_example(), start_method)
    with session:
        session.start()
        assert session.join(timeout=15) == []
        record = RunRecord.for_names(session.t0_ns, session.names)
        record.apply(recorder.wait_for(lambda evs: sum(e.kind == "exit" for e in evs) == 3))

    for spec in seed_example():
        kinds = [(e.kind, getattr(e, "text", None)) for e in recorder.of(spec.name)]
        assert kinds == [
            ("launch", None),
            ("start", None),
            ("output", f"work {spec.name} start"),
            ("output", f"work {spec.name} end"),
            ("end", None),
            ("exit", None),
            ("join", None),  # session.join() above returned
        ]
        run = record.workers[spec.name]
        assert run.exitcode == 0 and run.state is WorkerState.FINISHED
        assert abs(run.duration_s() - spec.interval) <= 0.3, (spec.name, run.duration_s())
        assert len({e.pid for e in recorder.of(spec.name)}) == 1

    ends = sorted(record.workers.values(), key=lambda run: run.end_s)
    assert [run.name for run in ends] == ["worker1", "worker2", "worker3"]


def test_exit_codes_finished_terminated_killed(start_method, allow_fork_warning):
    specs = [WorkerSpec("quick", 0.1), WorkerSpec("termed", 60), WorkerSpec("killed", 60)]
    session, recorder = run_session(specs, start_method)
    with session:
        session.start()
        recorder.wait_for_kind("start", "termed")
        recorder.wait_for_kind("start", "killed")
        assert session.terminate(["termed"]) == ["termed"]
        assert session.kill(["killed"]) == ["killed"]
        assert session.join(timeout=10) == []
        exits = {e.worker: e.exitcode for e in recorder.wait_for(
            lambda evs: sum(e.kind == "exit" for e in evs) == 3) if e.kind == "exit"}
        statuses = {s.name: s for s in session.statuses()}
    assert exits == {"quick": 0, "termed": -signal.SIGTERM, "killed": -signal.SIGKILL}
    assert statuses["quick"].state is WorkerState.FINISHED
    assert statuses["termed"].state is WorkerState.TERMINATED
    assert statuses["killed"].state is WorkerState.KILLED
    assert not any(s.alive for s in statuses.values())


def test_join_with_timeout_names_who_is_still_alive(start_method, allow_fork_warning):
    session, recorder = run_session([WorkerSpec("short", 0.2), WorkerSpec("long", 60)], start_method)
    with session:
        session.start()
        assert session.join(["long"], timeout=0.3) == ["long"]
        assert session.join(["short"], timeout=10) == []
        status = {s.name: s for s in session.statuses()}
        assert status["long"].alive and status["long"].pid > 0
        assert not status["short"].alive and status["short"].exitcode == 0


def test_wait_waits_like_join_but_leaves_no_mark(start_method, allow_fork_warning):
    session, recorder = run_session([WorkerSpec("short", 0.2), WorkerSpec("long", 60)], start_method)
    with session:
        assert not session.wait(timeout=0.1)  # not started: nothing to wait for, nothing ended either
        session.start()
        assert not session.wait(timeout=0.3)  # "long" runs on
        session.terminate(["long"])
        assert session.wait(timeout=10)
    assert not [event for event in recorder.events if event.kind == "join"]
    assert {e.worker: e.exitcode for e in recorder.events if e.kind == "exit"} == {"short": 0, "long": -15}


def test_statuses_before_start_and_active_children(start_method, allow_fork_warning):
    session, recorder = run_session([WorkerSpec("w", 60)], start_method)
    with session:
        assert [s.state for s in session.statuses()] == [WorkerState.NOT_STARTED]
        session.start()
        recorder.wait_for_kind("start", "w")
        assert session.active_children_count() >= 1
        assert session.statuses()[0].state is WorkerState.RUNNING
    assert session.statuses()[0].state is WorkerState.TERMINATED


def test_stop_leaves_nothing_running(start_method, allow_fork_warning):
    session, recorder = run_session([WorkerSpec(f"w{i}", 60) for i in range(4)], start_method)
    session.start()
    recorder.wait_for(lambda evs: sum(e.kind == "start" for e in evs) == 4)
    session.stop(grace=1.0)
    assert session.all_ended()
    assert all(not s.alive for s in session.statuses())


def test_session_cannot_start_twice():
    with Session([WorkerSpec("w", 0.1)]) as session:
        session.start()
        with pytest.raises(RuntimeError, match="already started"):
            session.start()


def test_unknown_worker_name_is_refused():
    with Session([WorkerSpec("w", 0.1)]) as session:
        session.start()
        with pytest.raises(KeyError, match="nobody"):
            session.terminate(["nobody"])


def test_duplicate_names_are_refused_before_any_process_starts():
    with pytest.raises(ValueError, match="duplicate worker name 'a'"):
        Session([WorkerSpec("a", 1), WorkerSpec("a", 2)])


def test_unavailable_start_method_is_refused():
    with pytest.raises(ValueError, match="not available"):
        Session([WorkerSpec("a", 1)], start_method="teleport")


def test_default_start_method_is_never_plain_fork():
    session = Session([WorkerSpec("a", 1)])
    session.stop()
    expected = "forkserver" if sys.platform.startswith("linux") else session.start_method
    assert session.start_method == expected and session.start_method != "fork"


def test_every_way_of_running_keeps_the_run_contract():
    from engine.model.run_contract import Run
    from engine.run.in_process import InProcessRun
    from engine.run.thread_run import ThreadRun

    spec = WorkerSpec("a", 0.1)
    runs = [Session([spec]), ThreadRun([spec]), InProcessRun(spec, print)]
    try:
        assert all(isinstance(run, Run) for run in runs)
        session, threads, in_process = (run.capabilities for run in runs)
        assert session.can_signal and session.own_processes and session.polls_processes
        assert not threads.can_signal and not threads.own_processes
        assert not in_process.can_signal and not in_process.own_processes and in_process.polls_processes
    finally:
        runs[0].stop()
