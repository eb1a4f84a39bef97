"""Built-in experiments."""
from __future__ import annotations

from .spec import WorkerSpec


def seed_example() -> list[WorkerSpec]:
    """The reference example: three sleeping workers of 2, 3 and 4 seconds."""
    return [WorkerSpec("worker1", 2.0), WorkerSpec("worker2", 3.0), WorkerSpec("worker3", 4.0)]


PRESETS = {"seed": seed_example}
