"""Help → Getting started: the seed example step by step, and where the README says more."""
from __future__ import annotations

from html import escape

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPushButton, QTextBrowser, QVBoxLayout

from gui.i18n import N_, tr

#: The README's sections, as headed there (kept in English: that is how the file names them), and what each holds.
README_SECTIONS = (
    ("Two commands", N_("'make run' opens the window, 'make test' runs the tests")),
    ("Using the window", N_("every control, worker kind and colour")),
    ("The lab, as it looks", N_("a picture of each lesson: Lock, messages, crashes, compare, CPU and memory")),
    ("The command line", N_("the same experiments without the window")),
    ("Keeping and sharing runs", N_("traces for Perfetto, CSV, and runs read back")),
    ("Languages and settings", N_("English and Simplified Chinese, and what ProcLab remembers")),
    ("Launching by double-click", N_("a menu entry, a launcher or a bundle")),
    ("Experiment files", N_("the JSON an experiment is saved as")),
    ("How it is built", N_("the engine, the window and the tests")),
)


def guide_html() -> str:
    """The guide in the window's language (each piece a literal for the translation files)."""
    steps = [
        tr("Pick Presets → Seed example (Ctrl+1). The table now holds worker1, worker2 and worker3: "
           "sleep workers of 2, 3 and 4 seconds."),
        tr("Press Start (Ctrl+R). Each worker becomes a process of its own: the table shows its pid, "
           "Alive says yes, and its bar grows on the timeline (blue: running)."),
        tr("Watch the log below the timeline: each worker prints 'work NAME start', sleeps its interval, "
           "then prints 'work NAME end'."),
        tr("The bars end in the order of the intervals, worker1 after 2 s, worker2 after 3 s, worker3 after "
           "4 s, and turn green: finished, exit code 0."),
        tr("Then change something: add a worker with the form (name, kind, interval, Add), use Join, "
           "Terminate or Kill during a run, or pick another start method and watch the Start cost column."),
    ]
    sections = [tr("README section {section}: {what}").format(section=repr(name), what=tr(what))
                for name, what in README_SECTIONS]
    title = tr("Getting started: the seed example")
    intro = tr("ProcLab starts real multiprocessing.Process workers and shows what each one does. Five steps:")
    more = tr("The README, beside the program, says more in these sections:")
    return (f"<h3>{escape(title)}</h3><p>{escape(intro)}</p>"
            f"<ol>{''.join(f'<li>{escape(step)}</li>' for step in steps)}</ol>"
            f"<p>{escape(more)}</p><ul>{''.join(f'<li>{escape(line)}</li>' for line in sections)}</ul>")


class GuideDialog(QDialog):
    """The guide, with a button that loads the seed example it walks through."""

    seedRequested = Signal()

    def __init__(self, parent=None):
        super().__init__(parent, objectName="gettingStartedDialog")
        self.setWindowTitle(tr("Getting started"))
        self.text = QTextBrowser(objectName="gettingStartedText")
        self.text.setHtml(guide_html())
        self.text.setToolTip(tr("The seed example, step by step, and the README's sections"))
        self.seed_button = QPushButton(tr("Load the seed example"), objectName="guideSeedButton")
        self.seed_button.setToolTip(tr("Presets → Seed example: worker1, worker2 and worker3 (Ctrl+1)"))
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.addButton(self.seed_button, QDialogButtonBox.ActionRole)
        close = buttons.button(QDialogButtonBox.Close)
        close.setObjectName("guideCloseButton")
        close.setToolTip(tr("Close this window (Esc)"))
        buttons.rejected.connect(self.reject)
        self.seed_button.clicked.connect(self.seedRequested)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)
        self.resize(560, 520)
