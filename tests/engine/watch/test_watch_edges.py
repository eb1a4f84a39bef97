"""Watching scripts that do what scripts do, and worse, with real processes.

Every script in ``scripts/`` runs watched through ``WatchedRun`` (most
under every start method the platform has, ProcLab imposing it), all at
once in a thread pool in a module fixture; the tests read the results.
Scripts that behave the same under any start method (no multiprocessing,
a syntax error) run once.
"""
from __future__ import annotations

import os
import re
import select
import shutil
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import psutil
import pytest

from engine import OutputLine, RunRecord
from engine.model.start_methods import available_start_methods
from engine.watch import report_collector
from engine.watch.process_table import ProcessTable
from engine.watch.watched_run import AGENT_DIR, WatchedRun

SCRIPTS = Path(__file__).with_name("scripts")
METHODS = available_start_methods()
RUN_TIMEOUT = 60
#: What Stop gives a script's processes between SIGTERM and SIGKILL here.
GRACE = 0.5


@dataclass
class Watched:
    record: RunRecord
    failure: str | None
    malformed: int
    left: list  #: rows join() still waited for when it gave up
    alive: list  #: the script's processes still running when join() returned
    seconds: float  #: from start() to the end of the run
    stop_seconds: float | None = None  #: how long stop() took, where the test stopped the run
    acted: object = None  #: what ``act`` returned

    def rows(self, role: str | None = None) -> list:
        return [run for run in self.record.workers.values() if role is None or run.role == role]

    def lines(self, worker: str | None = None, stream: str | None = None) -> list[str]:
        return [e.text for e in self.record.events if isinstance(e, OutputLine)
                and (worker is None or e.worker == worker) and (stream is None or e.stream == stream)]

    def written(self, stream: str) -> list[str]:
        """Every process's lines in the order they were written (the collector reads
        each process's connection in turn, so arrival order may differ)."""
        lines = [e for e in self.record.events if isinstance(e, OutputLine) and e.stream == stream]
        return [e.text for e in sorted(lines, key=lambda event: event.t_ns)]

    def main(self):
        return self.record.workers["MainProcess"]

    def codes(self, role: str = "process") -> dict:
        return {run.name: run.exitcode for run in self.rows(role)}


def alive(pids) -> list[psutil.Process]:
    """The processes among ``pids`` still running (a zombie has ended: only its parent's wait is missing)."""
    found = []
    for pid in pids:
        try:
            process = psutil.Process(pid)
            if process.status() != psutil.STATUS_ZOMBIE:
                found.append(process)
        except psutil.NoSuchProcess:
            pass
    return found


def wait_gone(pids, timeout: float) -> list[psutil.Process]:
    """Waits until every process of ``pids`` has ended or ``timeout`` passed; those still running."""
    deadline = time.monotonic() + timeout
    left = alive(pids)
    while left and time.monotonic() < deadline:
        psutil.wait_procs(left, timeout=min(0.05, max(0.0, deadline - time.monotonic())))
        left = alive(pids)
    return left


def watch(script: str, args=(), method: str | None = None, *, max_processes: int = 500, stop_on: str | None = None,
          act=None, outside=()) -> Watched:
    """Runs ``script`` watched to its end; with ``stop_on``, calls ``act(run)`` and then
    ``stop(GRACE)`` once the script prints that line. ``outside``: pids that rows may
    name but are no process of the script (forged records)."""
    t0 = time.perf_counter_ns()
    record = RunRecord(t0)
    seen = threading.Event()

    def deliver(events) -> None:
        record.apply(events)
        if stop_on and any(isinstance(e, OutputLine) and e.text == stop_on for e in events):
            seen.set()

    run = WatchedRun(SCRIPTS / script, [str(arg) for arg in args], deliver, start_method=method,
                     max_processes=max_processes)
    run.start(t0)
    stop_seconds = acted = None
    try:
        if stop_on:
            deadline = time.monotonic() + RUN_TIMEOUT
            while not seen.wait(0.1):  # or the run ends without it: the test then fails on what it shows
                assert not run.all_ended() and time.monotonic() < deadline, f"{script} never printed {stop_on!r}"
            acted = act(run) if act else None
            began = time.monotonic()
            run.stop(GRACE)
            stop_seconds = time.monotonic() - began
        left = run.join(timeout=RUN_TIMEOUT)
        seconds = (time.perf_counter_ns() - t0) / 1e9
        still = alive(pid for pid in run_pids(record) if pid not in outside)
    finally:
        run.stop(GRACE)
    return Watched(record, run.failure, run.malformed, left, still, seconds, stop_seconds, acted)


def run_pids(record: RunRecord) -> list[int]:
    return [run.pid for run in record.workers.values() if run.pid]


def plain(script: str | Path, *args) -> subprocess.CompletedProcess:
    """The script run as ``python SCRIPT ARGS`` in its folder, without ProcLab."""
    env = {key: value for key, value in os.environ.items() if key != "PYTHONUNBUFFERED"}  # lines whole
    return subprocess.run([sys.executable, str(SCRIPTS / script), *map(str, args)], cwd=SCRIPTS, env=env,
                          capture_output=True, text=True, timeout=RUN_TIMEOUT)


@pytest.fixture(scope="module")
def watched(tmp_path_factory) -> dict:
    files = tmp_path_factory.mktemp("watched")
    # A process that is not the script's: forged records name it.
    bystander = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    try:
        results = _watch_all(files, bystander.pid)
        results["bystander alive"] = bystander.poll() is None
    finally:
        bystander.kill()
        bystander.wait()
    return results


def _watch_all(files: Path, bystander: int) -> dict:
    jobs = {}
    for method in METHODS:
        jobs[("exit_codes", method)] = ("exit_codes.py", (), method, {})
        jobs[("outlive", method)] = ("outlive.py", (), method, {})
        jobs[("close_everything", method)] = ("close_everything.py", (files / f"closed-{method}.txt",), method, {})
        jobs[("flood", method)] = ("flood.py", (), method, {})
        jobs[("stubborn", method)] = ("stubborn.py", (), method, {"stop_on": "stubborn is ready"})
        jobs[("escapes", method)] = ("escapes.py", (), method, {"stop_on": "all running"})
        jobs[("too_many", method)] = ("too_many.py", (), method, {"max_processes": 10})
        jobs[("malformed", method)] = ("malformed.py", (bystander,), method, {"outside": {bystander}})
        jobs[("malformed_stopped", method)] = (
            "malformed.py", (bystander, "wait"), method,
            {"stop_on": "forged", "act": lambda run: (run.kill(["victim"]), run.terminate(["victim"])),
             "outside": {bystander}})
        jobs[("behaves_as_plain", method)] = ("behaves_as_plain.py", (), method, {})
        jobs[("tracebacks", method)] = ("tracebacks.py", (), method, {})
    syntax_error = write_syntax_error(files)
    jobs[("syntax_error", None)] = (syntax_error, (), None, {})
    jobs[("no_multiprocessing", None)] = ("no_multiprocessing.py", (), None, {})
    jobs[("subprocess_output", None)] = ("subprocess_output.py", (), None, {})
    if python2():
        jobs[("subprocess_output", "python2")] = ("subprocess_output.py", (python2(),), None, {})
    with ThreadPoolExecutor(max_workers=4) as pool:
        futures = {key: pool.submit(watch, script, args, method, **options)
                   for key, (script, args, method, options) in jobs.items()}
        results = {key: future.exception() or future.result() for key, future in futures.items()}
    results["syntax_error path"] = syntax_error
    for method in METHODS:
        closed = files / f"closed-{method}.txt"
        results[f"close_everything file {method}"] = closed.read_text() if closed.exists() else None
    return results


#: A script Python cannot compile (written when needed: no linter should read it).
SYNTAX_ERROR = 'print("before")\nif True\n    print("never")\n'


def write_syntax_error(folder: Path) -> Path:
    path = folder / "syntax_error.py"
    path.write_text(SYNTAX_ERROR, encoding="utf-8")
    return path


def python2() -> str | None:
    """A Python 2 interpreter, if this machine has one."""
    candidates = [Path("/root/.pyenv/versions/2.7.18/bin/python"), shutil.which("python2"), shutil.which("python2.7")]
    for candidate in candidates:
        if candidate and Path(candidate).is_file():
            try:
                probe = subprocess.run([str(candidate), "-c", "import sys; print(sys.version_info[0])"],
                                       capture_output=True, text=True, timeout=10)
            except OSError:
                continue
            if probe.stdout.strip() == "2":
                return str(candidate)
    return None


def get(watched: dict, name: str, method: str | None) -> Watched:
    """One script's run; what went wrong in running it fails only the tests that read it."""
    result = watched[(name, method)]
    if isinstance(result, BaseException):
        raise result
    return result


def ended_cleanly(result: Watched) -> None:
    assert result.left == [] and result.alive == [], (result.left, result.alive)
    assert all(run.exit_s is not None for run in result.rows())


# -- 1. exit codes are what waitpid says ------------------------------------------------------

def test_exit_codes_are_the_ones_the_os_reports(watched, start_method):
    result = get(watched, "exit_codes", start_method)
    ended_cleanly(result)
    assert result.failure is None and result.malformed == 0
    assert result.codes() == {"terminated": -15, "killed": -9, "exit3": 3, "raises": 1, "segfault": -11}
    assert result.main().exitcode == 0
    assert result.lines("MainProcess", "stdout") == ["terminated=-15 killed=-9 exit3=3 raises=1 segfault=-11"]
    assert result.record.workers["raises"].raised
    assert "RuntimeError: this child fails" in result.lines("raises", "stderr")


# -- 2. and 3. scripts without processes ------------------------------------------------------

def test_a_syntax_error_is_one_row_that_fails_with_the_error(watched):
    result = get(watched, "syntax_error", None)
    ended_cleanly(result)
    assert list(result.record.workers) == ["MainProcess"], result.failure
    assert result.main().exitcode == 1
    expected = plain(watched["syntax_error path"])
    assert expected.returncode == 1 and "SyntaxError" in expected.stderr
    assert result.lines("MainProcess", "stderr") == expected.stderr.splitlines()
    assert result.lines(stream="stdout") == []


def test_a_script_without_multiprocessing_is_one_row_with_its_output(watched):
    result = get(watched, "no_multiprocessing", None)
    ended_cleanly(result)
    assert list(result.record.workers) == ["MainProcess"]
    assert result.main().exitcode == 0 and result.main().role == "main"
    expected = plain("no_multiprocessing.py")
    assert result.lines("MainProcess", "stdout") == expected.stdout.splitlines()
    assert result.lines("MainProcess", "stderr") == expected.stderr.splitlines() == ["to stderr"]
    assert ("wide " + "😀" * 6000) in result.lines()  # a long line of wide characters, whole


def test_what_a_subprocess_prints_into_a_pipe_or_file_still_gets_there(watched):
    result = get(watched, "subprocess_output", None)
    ended_cleanly(result)
    expected = plain("subprocess_output.py")
    assert result.lines("MainProcess") == expected.stdout.splitlines()
    assert "piped: 4 'out of the child\\n' 'err of the child\\n'" in result.lines("MainProcess")
    children = result.rows("subprocess")
    assert [run.name for run in children] == ["python -c", f"python -c ({children[1].pid})"]
    assert all(run.exitcode == 4 for run in children)
    assert all(result.lines(run.name) == ["out of the child", "err of the child"] for run in children)


def test_a_python_2_subprocess_prints_what_it_prints_without_proclab(watched):
    if python2() is None:
        pytest.skip("no Python 2 here")
    result = get(watched, "subprocess_output", "python2")
    ended_cleanly(result)
    assert result.lines("MainProcess") == plain("subprocess_output.py", python2()).stdout.splitlines()


class _LateCollector:
    """``select`` for the collector, whose first poll that finds anything returns only once
    the guard has ended: as when the collector thread is not scheduled for a while, every
    report of the guard (started, exit, empty) is read at once, while the script's
    connection and output came after that poll."""

    def __init__(self, guard):
        self._guard, self._late = guard, True

    def __getattr__(self, name):  # the rest of select as it is
        return getattr(select, name)

    def epoll(self):
        late = self

        class Poller:
            def __init__(self):
                self._epoll = select.epoll()

            def __getattr__(self, name):
                return getattr(self._epoll, name)

            def poll(self, timeout):
                found = self._epoll.poll(timeout)
                if found and late._late:
                    late._late = False
                    late._guard().wait(RUN_TIMEOUT)
                return found

        return Poller()


def test_a_script_that_ends_before_the_collector_looks_is_still_seen(monkeypatch):
    t0 = time.perf_counter_ns()
    record = RunRecord(t0)
    run = WatchedRun(SCRIPTS / "quick.py", [], record.apply)
    monkeypatch.setattr(report_collector, "select", _LateCollector(lambda: run._guard))
    run.start(t0)
    try:
        assert run.join(timeout=RUN_TIMEOUT) == []
    finally:
        run.stop(GRACE)
    result = Watched(record, run.failure, run.malformed, [], [], 0.0)
    assert list(record.workers) == ["MainProcess"] and result.main().exitcode == 0
    assert sorted(result.lines("MainProcess")) == ["printed line", "written line"]


# -- 4. children that outlive main ----------------------------------------------------------------

def test_children_that_outlive_main_keep_their_rows_and_real_exit_codes(watched, start_method):
    result = get(watched, "outlive", start_method)
    ended_cleanly(result)
    main = result.main()
    assert main.exitcode == 0
    rows = {run.exitcode: run for run in result.rows() if run.name != "MainProcess" and run.role != "helper"}
    assert set(rows) == {4, 5, 6}, {run.name: run.exitcode for run in result.rows()}
    assert rows[4].name == "outliver" and rows[4].role == "process"
    assert rows[5].role == "fork" and (rows[6].role, rows[6].name) == ("subprocess", "python -c")
    assert [run.name for run in result.rows("main")] == ["MainProcess"]  # an adopted orphan is no second main
    for run in rows.values():
        assert run.exit_s > main.exit_s + 0.5, (run.name, run.exit_s, main.exit_s)
    assert result.seconds > main.exit_s + 0.5  # the run ended only after them


# -- 5. a script that closes every descriptor --------------------------------------------------------

def test_closing_every_descriptor_changes_nothing_the_script_sees(watched, start_method, tmp_path):
    result = get(watched, "close_everything", start_method)
    ended_cleanly(result)
    assert result.failure is None
    assert result.main().exitcode == 0, result.lines()
    assert watched[f"close_everything file {start_method}"] == (
        "the script's own line\nsocket received 0 bytes b''\ndescriptors changed: []\n")
    expected = plain("close_everything.py", tmp_path / "plain.txt")
    assert expected.returncode == 0, expected.stderr
    assert sorted(result.lines(stream="stdout")) == sorted(expected.stdout.splitlines())
    assert result.lines(stream="stderr") == expected.stderr.splitlines() == ["to stderr"]
    # What the script still let the children report is there; main's own connection is gone.
    assert {run.name for run in result.rows("process")} == {"Process-1", "Process-2"}


# -- 6. stdout floods ---------------------------------------------------------------------------------

FLOOD_LINE = re.compile(r"child(\d) line (\d{6}) (x*)")


def check_flood(lines_by_row: dict) -> None:
    """Every line whole, in its process's row, in that process's order."""
    assert sorted(lines_by_row) == ["flood0", "flood1", "flood2", "flood3"]
    for row, lines in lines_by_row.items():
        numbers = []
        for line in lines:
            match = FLOOD_LINE.fullmatch(line)
            assert match and f"flood{match[1]}" == row and len(match[3]) == int(match[2]) % 50, (row, line)
            numbers.append(int(match[2]))
        assert numbers == list(range(20000)), row


def test_a_flood_of_output_arrives_whole_and_in_order(watched, start_method):
    result = get(watched, "flood", start_method)
    ended_cleanly(result)
    assert result.failure is None and result.malformed == 0
    check_flood({run.name: result.lines(run.name) for run in result.rows("process")})
    assert result.lines("MainProcess") == ["done [0, 0, 0, 0]"]


# -- 9. Stop ------------------------------------------------------------------------------------------------

def test_stop_kills_a_child_that_ignores_sigterm_after_the_grace(watched, start_method):
    result = get(watched, "stubborn", start_method)
    ended_cleanly(result)
    assert result.record.workers["stubborn"].exitcode == -9
    assert result.main().exitcode == -15
    assert GRACE <= result.stop_seconds < GRACE + 2


def test_stop_ends_processes_that_left_the_process_group(watched, start_method):
    result = get(watched, "escapes", start_method)
    ended_cleanly(result)
    printed = {line.split()[1]: int(line.split()[2]) for line in result.lines("MainProcess") if line.startswith("pid ")}
    assert sorted(printed) == ["leaver", "main", "program"]
    assert alive(printed.values()) == []  # the program in a session of its own too: it never said hello
    assert result.record.workers["leaver"].exitcode == -15
    assert result.stop_seconds < GRACE + 2


# -- 10. malformed and forged records ---------------------------------------------------------------------

def test_malformed_records_are_counted_shown_once_and_dropped(watched, start_method):
    result = get(watched, "malformed", start_method)
    ended_cleanly(result)
    sent = next(line for line in result.lines() if line.startswith("sent "))
    assert result.failure is None
    assert result.malformed == int(sent.split()[1]) == 12
    notes = [line for line in result.lines() if "malformed" in line]
    assert len(notes) == 1 and notes[0].startswith("proclab: dropped a malformed record"), notes
    assert result.main().exitcode == 0
    assert result.record.workers["honest"].exitcode == 0
    assert result.lines("honest") == ["the honest child"]
    forger = [run for run in result.rows("subprocess")]
    assert len(forger) == 1 and forger[0].exitcode == 0  # the sender's own valid hello is its row
    # No row for a pid a hello claimed without being it.
    pids = {run.pid for run in result.rows()}
    assert 0 not in pids and 2 ** 40 not in pids


def test_forged_records_never_aim_a_signal_outside_the_script(watched, start_method):
    result = get(watched, "malformed_stopped", start_method)
    ended_cleanly(result)
    assert result.acted == ([], [])  # the row a forged start() named is no process of the script
    assert watched["bystander alive"]
    assert result.stop_seconds < GRACE + 2
    assert result.main().exitcode == -15


# -- 11. too many processes --------------------------------------------------------------------------------

def test_a_script_past_the_process_limit_is_stopped_with_a_message(watched, start_method):
    result = get(watched, "too_many", start_method)
    ended_cleanly(result)
    assert result.failure and "more than 10 processes" in result.failure
    assert result.seconds < 10
    assert len(result.rows()) > 10


def test_the_limit_counts_children_known_only_from_their_parents_start():
    # Which comes first, a parent's start record or the child's hello, is the
    # collector's order of reading; here every start comes first.
    table = ProcessTable(max_processes=10)
    table.hello(["hello", 1, 100, 1, ["python", "s.py"], "main", "MainProcess"], 1)
    for pid in range(101, 110):
        table.feed(100, ["start", 2, pid, f"Process-{pid}"], 2)
    assert not table.too_many  # ten processes
    table.feed(100, ["start", 3, 110, "Process-110"], 3)
    assert table.too_many
    for pid in range(101, 111):
        table.hello(["hello", 4, pid, 100, ["python", "s.py"], "process", f"Process-{pid}"], 4)
    assert table.too_many


# -- 12. the script behaves as it does without ProcLab ------------------------------------------------------

def test_the_script_keeps_its_start_method_main_guard_path_and_exit_status(watched, start_method):
    result = get(watched, "behaves_as_plain", start_method)
    ended_cleanly(result)
    expected = plain("behaves_as_plain.py")
    assert expected.returncode == 7
    assert result.main().exitcode == 7
    assert result.written("stdout") == expected.stdout.splitlines()
    assert result.lines("spawned") == ["top of module as __mp_main__"]  # the guard, under spawn
    assert "start method spawn" in result.lines("MainProcess")[1]
    assert str(AGENT_DIR) not in " ".join(result.lines())


def test_tracebacks_read_as_they_do_without_proclab(watched, start_method):
    result = get(watched, "tracebacks", start_method)
    ended_cleanly(result)
    expected = plain("tracebacks.py")
    assert result.main().exitcode == expected.returncode == 0
    assert "\n".join(result.written("stderr")) == expected.stderr.rstrip("\n")
    assert "_proclab_watch_agent" not in "\n".join(result.lines())
