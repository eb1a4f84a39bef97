"""RunRecord rows and bars built from hand-made events, and exit code words. No processes."""
from __future__ import annotations

import signal

import pytest

from engine.events import Event, OutputLine, WorkerEnded, WorkerExited, WorkerLaunched, WorkerStarted
from engine.exit_codes import WorkerState, describe_exitcode, signal_name, state_for_exitcode
from engine.run_record import RunRecord, WorkerRun

T0 = 5_000_000_000_000  # an arbitrary perf_counter_ns() reading
MS = 1_000_000


def at(ms: float) -> int:
    return T0 + int(ms * MS)


# -- exit codes ---------------------------------------------------------------

@pytest.mark.parametrize(
    "exitcode, words",
    [(0, "0 (ok)"), (1, "1 (uncaught exception)"), (3, "3 (exit status 3)"), (70, "70 (exit status 70)"),
     (None, "")],
)
def test_describe_exitcode(exitcode, words):
    assert describe_exitcode(exitcode) == words


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="POSIX signals")
@pytest.mark.parametrize("exitcode, words", [(-15, "-15 (killed by SIGTERM)"), (-9, "-9 (killed by SIGKILL)"),
                                             (-2, "-2 (killed by SIGINT)")])
def test_describe_exitcode_names_the_signal(exitcode, words):
    assert describe_exitcode(exitcode) == words


def test_describe_exitcode_of_an_unknown_signal():
    assert describe_exitcode(-1000) == "-1000 (killed by signal 1000)"
    assert signal_name(1000) == "signal 1000"


@pytest.mark.parametrize(
    "exitcode, state",
    [(0, WorkerState.FINISHED), (1, WorkerState.FAILED), (3, WorkerState.FAILED), (255, WorkerState.FAILED),
     (-15, WorkerState.TERMINATED), (-9, WorkerState.KILLED), (-2, WorkerState.KILLED), (-6, WorkerState.KILLED),
     (-1000, WorkerState.KILLED)],
)
def test_state_for_exitcode(exitcode, state):
    assert state_for_exitcode(exitcode) is state


# -- run record ---------------------------------------------------------------

def test_bar_runs_from_start_to_end_in_seconds_since_t0():
    record = RunRecord.for_names(T0, ["w"])
    record.apply([
        WorkerLaunched("w", 41, at(10)),
        WorkerStarted("w", 41, at(250)),
        OutputLine("w", 41, at(300), "work w start"),
        WorkerEnded("w", 41, at(2250)),
        WorkerExited("w", 41, at(2300), 0),
    ])
    run = record.workers["w"]
    assert run.pid == 41
    assert run.launch_s == pytest.approx(0.010)
    assert run.start_s == pytest.approx(0.250)
    assert run.end_s == pytest.approx(2.250)
    assert run.exit_s == pytest.approx(2.300)
    assert run.bar_end_s == pytest.approx(2.250)  # the end event, not the exit
    assert run.duration_s() == pytest.approx(2.0)
    assert run.state is WorkerState.FINISHED
    assert record.last_time_s() == pytest.approx(2.250)
    assert record.all_exited()


def test_killed_worker_bar_runs_to_its_exit():
    record = RunRecord.for_names(T0, ["w"])
    record.apply([WorkerLaunched("w", 7, at(0)), WorkerStarted("w", 7, at(100)), WorkerExited("w", 7, at(900), -9)])
    run = record.workers["w"]
    assert run.end_s is None
    assert run.bar_end_s == pytest.approx(0.9)
    assert run.duration_s() == pytest.approx(0.8)
    assert run.state is WorkerState.KILLED


def test_terminated_worker_state_and_bar():
    record = RunRecord.for_names(T0, ["w"])
    record.apply([WorkerLaunched("w", 7, at(0)), WorkerStarted("w", 7, at(100)), WorkerExited("w", 7, at(500), -15)])
    assert record.workers["w"].state is WorkerState.TERMINATED
    assert record.workers["w"].bar_end_s == pytest.approx(0.5)


def test_worker_that_exits_before_its_start_gets_a_bar_from_its_launch():
    record = RunRecord.for_names(T0, ["w"])
    record.apply([WorkerLaunched("w", 8, at(20)), WorkerExited("w", 8, at(70), 1)])
    run = record.workers["w"]
    assert run.start_s == pytest.approx(0.020)
    assert run.bar_end_s == pytest.approx(0.070)
    assert run.duration_s() == pytest.approx(0.050)
    assert run.state is WorkerState.FAILED


def test_exit_without_launch_or_start_gets_an_empty_bar_at_the_exit():
    record = RunRecord(T0)
    record.apply([WorkerExited("w", None, at(300), -9)])
    run = record.workers["w"]
    assert run.start_s == run.bar_end_s == pytest.approx(0.3)
    assert run.duration_s() == 0


def test_states_while_running():
    record = RunRecord.for_names(T0, ["a", "b", "c"])
    assert [run.state for run in record.workers.values()] == [WorkerState.NOT_STARTED] * 3
    record.apply([WorkerLaunched("a", 1, at(0)), WorkerLaunched("b", 2, at(1)), WorkerStarted("b", 2, at(5))])
    assert record.workers["a"].state is WorkerState.STARTING
    assert record.workers["b"].state is WorkerState.RUNNING
    assert record.workers["c"].state is WorkerState.NOT_STARTED
    assert record.workers["b"].bar_end_s is None and record.workers["b"].duration_s() is None
    assert not record.all_exited()
    assert record.last_time_s() == pytest.approx(0.005)


def test_exit_with_unknown_code_counts_as_failed():
    run = WorkerRun("w", start_s=0.0, exit_s=1.0)
    assert run.state is WorkerState.FAILED


def test_rows_keep_table_order_and_events_keep_arrival_order():
    record = RunRecord.for_names(T0, ["z", "a"])
    events = [WorkerLaunched("a", 2, at(0)), WorkerLaunched("z", 1, at(1)), WorkerLaunched("new", 3, at(2))]
    record.apply(events[:1])
    record.apply(events[1:])
    assert list(record.workers) == ["z", "a", "new"]
    assert record.events == events


def test_times_can_precede_t0():
    record = RunRecord(T0)
    record.apply([WorkerLaunched("w", 1, T0 - 500 * MS)])
    assert record.workers["w"].launch_s == pytest.approx(-0.5)
    assert record.seconds(T0 + 1_500_000_000) == pytest.approx(1.5)


def test_output_does_not_move_a_bar_but_updates_the_pid():
    record = RunRecord.for_names(T0, ["w"])
    record.apply([WorkerStarted("w", None, at(10)), OutputLine("w", 99, at(20), "hi", "stderr")])
    run = record.workers["w"]
    assert run.pid == 99
    assert (run.start_s, run.end_s, run.exit_s) == (pytest.approx(0.01), None, None)


def test_an_unknown_event_is_refused_without_changing_the_record():
    record = RunRecord.for_names(T0, ["w"])
    with pytest.raises(TypeError, match="unknown event"):
        record.apply([Event("stranger", 1, at(1))])
    assert list(record.workers) == ["w"]
    assert record.events == []


def test_last_time_of_an_empty_record_is_zero():
    assert RunRecord(T0).last_time_s() == 0.0
    assert RunRecord(T0).all_exited()  # vacuously: nothing to wait for
