"""Watching any Python script: one row per process it creates, live.

``WatchedRun`` (watched_run.py) starts the script through the guard
(guard.py) with the agent (agent/) loaded in every Python it starts; the
agent's JSON records (protocol.py), read by ``ReportCollector``
(report_collector.py), become the engine's events in ``ProcessTable``
(process_table.py). ``interpreter.py`` finds and checks
the Python that runs the script.
"""
