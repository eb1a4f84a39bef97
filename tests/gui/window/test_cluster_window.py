"""Lab → Run on: the window on a local Dask cluster, and what it refuses or disables there."""
from __future__ import annotations

import json
import socket

import pytest
from PySide6.QtWidgets import QDialogButtonBox

from gui.dialogs.scheduler_dialog import SchedulerDialog
from gui.panels.worker_table_model import CPU, EXIT_CODE, HOST, MEMORY, NAME
from tests.gui.conftest import make_settings, wait_for_run_end

pytest.importorskip("distributed")

CLUSTER_RUN_TIMEOUT_MS = 60000  # a LocalCluster starts first


def _choose(window, key):
    window.actions[key].trigger()


def test_this_machine_is_the_default_and_nothing_of_dask_is_shown(window):
    assert window.actions["runOnMachine"].isChecked()
    assert window.status.place_label.text() == "runs on: this machine"
    assert window.workers.table.isColumnHidden(HOST)
    assert not window.workers.table.isColumnHidden(CPU)
    assert window.actions["compare"].isEnabled() and window.actions["runInProcess"].isEnabled()


def test_a_local_cluster_disables_what_needs_this_machine_and_says_why(window, tmp_path):
    _choose(window, "runOnLocal")
    assert window.actions["runOnLocal"].isChecked() and not window.actions["runOnMachine"].isChecked()
    assert "local Dask cluster" in window.status.place_label.text()
    for key in ("compare", "runInProcess"):
        assert not window.actions[key].isEnabled()
        assert window.actions[key].toolTip().startswith("Not on a cluster:")
    assert not window.controls.run_in_process_button.isEnabled()
    assert window.controls.run_in_process_button.toolTip().startswith("Not on a cluster:")
    assert not window.timeline.counters_check.isEnabled()
    assert window.timeline.counters_check.toolTip().startswith("Not on a cluster:")
    assert not window.workers.table.isColumnHidden(HOST)
    assert window.workers.table.isColumnHidden(CPU) and window.workers.table.isColumnHidden(MEMORY)
    header = window.workers.table.horizontalHeader()
    assert header.visualIndex(HOST) == header.visualIndex(EXIT_CODE) + 1
    window.load_preset("lock")
    assert "placed on a Dask worker" in window.explanation.text()
    assert "distributed.Lock" in window.explanation.text()
    # remembered by the next window
    assert make_settings(tmp_path / "proclab.ini").run_on() == "local"
    _choose(window, "runOnMachine")
    assert window.actions["compare"].isEnabled() and window.workers.table.isColumnHidden(HOST)
    assert "Dask" not in window.explanation.text()
    assert window.timeline.counters_check.isEnabled()


def test_the_scheduler_address_is_checked_where_it_is_typed(qtbot):
    dialog = SchedulerDialog("")
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.Ok)
    assert not ok.isEnabled() and "tcp://127.0.0.1:8786" in dialog.error.text()
    dialog.field.setText("tcp://host:99999")
    assert not ok.isEnabled() and "port from 1 to 65535" in dialog.error.text()
    dialog.field.setText("local:2")
    assert not ok.isEnabled() and "Local Dask cluster" in dialog.error.text()
    dialog.field.setText(" tcp://10.0.0.5:8786 ")
    assert ok.isEnabled() and dialog.error.text() == "" and dialog.address() == "tcp://10.0.0.5:8786"


def test_an_unreachable_scheduler_is_said_at_start_and_nothing_starts(window, dialogs, qtbot, monkeypatch):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    address = f"tcp://127.0.0.1:{port}"
    monkeypatch.setattr(SchedulerDialog, "exec", lambda self: (self.field.setText(address), 1)[1])
    _choose(window, "runOnScheduler")
    assert window.run_place.address == address and address in window.actions["runOnScheduler"].text()
    window.load_preset("seed")
    window.start_run()
    qtbot.waitUntil(lambda: bool(dialogs.errors), timeout=15000)
    assert f"cannot reach the Dask scheduler at {address}: Connection refused" in dialogs.errors[0]
    assert "Nothing was started" in dialogs.errors[0]
    assert window.record is None and not window.is_running()
    assert window.controls.start_button.isEnabled()  # try again, or elsewhere


def test_seed_and_lock_on_a_local_cluster_grouped_by_dask_worker(window, qtbot, tmp_path, dialogs):
    _choose(window, "runOnLocal")
    window.load_preset("seed")
    window.start_run()
    qtbot.waitUntil(lambda: window.record is not None, timeout=CLUSTER_RUN_TIMEOUT_MS)
    wait_for_run_end(qtbot, window, CLUSTER_RUN_TIMEOUT_MS)
    runs = window.record.workers
    assert {name: run.exitcode for name, run in runs.items()} == {"worker1": 0, "worker2": 0, "worker3": 0}
    assert [abs(runs[f"worker{i}"].duration_s() - i - 1) < 0.3 for i in (1, 2, 3)] == [True] * 3
    model = window.model
    hosts = {model.index(row, NAME).data(): model.index(row, HOST).data() for row in range(model.rowCount())}
    assert len(set(hosts.values())) == 2
    assert all(text.startswith(socket.gethostname() + " · 127.0.0.1:") for text in hosts.values())
    assert "2 Dask workers" in window.status.place_label.text()
    assert not [event for event in window.record.events if event.kind == "join"]  # nobody called join()
    log = window.log.toPlainText()
    assert log.count("all workers ended") == 1
    assert log.index("placed on ") < log.index("work worker1 start")
    assert window.status.place_label.toolTip().count("clock of tcp://127.0.0.1:") == 2
    # the timeline: rows grouped by Dask worker, a caption per group
    assert list(runs) == sorted(runs, key=lambda name: runs[name].address)
    assert [place for _, place in window.timeline.hosts.groups] == sorted({r.placement for r in runs.values()})
    # the same connection serves the next run: the lock across both Dask workers
    connection = window.run_place.connection
    window.load_preset("lock")
    window.start_run()
    qtbot.waitUntil(lambda: window.is_running(), timeout=CLUSTER_RUN_TIMEOUT_MS)
    wait_for_run_end(qtbot, window, CLUSTER_RUN_TIMEOUT_MS)
    assert window.run_place.connection is connection
    holds = sorted(run.lock_holds[0] for run in window.record.workers.values())
    assert all(first[1] <= second[0] for first, second in zip(holds, holds[1:]))
    # saved with the experiment
    path = tmp_path / "lock.json"
    assert window.experiment.save(path)
    assert json.loads(path.read_text())["cluster"] == "local"
    # closing shuts the LocalCluster down: the leak check finds nothing of it
    window.shutdown()
    assert window.run_place.connection is None


def test_kill_on_the_cluster_from_the_window(window, qtbot):
    from engine import WorkerSpec

    _choose(window, "runOnLocal")
    window.model.set_specs([WorkerSpec("slow", 60), WorkerSpec("other", 1)])
    window.start_run()
    qtbot.waitUntil(lambda: window.record is not None and window.record.workers["slow"].began,
                    timeout=CLUSTER_RUN_TIMEOUT_MS)
    window.workers.table.selectRow(window.model.names().index("slow"))
    window.controls.kill_button.click()
    wait_for_run_end(qtbot, window, CLUSTER_RUN_TIMEOUT_MS)
    assert window.record.workers["slow"].exitcode == -9
    assert window.record.workers["other"].exitcode == 0
    row = window.model.names().index("slow")
    assert window.model.index(row, EXIT_CODE).data().startswith("-9")


def test_an_experiment_file_names_where_it_runs(window, tmp_path, monkeypatch):
    path = tmp_path / "remote.json"
    path.write_text(json.dumps({"schema_version": 2, "cluster": "tcp://10.1.2.3:8786",
                                "workers": [{"name": "a", "interval": 1}]}))
    assert window.experiment.open(path)
    assert window.run_place.place == "scheduler" and window.run_place.address == "tcp://10.1.2.3:8786"
    assert window.actions["runOnScheduler"].isChecked()


def test_a_scheduler_gone_between_runs_is_said_and_the_next_start_connects_afresh(window, qtbot, dialogs,
                                                                                  monkeypatch):
    from tests.dask_cluster import DaskCluster

    cluster = DaskCluster(workers=1)
    try:
        monkeypatch.setattr(SchedulerDialog, "exec", lambda self: (self.field.setText(cluster.address), 1)[1])
        _choose(window, "runOnScheduler")
        from engine import WorkerSpec

        window.model.set_specs([WorkerSpec("quick", 0.2)])
        window.start_run()
        qtbot.waitUntil(lambda: window.record is not None, timeout=CLUSTER_RUN_TIMEOUT_MS)
        wait_for_run_end(qtbot, window, CLUSTER_RUN_TIMEOUT_MS)
        assert window.record.workers["quick"].exitcode == 0
    finally:
        cluster.stop()
    window.start_run()
    qtbot.waitUntil(lambda: bool(dialogs.errors), timeout=CLUSTER_RUN_TIMEOUT_MS)
    assert f"cannot use the Dask scheduler at {cluster.address}" in dialogs.errors[-1]
    assert window.run_place.connection is None and not window.is_running()


def test_without_dask_installed_a_cluster_says_how_to_get_it(window, qtbot, dialogs, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "distributed", None)  # as if the extra were not installed
    for name in [name for name in sys.modules if name.startswith("engine.cluster.")]:
        monkeypatch.delitem(sys.modules, name)
    _choose(window, "runOnLocal")
    window.load_preset("seed")
    window.start_run()
    qtbot.waitUntil(lambda: bool(dialogs.errors), timeout=15000)
    assert "pip install 'proclab[dask]'" in dialogs.errors[0] and "Nothing was started" in dialogs.errors[0]
    assert window.record is None


def test_closing_the_window_stops_the_remote_workers_and_the_local_cluster(window, qtbot, dialogs):
    from engine import WorkerSpec

    _choose(window, "runOnLocal")
    window.model.set_specs([WorkerSpec("long", 60), WorkerSpec("mule", 60, kind="stubborn")])
    window.start_run()
    qtbot.waitUntil(lambda: window.record is not None and all(run.began for run in window.record.workers.values()),
                    timeout=CLUSTER_RUN_TIMEOUT_MS)
    record = window.record
    assert "2 worker processes are still running" in window.presenter.close_question()
    window.shutdown()  # what closing does once the question is answered
    assert record.workers["long"].exitcode == -15
    assert record.workers["mule"].exitcode == -9  # after the grace period
    assert window.run_place.connection is None  # the LocalCluster is shut down: the leak check looks
