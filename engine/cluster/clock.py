"""Each Dask worker's clock against the client's, and the error of that estimate.

Events are timed with ``perf_counter_ns`` on the machine they happen on,
which means nothing on another machine. A Dask worker therefore reads its
wall clock and its ``perf_counter_ns`` once, together (an anchor), and sends
every time as the *client's* wall clock: its own wall time at the event
minus its offset against the client. The client turns that back into its
own ``perf_counter_ns`` through its own anchor.

The offset is measured the way Dask measures a worker's ``scheduler_delay``
on each heartbeat (``distributed.worker``): read the remote clock during a
round trip and compare it with the middle of the round trip. The remote
reading fell somewhere inside the round trip, so the estimate is off by at
most half of it; of a few round trips the shortest is kept.
"""
from __future__ import annotations

import time
from dataclasses import dataclass


@dataclass(frozen=True)
class ClockOffset:
    offset_ns: int  #: the remote wall clock minus this one
    error_ns: int  #: at most this far off: half the shortest round trip

    def describe(self) -> str:
        return f"{self.offset_ns / 1e6:+.1f} ms ± {self.error_ns / 1e6:.1f} ms"


def estimate(samples: list[tuple[int, int, int]]) -> ClockOffset:
    """From (sent, remote reading, received) wall-clock ns triples: the shortest round trip's midpoint."""
    if not samples:
        raise ValueError("no clock samples")
    sent, remote, received = min(samples, key=lambda s: s[2] - s[0])
    middle = (sent + received) // 2
    return ClockOffset(remote - middle, (received - sent + 1) // 2)


class Anchor:
    """This machine's ``perf_counter_ns`` and wall clock, read together once."""

    def __init__(self) -> None:
        self.perf_ns = time.perf_counter_ns()
        self.wall_ns = time.time_ns()

    def wall(self, perf_ns: int) -> int:
        return self.wall_ns + (perf_ns - self.perf_ns)

    def perf(self, wall_ns: int) -> int:
        return self.perf_ns + (wall_ns - self.wall_ns)


class RemoteClock:
    """In a Dask worker: its ``perf_counter_ns`` readings as the client's wall clock."""

    def __init__(self, offset_ns: int):
        self._anchor = Anchor()
        self._offset_ns = offset_ns

    def to_client_wall(self, perf_ns: int) -> int:
        return self._anchor.wall(perf_ns) - self._offset_ns
