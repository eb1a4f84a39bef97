import warnings

import pytest


@pytest.fixture
def allow_fork_warning(start_method):
    # Python 3.12+ warns when a multi-threaded process forks; plain fork is
    # offered (never the default) and tested, so the warning is expected there.
    with warnings.catch_warnings():
        if start_method == "fork":
            warnings.simplefilter("ignore", DeprecationWarning)
        yield
