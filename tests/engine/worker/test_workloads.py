"""Every registered workload in real worker processes, under every start method.

Intervals are short (0.1-0.5 s) so the file stays quick across three start
methods; tests wait on events and on ``Session.join``, never on a bare sleep
(the one poll waits for SIGSTOP to take effect, which sends no event).
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import psutil
import pytest

from engine import RunRecord, Session, WorkerSpec, WorkerState
from engine.model.events import (
    JoinReturned,
    LockAbandoned,
    LockAcquired,
    LockRecovered,
    MessageSent,
    OutputLine,
    PingReceived,
    RoundTrip,
)
from engine.model.run_record import TRACEBACK_HEADER
from engine.model.spec import KINDS, SpecError
from engine.run import in_process, thread_run
from engine.run.cpu_calibration import units_for
from engine.run.in_process import InProcessRun
from engine.worker import local_runner, wire, worker_main
from engine.worker.local_runner import run_here
from engine.worker.workloads import WORKLOADS
from tests.engine.recorder import Recorder

ROOT = Path(__file__).resolve().parents[3]


@contextmanager
def running(specs, start_method, recorder=None, **kwargs):
    """A started session whose events go to ``recorder``; stopped on leaving."""
    recorder = recorder if recorder is not None else Recorder()
    with Session(specs, recorder, start_method=start_method, **kwargs) as session:
        session.start()
        yield session, recorder


def finish(session, recorder, timeout: float = 15.0) -> RunRecord:
    """Waits for every worker's exit event; returns the run's record."""
    assert session.join(timeout=timeout) == []
    count = len(session.names)
    events = recorder.wait_for(lambda evs: sum(e.kind == "exit" for e in evs) == count, timeout)
    record = RunRecord.for_names(session.t0_ns, session.names)
    record.apply(events)
    return record


def kinds_of(recorder, name):
    return [(e.kind, getattr(e, "text", None)) for e in recorder.of(name)]


def texts(recorder, name, stream):
    return [e.text for e in recorder.of(name) if isinstance(e, OutputLine) and e.stream == stream]


def assert_holds_never_overlap(record):
    holds = sorted(span for run in record.workers.values() for span in run.lock_holds)
    assert all(end is not None for _, end in holds), holds
    for (_, previous_end), (start, _) in zip(holds, holds[1:]):
        assert start >= previous_end, holds


# -- only registered kinds run --------------------------------------------------

def test_the_workloads_are_exactly_the_registered_kinds():
    assert set(WORKLOADS) == set(KINDS) and len(WORKLOADS) == len(KINDS)
    assert all(callable(workload) for workload in WORKLOADS.values())


@pytest.mark.parametrize("kind", ["os.system", "engine.worker.workloads.sleep_workload", "sleep_workload", "", None])
def test_a_spec_of_an_unregistered_kind_cannot_be_built(kind):
    with pytest.raises(SpecError) as caught:
        WorkerSpec("x", 1, kind=kind)
    assert caught.value.field == "kind"


def test_a_worker_runs_nothing_for_an_unregistered_kind():
    sent = []
    with pytest.raises(KeyError):
        run_here("x", 0.1, sent.append, None, kind="os.system")
    assert sent == []  # refused before its first message


# -- where each way of running lives ---------------------------------------------

def test_running_in_this_process_lives_in_local_runner_not_in_the_worker_module():
    assert not hasattr(worker_main, "run_here")  # worker_main is what runs inside a worker process
    assert thread_run.run_here is in_process.run_here is local_runner.run_here


def test_run_here_sends_lines_as_messages_and_leaves_stdout_alone(capsys):
    sent = []
    run_here("nap", 0.01, sent.append, None)
    assert [message[0] for message in sent] == [wire.START, wire.OUTPUT, wire.OUTPUT, wire.END]
    assert [message[2] for message in sent if message[0] == wire.OUTPUT] == ["work nap start", "work nap end"]
    assert capsys.readouterr() == ("", "")


# -- run() in this process -------------------------------------------------------

def test_stopping_a_run_in_this_process_does_not_wait_for_the_sleep():
    """A closing window calls stop(grace): it must not freeze for the whole sleep."""
    recorder = Recorder()
    run = InProcessRun(WorkerSpec("nap", 2.0), recorder)
    run.start()
    recorder.wait_for_kind("start", "nap")
    began = time.perf_counter()
    run.stop(0.05)
    assert time.perf_counter() - began < 0.5
    assert run.join(timeout=0) == ["nap"]  # the sleep goes on: a thread cannot be interrupted
    assert run.join(timeout=15) == []  # let it end here, not during a later test
    assert [e.kind for e in recorder.of("nap")][-2:] == ["end", "exit"]


def test_stopping_a_finished_run_in_this_process_returns_at_once():
    recorder = Recorder()
    run = InProcessRun(WorkerSpec("nap", 0.01), recorder)
    run.stop(5)  # not started: nothing to wait for
    run.start()
    assert run.join(timeout=15) == []
    began = time.perf_counter()
    run.stop(5)
    assert time.perf_counter() - began < 0.5


# -- sleep and cpu ----------------------------------------------------------------

def test_sleep_worker_events(start_method, allow_fork_warning):
    with running([WorkerSpec("s", 0.2)], start_method) as (session, recorder):
        record = finish(session, recorder)
    assert kinds_of(recorder, "s") == [
        ("launch", None), ("start", None), ("output", "work s start"), ("output", "work s end"),
        ("end", None), ("exit", None), ("join", None),
    ]
    run = record.workers["s"]
    assert run.exitcode == 0 and run.describe_exit() == "0 (ok)" and not run.raised
    assert 0.15 <= run.duration_s() <= 1.0, run.duration_s()
    assert run.start_cost_ms is not None and run.start_cost_ms > 0


def test_cpu_worker_does_its_calibrated_work(start_method, allow_fork_warning):
    interval = 0.3
    # One unit is well under a millisecond: a worker that did not get its
    # "units" (the default is 1) would end at once.
    assert units_for(interval) > 100
    with running([WorkerSpec("c", interval, "cpu")], start_method) as (session, recorder):
        record = finish(session, recorder)
    assert texts(recorder, "c", "stdout") == ["work c start", "work c end"]
    assert [e.kind for e in recorder.of("c")][-3:] == ["end", "exit", "join"]
    run = record.workers["c"]
    assert run.exitcode == 0 and run.state is WorkerState.FINISHED
    # A fixed amount of work: about the interval on a free core, longer on a busy one.
    assert interval * 0.4 <= run.duration_s() <= 10 * interval, run.duration_s()


# -- lock -------------------------------------------------------------------------

def test_lock_workers_take_turns(start_method, allow_fork_warning):
    specs = [WorkerSpec(f"locker{n}", 0.3, "lock") for n in (1, 2, 3)]
    with running(specs, start_method) as (session, recorder):
        record = finish(session, recorder)
    for spec in specs:
        run = record.workers[spec.name]
        assert run.exitcode == 0, (spec.name, run.exitcode)
        assert len(run.lock_waits) == 1 and len(run.lock_holds) == 1, (run.lock_waits, run.lock_holds)
        (wait_start, wait_end), (hold_start, hold_end) = run.lock_waits[0], run.lock_holds[0]
        assert wait_start <= wait_end == hold_start < hold_end
        assert hold_end - hold_start >= 0.25, run.lock_holds
        assert texts(recorder, spec.name, "stdout") == [f"work {spec.name} start", f"work {spec.name} end"]
    assert_holds_never_overlap(record)
    waits = sorted(end - start for run in record.workers.values() for start, end in run.lock_waits)
    assert waits[-2] > 0.1, waits  # at least two workers visibly waited
    assert session.lock_holder is None and session.lock_abandoned_by is None


# -- messages and ping/pong -----------------------------------------------------------

def test_messages_worker_spreads_its_messages_and_times_a_round_trip(start_method, allow_fork_warning):
    with running([WorkerSpec("talker", 0.5, "messages", messages=5)], start_method) as (session, recorder):
        record = finish(session, recorder)
    sent = [e for e in recorder.of("talker") if isinstance(e, MessageSent)]
    assert [(e.index, e.count) for e in sent] == [(n, 5) for n in range(1, 6)]
    times = [e.t_ns for e in sent]
    assert times == sorted(times) and len(set(times)) == 5
    assert times[-1] - times[0] >= 0.3e9, (times[-1] - times[0]) / 1e9
    trips = [e for e in recorder.of("talker") if isinstance(e, RoundTrip)]
    assert len(trips) == 1 and trips[0].seq == 1
    assert trips[0].rtt_ns is not None and trips[0].rtt_ns > 0
    assert trips[0].t_ns > times[-1]
    run = record.workers["talker"]
    assert run.exitcode == 0
    assert run.round_trip_ms == pytest.approx(trips[0].rtt_ns / 1e6)
    assert len(run.messages) == 5
    assert any(text.startswith("ping/pong round trip: ") and text.endswith(" ms")
               for text in texts(recorder, "talker", "stdout"))


class PongingRecorder(Recorder):
    """Answers each ping itself, as the window does with auto_pong off."""

    session = None
    answered = None

    def __call__(self, batch):
        for event in batch:
            if isinstance(event, PingReceived):
                self.answered = self.session.pong(event.worker, event.seq)
        super().__call__(batch)


def test_a_subscriber_can_answer_the_pings(start_method, allow_fork_warning):
    recorder = PongingRecorder()
    with Session([WorkerSpec("talker", 0.2, "messages", messages=2)], recorder, start_method=start_method,
                 auto_pong=False) as session:
        recorder.session = session
        session.start()
        trip = recorder.wait_for_kind("round_trip", "talker")
        finish(session, recorder)
    assert recorder.answered is True
    assert trip.rtt_ns is not None and trip.rtt_ns > 0
    assert [e.kind for e in recorder.of("talker")].count("ping") == 1


def test_without_auto_pong_only_the_caller_answers(start_method, allow_fork_warning):
    spec = WorkerSpec("talker", 0.1, "messages", messages=1)
    with running([spec], start_method, auto_pong=False) as (session, recorder):
        ping = recorder.wait_for_kind("ping", "talker")
        # Nobody else answers: no round trip while the ping waits for us.
        assert not recorder.happens_within(lambda evs: any(e.kind == "round_trip" for e in evs), 0.3)
        pong_ns = time.perf_counter_ns()
        assert session.pong("talker", ping.seq) is True
        trip = recorder.wait_for_kind("round_trip", "talker")
        finish(session, recorder)
        assert session.pong("talker", ping.seq) is False  # it is gone
    assert trip.seq == ping.seq
    assert trip.rtt_ns is not None and trip.rtt_ns >= pong_ns - ping.t_ns >= 0.3e9


# -- crash -------------------------------------------------------------------------

CRASH_SPECS = [
    WorkerSpec("raises", 0.1, "crash", crash="exception"),
    WorkerSpec("exits4", 0.1, "crash", crash="sys.exit", exit_status=4),
    WorkerSpec("os_exit3", 0.1, "crash", crash="os._exit", exit_status=3),
    WorkerSpec("sigkill", 0.1, "crash", crash="sigkill"),
    WorkerSpec("segfault", 0.1, "crash", crash="segfault"),
]
EXPECTED_EXITS = {
    "raises": (1, "1 (uncaught exception)"),
    "exits4": (4, "4 (exit status 4)"),
    "os_exit3": (3, "3 (exit status 3)"),
    "sigkill": (-signal.SIGKILL, "-9 (killed by SIGKILL)"),
    "segfault": (-signal.SIGSEGV, "-11 (killed by SIGSEGV)"),
}


def test_each_way_to_crash_and_the_others_run_on(start_method, allow_fork_warning):
    specs = [*CRASH_SPECS, WorkerSpec("survivor", 0.5)]
    with running(specs, start_method) as (session, recorder):
        record = finish(session, recorder)
    assert {name: (run.exitcode, run.describe_exit()) for name, run in record.workers.items()} == {
        **EXPECTED_EXITS, "survivor": (0, "0 (ok)"),
    }
    for spec in CRASH_SPECS:
        kinds = [e.kind for e in recorder.of(spec.name)]
        assert "end" not in kinds and kinds[-2:] == ["exit", "join"], (spec.name, kinds)
        assert texts(recorder, spec.name, "stdout") == [f"work {spec.name} start",
                                                         f"work {spec.name} crashes: {spec.crash}"]
    errors = texts(recorder, "raises", "stderr")
    assert TRACEBACK_HEADER in errors
    assert any("RuntimeError" in line and "crashed on purpose" in line for line in errors), errors
    assert record.workers["raises"].raised
    for name in ("exits4", "os_exit3", "sigkill", "segfault"):
        assert TRACEBACK_HEADER not in texts(recorder, name, "stderr")
        assert not record.workers[name].raised
    assert texts(recorder, "segfault", "stderr") == []
    assert not any("Fatal Python error" in getattr(e, "text", "") for e in recorder.events)
    survivor = record.workers["survivor"]
    assert [e.kind for e in recorder.of("survivor")][-3:] == ["end", "exit", "join"]
    assert survivor.end_s > max(record.workers[spec.name].exit_s for spec in CRASH_SPECS)  # it ran on


#: Runs one segfault worker; prints its exit codes and stderr lines as JSON.
SEGFAULT_PARENT = """
import json, sys
from engine import Session, WorkerSpec
from tests.engine.recorder import Recorder

recorder = Recorder()
with Session([WorkerSpec("segv", 0.01, "crash", crash="segfault")], recorder, start_method=sys.argv[1]) as session:
    session.start()
    assert session.join(timeout=30) == []
    events = recorder.wait_for(lambda evs: any(e.kind == "exit" for e in evs), 30)
print(json.dumps({
    "exits": [e.exitcode for e in events if e.kind == "exit"],
    "stderr": [e.text for e in events if e.kind == "output" and e.stream == "stderr"],
}))
"""


def test_a_segfault_worker_that_inherited_faulthandler_prints_no_fatal_error(start_method):
    """-X faulthandler reaches every child (fork inherits it, spawn and the
    forkserver are started with the same flags), as pytest's or -X dev's does.
    The dump would go straight to the terminal's descriptor, past the Pipe:
    so the parent runs in a subprocess whose real stderr is read here.
    """
    result = subprocess.run(
        [sys.executable, "-X", "faulthandler", "-c", SEGFAULT_PARENT, start_method],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {"exits": [-signal.SIGSEGV], "stderr": []}
    assert "Fatal Python error" not in result.stderr and "Segmentation fault" not in result.stderr, result.stderr


# -- a lock abandoned by a dead holder --------------------------------------------------

@contextmanager
def stopped(pids):
    """SIGSTOP the processes; SIGCONT them on leaving, whatever happens.

    Returns once each one really is stopped: until then a process woken by
    the signal may still sit in the semaphore's futex queue and take the
    wake-up meant for a process that is running.
    """
    for pid in pids:
        os.kill(pid, signal.SIGSTOP)
    try:
        deadline = time.monotonic() + 5
        while not all(psutil.Process(pid).status() == psutil.STATUS_STOPPED for pid in pids):
            assert time.monotonic() < deadline, "a worker did not stop within 5 s"
            time.sleep(0.002)  # polling a condition: the kernel sends no event for a stop we can wait on
        yield
    finally:
        for pid in pids:
            os.kill(pid, signal.SIGCONT)


def acquired(name):
    return lambda evs: any(isinstance(e, LockAcquired) and e.worker == name for e in evs)


@pytest.mark.skipif(not hasattr(signal, "SIGSTOP"), reason="orders the waiters with SIGSTOP (POSIX)")
def test_a_lock_abandoned_by_a_killed_holder_is_recovered(start_method, allow_fork_warning):
    specs = [WorkerSpec("holder", 30, "lock"), WorkerSpec("waiter1", 0.2, "lock"),
             WorkerSpec("waiter2", 0.2, "lock")]
    recorder = Recorder()
    with Session(specs, recorder, start_method=start_method) as session:
        # Make sure "holder" gets the lock first: hold it ourselves until all
        # three wait, then let only the holder run while we release it.
        assert session.shared_lock.acquire(timeout=5)
        session.start()
        waiting = recorder.wait_for(lambda evs: sum(e.kind == "lock_wait" for e in evs) == 3)
        pids = {e.worker: e.pid for e in waiting if e.kind == "lock_wait"}
        with stopped([pids["waiter1"], pids["waiter2"]]):
            session.shared_lock.release()
            recorder.wait_for(acquired("holder"))
        assert session.lock_holder == "holder"
        assert session.release_abandoned_lock() is False  # a live holder's lock is not touched

        assert session.kill(["holder"]) == ["holder"]
        abandoned = recorder.wait_for_kind("lock_abandoned", "holder")
        assert isinstance(abandoned, LockAbandoned) and abandoned.exitcode == -signal.SIGKILL
        assert session.lock_abandoned_by == "holder" and session.lock_holder is None
        # Nobody gets the abandoned lock on their own.
        assert not recorder.happens_within(lambda evs: acquired("waiter1")(evs) or acquired("waiter2")(evs), 0.5)
        assert session.join(["waiter1", "waiter2"], timeout=0) == ["waiter1", "waiter2"]

        assert session.release_abandoned_lock() is True
        recovered = recorder.wait_for_kind("lock_recovered", "holder")
        assert isinstance(recovered, LockRecovered) and recovered.t_ns > abandoned.t_ns
        assert session.lock_abandoned_by is None
        record = finish(session, recorder)
        assert session.release_abandoned_lock() is False  # nothing left to recover

    assert {name: run.exitcode for name, run in record.workers.items()} == {
        "holder": -signal.SIGKILL, "waiter1": 0, "waiter2": 0,
    }
    assert record.lock_abandoned_by is None
    holder = record.workers["holder"]
    assert holder.lock_holds == [[holder.lock_holds[0][0], holder.exit_s]]  # closed by the exit
    for name in ("waiter1", "waiter2"):
        run = record.workers[name]
        assert len(run.lock_holds) == 1 and run.lock_holds[0][0] > holder.exit_s
        assert run.lock_waits[0][1] - run.lock_waits[0][0] > 0.5  # waited through the abandonment
    assert_holds_never_overlap(record)
    kinds = [e.kind for e in recorder.events]
    assert kinds.count("lock_abandoned") == 1 and kinds.count("lock_recovered") == 1


def test_release_without_an_abandoned_lock_releases_nothing(start_method, allow_fork_warning):
    with running([WorkerSpec("w", 0.1, "lock")], start_method) as (session, recorder):
        finish(session, recorder)
        assert session.release_abandoned_lock() is False
        # Still free once, never released twice: we can take it, and nobody else holds it.
        assert session.shared_lock.acquire(timeout=1)
        assert not session.shared_lock.acquire(timeout=0.05)
        session.shared_lock.release()
    assert not any(e.kind == "lock_recovered" for e in recorder.events)


def test_release_before_start_releases_nothing():
    with Session([WorkerSpec("w", 0.1, "lock")]) as session:
        assert session.shared_lock.acquire(timeout=1)  # held by someone alive (us)
        assert session.release_abandoned_lock() is False
        assert not session.shared_lock.acquire(timeout=0.05)  # still held
        session.shared_lock.release()


# -- join marks ----------------------------------------------------------------

def test_join_marks_say_whether_the_worker_was_still_alive(start_method, allow_fork_warning):
    with running([WorkerSpec("a", 0.3)], start_method) as (session, recorder):
        recorder.wait_for_kind("start", "a")
        assert session.join(["a"], timeout=0.05) == ["a"]
        first = recorder.wait_for_kind("join", "a")
        assert isinstance(first, JoinReturned) and first.alive is True
        assert not any(e.kind == "exit" for e in recorder.of("a"))
        assert session.join(["a"], timeout=15) == []
        events = recorder.wait_for(lambda evs: sum(e.kind == "join" for e in evs) == 2)
    joins = [e for e in events if isinstance(e, JoinReturned)]
    assert [(j.worker, j.alive) for j in joins] == [("a", True), ("a", False)]
    assert joins[0].pid == joins[1].pid == first.pid is not None
    exit_event = next(e for e in events if e.kind == "exit")
    assert joins[0].t_ns < exit_event.t_ns <= joins[1].t_ns
    record = RunRecord.for_names(session.t0_ns, session.names)
    record.apply(events)
    assert [alive for _, alive in record.workers["a"].joins] == [True, False]


def test_a_holder_that_died_just_after_releasing_is_not_abandoned_for_long():
    """The holder released, then died before saying so, and another took the lock.

    The engine first believes the lock abandoned; the next LockAcquired
    proves otherwise, so it must not release the new holder's lock.
    """
    from engine.model.events import LockAcquired, LockRecovered, WorkerExited

    recorder = Recorder()
    with Session([WorkerSpec("idle", 0.01)], recorder) as session:
        session.start()
        assert session.shared_lock.acquire(timeout=1)  # "B" holds the real lock
        try:
            session._on_batch([LockAcquired("A", 1, 1), WorkerExited("A", 1, 2, -9)])
            assert session.lock_abandoned_by == "A"
            session._on_batch([LockAcquired("B", 2, 3)])
            assert session.lock_abandoned_by is None and session.lock_holder == "B"
            assert any(isinstance(e, LockRecovered) and e.worker == "A" for e in recorder.events)
            assert not session.release_abandoned_lock()
            assert not session.shared_lock.acquire(timeout=0.05)  # still B's alone
        finally:
            session.shared_lock.release()
