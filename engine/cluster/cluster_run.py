"""``ClusterRun``: an experiment's workers on a Dask cluster, as a ``Run``.

Each ProcLab worker is placed on a Dask worker (round robin, in address
order, so lock workers land on different machines). One Dask task per Dask
worker (``remote_host.start_workers``, restricted to that worker and never
retried) starts ProcLab's own ``Session`` there for the workers placed on
it. Their events come back as that Dask worker's events on the run's topic
and reach the subscriber, in batches, from this run's dispatcher thread,
never from Dask's event loop.

Before the tasks are sent, each Dask worker's clock is measured against
this one (``engine.cluster.clock``), and every time it sends is corrected
by it: ``clocks`` keeps each offset and its error.

The scheduler says when a Dask worker leaves (an event on the topic named
by its address). Every worker of this run placed there that had not ended
becomes ``WorkerLost``, with the reason: nothing of it can be heard or
stopped any more, and no task of it is run again elsewhere.
"""
from __future__ import annotations

import queue
import threading
import time
import uuid
from dataclasses import asdict, dataclass
from typing import Iterable, Sequence

from engine.model.events import Event, JoinReturned, PingReceived
from engine.model.run_contract import RunCapabilities, Subscriber
from engine.model.spec import WorkerSpec
from engine.model.start_methods import default_start_method
from engine.run.worker_slot import WorkerStatus

from . import event_codec, remote_host
from .clock import Anchor, ClockOffset, estimate
from .connection import ClusterConnection, DaskWorker
from .placed_workers import PlacedWorkers

DEFAULT_GRACE_SECONDS = 1.0
#: Round trips per Dask worker when its clock is measured; the shortest counts.
CLOCK_SAMPLES = 5
#: How long the start waits for a Dask worker to start its share before it gives up on it.
START_TIMEOUT_SECONDS = 60.0
#: How long stop() waits for workers being launched on the Dask workers before it signals them.
LAUNCH_WAIT_SECONDS = 10.0


@dataclass(frozen=True)
class _RemoteBatch:
    """A batch a Dask worker's session sent, still encoded (decoded on the dispatcher, not Dask's loop)."""

    items: list


@dataclass(frozen=True)
class _DaskWorkerNews:
    """What the scheduler logged about a Dask worker this run uses (its removal, among others)."""

    address: str
    message: object


@dataclass(frozen=True)
class _OwnEvents:
    """Events this run makes itself: join marks, lost or never-started workers."""

    events: list


class ClusterRun:
    """The Run contract over a Dask cluster (see the module docstring)."""

    capabilities = RunCapabilities(own_processes=True, can_signal=True, polls_processes=False,
                                   answers_pings=True, shared_lock=True, on_this_machine=False)

    def __init__(self, specs: Iterable[WorkerSpec], subscriber: Subscriber | None,
                 connection: ClusterConnection, start_method: str | None = None, auto_pong: bool = True):
        self._workers = PlacedWorkers(specs)
        self._subscriber = subscriber or (lambda events: None)
        self._connection = connection
        self._client = connection.client
        #: What each Dask worker's session starts its workers with.
        self.start_method = start_method or default_start_method()
        self._auto_pong = auto_pong
        self.run_id = uuid.uuid4().hex[:12]
        self._topic = f"proclab-{self.run_id}"
        self._anchor = Anchor()
        self._inbox: queue.SimpleQueue = queue.SimpleQueue()
        self._dispatcher: threading.Thread | None = None
        self._launcher: threading.Thread | None = None
        self._addresses: dict[str, DaskWorker] = {}  # the Dask workers this run placed workers on
        self._gone: set[str] = set()  # of those, the ones the scheduler removed
        self._closed = False
        self.t0_ns: int | None = None
        self.failure: str | None = None
        self.descriptor_note: str | None = None
        #: Per Dask worker address: its clock against this one.
        self.clocks: dict[str, ClockOffset] = {}
        try:
            if not connection.connected:
                raise ConnectionError("the connection was lost")
            dask_workers = connection.workers()
        except Exception as error:  # noqa: BLE001 - a scheduler gone since it was reached
            raise self._unusable(error) from None
        self._plan = self._place(dask_workers)

    def _unusable(self, error: BaseException) -> RuntimeError:
        """What Start says when the scheduler cannot be used (gone since it was reached)."""
        return RuntimeError(f"cannot use the Dask scheduler at {self._connection.address}: "
                            f"{type(error).__name__}: {error}")

    def _place(self, dask_workers: list[DaskWorker]) -> dict[str, list[WorkerSpec]]:
        """Each worker on a Dask worker in turn (in address order); rows grouped by Dask worker."""
        if not dask_workers:
            raise RuntimeError(f"the Dask scheduler at {self._connection.address} has no workers")
        plan = self._workers.place(dask_workers)
        self._addresses = {w.address: w for w in dask_workers if w.address in plan}
        return plan

    # -- lifecycle -----------------------------------------------------

    @property
    def names(self) -> list[str]:
        """Grouped by the Dask worker each is placed on (the table keeps the experiment's order)."""
        return [spec.name for specs in self._plan.values() for spec in specs]

    @property
    def started(self) -> bool:
        return self.t0_ns is not None

    @property
    def cluster(self) -> str:
        return self._connection.describe()

    def start(self, t0_ns: int | None = None) -> None:
        """Begin placing and starting every worker, and return at once."""
        if self.started or self._closed:
            raise RuntimeError("this run has already started")
        try:
            self._client.subscribe_topic(self._topic, self._on_remote_batch)
        except Exception as error:  # noqa: BLE001 - the client closed itself: its scheduler is gone
            raise self._unusable(error) from None
        self._dispatcher = threading.Thread(target=self._dispatch, name="proclab-cluster-events", daemon=True)
        self._dispatcher.start()
        self._launcher = threading.Thread(target=self._launch, name="proclab-cluster-launcher", daemon=True)
        self._launcher.start()
        self.t0_ns = time.perf_counter_ns() if t0_ns is None else t0_ns

    def _launch(self) -> None:
        try:
            self._place_and_start()
        except Exception as error:  # the scheduler went away, or refused the tasks
            self.failure = f"the cluster failed the start: {type(error).__name__}: {error}"
            self._inbox.put(_OwnEvents(self._workers.never_started(self.failure)))

    def _place_and_start(self) -> None:
        for address in self._addresses:  # the scheduler logs a worker's removal under its address
            self._client.subscribe_topic(address, lambda event, address=address: self._inbox.put(
                _DaskWorkerNews(address, event[1])))
        self.clocks, unreadable = self._measure_clocks(list(self._addresses))
        for address, error in unreadable.items():
            self._cannot_start(address, "could not read its clock", error)
        lock_name = f"proclab-lock-{self.run_id}" if any(p.spec.kind == "lock" for p in self._workers.all()) else None
        futures = {}
        for address, specs in self._plan.items():
            if address not in self.clocks:
                continue
            futures[address] = self._client.submit(
                remote_host.start_workers, self.run_id, self._topic, [asdict(spec) for spec in specs],
                self.start_method, self.clocks[address].offset_ns, time.time_ns(), lock_name,
                key=f"proclab-start-{self.run_id}-{len(futures)}", workers=[address],
                allow_other_workers=False, pure=False, retries=0)
        for address, future in futures.items():
            try:
                future.result(timeout=START_TIMEOUT_SECONDS)
            except Exception as error:  # noqa: BLE001 - whatever the task raised, it says why
                self._cannot_start(address, "could not start it", error)
            finally:
                future.release()  # a result kept would be recomputed elsewhere if its worker left

    def _cannot_start(self, address: str, what: str, error: BaseException) -> None:
        """The workers placed on ``address`` never start: why, in their rows and the log."""
        text = f"{type(error).__name__}: {error}"
        if isinstance(error, ImportError) or "ModuleNotFoundError" in text or "ImportError" in text:
            text += " (is ProcLab installed, with the dask extra, in the Python that Dask worker runs?)"
        self._inbox.put(_OwnEvents(self._workers.never_started(f"its Dask worker {address} {what}: {text}",
                                                               address)))

    def _measure_clocks(self, addresses: list[str]) -> tuple[dict[str, ClockOffset], dict[str, BaseException]]:
        """Each Dask worker's clock (``engine.cluster.clock``); and those that could not be read, with why."""
        samples: dict[str, list] = {address: [] for address in addresses}
        failed: dict[str, BaseException] = {}
        for _ in range(CLOCK_SAMPLES):
            sent = time.time_ns()
            readings = self._client.run(remote_host.clock_reading, workers=addresses, on_error="return")
            received = time.time_ns()
            for address, reading in readings.items():
                if isinstance(reading, BaseException):
                    failed[address] = reading
                else:
                    samples[address].append((sent, reading, received))
        clocks = {address: estimate(triples) for address, triples in samples.items() if address not in failed}
        return clocks, failed

    def stop(self, grace: float = DEFAULT_GRACE_SECONDS) -> None:
        """Terminate, wait ``grace`` seconds, kill what is left, wait for the last words."""
        if self._closed:
            return
        if self.started:
            self._launcher.join()
            # A Dask worker's session launches on after its task returned: wait until each
            # worker is started (or has ended), so SIGTERM reaches every one of them.
            self._workers.wait_launched(LAUNCH_WAIT_SECONDS)
            self.terminate()
            if self._workers.wait_ended(self._workers.all(), grace):
                self.kill()
                if self._workers.wait_ended(self._workers.all(), 5.0):
                    self._inbox.put(_OwnEvents(self._workers.lose(self._workers.all(),
                                                                 "no word from its Dask worker after SIGKILL")))
            live = [address for address in self._addresses if address not in self._gone]
            if live:  # a session kept for an abandoned lock ends now
                self._on_workers(live, remote_host.finish_run, self.run_id)
            self._inbox.put(None)
            self._dispatcher.join()
            if self._connection.connected:
                for topic in (self._topic, *self._addresses):
                    self._client.unsubscribe_topic(topic)
        self._closed = True

    def __enter__(self) -> "ClusterRun":
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()

    # -- control -------------------------------------------------------

    def join(self, names: Sequence[str] | None = None, timeout: float | None = None) -> list[str]:
        selected = self._workers.select(names)
        if not self.started:
            return []
        alive = self._workers.wait_ended(selected, timeout)
        now = time.perf_counter_ns()
        marks = [JoinReturned(p.spec.name, p.pid, now, p.spec.name in alive) for p in selected if p.pid is not None]
        if marks:
            self._inbox.put(_OwnEvents(marks))
        return alive

    def all_ended(self) -> bool:
        return self.started and self._workers.all_ended()

    def terminate(self, names: Sequence[str] | None = None) -> list[str]:
        """SIGTERM to each named worker, by its own Dask worker; who received it."""
        return self._signal(names, "terminate")

    def kill(self, names: Sequence[str] | None = None) -> list[str]:
        """SIGKILL to each named worker, by its own Dask worker; who received it."""
        return self._signal(names, "kill")

    def _signal(self, names: Sequence[str] | None, method: str) -> list[str]:
        by_address: dict[str, list[str]] = {}
        for placed in self._workers.select(names):
            if placed.pid is not None and not placed.ended and placed.address not in self._gone:
                by_address.setdefault(placed.address, []).append(placed.spec.name)
        sent: list[str] = []
        for address, chosen in by_address.items():
            answer = self._on_workers([address], remote_host.signal_workers, self.run_id, method, chosen).get(address)
            if isinstance(answer, list):
                sent += answer
        return sent

    def pong(self, name: str, seq: int) -> bool:
        """Answer a messages worker's ping, through its Dask worker; False if it is gone."""
        placed = self._workers.get(name)
        if placed.address is None or placed.address in self._gone:
            return False
        return self._on_workers([placed.address], remote_host.pong, self.run_id, name, seq).get(placed.address) is True

    @property
    def lock_holder(self) -> str | None:
        return self._workers.lock_holder

    @property
    def lock_abandoned_by(self) -> str | None:
        return self._workers.lock_abandoned_by

    def release_abandoned_lock(self) -> bool:
        """Release the lock a dead worker held (through the Dask worker that started it)."""
        holder = self.lock_abandoned_by
        address = None if holder is None else self._workers.get(holder).address
        if address is None or address in self._gone:
            return False
        return self._on_workers([address], remote_host.release_abandoned_lock, self.run_id).get(address) is True

    def _on_workers(self, addresses: list[str], function, *args) -> dict:
        """``function(*args)`` on each Dask worker (``Client.run``): address -> what it returned.

        A scheduler that is gone answers nothing: then every worker not ended
        yet is lost, as nothing of it can be heard or stopped from here any more.
        """
        try:
            if self._connection.connected:
                return self._client.run(function, *args, workers=addresses, on_error="return")
        except Exception:  # noqa: BLE001, S110 - the client lost its scheduler while asking
            pass
        if not self._connection.connected:
            self._gone.update(self._addresses)
            reason = f"the connection to the Dask scheduler at {self._connection.address} was lost"
            self._inbox.put(_OwnEvents(self._workers.lose(self._workers.all(), reason)))
        return {}

    # -- observation ---------------------------------------------------

    def statuses(self, block: bool = True) -> list[WorkerStatus]:
        """What the workers' own events said: pid, running or not, exit code."""
        return self._workers.statuses()

    def active_children_count(self, block: bool = True) -> int:
        """A cluster's workers are nobody's children here."""
        return 0

    def placements(self) -> dict[str, tuple[str, str]]:
        """name -> (host, Dask worker address), for those placed so far."""
        return self._workers.placements()

    # -- events ----------------------------------------------------------

    def _on_remote_batch(self, event) -> None:
        """On Dask's event loop: hand the batch to the dispatcher, nothing more."""
        self._inbox.put(_RemoteBatch(event[1]))

    def _dispatch(self) -> None:
        while True:
            item = self._inbox.get()
            if item is None:
                return
            batch = self._take(item)
            try:  # everything already waiting goes in the same batch
                while True:
                    item = self._inbox.get_nowait()
                    if item is None:
                        self._deliver(batch)
                        return
                    batch += self._take(item)
            except queue.Empty:
                pass
            self._deliver(batch)

    def _take(self, item) -> list[Event]:
        if isinstance(item, _RemoteBatch):
            events = []
            for encoded in item.items:
                try:
                    events.append(event_codec.decode(encoded, self._anchor.perf))
                except ValueError:
                    continue  # not ours: the topic is this run's own, so never expected
            return self._workers.follow(events)
        if isinstance(item, _DaskWorkerNews):
            if isinstance(item.message, dict) and item.message.get("action") == "remove-worker":
                return self._worker_left(item.address)
            return []
        return item.events  # followed already, when they were made

    def _worker_left(self, address: str) -> list[Event]:
        """The scheduler removed a Dask worker: its workers that had not ended are lost."""
        if address in self._gone:
            return []
        self._gone.add(address)
        host = self._addresses[address].host if address in self._addresses else ""
        where = f"{address} on {host}" if host else address
        return self._workers.lose(self._workers.unended_on(address), f"its Dask worker {where} left the cluster")

    def _deliver(self, batch: list[Event]) -> None:
        if not batch:
            return
        if self._auto_pong:
            for event in batch:
                if isinstance(event, PingReceived):
                    self.pong(event.worker, event.seq)
        self._subscriber(batch)
