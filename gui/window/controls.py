"""Join, terminate and kill the selected workers, and recover an abandoned Lock.

A mixin of ``MainWindow``: each control calls the engine through the bridge
and says in the log what the call did.
"""
from __future__ import annotations

from engine import LockAbandoned
from gui.i18n import tr
from gui.theme import exit_code_label


class ControlsMixin:
    def _targets(self) -> list[str] | None:
        """The selected workers, or None for all of them."""
        return self.workers.selected_names() or None

    @staticmethod
    def _describe(names: list[str] | None) -> str:
        return ", ".join(names) if names else tr("all workers")

    def join_selected(self, timeout: float) -> None:
        self.controls.join_button.setEnabled(False)
        self.bridge.request_join(self._targets(), timeout)

    def _on_join_finished(self, names: list, timeout: float, still_alive: list) -> None:
        if still_alive:
            outcome = tr("{names} still alive").format(names=", ".join(still_alive))
        else:
            outcome = tr("{names} ended").format(names=", ".join(names)) if len(names) <= 3 else tr("all ended")
        self.log.append_note(tr("join(timeout={timeout!r}) returned; {outcome}").format(
            timeout=float(timeout), outcome=outcome))
        self._update_controls()

    def terminate_selected(self) -> None:
        self._signal("terminate", "SIGTERM", self.bridge.terminate)

    def kill_selected(self) -> None:
        self._signal("kill", "SIGKILL", self.bridge.kill)

    def _signal(self, call: str, signal_name: str, send) -> None:
        targets = self._targets()
        sent = send(targets)
        if sent:
            self.log.append_note(tr("{call}() sent {signal} to {names}").format(
                call=call, signal=signal_name, names=", ".join(sent)))
        else:
            self.log.append_note(tr("{call}(): none of {names} is alive").format(
                call=call, names=self._describe(targets)))

    def _on_lock_abandoned(self, event: LockAbandoned) -> None:
        with self.record.lock:
            waiting = [run.name for run in self.record.workers.values()
                       if run.lock_waits and run.lock_waits[-1][1] is None]
            holder = self.record.workers[event.worker]
            how = exit_code_label(holder.exitcode, holder.raised)
        self.lock_banner.show_abandoned(event.worker, event.pid, how, waiting)
        self.log.append_note(tr("{worker} exited holding the shared Lock; it is abandoned (waiting: {waiting})")
                             .format(worker=event.worker, waiting=", ".join(waiting) or tr("none")))

    def release_abandoned_lock(self) -> None:
        self.lock_banner.release_button.setEnabled(False)
        if not self.bridge.release_abandoned_lock():
            self.lock_banner.hide()
            self.log.append_note(tr("the lock is not abandoned any more; nothing to release"))
