"""ClusterRun on a real Dask cluster: ``dask scheduler`` and two ``dask worker`` processes on 127.0.0.1.

Every test asserts on the record its events built, then that nothing of it
runs any more: no session left in a Dask worker, no worker pid alive, no
process under the Dask workers (the leak check).
"""
from __future__ import annotations

import contextlib
import gc
import os
import signal
import socket
import sys
import threading
import time

import psutil
import pytest

pytest.importorskip("distributed")
import cloudpickle  # noqa: E402 - Dask's own serializer, installed with it

from engine.cluster import remote_host  # noqa: E402
from engine.cluster.cluster_run import ClusterRun  # noqa: E402
from engine.cluster.connection import ClusterConnection  # noqa: E402
from engine.lab.presets import crash_example, lock_example, seed_example  # noqa: E402
from engine.model.cluster_address import parse_cluster  # noqa: E402
from engine.model.run_record import RunRecord  # noqa: E402
from engine.model.spec import WorkerSpec  # noqa: E402
from tests.dask_cluster import DaskCluster  # noqa: E402


@pytest.fixture(scope="module", params=["dask scheduler", "local:2"])
def cluster(request):
    """A scheduler and two workers started with the ``dask`` command, or none:
    then each test starts (and shuts down) a LocalCluster of two through ProcLab."""
    started = DaskCluster(workers=2) if request.param == "dask scheduler" else None
    try:
        # Dask's event loop thread and its wake-up socket live as long as this
        # process: made before any test's baseline of open sockets.
        if started is not None:
            ClusterConnection.open(parse_cluster(started.address)).close()
        yield started
    finally:
        if started is not None:
            started.stop()


@pytest.fixture
def connection(cluster):
    if cluster is None:
        opened = ClusterConnection.open(parse_cluster("local:2"))
    else:
        cluster.wait_for_workers(2)  # a test may have killed one: its nanny starts another
        opened = ClusterConnection.open(parse_cluster(cluster.address))
    yield opened
    opened.close()  # a LocalCluster's processes end here: the leak check looks
    # A nanny's Process keeps its sentinel pipe until the object is collected,
    # and Dask's objects refer to each other: collect them before the check.
    gc.collect()


class Recorded:
    """A ClusterRun and the RunRecord its events build."""

    def __init__(self, specs, connection, **options):
        self.run = ClusterRun(specs, self._apply, connection, **options)
        self.record = RunRecord.for_names(0, self.run.names)
        self.connection = connection
        self._lock = threading.Lock()

    def _apply(self, batch) -> None:
        with self._lock:
            self.record.apply(batch)

    def start(self) -> None:
        self.record.t0_ns = time.perf_counter_ns()
        self.run.start(self.record.t0_ns)

    def wait_for(self, condition, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            assert time.monotonic() < deadline, "condition not met in time"
            time.sleep(0.02)  # polling a condition the run's own thread changes

    def finish(self, timeout: float = 30.0) -> None:
        left = self.run.join(timeout=timeout)
        self.run.stop()
        assert left == []

    def row(self, name):
        return self.record.workers[name]

    def assert_nothing_left(self) -> None:
        """No session of this run in any Dask worker, no worker of it alive."""
        client = self.connection.client

        def no_sessions() -> bool:
            runs = client.run(remote_host.running_runs, on_error="ignore")
            return all(self.run.run_id not in found for found in runs.values())

        self.wait_for(no_sessions, 10)
        pids = [row.pid for row in self.record.workers.values() if row.pid is not None]
        self.wait_for(lambda: not any(_running(pid) for pid in pids), 10)


def _running(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def _finished(specs, connection) -> Recorded:
    """``specs`` run on the cluster to their end."""
    run = Recorded(specs, connection)
    run.start()
    run.finish()
    return run


def test_seed_runs_on_two_dask_workers_with_its_durations_and_end_order(cluster, connection):
    run = _finished(seed_example(), connection)
    addresses = {w.address for w in connection.workers()}
    rows = [run.row(name) for name in ("worker1", "worker2", "worker3")]
    for row, interval in zip(rows, (2, 3, 4)):
        assert row.exitcode == 0, row
        assert abs(row.duration_s() - interval) < 0.3, (row.name, row.duration_s())
        assert row.address in addresses and row.host == socket.gethostname()
        assert row.queued_s is not None and row.queued_s < 5
    assert len({row.address for row in rows}) == 2  # placed on both Dask workers
    assert rows[0].end_s < rows[1].end_s < rows[2].end_s
    assert run.run.clocks.keys() == {row.address for row in rows}
    assert all(abs(clock.offset_ns) <= clock.error_ns + 50_000_000 for clock in run.run.clocks.values())
    run.assert_nothing_left()


def test_the_lock_is_never_held_twice_across_dask_workers(cluster, connection):
    run = _finished(lock_example(), connection)
    holds = sorted((row.lock_holds[0], row.address) for row in run.record.workers.values())
    assert len(holds) == 3 and all(row.exitcode == 0 for row in run.record.workers.values())
    assert len({address for _, address in holds}) == 2
    for (earlier, _), (later, _) in zip(holds, holds[1:]):
        assert earlier[1] <= later[0], holds  # one hold ends before the next begins
    run.assert_nothing_left()


def test_crashes_keep_their_exit_codes_on_the_cluster(cluster, connection):
    run = _finished(crash_example(), connection)
    codes = {name: row.exitcode for name, row in run.record.workers.items()}
    assert codes == {"survivor": 0, "raises": 1, "exits4": 4, "os_exit3": 3, "sigkill": -9, "segfault": -11}
    assert run.row("raises").raised
    run.assert_nothing_left()


def test_kill_and_terminate_reach_the_remote_workers(cluster, connection):
    specs = [WorkerSpec("victim", 60), WorkerSpec("stubborn", 60, kind="stubborn"), WorkerSpec("asked", 60)]
    run = Recorded(specs, connection)
    run.start()
    run.wait_for(lambda: all(row.began for row in run.record.workers.values()))
    assert run.run.kill(["victim"]) == ["victim"]
    assert run.run.terminate(["asked", "stubborn"]) == ["asked", "stubborn"]
    assert run.run.join(["victim", "asked"], timeout=10) == []
    assert run.row("victim").exitcode == -9
    assert run.row("asked").exitcode == -15
    assert run.run.join(["stubborn"], timeout=0.5) == ["stubborn"]  # SIGTERM ignored
    started = time.monotonic()
    run.run.stop(grace=0.5)  # terminate, grace, then kill
    assert run.row("stubborn").exitcode == -9
    assert time.monotonic() - started < 5
    run.assert_nothing_left()


def test_a_dask_worker_killed_mid_run_shows_its_workers_lost_and_the_others_finish(cluster, connection):
    specs = [WorkerSpec(f"w{i}", 3) for i in range(4)]
    run = Recorded(specs, connection)
    run.start()
    run.wait_for(lambda: all(row.began for row in run.record.workers.values()))
    doomed = run.row("w0").address
    pid = connection.client.run(os.getpid, workers=[doomed])[doomed]
    os.kill(pid, signal.SIGKILL)
    run.finish()
    lost = [row for row in run.record.workers.values() if row.address == doomed]
    kept = [row for row in run.record.workers.values() if row.address != doomed]
    assert lost and kept
    for row in lost:
        assert row.lost is not None and doomed in row.lost
        assert row.describe_exit().startswith("lost: ") and row.exitcode is None
        assert row.exit_s < 2.5  # said when the worker left, not at the end
    assert all(row.exitcode == 0 for row in kept)
    placed = [event.worker for event in run.record.events if type(event).__name__ == "WorkerPlaced"]
    assert sorted(placed) == sorted(run.record.workers)  # once each: nothing was run again elsewhere
    run.assert_nothing_left()  # the lost workers ended with their Dask worker


def test_pings_are_answered_across_the_cluster(cluster, connection):
    run = _finished([WorkerSpec("talker", 0.2, kind="messages", messages=5)], connection)
    row = run.row("talker")
    assert row.exitcode == 0 and len(row.messages) == 5
    assert row.round_trip_ms is not None and row.round_trip_ms > 0
    run.assert_nothing_left()


SKEW_NS = 300 * 10**9  # five minutes
# The Dask workers cannot import this test module: what it sends them travels by value.
cloudpickle.register_pickle_by_value(sys.modules[__name__])


def _set_wall_clock_skew(skew_ns: int) -> None:
    """In a Dask worker: its wall clock reads ``skew_ns`` ahead, as on a machine whose clock is wrong.

    Only ``time.time_ns`` (what ProcLab reads there) is shifted; Dask's own
    heartbeats keep the real clock, so the cluster itself runs on."""
    import time as clock

    real = getattr(clock, "_proclab_real_time_ns", clock.time_ns)
    clock._proclab_real_time_ns = real
    clock.time_ns = real if skew_ns == 0 else (lambda: real() + skew_ns)


@contextlib.contextmanager
def _changed_on(connection, address: str, change, on, off):
    """``change(on)`` in the Dask worker at ``address`` for the block, then ``change(off)``."""
    connection.client.run(change, on, workers=[address])
    try:
        yield
    finally:
        connection.client.run(change, off, workers=[address])


def test_a_dask_worker_whose_clock_is_minutes_off_still_draws_its_bars_in_place(cluster, connection):
    skewed = connection.workers()[0].address
    with _changed_on(connection, skewed, _set_wall_clock_skew, SKEW_NS, 0):
        run = _finished(seed_example(), connection)
    clock = run.run.clocks[skewed]
    assert abs(clock.offset_ns - SKEW_NS) < clock.error_ns + 50_000_000  # measured as five minutes ahead
    rows = list(run.record.workers.values())
    assert {row.address for row in rows} == set(run.run.clocks)
    assert skewed in {row.address for row in rows}
    for row, interval in zip((run.row(f"worker{i}") for i in (1, 2, 3)), (2, 3, 4)):
        assert 0 <= row.launch_s <= row.start_s < 2.0, row  # where it happened, not five minutes off
        assert abs(row.duration_s() - interval) < 0.3
        assert row.queued_s < 5
    run.assert_nothing_left()


def test_a_holder_killed_on_the_cluster_leaves_the_lock_abandoned_until_released(cluster, connection):
    run = Recorded([WorkerSpec("a", 30, kind="lock"), WorkerSpec("b", 30, kind="lock")], connection)
    run.start()
    run.wait_for(lambda: any(row.lock_holds for row in run.record.workers.values()))
    holder = next(row for row in run.record.workers.values() if row.lock_holds)
    waiter = next(row for row in run.record.workers.values() if row is not holder)
    assert holder.address != waiter.address  # the lock spans the two Dask workers
    assert run.run.kill([holder.name]) == [holder.name]
    run.wait_for(lambda: run.run.lock_abandoned_by == holder.name)
    assert run.run.join([waiter.name], timeout=1.0) == [waiter.name]
    assert not waiter.lock_holds  # nobody released the lock: the waiter waits on
    assert run.run.release_abandoned_lock()
    run.wait_for(lambda: bool(waiter.lock_holds), 15)
    run.run.stop()
    assert holder.exitcode == -9 and waiter.exitcode == -15
    assert waiter.lock_holds[0][0] > holder.exit_s
    run.assert_nothing_left()


def test_many_workers_run_at_once_on_single_thread_dask_workers(cluster, connection):
    assert all(worker.threads == 1 for worker in connection.workers())
    run = _finished([WorkerSpec(f"w{i:02d}", 1.5) for i in range(20)], connection)
    rows = list(run.record.workers.values())
    assert all(row.exitcode == 0 for row in rows)
    assert max(row.start_s for row in rows) < min(row.end_s for row in rows)  # all ran side by side
    run.assert_nothing_left()


def _hide_proclab(hidden: bool) -> None:
    """In a Dask worker: as if ProcLab were not installed in its Python (or back)."""
    import sys as interpreter

    name = "engine.cluster.remote_host"
    if hidden:
        interpreter.modules["_proclab_hidden"] = interpreter.modules.get(name)
        interpreter.modules[name] = None  # importing it raises ImportError
    else:
        interpreter.modules[name] = interpreter.modules.pop("_proclab_hidden")


def test_a_dask_worker_without_proclab_fails_its_share_with_a_hint(cluster, connection):
    bare = connection.workers()[0].address
    connection.client.run(remote_host.running_runs, workers=[bare])  # imported there, so it can be hidden
    with _changed_on(connection, bare, _hide_proclab, True, False):
        run = _finished(seed_example(), connection)
    rows = list(run.record.workers.values())
    failed = [row for row in rows if row.start_error is not None]
    assert failed and all(row.address == bare for row in failed)
    assert all("is ProcLab installed" in row.start_error for row in failed), failed[0].start_error
    assert all(row.exitcode == 0 for row in rows if row.address != bare)
    run.assert_nothing_left()
