"""Choosing the multiprocessing start method, always through a context."""
from __future__ import annotations

import multiprocessing

WORKER_MODULE = "engine.worker.worker_main"
#: Loaded once into the forkserver, so its forks do not each import them:
#: the worker module, and what every child imports to re-run the main
#: module as ``__mp_main__`` (runpy pulls in pkgutil, and that typing),
#: and what unpickling a worker's arguments imports: its pipe end
#: (``engine.worker.pipe_writer``, handed over as ``popen_forkserver._DupFd``) and,
#: for lock workers, ``synchronize`` (2 ms a worker when each fork imports
#: them itself). Halves the CPU a forked worker spends before its first line.
FORKSERVER_PRELOAD = [WORKER_MODULE, "engine.worker.pipe_writer", "runpy", "pkgutil",
                      "multiprocessing.popen_forkserver", "multiprocessing.synchronize",
                      "engine.worker.forkserver_process"]

#: Safe once the parent runs Qt (threads), fastest first. Plain fork is not:
#: forking a process with threads can deadlock the child.
SAFE_METHODS = ("forkserver", "spawn")
#: Every start method multiprocessing knows; which ones a platform has varies.
ALL_METHODS = ("spawn", "forkserver", "fork")


def available_start_methods() -> list[str]:
    return multiprocessing.get_all_start_methods()


def default_start_method() -> str:
    available = available_start_methods()
    return next(method for method in SAFE_METHODS if method in available)


def process_class(context):
    """The ``Process`` class to start workers with in ``context``.

    Under forkserver, one whose ``poll()`` does not build a selector per
    call (``engine/worker/forkserver_process.py``); elsewhere ``context.Process``.
    """
    if context.get_start_method() == "forkserver":
        from engine.worker.forkserver_process import WatchedForkServerProcess

        return WatchedForkServerProcess
    return context.Process


def make_context(method: str | None = None):
    """A multiprocessing context for ``method`` (default: the safe fastest).

    Under forkserver the worker module (and what re-running the main module
    needs) is preloaded into the server, so each fork already has it.
    """
    method = method or default_start_method()
    if method not in available_start_methods():
        raise ValueError(
            f"start method {method!r} is not available here; choose one of "
            + ", ".join(available_start_methods())
        )
    context = multiprocessing.get_context(method)
    if method == "forkserver":
        context.set_forkserver_preload(FORKSERVER_PRELOAD)
    return context
