"""Colours and labels shared by the window, the timeline and its exports."""
from __future__ import annotations

from engine.model.exit_codes import WorkerState, describe_exitcode, describe_state
from gui.i18n import tr

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


def state_label(state: WorkerState) -> str:
    """``state`` in the window's language (the engine's words, through ``tr``)."""
    return describe_state(state, translate=tr)


def exit_code_label(exitcode: int | None, raised: bool | None = None) -> str:
    """``exitcode`` in the window's language (the engine's words, through ``tr``)."""
    return describe_exitcode(exitcode, raised, translate=tr)


BACKGROUND = "#FFFFFF"
FOREGROUND = "#202020"

#: Lock bands drawn over a worker's bar. Neither is a state colour: holding is
#: Okabe-Ito black (solid, the thicker band), waiting the palette's yellow (a
#: thinner, light band with a dark outline, so it reads in greyscale too).
LOCK_HOLD_COLOUR = "#000000"
LOCK_WAIT_COLOUR = "#F0E442"
LOCK_WAIT_EDGE = "#5A5200"

#: Marks on a row: shapes tell them apart, so the fills can stay plain.
MARK_FILL = "#FFFFFF"
MARK_EDGE = "#000000"
#: Messages over the Pipe: Okabe-Ito sky blue, unused by the states.
MESSAGE_COLOUR = "#56B4E9"
#: The start method's cost (start() called -> run begun): as a starting worker.
START_COST_COLOUR = STATE_COLOURS[WorkerState.STARTING]

#: A watched script's helper processes (forkserver, resource tracker) are drawn
#: in their state's colour at this alpha (of 255): there, but not the script's own.
DIMMED_ALPHA = 70
#: A Pool task: a white band with a dark edge inside its worker's bar, so
#: tasks one after another stay apart; one that raised is the failed colour.
TASK_COLOUR = "#FFFFFF"
TASK_EDGE = "#000000"
TASK_FAILED_COLOUR = STATE_COLOURS[WorkerState.FAILED]
#: Pipe messages (a line from each send to its receive) share the messages' sky blue.
PIPE_COLOUR = MESSAGE_COLOUR
#: Queue put and get: Okabe-Ito reddish purple, told apart by their arrows.
QUEUE_COLOUR = "#CC79A7"
#: terminate() and kill() calls: the colours of the states they lead to.
TERMINATE_COLOUR = STATE_COLOURS[WorkerState.TERMINATED]
KILL_COLOUR = STATE_COLOURS[WorkerState.KILLED]

#: Per-worker counter curves (CPU %, memory) cycle through these: Okabe-Ito
#: without its yellow (too light on white) and grey (the starting colour),
#: then darker variants, so 12 workers get 12 different lines.
COUNTER_PALETTE = (
    "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000",
    "#003F63", "#8A3F00", "#00573F", "#8C4770", "#8A6000",
)
