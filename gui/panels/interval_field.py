"""Seconds as typed: a field that keeps every key and lets the engine's rules judge the text.

A spin box quietly replaces what it cannot take (``0`` by the previous
value, ``100000`` by ``10000``, letters by nothing). This field keeps the
text exactly as typed; ``parse_interval`` turns it into seconds or raises
the engine's ``SpecError`` with the reason, so the form can refuse it where
it was typed. Up and Down step by half a second, as the spin box did.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from engine import SpecError
from engine.model.spec import INTERVAL_MAX_SECONDS, validate_interval

STEP_SECONDS = 0.5
#: What a refused field looks like (the form's message says why).
INVALID_STYLE = "QLineEdit { border: 2px solid #B00020; }"


def as_number(value):
    """Text typed for a number of seconds, as a number; other values as they are."""
    if isinstance(value, str):
        text = value.strip().removesuffix("s").strip()
        try:
            return float(text)
        except ValueError:
            raise SpecError("interval", f"must be a number of seconds, not {value!r}") from None
    return value


def parse_interval(value) -> float:
    """Seconds the engine accepts, or ``SpecError`` saying why not."""
    return validate_interval(as_number(value))


def format_seconds(seconds: float) -> str:
    return f"{seconds:g}"


class IntervalField(QLineEdit):
    """``interval()`` gives the seconds or raises ``SpecError``; ``set_invalid`` marks a refusal."""

    def __init__(self, seconds: float = 2.0, parent=None):
        super().__init__(format_seconds(seconds), parent)
        self.setObjectName("workerIntervalEdit")
        self.setPlaceholderText(f"0.001 – {INTERVAL_MAX_SECONDS:g}")
        self.textEdited.connect(lambda _text: self.set_invalid(False))

    def interval(self) -> float:
        return parse_interval(self.text())

    def value(self) -> float | None:
        """The seconds typed, or None while the text is not an interval the engine accepts."""
        try:
            return self.interval()
        except SpecError:
            return None

    def setValue(self, seconds: float) -> None:
        self.setText(format_seconds(seconds))
        self.set_invalid(False)

    def set_invalid(self, invalid: bool) -> None:
        self.setStyleSheet(INVALID_STYLE if invalid else "")
        self.setProperty("invalid", invalid)

    def keyPressEvent(self, event) -> None:
        step = {Qt.Key_Up: STEP_SECONDS, Qt.Key_Down: -STEP_SECONDS}.get(event.key())
        current = self.value()
        if step is None or current is None:
            super().keyPressEvent(event)
            return
        stepped = round(current + step, 6)
        if 0 < stepped <= INTERVAL_MAX_SECONDS:
            self.setValue(stepped)
