"""A lock holder whose whole Dask worker dies: what Dask does with the cluster's lock.

Nobody is left to release it. The scheduler gives it to the next worker
once the dead holder's lease expires (``distributed.scheduler.locks.lease-timeout``,
30 s by default; 3 s on this test's scheduler). The run says so in the
holder's log, and the waiter's "waiting for lock" band shows the wait.
"""
from __future__ import annotations

import os
import signal

import pytest

pytest.importorskip("distributed")

from engine.cluster.connection import ClusterConnection  # noqa: E402
from engine.cluster.placed_workers import LEASE_WORDS  # noqa: E402
from engine.model.cluster_address import parse_cluster  # noqa: E402
from engine.model.events import OutputLine  # noqa: E402
from engine.model.spec import WorkerSpec  # noqa: E402
from tests.dask_cluster import DaskCluster  # noqa: E402
from tests.engine.cluster.test_cluster_run import Recorded  # noqa: E402

LEASE_SECONDS = 3
SHORT_LEASES = {"DASK_DISTRIBUTED__SCHEDULER__LOCKS__LEASE_TIMEOUT": f"{LEASE_SECONDS}s",
                "DASK_DISTRIBUTED__SCHEDULER__LOCKS__LEASE_VALIDATION_INTERVAL": "0.5s"}


@pytest.fixture(scope="module")
def short_lease_cluster():
    cluster = DaskCluster(workers=2, config=SHORT_LEASES)
    ClusterConnection.open(parse_cluster(cluster.address)).close()  # Dask's loop, before any baseline
    yield cluster
    cluster.stop()


def test_a_lost_holder_keeps_the_lock_until_its_lease_expires(short_lease_cluster):
    connection = ClusterConnection.open(parse_cluster(short_lease_cluster.address))
    try:
        run = Recorded([WorkerSpec("first", 2, kind="lock"), WorkerSpec("second", 2, kind="lock")], connection)
        run.start()
        run.wait_for(lambda: any(row.lock_holds for row in run.record.workers.values()))
        holder = next(row for row in run.record.workers.values() if row.lock_holds)
        waiter = next(row for row in run.record.workers.values() if row is not holder)
        assert holder.address != waiter.address
        pid = connection.client.run(os.getpid, workers=[holder.address])[holder.address]
        os.kill(pid, signal.SIGKILL)
        run.wait_for(lambda: holder.lost is not None, 15)
        lost_at = holder.exit_s
        run.finish(timeout=60)
        said = [e.text for e in run.record.events if isinstance(e, OutputLine) and e.worker == holder.name]
        assert LEASE_WORDS in said
        acquired = waiter.lock_holds[0][0]  # after the dead holder's lease expired
        assert LEASE_SECONDS - 1 <= acquired - lost_at <= LEASE_SECONDS + 10, (lost_at, acquired)
        assert waiter.lock_waits[0][1] == pytest.approx(acquired, abs=0.05)
        assert waiter.exitcode == 0
        run.assert_nothing_left()
    finally:
        connection.close()
