"""Colours and labels shared by the window, the timeline and its exports."""
from __future__ import annotations

from engine.exit_codes import WorkerState

#: Bar colour per state (colour-blind-safe Okabe-Ito hues).
STATE_COLOURS = {
    WorkerState.STARTING: "#999999",
    WorkerState.RUNNING: "#0072B2",
    WorkerState.FINISHED: "#009E73",
    WorkerState.FAILED: "#E69F00",
    WorkerState.TERMINATED: "#CC79A7",
    WorkerState.KILLED: "#D55E00",
}

#: The legend's order.
LEGEND_STATES = (
    WorkerState.RUNNING,
    WorkerState.FINISHED,
    WorkerState.FAILED,
    WorkerState.TERMINATED,
    WorkerState.KILLED,
)

BACKGROUND = "#FFFFFF"
FOREGROUND = "#202020"
