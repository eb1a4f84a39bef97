"""RunRecord rows and bars built from hand-made events, and exit code words. No processes."""
from __future__ import annotations

import signal

import pytest

from engine.model.events import (
    Event,
    JoinReturned,
    LockAbandoned,
    LockAcquired,
    LockRecovered,
    LockReleased,
    LockWaiting,
    MessageSent,
    OutputLine,
    PingReceived,
    ResourceSample,
    RoundTrip,
    WorkerEnded,
    WorkerExited,
    WorkerLaunched,
    WorkerStarted,
)
from engine.model.exit_codes import (
    WorkerState,
    describe_exitcode,
    describe_state,
    signal_name,
    state_for_exitcode,
)
from engine.model.run_record import TRACEBACK_HEADER, RunRecord, WorkerRun

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


# -- exit codes with what the run printed ---------------------------------------

@pytest.mark.parametrize(
    "exitcode, raised, words",
    [(1, False, "1 (exit status 1)"), (1, True, "1 (uncaught exception)"), (1, None, "1 (uncaught exception)"),
     (0, True, "0 (ok)"), (4, True, "4 (exit status 4)"), (4, False, "4 (exit status 4)"), (None, True, "")],
)
def test_describe_exitcode_knows_a_traceback_from_sys_exit_1(exitcode, raised, words):
    assert describe_exitcode(exitcode, raised=raised) == words


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="POSIX signals")
def test_describe_exitcode_of_a_signal_ignores_raised():
    assert describe_exitcode(-9, raised=True) == describe_exitcode(-9, raised=False) == "-9 (killed by SIGKILL)"


@pytest.mark.parametrize("exitcode, raised, words", [
    (0, None, "«0 (ok)»"), (1, None, "«1 (uncaught exception)»"), (1, False, "«1 (exit status 1)»"),
    (3, None, "«3 (exit status 3)»"), (-1000, None, "«-1000 (killed by signal 1000)»"), (None, None, ""),
])
def test_describe_exitcode_translates_before_filling_in(exitcode, raised, words):
    """The window passes its tr(): the literal goes through it, then the values go in."""
    assert describe_exitcode(exitcode, raised, translate=lambda text: f"«{text}»") == words


def test_describe_state_is_the_states_value_or_its_translation():
    assert [describe_state(state) for state in WorkerState] == [state.value for state in WorkerState]
    assert describe_state(WorkerState.KILLED, translate=str.upper) == "KILLED"


def ended_with(exitcode: int, *lines: tuple[str, str]) -> WorkerRun:
    record = RunRecord.for_names(T0, ["w"])
    record.apply([WorkerStarted("w", 1, at(0)), *(OutputLine("w", 1, at(5), text, stream) for text, stream in lines),
                  WorkerExited("w", 1, at(10), exitcode)])
    return record.workers["w"]


def test_a_traceback_on_stderr_makes_exit_1_an_uncaught_exception():
    run = ended_with(1, ("Process w:", "stderr"), (TRACEBACK_HEADER, "stderr"), ("RuntimeError: boom", "stderr"))
    assert run.raised
    assert run.describe_exit() == "1 (uncaught exception)"


@pytest.mark.parametrize(
    "lines",
    [(), ((TRACEBACK_HEADER, "stdout"),), (("  " + TRACEBACK_HEADER, "stderr"),), (("RuntimeError: boom", "stderr"),)],
)
def test_exit_1_without_a_traceback_on_stderr_is_an_exit_status(lines):
    run = ended_with(1, *lines)
    assert not run.raised
    assert run.describe_exit() == "1 (exit status 1)"


def test_describe_exit_of_other_runs():
    assert ended_with(0).describe_exit() == "0 (ok)"
    assert ended_with(3).describe_exit() == "3 (exit status 3)"
    assert WorkerRun("w").describe_exit() == ""  # still running


# -- start cost ---------------------------------------------------------------

def test_start_cost_is_from_launch_to_the_first_line():
    record = RunRecord.for_names(T0, ["w"])
    record.apply([WorkerLaunched("w", 1, at(10))])
    assert record.workers["w"].start_cost_ms is None  # not started yet
    record.apply([WorkerStarted("w", 1, at(85.5))])
    assert record.workers["w"].start_cost_ms == pytest.approx(75.5)


@pytest.mark.parametrize(
    "run",
    [WorkerRun("w"), WorkerRun("w", start_s=1.0), WorkerRun("w", launch_s=1.0),
     WorkerRun("w", launch_s=1.0, start_s=0.999)],  # a start before the launch: clocks disagree, say nothing
)
def test_start_cost_is_unknown_without_both_ends(run):
    assert run.start_cost_ms is None


# -- lock spans ---------------------------------------------------------------

def test_lock_wait_and_hold_spans():
    record = RunRecord.for_names(T0, ["w"])
    record.apply([WorkerStarted("w", 1, at(0)), LockWaiting("w", 1, at(100))])
    run = record.workers["w"]
    assert run.lock_waits == [[pytest.approx(0.1), None]] and run.lock_holds == []
    record.apply([LockAcquired("w", 1, at(400))])
    assert run.lock_waits == [[pytest.approx(0.1), pytest.approx(0.4)]]
    assert run.lock_holds == [[pytest.approx(0.4), None]]
    record.apply([LockReleased("w", 1, at(700)), WorkerEnded("w", 1, at(710)), WorkerExited("w", 1, at(720), 0)])
    assert run.lock_holds == [[pytest.approx(0.4), pytest.approx(0.7)]]  # the exit does not move a closed span
    assert run.lock_waits == [[pytest.approx(0.1), pytest.approx(0.4)]]


def test_an_exit_closes_an_open_hold():
    record = RunRecord.for_names(T0, ["w"])
    record.apply([LockWaiting("w", 1, at(0)), LockAcquired("w", 1, at(50)), WorkerExited("w", 1, at(900), -9)])
    run = record.workers["w"]
    assert run.lock_waits == [[0.0, pytest.approx(0.05)]]
    assert run.lock_holds == [[pytest.approx(0.05), pytest.approx(0.9)]]


def test_an_exit_closes_an_open_wait():
    record = RunRecord.for_names(T0, ["w"])
    record.apply([LockWaiting("w", 1, at(20)), WorkerExited("w", 1, at(600), -15)])
    run = record.workers["w"]
    assert run.lock_waits == [[pytest.approx(0.02), pytest.approx(0.6)]]
    assert run.lock_holds == []


def test_several_turns_make_several_spans():
    record = RunRecord.for_names(T0, ["w"])
    record.apply([LockWaiting("w", 1, at(0)), LockAcquired("w", 1, at(10)), LockReleased("w", 1, at(20)),
                  LockWaiting("w", 1, at(30)), LockAcquired("w", 1, at(40)), LockReleased("w", 1, at(50))])
    run = record.workers["w"]
    assert run.lock_waits == [[0.0, pytest.approx(0.01)], [pytest.approx(0.03), pytest.approx(0.04)]]
    assert run.lock_holds == [[pytest.approx(0.01), pytest.approx(0.02)], [pytest.approx(0.04), pytest.approx(0.05)]]


def test_an_abandoned_lock_until_it_is_recovered():
    record = RunRecord.for_names(T0, ["holder", "other"])
    record.apply([LockAcquired("holder", 1, at(0)), WorkerExited("holder", 1, at(100), -9),
                  LockAbandoned("holder", 1, at(100), -9)])
    assert record.lock_abandoned_by == "holder"
    assert record.workers["holder"].lock_holds == [[0.0, pytest.approx(0.1)]]
    record.apply([LockRecovered("other", None, at(150))])  # not the one that abandoned it
    assert record.lock_abandoned_by == "holder"
    record.apply([LockRecovered("holder", None, at(200))])
    assert record.lock_abandoned_by is None
    assert record.workers["holder"].pid == 1  # an engine event without a pid keeps the known one


# -- messages, round trips, joins and samples ------------------------------------------

def test_messages_and_round_trip():
    record = RunRecord.for_names(T0, ["m"])
    record.apply([MessageSent("m", 1, at(100 * n), n, 3) for n in (1, 2, 3)])
    record.apply([PingReceived("m", 1, at(310), 1)])
    run = record.workers["m"]
    assert run.messages == [pytest.approx(0.1), pytest.approx(0.2), pytest.approx(0.3)]
    assert run.round_trip_ms is None
    record.apply([RoundTrip("m", 1, at(320), 1, 1_250_000)])
    assert run.round_trip_ms == pytest.approx(1.25)
    record.apply([RoundTrip("m", 1, at(330), 2, None)])  # no pong came in time
    assert run.round_trip_ms is None
    assert (run.start_s, run.end_s) == (None, None)  # messages do not move the bar


def test_join_marks():
    record = RunRecord.for_names(T0, ["w"])
    record.apply([JoinReturned("w", 1, at(50), True), JoinReturned("w", 1, at(900), False)])
    assert record.workers["w"].joins == [(pytest.approx(0.05), True), (pytest.approx(0.9), False)]
    assert record.workers["w"].exit_s is None  # a join mark is not an exit


def test_resource_samples_are_appended():
    record = RunRecord.for_names(T0, ["w"])
    run = record.workers["w"]
    assert run.samples == [] and run.latest_sample is None
    record.apply([ResourceSample("w", 1, at(500), 12.5, 10_000_000)])
    record.apply([ResourceSample("w", 1, at(1000), 99.0, 12_000_000)])
    assert run.samples == [(pytest.approx(0.5), 12.5, 10_000_000), (pytest.approx(1.0), 99.0, 12_000_000)]
    assert run.latest_sample == (pytest.approx(1.0), 99.0, 12_000_000)
    assert (run.start_s, run.end_s, run.exit_s) == (None, None, None)


def test_every_event_type_is_handled():
    """A new event type must get a handler here, or apply() refuses it."""
    import engine.model.events

    types = [value for value in vars(engine.model.events).values()
             if isinstance(value, type) and issubclass(value, Event) and value is not Event]
    assert len(types) >= 15  # the check found them
    record = RunRecord(T0)
    for event_type in types:
        record.apply([event_type("w", 1, at(1))])
    assert len(record.events) == len(types)


def test_a_worker_that_died_before_its_first_line_has_no_start_cost():
    from engine.model.events import WorkerExited, WorkerLaunched

    record = RunRecord.for_names(0, ["w"])
    record.apply([WorkerLaunched("w", 1, 10_000_000), WorkerExited("w", 1, 40_000_000, -9)])
    run = record.workers["w"]
    assert run.start_s == 0.01  # the bar still starts where start() was called
    assert run.start_cost_ms is None and not run.began


def test_releasing_an_outer_named_lock_closes_its_own_hold_not_the_inner_one():
    from engine.model.events import NamedLockAcquired, NamedLockReleased

    record = RunRecord(0)
    record.apply([NamedLockAcquired("p", 1, 1_000_000_000, "Lock@a.py:1"),
                  NamedLockAcquired("p", 1, 2_000_000_000, "Lock@a.py:2"),
                  NamedLockReleased("p", 1, 3_000_000_000, "Lock@a.py:1"),
                  NamedLockReleased("p", 1, 4_000_000_000, "Lock@a.py:2")])
    run = record.workers["p"]
    assert run.lock_holds == [[1.0, 3.0], [2.0, 4.0]]
    assert run.lock_names == ["Lock@a.py:1", "Lock@a.py:2"]
