"""``run`` refuses what it cannot do with exit status 2 and a message, never a traceback."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from cli.arguments import TIMEOUT_MAX_SECONDS, parse_arguments

ROOT = Path(__file__).resolve().parents[2]


def proclab(*args, timeout=60):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *map(str, args)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)


def test_the_timeout_limit_is_one_threading_can_wait():
    assert 86_400 < TIMEOUT_MAX_SECONDS <= threading.TIMEOUT_MAX
    assert parse_arguments(["run", "--preset", "seed", "--timeout", str(TIMEOUT_MAX_SECONDS)]).timeout == (
        TIMEOUT_MAX_SECONDS)


@pytest.mark.parametrize("value", ["1e10", "1e300", str(TIMEOUT_MAX_SECONDS * 2)])
def test_a_timeout_too_long_to_wait_for_is_refused(value, capsys):
    with pytest.raises(SystemExit) as caught:
        parse_arguments(["run", "--preset", "seed", "--timeout", value])
    assert caught.value.code == 2
    assert "--timeout" in capsys.readouterr().err


def test_run_refuses_a_huge_timeout_before_starting():
    result = proclab("run", "--preset", "seed", "--timeout", "1e10")
    assert result.returncode == 2
    assert "--timeout" in result.stderr and "at most" in result.stderr
    assert "Traceback" not in result.stderr and "work " not in result.stdout


def test_run_waits_with_the_longest_timeout_allowed(tmp_path):
    config = tmp_path / "quick.json"
    config.write_text(json.dumps({"schema_version": 2, "workers": [{"name": "quick", "interval": 0.05}]}))
    result = proclab("run", config, "--timeout", f"{TIMEOUT_MAX_SECONDS:g}")
    assert result.returncode == 0, result.stderr


def test_run_refuses_an_experiment_with_no_workers(tmp_path):
    config = tmp_path / "empty.json"
    config.write_text(json.dumps({"schema_version": 2, "workers": []}))
    events = tmp_path / "e.jsonl"
    result = proclab("run", config, "--events", events)
    assert result.returncode == 2
    assert f"{config}: workers: " in result.stderr and "no worker" in result.stderr
    assert "name" not in result.stdout  # no summary table
    assert not events.exists()


def test_the_help_says_how_long_a_timeout_may_be():
    result = proclab("run", "--help")
    assert f"{TIMEOUT_MAX_SECONDS:,.0f}" in result.stdout


def test_no_descriptors_left_before_the_start_is_a_message_not_a_traceback():
    """Out of resources before anything starts (here: file descriptors): exit 2, say so."""
    code = ("import resource, sys; resource.setrlimit(resource.RLIMIT_NOFILE, (6, 6)); "
            "from main import main; sys.exit(main(['run', '--preset', 'seed']))")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60,
                            env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
    assert result.returncode == 2, result.stderr
    assert "nothing was started" in result.stderr and "Too many open files" in result.stderr
    assert "Traceback" not in result.stderr
