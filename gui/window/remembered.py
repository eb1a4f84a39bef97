"""The window's remembered state, language choice, guide and About box (a mixin of ``MainWindow``)."""
from __future__ import annotations

from PySide6.QtCore import QRect, Qt

from gui.dialogs.about_dialog import AboutDialog
from gui.dialogs.guide_dialog import GuideDialog
from gui.i18n import tr

#: The window's first size where the screen has room: the table's ten columns and a timeline.
DEFAULT_SIZE = (1500, 880)
#: The smallest first size, and what is left free around the window on a smaller screen.
MINIMUM_SIZE = (900, 600)
SCREEN_MARGIN = 40
#: The timeline keeps at least this width when the table would take everything.
TIMELINE_MIN_WIDTH = 420
#: The left panel's own margins around the table.
PANEL_MARGINS = 24


class SettingsMixin:
    def _restore_settings(self) -> None:
        """Geometry and splitters as they were when ProcLab last closed; else sized to the screen."""
        geometry = self.settings.geometry()
        if geometry is None or not self.restoreGeometry(geometry):
            self.fit_to_screen()
        for name, splitter in self._splitters().items():
            state = self.settings.splitter_state(name)
            if state is not None:
                splitter.restoreState(state)
        self.timeline.follow_check.setChecked(self.settings.follow())

    def _save_settings(self) -> None:
        self.settings.set_geometry(self.saveGeometry())
        for name, splitter in self._splitters().items():
            self.settings.set_splitter_state(name, splitter.saveState())
        self.settings.sync()

    def _splitters(self) -> dict:
        return {"main": self.splitter, "right": self.right_splitter}

    def fit_to_screen(self, room: QRect | None = None) -> None:
        """As large as the table's columns and a timeline need, within ``room`` (the screen's free area).

        The table gets the width of all its columns, so none hides behind a
        scrollbar; the timeline takes the rest. The log gets about a third
        of the height, a dozen lines and more on a 1366x768 screen.
        """
        width, height = DEFAULT_SIZE
        if room is None and self.screen() is not None:
            room = self.screen().availableGeometry()
        if room is not None:
            width = min(width, max(room.width() - SCREEN_MARGIN, MINIMUM_SIZE[0]))
            height = min(height, max(room.height() - SCREEN_MARGIN, MINIMUM_SIZE[1]))
        self.resize(width, height)
        left = min(self.workers.table_width_needed() + PANEL_MARGINS, width - TIMELINE_MIN_WIDTH)
        self.splitter.setSizes([left, width - left])
        self.right_splitter.setSizes([round(height * 0.62), round(height * 0.38)])

    def set_language(self, language: str | None) -> None:
        """Remembered for the next launch: Qt builds every text when a widget is made."""
        self.settings.set_language(language)
        self.statusBar().showMessage(
            tr("The language changes the next time ProcLab starts."), 10000)

    def show_guide(self) -> GuideDialog:
        dialog = GuideDialog(self)
        dialog.setAttribute(Qt.WA_DeleteOnClose)
        dialog.seedRequested.connect(self.load_seed_example)
        dialog.show()
        return dialog

    def show_about(self) -> AboutDialog:
        dialog = AboutDialog(self)
        dialog.setAttribute(Qt.WA_DeleteOnClose)
        dialog.show()
        return dialog
