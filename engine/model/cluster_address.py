"""What ``--cluster`` (and an experiment's ``"cluster"``) may say, checked before anything starts.

- ``local``: a ``distributed.LocalCluster`` on loopback, one Dask worker per CPU;
- ``local:N``: the same with N Dask workers;
- ``tcp://HOST:PORT`` (or ``tls://``): a scheduler the user started
  (``dask scheduler``, then ``dask worker tcp://HOST:PORT`` on each machine).
"""
from __future__ import annotations

import os
from dataclasses import dataclass

LOCAL = "local"
LOCAL_WORKERS_MAX = 256
SCHEMES = ("tcp://", "tls://")
#: How long a run waits to reach its scheduler before it gives up (seconds).
DEFAULT_CONNECT_TIMEOUT = 10.0

USAGE = "local, local:N (N Dask workers on this machine) or tcp://HOST:PORT (a running scheduler)"


@dataclass(frozen=True)
class ClusterChoice:
    """Where a run's workers go: a scheduler's ``address``, or a new local cluster of ``local_workers``."""

    address: str | None = None
    local_workers: int | None = None

    @property
    def local(self) -> bool:
        return self.address is None

    def describe(self) -> str:
        return self.address if self.address is not None else f"{LOCAL}:{self.local_workers}"


def default_local_workers() -> int:
    return max(1, os.cpu_count() or 1)


def parse_cluster(text: object) -> ClusterChoice:
    """A ``ClusterChoice``, or ``ValueError`` saying what was wrong and what is accepted."""
    if not isinstance(text, str) or not text.strip():
        raise ValueError(f"expected {USAGE}, not {text!r}")
    value = text.strip()
    if value == LOCAL:
        return ClusterChoice(local_workers=default_local_workers())
    if value.startswith(LOCAL + ":"):
        count = value[len(LOCAL) + 1:]
        if not count.isdigit() or not 1 <= int(count) <= LOCAL_WORKERS_MAX:
            raise ValueError(f"local:N needs a whole number of Dask workers from 1 to {LOCAL_WORKERS_MAX}, "
                             f"not {count!r}")
        return ClusterChoice(local_workers=int(count))
    scheme = next((s for s in SCHEMES if value.startswith(s)), None)
    if scheme is None:
        raise ValueError(f"expected {USAGE}, not {value!r}")
    host, colon, port = value[len(scheme):].rpartition(":")
    if not colon or not host or not port.isdigit() or not 1 <= int(port) <= 65535:
        raise ValueError(f"a scheduler's address is {scheme}HOST:PORT with a port from 1 to 65535, not {value!r}")
    if any(c.isspace() or c == "/" for c in host):
        raise ValueError(f"{value!r}: the host must not contain spaces or '/'")
    return ClusterChoice(address=value)


def host_and_port(address: str) -> tuple[str, int]:
    """("127.0.0.1", 8786) from "tcp://127.0.0.1:8786" (brackets of an IPv6 host removed)."""
    rest = address.split("://", 1)[-1]
    host, _, port = rest.rpartition(":")
    return host.strip("[]"), int(port)
