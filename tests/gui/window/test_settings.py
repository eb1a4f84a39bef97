"""What Settings reads back: only values it can trust."""

from PySide6.QtCore import QSettings

from gui.settings import MAX_RECENT, Settings
from tests.gui.conftest import make_settings


def test_last_folders_are_kept_per_purpose_and_forgotten_when_gone(tmp_path):
    settings = make_settings(tmp_path / "s.ini")
    experiments, exports = tmp_path / "experiments", tmp_path / "exports"
    experiments.mkdir(), exports.mkdir()
    settings.set_last_folder("experiment", experiments / "lab.json")  # a file: its folder is kept
    settings.set_last_folder("export", exports)
    again = make_settings(tmp_path / "s.ini")
    assert again.last_folder("experiment") == experiments
    assert again.last_folder("export") == exports
    exports.rmdir()
    assert again.last_folder("export") is None
    assert again.last_folder("run") is None


def test_recent_experiments_are_newest_first_unique_and_capped(tmp_path):
    settings = make_settings(tmp_path / "s.ini")
    paths = [tmp_path / f"e{n}.json" for n in range(MAX_RECENT + 3)]
    for path in paths:
        settings.add_recent_experiment(path)
    settings.add_recent_experiment(paths[0])  # opened again: moves to the front, once
    recent = make_settings(tmp_path / "s.ini").recent_experiments()
    assert recent[0] == paths[0].resolve() and len(recent) == MAX_RECENT
    assert len(set(recent)) == len(recent)


def test_foreign_or_damaged_values_are_ignored(tmp_path):
    raw = QSettings(str(tmp_path / "s.ini"), QSettings.IniFormat)
    raw.setValue("window/geometry", "not a geometry")
    raw.setValue("recent/experiments", 42)
    raw.setValue("view/follow", "maybe")
    raw.sync()
    settings = Settings(raw)
    assert settings.geometry() is None
    assert settings.recent_experiments() == []
    assert isinstance(settings.follow(), bool)
    assert settings.language() is None and settings.start_method() is None


def test_a_lone_recent_experiment_reads_back_as_a_list(tmp_path):
    settings = make_settings(tmp_path / "s.ini")
    settings.add_recent_experiment(tmp_path / "only.json")
    assert make_settings(tmp_path / "s.ini").recent_experiments() == [(tmp_path / "only.json").resolve()]
