"""The file dialogs behind the File menu: where each starts, and the folder it remembers."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from gui.i18n import tr
from gui.settings import Settings


def experiment_filter() -> str:
    return tr("ProcLab experiment (*.json);;All files (*)")


def image_filters() -> dict[str, str]:
    return {tr("PNG image (*.png)"): ".png", tr("SVG image (*.svg)"): ".svg"}


def run_filter() -> str:
    return tr("ProcLab run (*.json *.jsonl);;Perfetto trace (*.json);;Events (*.jsonl);;All files (*)")


class FileDialogs:
    """Open and save dialogs that start in the folder last used for the same purpose.

    ``purpose`` is "experiment", "run" or "export"; with no folder remembered
    yet, a dialog starts beside the experiment's file, else in the current folder.
    """

    def __init__(self, parent: QWidget, settings: Settings):
        self._parent, self._settings = parent, settings
        self.experiment_path: Path | None = None  # kept current by the experiment's files

    def start_dir(self, purpose: str) -> Path:
        folder = self._settings.last_folder(purpose)
        if folder is not None:
            return folder
        return self.experiment_path.parent if self.experiment_path else Path.cwd()

    def open_path(self, purpose: str, title: str, file_filter: str) -> Path | None:
        path, _ = QFileDialog.getOpenFileName(self._parent, title, str(self.start_dir(purpose)), file_filter)
        return self._chosen(purpose, path)

    def save_path(self, purpose: str, title: str, suggested: Path, file_filter: str) -> tuple[Path | None, str]:
        """The path chosen (None if cancelled) and the filter it was chosen with."""
        path, chosen = QFileDialog.getSaveFileName(self._parent, title, str(suggested), file_filter)
        return self._chosen(purpose, path), chosen

    def export_path(self, title: str, default_name: str, file_filter: str, suffix: str,
                    force_suffix: bool = False) -> Path | None:
        """Where to save one export; ``suffix`` added when the name has none (or, forced, another one)."""
        path, _ = QFileDialog.getSaveFileName(self._parent, title, str(self.start_dir("export") / default_name),
                                              file_filter)
        if not path:
            return None
        path = Path(path)
        if not path.suffix or (force_suffix and path.suffix.lower() != suffix):
            path = path.with_suffix(suffix)
        self._settings.set_last_folder("export", path)
        return path

    def _chosen(self, purpose: str, path: str) -> Path | None:
        if not path:
            return None
        self._settings.set_last_folder(purpose, Path(path))
        return Path(path)
