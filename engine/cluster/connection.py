"""Reaching a Dask scheduler, or starting a LocalCluster, within a timeout.

Nothing is started before this succeeds: a run that cannot reach its
scheduler fails here with the address and the reason (``ClusterUnreachable``).
A scheduler that refuses connections is told at once by a plain TCP
connect first; ``distributed`` itself would retry until its timeout.
"""
from __future__ import annotations

import asyncio
import logging
import socket
import time
from dataclasses import dataclass

import distributed
import distributed.comm

from engine.model.cluster_address import DEFAULT_CONNECT_TIMEOUT, ClusterChoice, host_and_port


class ClusterUnreachable(Exception):
    """The scheduler could not be reached, or has no workers; the message says which and why."""


@dataclass(frozen=True)
class DaskWorker:
    address: str  #: tcp://HOST:PORT
    host: str
    threads: int
    name: str


def _check_is_scheduler(address: str, timeout: float) -> None:
    """Ask what answers at ``address``, as a client does first; ``ClusterUnreachable`` unless a scheduler.

    Done before a ``Client`` exists: a client whose start fails prints a
    second error when it is collected. This also tells a Dask worker's
    address given by mistake, and a server that is not Dask at all (its
    bytes can read as a message of exabytes).
    """
    async def identity():
        comm = await distributed.comm.connect(address, timeout=timeout)
        try:
            await comm.write({"op": "identity", "reply": True})
            return await asyncio.wait_for(comm.read(), timeout)
        finally:
            comm.abort()

    try:
        reply = asyncio.run(asyncio.wait_for(identity(), timeout))
    except (asyncio.TimeoutError, TimeoutError):
        raise ClusterUnreachable(f"cannot reach the Dask scheduler at {address}: "
                                 f"no answer within {timeout:g} s") from None
    except Exception as error:  # noqa: BLE001 - MemoryError included: not Dask's protocol
        raise ClusterUnreachable(f"cannot reach the Dask scheduler at {address}: it does not answer as Dask "
                                 f"does ({type(error).__name__}: {str(error)[:200]})") from None
    kind = reply.get("type") if isinstance(reply, dict) else None
    if kind != "Scheduler":
        raise ClusterUnreachable(f"{address} is not a Dask scheduler (it says it is {kind or 'something else'}"
                                 f"{'; give the scheduler address workers connect to' if kind else ''})")


class ClusterConnection:
    """A client connected to a scheduler (and the LocalCluster behind it, if ProcLab started one)."""

    def __init__(self, client, choice: ClusterChoice, cluster=None):
        self.client = client
        self.choice = choice
        self._cluster = cluster
        self.address: str = client.scheduler.address

    @classmethod
    def open(cls, choice: ClusterChoice, timeout: float = DEFAULT_CONNECT_TIMEOUT) -> "ClusterConnection":
        if choice.local:
            return cls._start_local(choice, timeout)
        return cls._connect(choice, timeout)

    @classmethod
    def _start_local(cls, choice: ClusterChoice, timeout: float) -> "ClusterConnection":
        try:
            cluster = distributed.LocalCluster(
                n_workers=choice.local_workers, threads_per_worker=1, processes=True,
                host="127.0.0.1",
                # The scheduler always serves HTTP (the dashboard, or its health routes): on a port
                # of its own, never 8787, which another cluster (or a second ProcLab) may hold.
                dashboard_address="127.0.0.1:0", silence_logs=logging.ERROR,
                timeout=timeout)
        except Exception as error:
            raise ClusterUnreachable(f"cannot start a local Dask cluster of {choice.local_workers} "
                                     f"workers: {error}") from None
        try:
            client = distributed.Client(cluster, timeout=timeout, set_as_default=False)
        except BaseException:
            cluster.close()
            raise
        return cls(client, choice, cluster)

    @classmethod
    def _connect(cls, choice: ClusterChoice, timeout: float) -> "ClusterConnection":
        address = choice.address
        deadline = time.monotonic() + timeout
        host, port = host_and_port(address)
        try:
            socket.create_connection((host, port), timeout=timeout).close()
        except OSError as error:
            reason = error.strerror or str(error) or type(error).__name__
            if isinstance(error, socket.timeout):
                reason = f"no answer within {timeout:g} s"
            raise ClusterUnreachable(f"cannot reach the Dask scheduler at {address}: {reason}") from None
        _check_is_scheduler(address, max(0.5, deadline - time.monotonic()))
        try:
            client = distributed.Client(address, timeout=max(0.5, deadline - time.monotonic()),
                                        set_as_default=False)
        except Exception as error:  # noqa: BLE001 - whatever it was, the run cannot use it
            raise ClusterUnreachable(f"cannot reach the Dask scheduler at {address}: {error}") from None
        try:
            client.wait_for_workers(1, timeout=max(0.5, deadline - time.monotonic()))
        except (OSError, TimeoutError):
            client.close()
            raise ClusterUnreachable(f"the Dask scheduler at {address} has no workers "
                                     f"(start one with: dask worker {address})") from None
        return cls(client, choice)

    def workers(self) -> list[DaskWorker]:
        """The Dask workers now, by address."""
        info = self.client.scheduler_info(n_workers=-1)["workers"]
        return [DaskWorker(address, w.get("host", ""), int(w.get("nthreads", 1)), str(w.get("name", address)))
                for address, w in sorted(info.items())]

    def describe(self) -> str:
        """e.g. "tcp://127.0.0.1:8786: 2 Dask workers, 4 threads"."""
        workers = self.workers()
        threads = sum(w.threads for w in workers)
        where = self.address if not self.choice.local else f"{self.address} ({self.choice.describe()})"
        return (f"{where}: {len(workers)} Dask worker{'s' if len(workers) != 1 else ''}, "
                f"{threads} thread{'s' if threads != 1 else ''}")

    @property
    def connected(self) -> bool:
        """False once the client has given up on its scheduler (it closes itself then)."""
        return self.client.status == "running"

    def close(self) -> None:
        """Disconnect; a LocalCluster ProcLab started is shut down with its workers.

        A client that lost its scheduler has closed itself (and its event
        loop): there is nothing left to close then.
        """
        try:
            if self.client.status not in ("closed", "closing"):
                self.client.close()
        except RuntimeError:  # "IOLoop is closed": it closed itself meanwhile
            pass
        finally:
            if self._cluster is not None:
                self._cluster.close()
                self._cluster = None
