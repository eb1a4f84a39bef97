"""What an experiment shows, in two or three sentences (the window's explanation).

Every piece is a fixed English literal marked ``N_(...)`` (``engine.model.wording``)
with ``{placeholders}`` for the values; ``explain(..., translate=...)`` runs
each piece through ``translate`` before filling it in, so the window can pass
its ``tr`` while the engine stays Qt-free.
"""
from __future__ import annotations

from typing import Sequence

from engine.model.spec import WorkerSpec
from engine.model.wording import N_, Translate, english

_KIND_LESSONS = {
    "sleep": N_("Sleeping workers run side by side: each bar ends after its own interval, so they end "
                "in the order of their intervals, not the order they were started."),
    "cpu": N_("CPU-bound workers each need a core: as processes they run in parallel on up to cpu_count() "
              "cores, while as threads they would share one GIL (try Compare threads vs processes)."),
    "lock": N_("Lock workers take turns: only one holds the shared multiprocessing.Lock at a time, and the "
               "others wait in lock.acquire() (yellow bands) until the holder (black band) releases it."),
    "messages": N_("Messages workers send over a multiprocessing.Pipe; each mark is one Connection.send(), "
                   "and the ping/pong shows how long a round trip to the window takes."),
    "crash": N_("Crash workers fail on purpose: each process has its own memory, so the others keep "
                "running and only the crashed row shows its exit code."),
    "stubborn": N_("Stubborn workers ignore SIGTERM: terminate() asks a process to end, and this one says no; "
                   "kill() sends SIGKILL, which no process can refuse. Closing ProcLab terminates, waits, "
                   "then kills."),
}


#: One clause per kind, for an experiment that mixes three or more kinds.
_KIND_CLAUSES = {
    "stubborn": N_("stubborn workers ignore terminate() and need kill()"),
    "sleep": N_("sleep workers end in the order of their intervals"),
    "cpu": N_("cpu workers each keep a core busy"),
    "lock": N_("lock workers take turns on the one Lock (yellow: waiting, black: holding)"),
    "messages": N_("messages workers leave a mark per Connection.send()"),
    "crash": N_("crash workers fail alone while the others run on"),
}

_EMPTY = N_("Add workers (or pick a preset), then Start: each becomes a multiprocessing.Process.")
# True before Start and after it: the explanation is not redrawn per run.
_OPENING_ONE = N_("{count} worker; Start makes it a Process with the {start_method} start method, "
                  "and the gap between start() called and the run begun is its cost.")
_OPENING = N_("{count} workers; Start makes each a Process with the {start_method} start method, "
              "and the gap between start() called and the run begun is its cost.")
#: Where runs go to a Dask cluster: what Start does there, said after the opening.
_ON_A_CLUSTER = N_("On the cluster, each worker is placed on a Dask worker in turn and started there as a "
                   "Process of its own by ProcLab's engine; its times are corrected by that machine's clock "
                   "offset, and the shared Lock is a distributed.Lock.")
_MIXED = N_("A mixed experiment: {clauses}. Hover a row for what happened to it.")
#: Between two clauses of a mixed experiment, and between two sentences.
_CLAUSE_SEPARATOR = N_("; ")
_NEXT_SENTENCE = N_("{text} {sentence}")


def explain(specs: Sequence[WorkerSpec], start_method: str, translate: Translate = english,
            on_cluster: bool = False) -> str:
    """The explanation in English, or through ``translate`` (the window's ``tr``);
    ``on_cluster``: runs go to a Dask cluster (Lab → Run on)."""
    if not specs:
        return translate(_EMPTY)
    kinds = list(dict.fromkeys(spec.kind for spec in specs))
    count = len(specs)
    opening = translate(_OPENING_ONE if count == 1 else _OPENING).format(count=count, start_method=start_method)
    lessons = [translate(_KIND_LESSONS[kind]) for kind in kinds[:2]]
    if len(kinds) > 2:
        clauses = translate(_CLAUSE_SEPARATOR).join(translate(_KIND_CLAUSES[kind]) for kind in kinds)
        lessons = [translate(_MIXED).format(clauses=clauses)]
    if on_cluster:
        lessons = [translate(_ON_A_CLUSTER), *lessons[:1]]
    text = opening
    for sentence in lessons:
        text = translate(_NEXT_SENTENCE).format(text=text, sentence=sentence)
    return text
