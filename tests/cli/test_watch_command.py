"""``python main.py watch SCRIPT.py``: any script from the command line, as a user runs it.

Each test runs ProcLab in a subprocess, as a user does, and checks what
it prints, its exit status and that nothing of the script is left.
"""
from __future__ import annotations

import json
import os
import selectors
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from tests.engine.watch.test_watch_edges import SCRIPTS, alive, check_flood, plain, python2, wait_gone

ROOT = Path(__file__).resolve().parents[2]
SUMMARY_HEADER = "name "


def proclab(*args, timeout=60) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, timeout=timeout)


def script_lines(stdout: str) -> list[str]:
    """What the script printed: everything before the summary table."""
    lines = stdout.splitlines()
    end = next((i for i, line in enumerate(lines) if line.startswith(SUMMARY_HEADER)), len(lines))
    return lines[:end]


def summary(stdout: str) -> dict[str, str]:
    """The summary's rows by name."""
    lines = stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(SUMMARY_HEADER)) + 2
    rows = {}
    for line in lines[start:]:
        if not line.strip() or line.startswith("wrote "):
            break
        rows[line.split()[0]] = line
    return rows


def printed_pids(lines) -> list[int]:
    """The pids ``sleepers.py`` printed ("[row] pid ROLE PID")."""
    return [int(line.split()[-1]) for line in lines if line.split()[1:2] == ["pid"]]


def read_until(process: subprocess.Popen, text: str, timeout: float = 60) -> list[str]:
    """The lines ``process`` printed up to and including the one that ends with ``text``."""
    lines, buffer, deadline = [], b"", time.monotonic() + timeout
    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ)
        while time.monotonic() < deadline:
            if not selector.select(timeout=max(0.0, deadline - time.monotonic())):
                continue
            chunk = os.read(process.stdout.fileno(), 65536)
            if not chunk:
                break
            buffer += chunk
            *done, buffer = buffer.split(b"\n")
            lines += [line.decode() for line in done]
            if any(line.endswith(text) for line in lines):
                return lines
    raise AssertionError(f"never printed {text!r}; printed {lines}")


# -- the script's own exit status and output ------------------------------------------------------

def test_a_syntax_error_fails_and_its_message_is_printed(tmp_path):
    script = tmp_path / "broken.py"
    script.write_text('print("before")\nif True\n    print("never")\n', encoding="utf-8")
    result = proclab("watch", script)
    assert result.returncode == 1
    assert "SyntaxError" in result.stderr and "if True" in result.stderr
    assert script_lines(result.stdout) == []
    assert summary(result.stdout)["MainProcess"].endswith(" 1 (exit status 1)")


def test_the_script_exit_status_and_output_are_its_own(start_method):
    result = proclab("watch", SCRIPTS / "behaves_as_plain.py", "--start-method", start_method)
    expected = plain("behaves_as_plain.py")
    assert expected.returncode == 7
    assert result.returncode == 1  # the script did not end with 0
    assert script_lines(result.stdout) == expected.stdout.splitlines()
    rows = summary(result.stdout)
    assert rows["MainProcess"].endswith(" 7 (exit status 7)") and rows["spawned"].endswith(" 0 (ok)")


def test_a_flood_of_output_is_tagged_line_by_line(start_method):
    result = proclab("watch", SCRIPTS / "flood.py", "--tag", "--start-method", start_method)
    assert result.returncode == 0, result.stderr
    lines = script_lines(result.stdout)
    by_row: dict[str, list[str]] = {}
    for line in lines:
        assert line.startswith("[") and "] " in line, line
        row, text = line[1:].split("] ", 1)
        by_row.setdefault(row, []).append(text)
    assert by_row.pop("MainProcess") == ["done [0, 0, 0, 0]"]
    check_flood(by_row)


def test_the_script_reads_what_proclab_is_given_on_stdin():
    result = subprocess.run([sys.executable, str(ROOT / "main.py"), "watch", SCRIPTS / "ask.py", "--timeout", "30"],
                            cwd=ROOT, input="one\ntwo\n", capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert script_lines(result.stdout) == ["first? second? got 'one' and 'two'"]


# -- nothing is left ------------------------------------------------------------------------------

def test_proclab_killed_mid_run_leaves_nothing_of_the_script(start_method):
    process = subprocess.Popen([sys.executable, str(ROOT / "main.py"), "watch", SCRIPTS / "sleepers.py", "--tag",
                                "--start-method", start_method], cwd=ROOT, stdout=subprocess.PIPE)
    try:
        lines = read_until(process, "all running")
        pids = printed_pids(lines)
        ours = [child.pid for child in psutil.Process(process.pid).children(recursive=True)]  # the guard too
        socket_dir = Path(next(line.split()[-1] for line in lines if " socket " in line)).parent
    finally:
        process.kill()
        process.wait()
        process.stdout.close()
    assert len(pids) == {"fork": 4, "spawn": 5, "forkserver": 6}[start_method], lines
    assert set(pids) <= set(ours)
    killed = time.monotonic()
    left = wait_gone(ours, timeout=2)
    assert left == [], f"still running {time.monotonic() - killed:.1f} s after ProcLab was killed: {left}"
    deadline = time.monotonic() + 2
    while socket_dir.exists() and time.monotonic() < deadline:  # the guard removes it as it ends
        time.sleep(0.02)
    assert not socket_dir.exists()


def test_proclab_killed_leaves_nothing_that_left_the_process_group(start_method):
    process = subprocess.Popen([sys.executable, str(ROOT / "main.py"), "watch", SCRIPTS / "escapes.py", "--tag",
                                "--start-method", start_method], cwd=ROOT, stdout=subprocess.PIPE)
    try:
        lines = read_until(process, "all running")
        guard = [child.pid for child in psutil.Process(process.pid).children()]
    finally:
        process.kill()
        process.wait()
        process.stdout.close()
    pids = printed_pids(lines)
    assert len(pids) == 3, lines  # main, a program in a session of its own, a child that called setsid()
    assert wait_gone(pids + guard, timeout=2) == []


def test_timeout_stops_the_script_and_leaves_nothing(start_method):
    began = time.monotonic()
    result = proclab("watch", SCRIPTS / "sleepers.py", "--tag", "--timeout", "1", "--start-method", start_method)
    assert time.monotonic() - began < 8
    assert result.returncode == 1
    assert "timeout after 1 s" in result.stderr
    pids = printed_pids(script_lines(result.stdout))
    assert len(pids) >= 4
    assert alive(pids) == []


# -- refusals: exit status 2, a message, nothing started --------------------------------------------

def unreadable(tmp_path: Path) -> Path:
    """A file the script cannot be read from: no read permission, or (root reads anything)
    a file whose every read fails."""
    if os.geteuid() != 0:
        path = tmp_path / "secret.py"
        path.write_text("print('never')\n", encoding="utf-8")
        path.chmod(0)
        return path
    return Path("/proc/self/mem")


def not_python(tmp_path: Path) -> Path:
    path = tmp_path / "python"
    path.write_text("#!/bin/sh\necho hello\n", encoding="utf-8")
    path.chmod(0o755)
    return path


def not_executable(tmp_path: Path) -> Path:
    path = tmp_path / "python3"
    path.write_text("just text\n", encoding="utf-8")
    return path


REFUSALS = {
    "missing script": (lambda tmp: [tmp / "missing.py"], "missing.py: no such file"),
    "directory": (lambda tmp: [tmp], "not a file"),
    "unreadable script": (lambda tmp: [unreadable(tmp)], "cannot be read"),
    "python not a file": (lambda tmp: [SCRIPTS / "echo_args.py", "--python", tmp / "nothing"], "no such file"),
    "python not python": (lambda tmp: [SCRIPTS / "echo_args.py", "--python", not_python(tmp)],
                          "not a Python interpreter"),
    "python not executable": (lambda tmp: [SCRIPTS / "echo_args.py", "--python", not_executable(tmp)],
                              "not executable"),
    "python 2": (lambda tmp: [SCRIPTS / "echo_args.py", "--python", python2()],
                 "watching needs Python 3.10 to 3.13"),
}


@pytest.mark.parametrize("case", list(REFUSALS))
def test_what_cannot_run_is_refused_and_nothing_is_started(tmp_path, case):
    if case == "python 2" and python2() is None:
        pytest.skip("no Python 2 here")
    make, message = REFUSALS[case]
    marker = tmp_path / "ran.json"
    arguments = make(tmp_path)
    result = proclab("watch", *arguments[:1], marker, *arguments[1:])
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert result.stderr.startswith("proclab watch: ") and message in result.stderr, result.stderr
    assert result.stdout == "" and not marker.exists()


# -- whose arguments are whose ------------------------------------------------------------------------

def test_script_arguments_reach_the_script_in_order(tmp_path):
    marker, events = tmp_path / "ran.json", tmp_path / "events.jsonl"
    result = proclab("watch", SCRIPTS / "echo_args.py", marker, "a", "--tag", "b b", "--timeout", "30", "-x",
                     "--events", events, "--", "--python", "nope", "--tag", "--events", "elsewhere", "--")
    assert result.returncode == 0, result.stderr
    passed = [str(marker), "a", "b b", "-x", "--python", "nope", "--tag", "--events", "elsewhere", "--"]
    assert json.loads(marker.read_text()) == passed
    assert script_lines(result.stdout) == ["[MainProcess] ARGS " + json.dumps(passed)]  # --tag was ProcLab's
    kinds = [json.loads(line)["kind"] for line in events.read_text().splitlines()]  # --events was ProcLab's
    assert "exit" in kinds and not (ROOT / "elsewhere").exists()


def test_proclab_options_before_the_script_are_proclabs(tmp_path):
    marker = tmp_path / "ran.json"
    result = proclab("watch", "--tag", "--timeout", "30", SCRIPTS / "echo_args.py", marker, "--timeout=5")
    assert result.returncode == 0, result.stderr
    assert json.loads(marker.read_text()) == [str(marker)]
    assert script_lines(result.stdout)[0].startswith("[MainProcess] ARGS ")


def test_stop_signal_for_proclab_stops_the_script(start_method):
    process = subprocess.Popen([sys.executable, str(ROOT / "main.py"), "watch", SCRIPTS / "sleepers.py", "--tag",
                                "--start-method", start_method], cwd=ROOT, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE)
    try:
        pids = printed_pids(read_until(process, "all running"))
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=10) == 1
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        process.stdout.close()
        process.stderr.close()
    assert alive(pids) == []
