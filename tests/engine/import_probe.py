"""A worker target in a module that imports nothing but sys: what it reports,
a spawned child imported for its arguments (tests/engine/test_pipe_writer.py)."""
import sys


def report_imports(end):
    end.send(("imported", "multiprocessing.connection" in sys.modules, "tempfile" in sys.modules))
    end.close()
