"""``python main.py run``: the engine from the command line, as a user runs it."""
import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from engine import WorkerState
from gui.theme import STATE_COLOURS
from tests.engine.trace_rules import check_trace, load_trace
from tests.image_checks import pixel_count, png_pixels, svg_shapes

ROOT = Path(__file__).resolve().parents[2]


def proclab(*args, timeout=60):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *map(str, args)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)


def test_run_preset_seed_writes_png_svg_and_jsonl(tmp_path):
    png, svg, events = tmp_path / "seed.png", tmp_path / "seed.svg", tmp_path / "seed.jsonl"
    result = proclab("run", "--preset", "seed", "--png", png, "--svg", svg, "--events", events)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    seed_lines = [f"work worker{i} {when}" for i in (1, 2, 3) for when in ("start", "end")]
    assert sorted(line for line in lines if line.startswith("work ")) == sorted(seed_lines)
    assert [line for line in lines if line.endswith(" end") and line.startswith("work")] == [
        "work worker1 end", "work worker2 end", "work worker3 end"]
    header = next(line for line in lines if line.startswith("name"))
    assert header.split() == ["name", "kind", "pid", "start", "cost", "ms", "start", "s", "end", "s",
                              "duration", "s", "exit", "code"]
    summary = {line.split()[0]: line.split() for line in lines if line.startswith("worker")}
    for i, interval in ((1, 2.0), (2, 3.0), (3, 4.0)):
        row = summary[f"worker{i}"]
        assert row[1] == "sleep" and 0 < float(row[3]) < 5000
        assert abs(float(row[6]) - interval) < 0.3 and row[7] == "0"

    records = [json.loads(line) for line in events.read_text().splitlines()]
    assert all({"kind", "worker", "pid", "t"} <= set(record) for record in records)
    assert all(record["t"] >= 0 for record in records)
    exits = {r["worker"]: r["exitcode"] for r in records if r["kind"] == "exit"}
    assert exits == {"worker1": 0, "worker2": 0, "worker3": 0}
    assert [r["text"] for r in records if r["kind"] == "output" and r["worker"] == "worker2"] == [
        "work worker2 start", "work worker2 end"]

    finished = STATE_COLOURS[WorkerState.FINISHED]
    assert pixel_count(png_pixels(png), finished) > 3000
    shapes, fills = svg_shapes(svg)
    assert shapes > 10 and finished.lower() in fills
    assert all(f">worker{i}<" in svg.read_text() for i in (1, 2, 3))  # rows labelled


def test_run_preset_seed_writes_a_trace_and_an_events_csv(tmp_path):
    trace, table = tmp_path / "t.json", tmp_path / "e.csv"
    result = proclab("run", "--preset", "seed", "--trace", trace, "--csv", table)
    assert result.returncode == 0, result.stderr
    assert f"wrote {table}" in result.stdout and f"wrote {trace}" in result.stdout

    data = load_trace(trace)
    check_trace(data)
    assert data["proclab"]["title"] == "preset seed"
    names = [e["args"]["name"] for e in sorted(data["traceEvents"], key=lambda e: e["tid"])
             if e["name"] == "thread_name"]
    assert names == ["worker1", "worker2", "worker3"]
    tids = {e["args"]["name"]: e["tid"] for e in data["traceEvents"] if e["name"] == "thread_name"}
    runs = {e["tid"]: e for e in data["traceEvents"] if e["ph"] == "X" and e["name"] == "run"}
    for name, interval in (("worker1", 2.0), ("worker2", 3.0), ("worker3", 4.0)):
        run = runs[tids[name]]
        assert abs(run["dur"] / 1e6 - interval) < 0.3
        assert run["args"]["exit"] == "0 (ok)" and run["args"]["pid"] > 0

    with open(table, encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert len(rows) == len(data["proclab"]["events"])
    assert [r["kind"] for r in rows] == [e["kind"] for e in data["proclab"]["events"]]
    exits = {r["worker"]: r["exitcode"] for r in rows if r["kind"] == "exit"}
    assert exits == {"worker1": "0", "worker2": "0", "worker3": "0"}
    assert [r["text"] for r in rows if r["kind"] == "output" and r["worker"] == "worker2"] == [
        "work worker2 start", "work worker2 end"]


def test_a_bad_config_is_refused_with_file_and_field_and_nothing_runs(tmp_path):
    config = tmp_path / "bad.json"
    config.write_text(json.dumps({"schema_version": 1, "workers": [{"name": "a", "interval": -1}]}))
    result = proclab("run", config)
    assert result.returncode == 2
    assert "bad.json" in result.stderr and "workers[0].interval" in result.stderr
    assert "work " not in result.stdout


@pytest.mark.parametrize("args, message", [
    (["run"], "CONFIG.json"),
    (["run", "--preset", "seed", "--timeout", "0"], "--timeout"),
    (["run", "--preset", "nope"], "invalid choice"),
    (["run", "missing.json"], "missing.json"),
    (["run", "--preset", "seed", "--png", "/no/such/folder/x.png"], "does not exist"),
    (["run", "--preset", "seed", "--trace", "/no/such/folder/t.json"], "--trace /no/such/folder/t.json"),
    (["run", "--preset", "seed", "--csv", "/"], "--csv /: is a folder"),
])
def test_bad_arguments_exit_2_with_a_message(args, message):
    result = proclab(*args)
    assert result.returncode == 2
    assert message in result.stderr


def test_timeout_stops_the_workers_and_exits_1(tmp_path):
    config = tmp_path / "slow.json"
    config.write_text(json.dumps({"schema_version": 1, "workers": [
        {"name": "quick", "interval": 0.1}, {"name": "slow", "interval": 600}]}))
    events = tmp_path / "slow.jsonl"
    result = proclab("run", config, "--timeout", "1", "--events", events)
    assert result.returncode == 1
    assert "timeout after 1 s; stopping slow" in result.stderr
    exits = {json.loads(line)["worker"]: json.loads(line).get("exitcode")
             for line in events.read_text().splitlines() if '"exit"' in line}
    assert exits == {"quick": 0, "slow": -15}


def test_help_documents_the_command_line_and_the_file_format():
    top = proclab("--help")
    assert top.returncode == 0 and "run" in top.stdout
    run_help = proclab("run", "--help").stdout
    for part in ("--png", "--svg", "--events", "--csv", "--trace", "ui.perfetto.dev", "cpu_percent",
                 "--timeout", "--preset", "schema_version", "exitcode", "exit status"):
        assert part in run_help


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="writes into /proc to fail (Linux)")
def test_an_unwritable_output_is_reported_without_a_traceback_and_the_others_are_written(tmp_path):
    config = tmp_path / "one.json"
    config.write_text(json.dumps({"schema_version": 1, "workers": [{"name": "a", "interval": 0.05}]}))
    png = tmp_path / "one.png"
    result = proclab("run", config, "--events", "/proc/proclab-cannot-write.jsonl", "--png", png)
    assert result.returncode == 1
    assert "proclab run: cannot write /proc/proclab-cannot-write.jsonl" in result.stderr
    assert "Traceback" not in result.stderr
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
