"""The window's remembered state, language choice, guide and About box (a mixin of ``MainWindow``)."""
from __future__ import annotations

from PySide6.QtCore import Qt

from .about_dialog import AboutDialog
from .guide_dialog import GuideDialog
from .i18n import tr

#: The window's first size where the screen has room: the table's ten columns and a timeline.
DEFAULT_SIZE = (1500, 880)


class SettingsMixin:
    def _restore_settings(self) -> None:
        """Geometry and splitters as they were when ProcLab last closed; else sized to the screen."""
        geometry = self.settings.geometry()
        if geometry is None or not self.restoreGeometry(geometry):
            self._size_to_screen()
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

    def _size_to_screen(self) -> None:
        """As large as the table's ten columns and a timeline need, within the screen."""
        width, height = DEFAULT_SIZE
        screen = self.screen()
        if screen is not None:
            room = screen.availableGeometry()
            width, height = min(width, max(room.width() - 40, 900)), min(height, max(room.height() - 40, 600))
        self.resize(width, height)
        # The table through its last column where it fits; the timeline takes the rest.
        self.splitter.setSizes([round(width * 0.54), round(width * 0.46)])

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
