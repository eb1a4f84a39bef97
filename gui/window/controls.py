"""Join, terminate and kill the selected workers, stop a watched script, and release an abandoned Lock.

Each command calls the engine through the bridge and says in the log what
the call did. ``joinEnded`` says the window's controls may change.
"""
from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from gui.engine_bridge import EngineBridge
from gui.i18n import tr
from gui.panels.control_bar import ControlBar
from gui.panels.lock_banner import LockBanner
from gui.panels.log_panel import LogPanel
from gui.panels.workers_panel import WorkersPanel


class RunCommands(QObject):
    joinEnded = Signal()

    def __init__(self, bridge: EngineBridge, workers: WorkersPanel, controls: ControlBar, lock_banner: LockBanner,
                 log: LogPanel, parent: QObject | None = None):
        super().__init__(parent)
        self._bridge, self._workers, self._controls = bridge, workers, controls
        self._lock_banner, self._log = lock_banner, log
        controls.joinRequested.connect(self.join_selected)
        controls.terminateRequested.connect(self.terminate_selected)
        controls.killRequested.connect(self.kill_selected)
        controls.stopRequested.connect(self.stop_script)
        lock_banner.releaseRequested.connect(self.release_abandoned_lock)
        bridge.joinFinished.connect(self._on_join_finished)

    def _targets(self) -> list[str] | None:
        """The selected workers, or None for all of them."""
        return self._workers.selected_names() or None

    @staticmethod
    def _describe(names: list[str] | None) -> str:
        return ", ".join(names) if names else tr("all workers")

    def join_selected(self, timeout: float) -> None:
        self._controls.set_join_pending()
        self._bridge.request_join(self._targets(), timeout)

    def _on_join_finished(self, names: list, timeout: float, still_alive: list) -> None:
        if still_alive:
            outcome = tr("{names} still alive").format(names=", ".join(still_alive))
        else:
            outcome = tr("{names} ended").format(names=", ".join(names)) if len(names) <= 3 else tr("all ended")
        self._log.append_note(tr("join(timeout={timeout!r}) returned; {outcome}").format(
            timeout=float(timeout), outcome=outcome))
        self.joinEnded.emit()

    def terminate_selected(self) -> None:
        self._signal("terminate", "SIGTERM", self._bridge.terminate)

    def kill_selected(self) -> None:
        self._signal("kill", "SIGKILL", self._bridge.kill)

    def _signal(self, call: str, signal_name: str, send) -> None:
        targets = self._targets()
        sent = send(targets)
        if sent:
            self._log.append_note(tr("{call}() sent {signal} to {names}").format(
                call=call, signal=signal_name, names=", ".join(sent)))
        else:
            self._log.append_note(tr("{call}(): none of {names} is alive").format(
                call=call, names=self._describe(targets)))

    def stop_script(self, grace: float = 1.0) -> None:
        """End the whole watched script: every process it started, however deep."""
        if not self._bridge.watching:
            return
        self._controls.set_stop_pending()
        self._log.append_note(tr("stop: SIGTERM to every process of {script}, SIGKILL after {grace:g} s to any "
                                 "still alive").format(script=self._bridge.watched_script.name, grace=grace))
        self._bridge.request_stop(grace)

    def release_abandoned_lock(self) -> None:
        self._lock_banner.set_release_pending()
        if not self._bridge.release_abandoned_lock():
            self._lock_banner.hide()
            self._log.append_note(tr("the lock is not abandoned any more; nothing to release"))
