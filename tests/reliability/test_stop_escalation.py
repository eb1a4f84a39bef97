"""terminate() asks, kill() forces: a worker that ignores SIGTERM is still stopped (item 3)."""
import time

from engine import RunRecord, Session, WorkerSpec
from tests.engine.recorder import Recorder

GRACE_SECONDS = 0.5


def test_terminate_does_not_stop_a_stubborn_worker(start_method, allow_fork_warning):
    recorder = Recorder()
    with Session([WorkerSpec("stubborn", 30, "stubborn")], recorder, start_method=start_method) as session:
        session.start()
        recorder.wait_for(lambda evs: any(e.kind == "output" and "ignoring SIGTERM" in e.text for e in evs))
        assert session.terminate() == ["stubborn"]
        assert session.join(timeout=0.5) == ["stubborn"]  # still alive: SIGTERM was ignored
        assert session.kill() == ["stubborn"]
        assert session.join(timeout=5) == []
    exits = [e for e in recorder.events if e.kind == "exit"]
    assert [e.exitcode for e in exits] == [-9]


def test_stop_escalates_to_kill_within_the_grace_period_plus_one_second(start_method, allow_fork_warning):
    recorder = Recorder()
    session = Session([WorkerSpec("stubborn", 30, "stubborn"), WorkerSpec("polite", 30)], recorder,
                      start_method=start_method)
    session.start()
    recorder.wait_for(lambda evs: sum(e.kind == "output" and "start" in e.text for e in evs) == 2)
    began = time.monotonic()
    session.stop(grace=GRACE_SECONDS)
    took = time.monotonic() - began
    assert took <= GRACE_SECONDS + 1.0, took
    record = RunRecord.for_names(session.t0_ns, session.names)
    record.apply(recorder.events)
    assert record.workers["stubborn"].exitcode == -9  # killed after the grace period
    assert record.workers["polite"].exitcode == -15  # ended by SIGTERM at once
