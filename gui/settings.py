"""What ProcLab remembers between launches, in one place (QSettings).

Keys are plain strings under the "ProcLab" organisation; values are read
back with a type and a default, so a damaged or foreign value is ignored
rather than trusted.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

ORGANIZATION = "ProcLab"
APPLICATION = "ProcLab"
#: How many experiments File → Recent experiments lists.
MAX_RECENT = 8
#: How many processes a watched script may start before it is stopped, by default and at most.
DEFAULT_PROCESS_LIMIT = 500
MAX_PROCESS_LIMIT = 5000


class Settings:
    def __init__(self, settings: QSettings | None = None):
        self._settings = settings or QSettings(ORGANIZATION, APPLICATION)

    # -- window ------------------------------------------------------------

    def geometry(self) -> QByteArray | None:
        value = self._settings.value("window/geometry")
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def set_geometry(self, value: QByteArray) -> None:
        self._settings.setValue("window/geometry", value)

    def splitter_state(self, name: str) -> QByteArray | None:
        value = self._settings.value(f"window/splitter/{name}")
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def set_splitter_state(self, name: str, value: QByteArray) -> None:
        self._settings.setValue(f"window/splitter/{name}", value)

    # -- folders and files ---------------------------------------------------

    def last_folder(self, purpose: str) -> Path | None:
        """The folder last used to open or save ``purpose`` ("experiment", "export", "run", "script")."""
        value = self._settings.value(f"folders/{purpose}", "", str)
        return Path(value) if value and Path(value).is_dir() else None

    def set_last_folder(self, purpose: str, path: Path) -> None:
        folder = path if path.is_dir() else path.parent
        self._settings.setValue(f"folders/{purpose}", str(folder))

    def recent_experiments(self) -> list[Path]:
        value = self._settings.value("recent/experiments", [])
        if isinstance(value, str):  # QSettings gives a lone string for a one-item list
            value = [value]
        if not isinstance(value, list):
            return []
        return [Path(item) for item in value if isinstance(item, str) and item][:MAX_RECENT]

    def add_recent_experiment(self, path: Path) -> list[Path]:
        path = Path(path).resolve()
        recent = [path] + [item for item in self.recent_experiments() if item != path]
        self._settings.setValue("recent/experiments", [str(item) for item in recent[:MAX_RECENT]])
        return recent[:MAX_RECENT]

    def remove_recent_experiment(self, path: Path) -> None:
        recent = [item for item in self.recent_experiments() if item != Path(path)]
        self._settings.setValue("recent/experiments", [str(item) for item in recent])

    # -- choices -------------------------------------------------------------

    def start_method(self) -> str | None:
        return self._settings.value("run/start_method", "", str) or None

    def set_start_method(self, method: str) -> None:
        self._settings.setValue("run/start_method", method)

    def language(self) -> str | None:
        """"en", "zh_CN", or None to follow the system."""
        return self._settings.value("view/language", "", str) or None

    def set_language(self, language: str | None) -> None:
        self._settings.setValue("view/language", language or "")

    def follow(self) -> bool:
        return self._settings.value("view/follow", True, bool)

    def set_follow(self, follow: bool) -> None:
        self._settings.setValue("view/follow", follow)

    def show_helpers(self) -> bool:
        """View → Show helper processes (the forkserver, the resource tracker) of a watched script."""
        return self._settings.value("view/show_helpers", True, bool)

    def set_show_helpers(self, show: bool) -> None:
        self._settings.setValue("view/show_helpers", show)

    # -- scripts -----------------------------------------------------------------

    def script_python(self) -> str | None:
        """The interpreter scripts run under; None: the one ProcLab runs on."""
        return self._settings.value("script/python", "", str) or None

    def set_script_python(self, python: str | None) -> None:
        self._settings.setValue("script/python", python or "")

    def script_start_method(self) -> str | None:
        """The start method a script gets when it chooses none; None: the interpreter's own default."""
        return self._settings.value("script/start_method", "", str) or None

    def set_script_start_method(self, method: str | None) -> None:
        self._settings.setValue("script/start_method", method or "")

    def process_limit(self) -> int:
        value = self._settings.value("script/process_limit", DEFAULT_PROCESS_LIMIT, int)
        return value if 1 <= value <= MAX_PROCESS_LIMIT else DEFAULT_PROCESS_LIMIT

    def set_process_limit(self, limit: int) -> None:
        self._settings.setValue("script/process_limit", int(limit))

    # -- where experiments run (Lab > Run on) -----------------------------------

    def run_on(self) -> str:
        """"machine", "local" (a LocalCluster ProcLab starts) or "scheduler" (``scheduler_address()``)."""
        value = self._settings.value("cluster/run_on", "machine", str)
        return value if value in ("machine", "local", "scheduler") else "machine"

    def set_run_on(self, place: str) -> None:
        self._settings.setValue("cluster/run_on", place)

    def scheduler_address(self) -> str:
        """The Dask scheduler address typed last ("" : none yet)."""
        return self._settings.value("cluster/scheduler_address", "", str)

    def set_scheduler_address(self, address: str) -> None:
        self._settings.setValue("cluster/scheduler_address", address)

    def sync(self) -> None:
        self._settings.sync()
