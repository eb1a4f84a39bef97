"""Byte-compile the project before measuring start costs.

A spawn child imports ``engine.worker.worker_main`` and its modules afresh. An
installed ProcLab (``pip install .``, or the PyInstaller bundle) ships them
compiled; an editable checkout is compiled on first import, unless
``PYTHONDONTWRITEBYTECODE`` is set, and then every spawn child compiles
them from source again (about 4 ms a worker on this machine), which bare
multiprocessing with a stdlib-only target never pays. ``compileall``
writes the cache even with that variable set, and importing uses it.
"""
import compileall
import os

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PACKAGES = ("engine", "bench")


def ensure_bytecode() -> None:
    for package in PACKAGES:
        compileall.compile_dir(os.path.join(ROOT, package), quiet=1)
