"""The window fixtures, shared with tests/gui: a window with a private settings
file (isolated_settings is autouse, so no test here touches the user's own)
and the dialogs it would show, answered by the test."""
from tests.gui.conftest import dialogs, isolated_settings, window  # noqa: F401  (fixtures)
