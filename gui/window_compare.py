"""Compare threads vs processes, as the window shows it (a mixin of ``MainWindow``)."""
from __future__ import annotations

from .i18n import tr


class CompareMixin:
    def compare_threads_and_processes(self) -> None:
        """Run the experiment as threads, then as processes, and show both."""
        specs = self.model.specs()
        if not specs or self.is_running() or not self._start_method_confirmed():
            return
        try:
            self.compare.start(specs, self.bridge.start_method)
        except ValueError as error:
            self.show_error(tr("Cannot compare"), str(error))
            return
        self._clear_compare()
        self._clear_replay()
        self.log.append_note(tr("compare: running {count} workers as threads, then as processes ({method})").format(
            count=len(specs), method=self.bridge.start_method))
        self.statusBar().showMessage(tr("Comparing threads and processes…"))
        self._update_controls()

    def _on_compare_phase(self, phase: str) -> None:
        self.statusBar().showMessage(tr("Comparing: running as {phase}…").format(phase=phase))

    def _on_compare_finished(self, result) -> None:
        self.compare_result = result
        record = result.merged_record()
        self.timeline.follow_check.setChecked(True)
        self.timeline.show_run(record, record.last_time_s())
        self.timeline.set_caption(
            f"threads: {result.threads_wall_s:.2f} s · processes: {result.processes_wall_s:.2f} s · "
            f"speedup {result.speedup:.2f}× · cpu_count() = {result.cpu_count}"
        )
        self.compare_label.setText(result.summary().replace("\n", "<br>"))
        self.compare_label.show()
        for line in result.summary().splitlines():
            self.log.append_note(f"compare: {line}")
        self.statusBar().showMessage(tr("Comparison done; Export timeline also saves its figures"), 8000)
        self._update_controls()

    def _on_compare_failed(self, message: str) -> None:
        if message:
            self.show_error(tr("Compare failed"), message)
        else:
            self.log.append_note(tr("compare: cancelled; its processes were stopped"))
        self._update_controls()

    def _clear_compare(self) -> None:
        self.compare_result = None
        self.compare_label.hide()
        self.timeline.set_caption(None)
