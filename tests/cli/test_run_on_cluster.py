"""``python main.py run --cluster``: on a LocalCluster it starts, on a running scheduler, or refused.

While a command runs, this test process is a child subreaper: whatever the
command leaves running (a Dask worker, a ProcLab worker under it) becomes
this process's child when the command exits, and the leak check finds it.
"""
from __future__ import annotations

import csv
import json
import signal
import socket
import time

import psutil
import pytest

pytest.importorskip("distributed")

from engine.run import forkserver_loss  # noqa: E402
from tests.cli.test_run_command import proclab  # noqa: E402
from tests.cli.test_run_signals import read_until, start_proclab  # noqa: E402
from tests.cli.test_run_signals import stubborn_experiment as stubborn_experiment  # noqa: E402 - a fixture
from tests.dask_cluster import DaskCluster  # noqa: E402
from tests.engine.trace_rules import check_trace, load_trace  # noqa: E402
from tests.leak_check import ALLOWED_PIDS  # noqa: E402


@pytest.fixture
def adopts_orphans():
    """Adopt what a command leaves; reap those that end within seconds (the start-method
    helpers of its Dask workers end when they see their parent gone). Anything still
    running after that is left for the leak check to report."""
    assert forkserver_loss.become_subreaper()
    yield
    forkserver_loss.stop_subreaper()
    adopted = [p for p in psutil.Process().children() if p.pid not in ALLOWED_PIDS]
    psutil.wait_procs(adopted, timeout=5)  # waits for (and reaps) those that end


def _events(path):
    return [json.loads(line) for line in path.read_text().splitlines()]


def _summary(stdout: str) -> dict[str, list[str]]:
    lines = stdout.splitlines()
    header = next(line for line in lines if line.startswith("name"))
    assert "host" in header.split()
    return {line.split()[0]: line.split() for line in lines if line.split() and line.split()[0] != "name"
            and not line.startswith(("-", "work ", "wrote", "ping"))}


def test_seed_on_a_local_cluster_of_two(tmp_path, adopts_orphans):
    events, trace, table, png = (tmp_path / name for name in ("seed.jsonl", "seed.json", "seed.csv", "seed.png"))
    result = proclab("run", "--preset", "seed", "--cluster", "local:2", "--events", events, "--trace", trace,
                     "--csv", table, "--png", png, timeout=120)
    assert result.returncode == 0, result.stderr
    check_trace(load_trace(trace))  # the same trace as a local run's, for the same viewers
    with open(table, newline="") as stream:
        placed_rows = [row for row in csv.DictReader(stream) if row["kind"] == "placed"]
    assert len(placed_rows) == 3 and all(row["address"].startswith("tcp://127.0.0.1:") for row in placed_rows)
    assert png.stat().st_size > 1000
    assert "on tcp://127.0.0.1:" in result.stderr and "2 Dask workers" in result.stderr
    assert result.stderr.count("clock of tcp://127.0.0.1:") == 2
    records = _events(events)
    placed = {r["worker"]: r for r in records if r["kind"] == "placed"}
    assert len({r["address"] for r in placed.values()}) == 2
    assert all(r["host"] == socket.gethostname() for r in placed.values())
    starts = {r["worker"]: r["t"] for r in records if r["kind"] == "start"}
    ends = {r["worker"]: r["t"] for r in records if r["kind"] == "end"}
    for name, interval in (("worker1", 2), ("worker2", 3), ("worker3", 4)):
        assert abs(ends[name] - starts[name] - interval) < 0.3
    assert ends["worker1"] < ends["worker2"] < ends["worker3"]
    assert {r["worker"]: r["exitcode"] for r in records if r["kind"] == "exit"} == dict.fromkeys(placed, 0)
    summary = _summary(result.stdout)
    assert all(summary[name][3] == socket.gethostname() and summary[name][4].startswith("(tcp://127.0.0.1:")
               for name in placed)


def test_lock_on_a_local_cluster_never_overlaps(tmp_path, adopts_orphans):
    events = tmp_path / "lock.jsonl"
    result = proclab("run", "--preset", "lock", "--cluster", "local:2", "--events", events, timeout=120)
    assert result.returncode == 0, result.stderr
    records = _events(events)
    acquired = {r["worker"]: r["t"] for r in records if r["kind"] == "lock_acquired"}
    released = {r["worker"]: r["t"] for r in records if r["kind"] == "lock_released"}
    holds = sorted((acquired[name], released[name]) for name in acquired)
    assert len(holds) == 3
    assert all(first[1] <= second[0] for first, second in zip(holds, holds[1:]))
    assert len({r["address"] for r in records if r["kind"] == "placed"}) == 2


def test_crash_on_a_local_cluster_keeps_every_exit_code(tmp_path, adopts_orphans):
    events = tmp_path / "crash.jsonl"
    result = proclab("run", "--preset", "crash", "--cluster", "local:2", "--events", events, timeout=120)
    assert result.returncode == 1, result.stderr  # workers failed on purpose
    exits = {r["worker"]: r["exitcode"] for r in _events(events) if r["kind"] == "exit"}
    assert exits == {"survivor": 0, "raises": 1, "exits4": 4, "os_exit3": 3, "sigkill": -9, "segfault": -11}


def test_a_timeout_on_a_cluster_kills_a_stubborn_worker(tmp_path, adopts_orphans):
    config = tmp_path / "stubborn.json"
    config.write_text(json.dumps({"schema_version": 2, "cluster": "local:1", "workers": [
        {"name": "mule", "interval": 60, "kind": "stubborn"}]}))
    events = tmp_path / "mule.jsonl"
    result = proclab("run", config, "--timeout", "2", "--events", events, timeout=120)
    assert result.returncode == 1, result.stderr
    assert "timeout after 2 s" in result.stderr
    assert [r["exitcode"] for r in _events(events) if r["kind"] == "exit"] == [-9]


def test_an_address_that_refuses_fails_at_once_and_starts_nothing(tmp_path):
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    started = time.monotonic()
    result = proclab("run", "--preset", "seed", "--cluster", f"tcp://127.0.0.1:{port}", "--events",
                     tmp_path / "e.jsonl")
    assert result.returncode == 2
    assert f"cannot reach the Dask scheduler at tcp://127.0.0.1:{port}: Connection refused" in result.stderr
    assert "nothing was started" in result.stderr and "work " not in result.stdout
    assert not (tmp_path / "e.jsonl").exists()
    assert time.monotonic() - started < 10


def test_an_address_that_never_answers_fails_within_the_connect_timeout():
    with socket.socket() as silent:  # accepts connections (the backlog) but never says a word
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        address = "tcp://127.0.0.1:%d" % silent.getsockname()[1]
        started = time.monotonic()
        result = proclab("run", "--preset", "seed", "--cluster", address, "--connect-timeout", "1.5")
        took = time.monotonic() - started
    assert result.returncode == 2
    assert f"cannot reach the Dask scheduler at {address}: no answer within" in result.stderr
    assert took < 1.5 + 5  # the timeout, plus starting Python


def test_a_bad_cluster_value_is_refused_where_it_was_written(tmp_path):
    result = proclab("run", "--preset", "seed", "--cluster", "local:0")
    assert result.returncode == 2 and "argument --cluster: local:N needs" in result.stderr
    config = tmp_path / "x.json"
    config.write_text(json.dumps({"schema_version": 2, "cluster": "http://nope", "workers": [
        {"name": "a", "interval": 1}]}))
    result = proclab("run", config)
    assert result.returncode == 2 and f"{config}: cluster: expected local" in result.stderr


def test_run_on_a_running_scheduler(tmp_path, adopts_orphans):
    cluster = DaskCluster(workers=2)
    try:
        events = tmp_path / "seed.jsonl"
        result = proclab("run", "--preset", "seed", "--cluster", cluster.address, "--events", events,
                         timeout=120)
        assert result.returncode == 0, result.stderr
        placed = [r for r in _events(events) if r["kind"] == "placed"]
        assert len({r["address"] for r in placed}) == 2
        scheduler_port = cluster.address.rsplit(":", 1)[1]
        assert all(not r["address"].endswith(":" + scheduler_port) for r in placed)
        result = proclab("run", "--preset", "seed", "--cluster", placed[0]["address"])
        assert result.returncode == 2 and "is not a Dask scheduler (it says it is Worker" in result.stderr
    finally:
        cluster.stop()


def test_ctrl_c_stops_every_remote_worker_and_shuts_the_local_cluster_down(stubborn_experiment, tmp_path,
                                                                            adopts_orphans):
    events = tmp_path / "run.jsonl"
    process = start_proclab("run", stubborn_experiment, "--cluster", "local:2", "--events", events)
    try:
        read_until(process.stdout, "work mule start")
        started = time.monotonic()
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=60)
        took = time.monotonic() - started
    finally:
        process.kill()
        process.wait()
    assert process.returncode == 1, err
    assert "Traceback" not in err
    exits = {r["worker"]: r["exitcode"] for r in _events(events) if r["kind"] == "exit"}
    assert exits == {"calm": -15, "mule": -9}  # mule ignored SIGTERM: killed after the grace period
    assert took < 30
    # every process of the LocalCluster and of its workers has ended: the leak check finds none
