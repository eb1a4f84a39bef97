"""Fitting the open-file limit to the number of workers.

The engine holds two or three descriptors per live worker (its events
pipe, its sentinel, the pong pipe of a messages worker), and the
forkserver one more each. Many systems start programs with a soft limit
of 1,024, about 300 workers; the hard limit is usually far higher, and a
program may raise its own soft limit up to it.
"""
from __future__ import annotations

#: Descriptors to plan per worker, and for everything else the program opens.
PER_WORKER = 4
RESERVE = 256


def descriptors_needed(workers: int) -> int:
    return RESERVE + PER_WORKER * workers


def fit_descriptor_limit(workers: int) -> str | None:
    """Raise this process's soft ``RLIMIT_NOFILE`` so ``workers`` fit.

    Returns a sentence to show the user when the limit cannot be raised far
    enough (then the workers that do not fit fail to start, each saying
    why); None when they fit.
    """
    try:
        import resource
    except ImportError:  # Windows: no such limit on handles
        return None
    needed = descriptors_needed(workers)
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft == resource.RLIM_INFINITY or soft >= needed:
        return None
    target = needed if hard == resource.RLIM_INFINITY else min(needed, hard)
    try:
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
    except (ValueError, OSError):
        target = soft
    if target >= needed:
        return None
    return (f"{workers} workers need about {needed} open files but the limit is {target} "
            f"(hard limit {hard}); some workers may not start: raise it with ulimit -n")
