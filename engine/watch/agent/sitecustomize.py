"""Loaded by every Python a watched script starts (this folder is on its PYTHONPATH).

With ``PROCLAB_WATCH_SOCKET`` set it installs ProcLab's watch agent, then
takes this folder off ``sys.path`` and runs the ``sitecustomize`` this one
shadows, if there is one, so the script sees the path and the start-up it
would have had. Nothing here may raise into the script.
"""
import os
import sys


def _chain():  # no annotations: a Python 2 child of the script loads this file too
    here = os.path.dirname(os.path.abspath(__file__))
    sys.path[:] = [entry for entry in sys.path if os.path.abspath(entry or ".") != here]
    import importlib.machinery
    import importlib.util

    spec = importlib.machinery.PathFinder.find_spec("sitecustomize", sys.path)
    if spec is None or spec.loader is None:
        return
    module = importlib.util.module_from_spec(spec)
    sys.modules["sitecustomize"] = module
    spec.loader.exec_module(module)


if os.environ.get("PROCLAB_WATCH_SOCKET"):
    try:
        import _proclab_watch_agent

        _proclab_watch_agent.install()
    except Exception:  # the script runs unwatched rather than not at all
        pass
try:
    _chain()
except Exception:
    pass
