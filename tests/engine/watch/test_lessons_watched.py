"""Every lesson script, watched, under every start method the platform has.

Each lesson runs through ``WatchedRun`` with ProcLab imposing the start
method (the scripts do not choose one), and the record it produces must
show what the lesson teaches: rows for the processes it creates, their
real exit codes, and the calls that matter (Pipe pairs, Lock holds, Queue
puts and gets, Pool tasks). All runs start at once in a thread pool in a
module fixture; the tests read the results.
"""
from __future__ import annotations

import multiprocessing
import re
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from engine import OutputLine, RunRecord
from engine.model.events import NamedLockAcquired, NamedLockReleased, PipeReceived, PipeSent, QueueGot, QueuePut
from engine.watch.watched_run import WatchedRun

LESSONS_DIR = Path(__file__).resolve().parents[3] / "resources" / "lessons" / "en"
LESSONS = sorted(path.name for path in LESSONS_DIR.glob("*.py"))
METHODS = multiprocessing.get_all_start_methods()
RUN_TIMEOUT = 60


@dataclass
class Watched:
    record: RunRecord
    failure: str | None
    malformed: int
    left: list

    def rows(self, role: str) -> list:
        return [run for run in self.record.workers.values() if run.role == role]

    def lines(self, worker: str | None = None) -> list[str]:
        return [e.text for e in self.record.events
                if isinstance(e, OutputLine) and (worker is None or e.worker == worker)]

    def main(self):
        return self.record.workers["MainProcess"]


def _watch(lesson: str, method: str) -> Watched:
    t0 = time.perf_counter_ns()
    record = RunRecord(t0)
    run = WatchedRun(LESSONS_DIR / lesson, [], record.apply, start_method=method)
    run.start(t0)
    left = run.join(timeout=RUN_TIMEOUT)
    run.stop()
    return Watched(record, run.failure, run.malformed, left)


@pytest.fixture(scope="module")
def watched() -> dict:
    with ThreadPoolExecutor(max_workers=4) as pool:
        futures = {(lesson, method): pool.submit(_watch, lesson, method) for lesson in LESSONS for method in METHODS}
        return {key: future.result() for key, future in futures.items()}


def _get(watched, lesson_prefix: str, method: str) -> Watched:
    lesson = next(name for name in LESSONS if name.startswith(lesson_prefix))
    return watched[(lesson, method)]


@pytest.mark.parametrize("lesson", LESSONS)
@pytest.mark.parametrize("method", METHODS)
def test_every_lesson_ends_cleanly_with_a_row_per_process(watched, lesson, method):
    result = watched[(lesson, method)]
    assert result.left == [] and result.failure is None and result.malformed == 0
    main = result.main()
    assert main.role == "main" and main.exitcode == 0, result.lines("MainProcess")
    assert all(run.exit_s is not None for run in result.record.workers.values())
    helpers = {run.name for run in result.rows("helper")}
    expected_helpers = {"fork": set(), "spawn": {"resource_tracker"},
                        "forkserver": {"resource_tracker", "forkserver"}}[method]
    assert expected_helpers <= helpers
    for run in result.record.workers.values():
        if run.role in ("process", "pool"):
            assert run.parent == "MainProcess", (run.name, run.parent)


def test_three_workers_end_in_interval_order(watched, start_method):
    result = _get(watched, "03_", start_method)
    workers = sorted(result.rows("process"), key=lambda run: run.launch_s)  # creation order: 2, 3, 4 s
    assert len(workers) == 3
    ends = [run.end_s for run in workers]
    assert ends == sorted(ends)
    for run, seconds in zip(workers, (2, 3, 4)):
        assert run.exitcode == 0
        assert abs(run.duration_s() - seconds) < 0.3, (run.name, run.duration_s())
    ends_printed = [line for line in result.lines() if line.startswith("work worker") and line.endswith("end")]
    assert ends_printed == ["work worker1 end", "work worker2 end", "work worker3 end"]


def test_join_with_a_timeout_returns_before_the_worker_ends(watched, start_method):
    result = _get(watched, "02_", start_method)
    (worker,) = result.rows("process")
    main_lines = [e for e in result.record.events if isinstance(e, OutputLine) and e.text == "end main"]
    assert result.record.seconds(main_lines[0].t_ns) < worker.end_s
    joins = [call for call in result.main().calls if call[1] == "join"]
    assert joins and abs(joins[0][3] - 1.0) < 0.3, joins  # join(timeout=1) returned after a second


def test_a_process_subclass_is_one_row_with_its_run(watched, start_method):
    result = _get(watched, "04_", start_method)
    (clock,) = result.rows("process")
    assert clock.exitcode == 0 and clock.began
    assert any("tick" in line for line in result.lines(clock.name))


def test_pipe_sends_pair_with_their_receives(watched, start_method):
    events = _get(watched, "05_", start_method).record.events
    sent = {(e.channel, e.seq): e for e in events if isinstance(e, PipeSent)}
    received = {(e.channel, e.seq): e for e in events if isinstance(e, PipeReceived)}
    assert sent and sent.keys() == received.keys()
    channels = {channel for channel, _ in sent}
    assert any("a→b" in c for c in channels) and any("b→a" in c for c in channels)  # the duplex Pipe
    assert any("→" not in c for c in channels)  # the one-way Pipe
    for key, send in sent.items():
        assert send.worker != received[key].worker
        assert send.t_ns <= received[key].t_ns


def test_lock_holds_never_overlap(watched, start_method):
    events = _get(watched, "06_", start_method).record.events
    holds, open_holds = [], {}
    for event in events:
        if isinstance(event, NamedLockAcquired):
            open_holds[event.worker] = (event.lock, event.t_ns)
        elif isinstance(event, NamedLockReleased):
            lock, began = open_holds.pop(event.worker)
            holds.append((lock, began, event.t_ns))
    assert len(holds) >= 3 and not open_holds
    assert len({lock for lock, _, _ in holds}) == 1 and holds[0][0].startswith("Lock@06_lock_shared_file.py:")
    holds.sort(key=lambda hold: hold[1])
    for (_, _, end), (_, begin, _) in zip(holds, holds[1:]):
        assert end <= begin


def test_shared_value_loses_updates_only_without_the_lock(watched, start_method):
    lines = _get(watched, "07_", start_method).lines("MainProcess")
    lost = {label: int(n) for label, n in (re.match(r"(.*): counter = .* lost (\d+)\)", line).groups()
                                            for line in lines if "counter =" in line)}
    assert lost["with lock"] == 0
    assert lost["without lock"] > 0, lines


def test_the_locks_inside_value_and_array_are_not_shown_as_the_scripts(watched, start_method):
    result = _get(watched, "07_", start_method)
    workers = sorted(result.rows("process"), key=lambda run: run.launch_s)
    unlocked, locked = workers[:4], workers[4:]
    assert all(not run.lock_holds for run in unlocked)  # counter.value takes Value's own lock: not shown
    holds = [name for run in locked for name in run.lock_names]
    assert len(holds) == 4 * 10000 and set(holds) == {holds[0]} and "07_shared_value_array.py" in holds[0]


def test_queue_items_go_from_producer_to_consumer(watched, start_method):
    events = _get(watched, "08_", start_method).record.events
    puts = [e for e in events if isinstance(e, QueuePut)]
    gets = [e for e in events if isinstance(e, QueueGot)]
    assert len(puts) == len(gets) >= 3
    assert {e.worker for e in puts} == {"producer"} and {e.worker for e in gets} == {"consumer"}
    assert len({e.queue for e in puts + gets}) == 1


def test_pool_map_of_six_tasks_gives_two_workers_and_six_task_spans(watched, start_method):
    result = _get(watched, "09_", start_method)
    pool = [run for run in result.rows("pool") if "PoolWorker" in run.name]
    executor = [run for run in result.rows("pool") if "PoolWorker" not in run.name]
    assert len(pool) == 2 and sum(len(run.tasks) for run in pool) == 6
    assert len(executor) >= 1 and sum(len(run.tasks) for run in executor) == 6
    for run in pool + executor:
        assert all(end is not None and ok for _, end, _, ok in run.tasks)


def test_a_crashing_child_does_not_stop_the_others(watched, start_method):
    workers = {run.name: run for run in _get(watched, "10_", start_method).rows("process")}
    assert workers["crasher"].exitcode == 1 and workers["crasher"].raised
    assert workers["quitter"].exitcode == 3
    assert workers["worker1"].exitcode == 0 and workers["worker2"].exitcode == 0


def test_the_python2_print_line_fails_and_the_fix_runs(watched, start_method):
    workers = {run.name: run for run in _get(watched, "11_", start_method).rows("process")}
    assert workers["broken"].exitcode == 1 and workers["broken"].raised
    assert workers["fixed"].exitcode == 0
