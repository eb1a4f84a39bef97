"""The window's remembered size, splitters, Follow and language, and its first size on a new screen."""
from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtWidgets import QMainWindow, QSplitter

from gui.i18n import tr
from gui.panels.status_line import StatusLine
from gui.panels.workers_panel import WorkersPanel
from gui.settings import Settings
from gui.timeline.widget import TimelineWidget

#: The window's first size where the screen has room: the table's ten columns and a timeline.
DEFAULT_SIZE = (1500, 880)
#: The smallest first size, and what is left free around the window on a smaller screen.
MINIMUM_SIZE = (900, 600)
SCREEN_MARGIN = 40
#: The timeline keeps at least this width when the table would take everything.
TIMELINE_MIN_WIDTH = 420
#: The left panel's own margins around the table.
PANEL_MARGINS = 24


class WindowMemory:
    """Restores and saves the window's size, splitters and Follow; sizes a first window to the screen.

    The language chosen is remembered too, for the next launch.
    """

    def __init__(self, window: QMainWindow, settings: Settings, splitters: dict[str, QSplitter],
                 workers: WorkersPanel, timeline: TimelineWidget, status: StatusLine):
        self._window, self._settings, self._splitters = window, settings, splitters
        self._workers, self._timeline, self._status = workers, timeline, status

    def restore(self) -> None:
        """Geometry and splitters as they were when ProcLab last closed; else sized to the screen."""
        geometry = self._settings.geometry()
        if geometry is None or not self._window.restoreGeometry(geometry):
            self.fit_to_screen()
        for name, splitter in self._splitters.items():
            state = self._settings.splitter_state(name)
            if state is not None:
                splitter.restoreState(state)
        self._timeline.set_following(self._settings.follow())
        self._timeline.followChosen.connect(self._settings.set_follow)  # the user's own choice only

    def set_language(self, language: str | None) -> None:
        """Remembered for the next launch: Qt builds every text when a widget is made."""
        self._settings.set_language(language)
        self._status.message(tr("The language changes the next time ProcLab starts."), 10000)

    def save(self) -> None:
        self._settings.set_geometry(self._window.saveGeometry())
        for name, splitter in self._splitters.items():
            self._settings.set_splitter_state(name, splitter.saveState())
        self._settings.sync()

    def fit_table(self) -> None:
        """The table's columns changed (a cluster's Host column): widen its side if they no longer fit,
        as far as the timeline can give."""
        sizes = self._splitters["main"].sizes()
        total = sum(sizes)
        left = min(self._workers.table_width_needed() + PANEL_MARGINS, total - TIMELINE_MIN_WIDTH)
        if total and left > sizes[0]:
            self._splitters["main"].setSizes([left, total - left])

    def fit_to_screen(self, room: QRect | None = None) -> None:
        """As large as the table's columns and a timeline need, within ``room`` (the screen's free area).

        The table gets the width of all its columns, so none hides behind a
        scrollbar; the timeline takes the rest. The log gets about a third
        of the height, a dozen lines and more on a 1366x768 screen.
        """
        width, height = DEFAULT_SIZE
        if room is None and self._window.screen() is not None:
            room = self._window.screen().availableGeometry()
        if room is not None:
            width = min(width, max(room.width() - SCREEN_MARGIN, MINIMUM_SIZE[0]))
            height = min(height, max(room.height() - SCREEN_MARGIN, MINIMUM_SIZE[1]))
        self._window.resize(width, height)
        left = min(self._workers.table_width_needed() + PANEL_MARGINS, width - TIMELINE_MIN_WIDTH)
        self._splitters["main"].setSizes([left, width - left])
        self._splitters["right"].setSizes([round(height * 0.62), round(height * 0.38)])
