"""``run``'s output files are checked before any worker starts: nothing is
ever written over the experiment, another output, a FIFO or a device."""
from __future__ import annotations

import argparse
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from cli.output_paths import check_outputs

ROOT = Path(__file__).resolve().parents[2]
posix_only = pytest.mark.skipif(os.name != "posix", reason="FIFOs, device nodes and POSIX symlinks")
EXPERIMENT = '{"schema_version": 2, "workers": [{"name": "w", "interval": 0.05}]}\n'


def proclab(*args, timeout=60):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *map(str, args)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)


def arguments(config=None, preset=None, **outputs) -> argparse.Namespace:
    values = {kind: None for kind in ("png", "svg", "events", "csv", "trace")}
    values.update({kind: str(path) for kind, path in outputs.items()})
    return argparse.Namespace(config=None if config is None else str(config), preset=preset, **values)


@pytest.fixture
def experiment(tmp_path) -> Path:
    path = tmp_path / "exp.json"
    path.write_text(EXPERIMENT)
    return path


def test_distinct_outputs_are_given_back_as_named(tmp_path, experiment):
    args = arguments(experiment, png=tmp_path / "a.png", csv=tmp_path / "a.csv", events=tmp_path / "a.jsonl")
    assert check_outputs(args) == {"png": tmp_path / "a.png", "events": tmp_path / "a.jsonl",
                                   "csv": tmp_path / "a.csv"}
    assert check_outputs(arguments(preset="seed")) == {}


def test_an_output_that_is_the_experiment_file_is_refused(experiment):
    with pytest.raises(ValueError) as caught:
        check_outputs(arguments(experiment, png=experiment))
    message = str(caught.value)
    assert f"--png {experiment}" in message and "experiment file" in message
    assert experiment.read_text() == EXPERIMENT


def test_the_experiment_reached_another_way_is_still_the_experiment(tmp_path, experiment, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sub").mkdir()
    for other in ("exp.json", "sub/../exp.json", "./exp.json"):
        with pytest.raises(ValueError, match="experiment file"):
            check_outputs(arguments(experiment, trace=other))


@posix_only
def test_a_link_or_a_hard_link_to_the_experiment_is_refused(tmp_path, experiment):
    (tmp_path / "soft.json").symlink_to(experiment)
    os.link(experiment, tmp_path / "hard.json")
    for other in ("soft.json", "hard.json"):
        with pytest.raises(ValueError, match="experiment file"):
            check_outputs(arguments(experiment, events=tmp_path / other))


def test_two_outputs_on_one_file_are_refused_naming_both_options(tmp_path):
    path = tmp_path / "x"
    with pytest.raises(ValueError) as caught:
        check_outputs(arguments(preset="seed", events=path, csv=path))
    message = str(caught.value)
    assert "--events" in message and "--csv" in message and "same file" in message


@posix_only
def test_two_outputs_on_one_file_through_links_are_refused(tmp_path):
    target = tmp_path / "t.json"
    target.write_text("{}")
    (tmp_path / "soft").symlink_to(target)
    os.link(target, tmp_path / "hard")
    with pytest.raises(ValueError, match="--events .* --trace"):
        check_outputs(arguments(preset="seed", events=tmp_path / "soft", trace=target))
    with pytest.raises(ValueError, match="--png .* --svg"):
        check_outputs(arguments(preset="seed", png=tmp_path / "hard", svg=tmp_path / "soft"))


@posix_only
def test_a_fifo_is_refused(tmp_path):
    fifo = tmp_path / "f"
    os.mkfifo(fifo)
    with pytest.raises(ValueError, match=f"--csv {fifo}: is a FIFO"):
        check_outputs(arguments(preset="seed", csv=fifo))
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


@posix_only
def test_a_link_to_a_device_is_refused(tmp_path):
    link = tmp_path / "out.png"
    link.symlink_to("/dev/null")
    with pytest.raises(ValueError, match="character device"):
        check_outputs(arguments(preset="seed", png=link))


@posix_only
def test_a_link_loop_is_refused_with_a_message(tmp_path):
    (tmp_path / "a").symlink_to("b")
    (tmp_path / "b").symlink_to("a")
    with pytest.raises(ValueError, match=f"--svg {tmp_path / 'a'}: "):
        check_outputs(arguments(preset="seed", svg=tmp_path / "a"))


@posix_only
def test_a_link_into_a_missing_folder_is_refused(tmp_path):
    link = tmp_path / "out.json"
    link.symlink_to(tmp_path / "missing" / "out.json")
    with pytest.raises(ValueError, match="does not exist"):
        check_outputs(arguments(preset="seed", trace=link))


@pytest.mark.parametrize("name", ["x" * 256, "ö" * 128 + ".csv"])
def test_a_file_name_too_long_for_the_file_system_is_refused(tmp_path, name):
    with pytest.raises(ValueError) as caught:
        check_outputs(arguments(preset="seed", csv=tmp_path / name))
    assert "--csv" in str(caught.value) and "bytes" in str(caught.value)


def test_a_folder_name_too_long_is_refused(tmp_path):
    with pytest.raises(ValueError, match="--events"):
        check_outputs(arguments(preset="seed", events=tmp_path / ("d" * 300) / "e.jsonl"))


# -- the command line, end to end: exit 2, nothing started, nothing touched ----

def test_run_refuses_to_write_the_png_over_its_experiment(experiment):
    result = proclab("run", experiment, "--png", experiment)
    assert result.returncode == 2, result.stderr
    assert "--png" in result.stderr and "experiment file" in result.stderr
    assert "Traceback" not in result.stderr and "work w" not in result.stdout
    assert experiment.read_text() == EXPERIMENT


def test_run_refuses_two_outputs_on_one_file(tmp_path):
    path = tmp_path / "x"
    result = proclab("run", "--preset", "seed", "--events", path, "--csv", path)
    assert result.returncode == 2, result.stderr
    assert "--events" in result.stderr and "--csv" in result.stderr
    assert "work " not in result.stdout and not path.exists()


@posix_only
def test_run_refuses_a_fifo_and_a_device_before_starting(tmp_path):
    fifo, link = tmp_path / "events.jsonl", tmp_path / "out.png"
    os.mkfifo(fifo)
    link.symlink_to("/dev/null")
    for option, path, what in (("--events", fifo, "is a FIFO"), ("--png", link, "character device")):
        result = proclab("run", "--preset", "seed", option, path)
        assert result.returncode == 2, result.stderr
        assert f"{option} {path}" in result.stderr and what in result.stderr
        assert "work " not in result.stdout
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode) and link.is_symlink()
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_run_refuses_a_file_name_too_long_without_a_traceback(tmp_path):
    result = proclab("run", "--preset", "seed", "--csv", tmp_path / ("x" * 300))
    assert result.returncode == 2
    assert "--csv" in result.stderr and "Traceback" not in result.stderr
    assert "work " not in result.stdout


@posix_only
def test_run_writes_through_a_link_to_its_target(tmp_path, experiment):
    target = tmp_path / "real.jsonl"
    link = tmp_path / "events.jsonl"
    link.symlink_to(target)
    result = proclab("run", experiment, "--events", link)
    assert result.returncode == 0, result.stderr
    assert link.is_symlink()
    assert "exit" in {json.loads(line)["kind"] for line in target.read_text().splitlines()}
