"""Where Start runs the experiment: this machine, a local Dask cluster, or a Dask scheduler (Lab → Run on).

The choice and the scheduler's address are remembered. The connection is
made at the first Start that needs it, off the GUI thread (a scheduler may
take up to its timeout to answer, a LocalCluster a second to start), and
kept for the next runs; choosing another place, or closing the window,
closes it (a LocalCluster ProcLab started is shut down with its workers).
Nothing of Dask is imported until a cluster is used.
"""
from __future__ import annotations

import threading
from typing import Callable

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QWidget

from engine.model.cluster_address import DEFAULT_CONNECT_TIMEOUT, default_local_workers, parse_cluster
from gui.i18n import tr
from gui.settings import Settings

MACHINE, LOCAL, SCHEDULER = "machine", "local", "scheduler"


class RunPlace(QObject):
    """The window's choice of where runs go, and the cluster connection it needs."""

    changed = Signal()  # another place was chosen, or the connection was made or closed
    _connected = Signal()  # from the connecting thread: its outcome is waiting

    def __init__(self, window: QWidget, settings: Settings, parent: QObject | None = None):
        super().__init__(parent)
        self._window = window
        self._settings = settings
        self.place = settings.run_on()
        self.address = settings.scheduler_address()
        if self.place == SCHEDULER and not _valid(self.address):
            self.place = MACHINE
        self.connection = None  #: an engine.cluster.connection.ClusterConnection, once made
        self._thread: threading.Thread | None = None  # making the connection
        self._handover = threading.Lock()
        self._outcome = None  # what the thread made (a connection or an exception), until taken
        self._then: Callable[[object], None] = lambda connection: None
        self._failed: Callable[[str], None] = lambda reason: None
        self._connected.connect(self._on_connected, Qt.QueuedConnection)

    # -- the choice --------------------------------------------------------

    @property
    def on_cluster(self) -> bool:
        return self.place != MACHINE

    def cluster_text(self) -> str | None:
        """What an experiment file calls this place ("local", an address); None for this machine."""
        if self.place == LOCAL:
            return "local"
        return self.address if self.place == SCHEDULER else None

    def choose(self, place: str, address: str | None = None) -> None:
        """Use ``place`` from the next Start on (``address``: a scheduler's, checked by the caller)."""
        if address is not None:
            parse_cluster(address)  # ValueError: the caller shows it where it was typed
            self.address = address
            self._settings.set_scheduler_address(address)
        if place == self.place and address is None:
            return
        self.close()
        self.place = place
        self._settings.set_run_on(place)
        self.changed.emit()

    def choose_text(self, cluster: str | None) -> None:
        """As an experiment file says: None or "local[:N]" or an address."""
        if cluster is None:
            self.choose(MACHINE)
        elif cluster.startswith("local"):
            self.choose(LOCAL)
        else:
            self.choose(SCHEDULER, cluster)

    def describe(self) -> str:
        """For the status bar: where runs go, and once connected, the cluster's size."""
        if self.place == MACHINE:
            return tr("runs on: this machine")
        if self._thread is not None:
            return self.connecting_text()
        if self.connection is not None:
            return tr("runs on: {cluster}").format(cluster=self.connection.describe())
        if self.place == LOCAL:
            return tr("runs on: a local Dask cluster of {count} workers (started at Start)").format(
                count=default_local_workers())
        return tr("runs on: the Dask scheduler at {address} (connects at Start)").format(address=self.address)

    # -- the connection ----------------------------------------------------

    def connecting(self) -> bool:
        return self._thread is not None

    def with_connection(self, then: Callable[[object], None], failed: Callable[[str], None]) -> None:
        """Call ``then(connection)`` once connected (at once if already), or ``failed(reason)``.

        The connection is made on a thread; the status bar says so meanwhile.
        """
        if self.connection is not None:
            then(self.connection)
            return
        if self._thread is not None:
            return
        choice = parse_cluster("local" if self.place == LOCAL else self.address)
        self._then, self._failed = then, failed
        self._thread = threading.Thread(target=self._connect, args=(choice,), name="proclab-cluster-connect",
                                        daemon=True)
        self._thread.start()
        self.changed.emit()

    def connecting_text(self) -> str:
        if self.place == LOCAL:
            return tr("Starting a local Dask cluster of {count} workers…").format(count=default_local_workers())
        return tr("Connecting to the Dask scheduler at {address} (at most {seconds:g} s)…").format(
            address=self.address, seconds=DEFAULT_CONNECT_TIMEOUT)

    def _connect(self, choice) -> None:
        """On its thread: the connection, or why not, handed over under the lock."""
        try:
            from engine.cluster.connection import ClusterConnection  # Dask is imported here, not before
        except ImportError as error:
            outcome = RuntimeError(tr("Running on a cluster needs Dask distributed ({error}); install it with: "
                                      "pip install 'proclab[dask]'").format(error=error))
        else:
            outcome = self._open(ClusterConnection, choice)
        with self._handover:
            self._outcome = outcome
        try:
            self._connected.emit()
        except RuntimeError:  # the window is gone; close() takes the outcome
            pass

    @staticmethod
    def _open(connection_class, choice):
        try:
            return connection_class.open(choice, DEFAULT_CONNECT_TIMEOUT)
        except Exception as error:  # noqa: BLE001 - the reason is shown to the user
            return error

    def _take_outcome(self):
        with self._handover:
            outcome, self._outcome = self._outcome, None
        return outcome

    def _on_connected(self) -> None:
        outcome = self._take_outcome()
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        if outcome is None:  # close() took it
            return
        if isinstance(outcome, Exception):
            self.changed.emit()
            self._failed(str(outcome) or type(outcome).__name__)
            return
        self.connection = outcome
        self.changed.emit()
        self._then(outcome)

    def close(self) -> None:
        """Disconnect (shutting down a LocalCluster ProcLab started); the next Start connects again.

        A connection still being made is waited for (at most its timeout) and closed.
        """
        if self._thread is not None:
            self._thread.join()
            self._thread = None
            outcome = self._take_outcome()
            if outcome is not None and not isinstance(outcome, Exception):
                outcome.close()
        if self.connection is not None:
            connection, self.connection = self.connection, None
            connection.close()
            self.changed.emit()


def _valid(address: str) -> bool:
    try:
        parse_cluster(address)
    except ValueError:
        return False
    return not address.startswith("local")
