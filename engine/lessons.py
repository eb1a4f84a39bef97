"""What an experiment shows, in two or three sentences (the window's explanation)."""
from __future__ import annotations

from typing import Sequence

from .spec import WorkerSpec

_KIND_LESSONS = {
    "sleep": "Sleeping workers run side by side: each bar ends after its own interval, so they end "
             "in the order of their intervals, not the order they were started.",
    "cpu": "CPU-bound workers each need a core: as processes they run in parallel on up to cpu_count() "
           "cores, while as threads they would share one GIL (try Compare threads vs processes).",
    "lock": "Lock workers take turns: only one holds the shared multiprocessing.Lock at a time, and the "
            "others wait in lock.acquire() (yellow bands) until the holder (black band) releases it.",
    "messages": "Messages workers send over a multiprocessing.Pipe; each mark is one Connection.send(), "
                "and the ping/pong shows how long a round trip to the window takes.",
    "crash": "Crash workers fail on purpose: each process has its own memory, so the others keep "
             "running and only the crashed row shows its exit code.",
}


#: One clause per kind, for an experiment that mixes three or more kinds.
_KIND_CLAUSES = {
    "sleep": "sleep workers end in the order of their intervals",
    "cpu": "cpu workers each keep a core busy",
    "lock": "lock workers take turns on the one Lock (yellow: waiting, black: holding)",
    "messages": "messages workers leave a mark per Connection.send()",
    "crash": "crash workers fail alone while the others run on",
}


def explain(specs: Sequence[WorkerSpec], start_method: str) -> str:
    if not specs:
        return "Add workers (or pick a preset), then Start: each becomes a multiprocessing.Process."
    kinds = list(dict.fromkeys(spec.kind for spec in specs))
    count = len(specs)
    opening = (f"{count} worker{'s' if count != 1 else ''}, started with the {start_method} start method; "
               "the gap between start() called and the run begun is its cost.")
    lessons = [_KIND_LESSONS[kind] for kind in kinds[:2]]
    if len(kinds) > 2:
        clauses = [_KIND_CLAUSES[kind] for kind in kinds]
        lessons = [f"A mixed experiment: {'; '.join(clauses)}. Hover a row for what happened to it."]
    return " ".join([opening, *lessons])
