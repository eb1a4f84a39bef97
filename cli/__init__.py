"""ProcLab's command line: run an experiment with the engine, no window."""
