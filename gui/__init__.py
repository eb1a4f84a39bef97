"""ProcLab's window. It shows and controls; the engine owns the processes.

Data flows one way::

    WorkerForm -> WorkerTableModel (specs) -> EngineBridge -> engine.Session
    ScriptPane (a script) -> ScriptFiles -> EngineBridge.start_watch -> engine.watch.WatchedRun
    engine events -> EngineBridge.eventsArrived -> RunRecord -> table, timeline, log
"""
