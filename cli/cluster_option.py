"""``run --cluster``: reach the cluster, then make the run that uses it.

Everything of ``distributed`` is imported here, inside the function, and
only when a cluster was chosen: a local run imports none of it.
"""
from __future__ import annotations

import argparse
import contextlib

from engine.model.cluster_address import parse_cluster

from .console import Console


class ClusterUnavailable(Exception):
    """The cluster cannot be used: not reachable in time, no workers, or distributed not installed."""


def open_cluster_run(where: str, args: argparse.Namespace, experiment, subscriber, console: Console,
                     cleanup: contextlib.ExitStack):
    """A ``ClusterRun`` on ``where``, its connection closed by ``cleanup`` (after the run has stopped)."""
    choice = parse_cluster(where)  # ValueError: the experiment file's value was checked, --cluster's too
    try:
        from engine.cluster.cluster_run import ClusterRun
        from engine.cluster.connection import ClusterConnection, ClusterUnreachable
    except ImportError as error:
        raise ClusterUnavailable(f"running on a cluster needs Dask distributed ({error}); "
                                 "install it with: pip install 'proclab[dask]'") from None
    timeout = getattr(args, "connect_timeout", None) or 10.0
    console.err(f"proclab run: connecting to {choice.describe()} (at most {timeout:g} s)")
    try:
        connection = ClusterConnection.open(choice, timeout)
    except ClusterUnreachable as error:
        raise ClusterUnavailable(str(error)) from None
    cleanup.callback(connection.close)
    console.err(f"proclab run: on {connection.describe()}")
    return ClusterRun(experiment.workers, subscriber, connection,
                      start_method=getattr(args, "start_method", None) or experiment.start_method)
