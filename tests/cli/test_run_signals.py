"""``proclab run`` under Ctrl+C, SIGTERM, SIGHUP and broken outputs: the run always finishes."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
#: A stubborn worker sleeps this long: the run must never wait for it.
STUBBORN_SECONDS = 600


def start_proclab(*args, **kwargs) -> subprocess.Popen:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", **kwargs.pop("env", {}))
    return subprocess.Popen([sys.executable, str(ROOT / "main.py"), *map(str, args)], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kwargs)


def read_until(stream, text: str) -> list[str]:
    lines = []
    for line in stream:
        lines.append(line.rstrip("\n"))
        if text in line:
            return lines
    raise AssertionError(f"{text!r} never printed; got {lines}")


@pytest.fixture
def stubborn_experiment(tmp_path):
    path = tmp_path / "stubborn.json"
    path.write_text(json.dumps({"schema_version": 2, "workers": [
        {"name": "calm", "interval": STUBBORN_SECONDS},
        {"name": "mule", "interval": STUBBORN_SECONDS, "kind": "stubborn"},
    ]}))
    return path


def summary_rows(lines: list[str]) -> dict[str, str]:
    return {line.split()[0]: line for line in lines if line.startswith(("calm", "mule"))}


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT])
def test_a_stop_signal_stops_the_workers_and_keeps_summary_and_files(stubborn_experiment, tmp_path, signum):
    events = tmp_path / "run.jsonl"
    process = start_proclab("run", stubborn_experiment, "--events", events)
    try:
        read_until(process.stdout, "work mule start")
        process.send_signal(signum)
        out, err = process.communicate(timeout=30)
    finally:
        process.kill()
        process.wait()
    rows = summary_rows(out.splitlines())
    assert "terminated by SIGTERM" in rows["calm"] or "-15" in rows["calm"], out
    assert "-9 (killed by SIGKILL)" in rows["mule"], out  # after the grace period
    assert f"wrote {events}" in out
    records = map(json.loads, events.read_text().splitlines())
    exits = {r["worker"]: r["exitcode"] for r in records if r["kind"] == "exit"}
    assert exits == {"calm": -15, "mule": -9}
    assert process.returncode == 1
    assert "Traceback" not in err and "leaked" not in err, err


def test_a_second_ctrl_c_kills_at_once(stubborn_experiment):
    process = start_proclab("run", stubborn_experiment, "--timeout", STUBBORN_SECONDS)
    try:
        read_until(process.stdout, "work mule start")
        process.send_signal(signal.SIGINT)
        read_until(process.stderr, "stopping the workers")
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=30)
    finally:
        process.kill()
        process.wait()
    rows = summary_rows(out.splitlines())
    assert "-9 (killed by SIGKILL)" in rows["mule"], out
    assert "Traceback" not in err, err
    assert process.returncode == 1


def test_a_closed_stdout_ends_output_quietly_and_the_run_finishes(tmp_path):
    events = tmp_path / "messages.jsonl"
    with start_proclab("run", "--preset", "messages", "--events", events) as process:
        first = process.stdout.readline()
        process.stdout.close()  # as `| head -1` does
        try:
            process.wait(timeout=60)
            err = process.stderr.read()
        finally:
            process.kill()
    assert first.startswith("work ")
    assert process.returncode == 0, err
    assert "Traceback" not in err and "BrokenPipe" not in err, err
    exits = [r for r in map(json.loads, events.read_text().splitlines()) if r["kind"] == "exit"]
    assert exits and all(r["exitcode"] == 0 for r in exits)


@pytest.mark.parametrize("closed", ["stdout", "stderr"])
def test_an_output_closed_before_the_start_is_skipped_and_the_run_finishes(tmp_path, closed):
    """``proclab run ... >&-``: the interpreter starts with no ``sys.stdout`` (or ``sys.stderr``) at all."""
    events = tmp_path / "seed.jsonl"
    fd = 1 if closed == "stdout" else 2
    with start_proclab("run", "--preset", "seed", "--events", events, pass_fds=(),
                       preexec_fn=lambda: os.close(fd)) as process:
        try:
            out, err = process.communicate(timeout=60)
        finally:
            process.kill()
    assert process.returncode == 0, err
    assert "Traceback" not in (out or "") + (err or "")
    exits = [r for r in map(json.loads, events.read_text().splitlines()) if r["kind"] == "exit"]
    assert [r["exitcode"] for r in exits] == [0, 0, 0]


def test_a_character_the_terminal_cannot_encode_is_replaced(tmp_path):
    experiment = tmp_path / "rocket.json"
    experiment.write_text(json.dumps({"schema_version": 2, "workers": [{"name": "rocket🚀", "interval": 0.1}]}))
    process = start_proclab("run", experiment, env={"PYTHONIOENCODING": "latin-1"})
    try:
        out, err = process.communicate(timeout=60)
    finally:
        process.kill()
        process.wait()
    assert process.returncode == 0, err
    assert "work rocket? start" in out and "work rocket? end" in out
    assert "0 (ok)" in out
