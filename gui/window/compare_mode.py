"""Compare threads vs processes, as the window shows it (a mixin of ``MainWindow``)."""
from __future__ import annotations

from gui.i18n import tr


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
        self._run_on_view = False  # the comparison takes the timeline
        self.past_run_label.hide()
        self.progress.show_record(None)  # it counts a run's workers; a comparison runs them twice
        running = (tr("compare: running 1 worker as a thread, then as a process ({method})") if len(specs) == 1
                   else tr("compare: running {count} workers as threads, then as processes ({method})"))
        self.log.append_note(running.format(count=len(specs), method=self.bridge.start_method))
        self.statusBar().showMessage(tr("Comparing threads and processes…"))
        self._update_controls()

    def _on_compare_phase(self, phase: str) -> None:
        shown = {"threads": tr("threads"), "processes": tr("processes")}.get(phase, phase)
        self.statusBar().showMessage(tr("Comparing: running as {phase}…").format(phase=shown))

    def _on_compare_finished(self, result) -> None:
        self.compare_result = result
        record = result.merged_record()
        self.timeline.show_run(record, record.last_time_s())
        figures = result.figures(translate=tr)
        self.timeline.set_caption(figures)
        lines = [figures, *result.lessons(translate=tr)]
        self.compare_label.setText("<br>".join(lines))
        self.compare_label.show()
        for line in lines:
            self.log.append_note(tr("compare: {line}").format(line=line))
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
