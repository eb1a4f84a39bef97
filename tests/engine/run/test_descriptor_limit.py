"""The open-file limit fits the workers, or the user is told why it cannot."""
import resource

import pytest

from engine.run.descriptor_limit import descriptors_needed, fit_descriptor_limit


@pytest.fixture
def restored_limit():
    limits = resource.getrlimit(resource.RLIMIT_NOFILE)
    yield limits
    resource.setrlimit(resource.RLIMIT_NOFILE, limits)


def test_a_low_soft_limit_is_raised_for_a_thousand_workers(restored_limit):
    soft, hard = restored_limit
    if hard != resource.RLIM_INFINITY and hard < descriptors_needed(1000):
        pytest.skip(f"the hard limit {hard} is below what 1,000 workers need")
    resource.setrlimit(resource.RLIMIT_NOFILE, (256, hard))
    assert fit_descriptor_limit(1000) is None
    assert resource.getrlimit(resource.RLIMIT_NOFILE)[0] >= descriptors_needed(1000)


def test_a_hard_limit_too_low_is_said(restored_limit):
    soft, hard = restored_limit
    # Lowering a hard limit cannot be undone without privileges: do it in a child.
    import subprocess
    import sys

    code = ("import resource; resource.setrlimit(resource.RLIMIT_NOFILE, (64, 300)); "
            "from engine.run.descriptor_limit import fit_descriptor_limit; print(fit_descriptor_limit(1000))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "1000 workers need about" in out and "limit is 300" in out and "ulimit -n" in out


def test_enough_is_left_alone(restored_limit):
    assert fit_descriptor_limit(1) is None
    assert resource.getrlimit(resource.RLIMIT_NOFILE) == restored_limit
