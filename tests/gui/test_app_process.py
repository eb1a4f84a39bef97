"""Process-wide settings the window runs with (gui.app)."""
import gc

from gui.app import freeze_startup_objects


def test_objects_alive_at_startup_are_left_out_of_collections():
    gc.unfreeze()
    survivor = ["built at startup"]
    assert any(obj is survivor for obj in gc.get_objects())
    try:
        freeze_startup_objects()
        assert gc.get_freeze_count() > 0
        # A full collection now walks only what was made after the freeze.
        assert not any(obj is survivor for obj in gc.get_objects())
        tracked_later = [[]]
        assert any(obj is tracked_later[0] for obj in gc.get_objects())
    finally:
        gc.unfreeze()
