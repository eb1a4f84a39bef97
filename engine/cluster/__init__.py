"""Running an experiment's workers on a Dask cluster (``--cluster``, Lab > Run on).

``distributed`` is an optional dependency, imported only by the modules
that talk to a cluster (``connection``, ``remote_host``, ``lock_relay``,
``cluster_run``) and only once a cluster is chosen: importing this package
imports nothing of it, and neither does a local run or its workers.

The pieces, client side first:

- ``engine.model.cluster_address``: what ``--cluster`` and an experiment's ``"cluster"`` may say.
- ``connection``: reach a scheduler (or start a ``LocalCluster``) within a timeout.
- ``clock``: each Dask worker's clock against this one, and its error.
- ``cluster_run``: ``ClusterRun``, the Run contract over a cluster.

and inside each Dask worker:

- ``remote_host``: the task that runs ProcLab's own ``Session`` there, and
  the calls that signal its workers and answer their pings.
- ``lock_relay``: the shared lock held across machines (``distributed.Lock``).
- ``event_codec``: events as plain lists, the way they travel (``log_event``).
"""
