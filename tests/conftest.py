import multiprocessing
import multiprocessing.resource_tracker  # noqa: F401 - used as multiprocessing.resource_tracker
import warnings

import psutil
import pytest

from engine.model.start_methods import available_start_methods, make_context
from tests.leak_check import leftover_children, open_pipes


@pytest.fixture(scope="session", autouse=True)
def start_method_helpers():
    """Start the forkserver and resource tracker once, before any baseline."""
    if "forkserver" in available_start_methods():
        make_context("forkserver")
        import multiprocessing.forkserver

        multiprocessing.forkserver.ensure_running()
    multiprocessing.resource_tracker.ensure_running()


@pytest.fixture(autouse=True)
def no_leftover_processes_or_pipes(start_method_helpers):
    """Fails a test that leaves a child process or an open pipe behind."""
    pipes_before = open_pipes()
    yield
    leftovers = leftover_children()
    for child in leftovers:
        try:
            child.kill()
        except psutil.NoSuchProcess:
            pass
    psutil.wait_procs(leftovers, timeout=5)
    multiprocessing.active_children()  # reap
    assert not leftovers, f"test left child processes behind: {leftovers}"
    leaked = open_pipes() - pipes_before
    assert not leaked, f"test left pipes open: {sorted(leaked)}"


def pytest_generate_tests(metafunc):
    if "start_method" in metafunc.fixturenames:
        metafunc.parametrize("start_method", available_start_methods())


@pytest.fixture
def allow_fork_warning(start_method):
    # Python 3.12+ warns when a multi-threaded process forks; plain fork is
    # offered (never the default) and tested, so the warning is expected there.
    with warnings.catch_warnings():
        if start_method == "fork":
            warnings.simplefilter("ignore", DeprecationWarning)
        yield
