"""Workers outlive the forkserver that started them, with their own exit codes."""
from __future__ import annotations

import multiprocessing.forkserver
import os
import re
import signal
import sys

import pytest

from engine import Session, WorkerExited, WorkerSpec
from engine.model.start_methods import available_start_methods
from engine.run.forkserver_loss import current_server
from tests.engine.recorder import Recorder

pytestmark = pytest.mark.skipif(
    "forkserver" not in available_start_methods() or not sys.platform.startswith("linux"),
    reason="forkserver and child subreapers are Linux features here",
)


@pytest.fixture
def server_restarted_after():
    yield
    # The next test (and this one's leak check) gets a live server; this also reaps the dead one.
    multiprocessing.forkserver.ensure_running()


def test_killing_the_forkserver_mid_run_fails_no_running_worker(server_restarted_after):
    recorder = Recorder()
    specs = [WorkerSpec("w1", 1.0), WorkerSpec("w2", 1.5), WorkerSpec("victim", 60),
             WorkerSpec("boom", 1.0, kind="crash", crash="sys.exit", exit_status=3)]
    with Session(specs, recorder, start_method="forkserver") as session:
        session.start()
        recorder.wait_for(lambda events: sum(e.kind == "start" for e in events) == len(specs))
        os.kill(current_server()[0], signal.SIGKILL)
        # No worker ends with the server: none is reported gone while it still runs.
        assert not recorder.happens_within(lambda events: any(e.kind == "exit" for e in events), 0.5)
        statuses = {status.name: status for status in session.statuses()}
        assert all(status.alive for status in statuses.values()), statuses
        assert session.terminate(["victim"]) == ["victim"]
        assert session.join(timeout=30) == []
    exits = {e.worker: e.exitcode for e in recorder.events if isinstance(e, WorkerExited)}
    assert exits == {"w1": 0, "w2": 0, "victim": -signal.SIGTERM, "boom": 3}


def test_a_worker_that_cannot_start_says_why_and_the_others_run(tmp_path):
    """Out of descriptors: the workers that started finish, the rest say "could not start"."""
    import subprocess

    script = (
        "import resource, sys\n"
        "resource.setrlimit(resource.RLIMIT_NOFILE, (40, 40))\n"
        "from main import main\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    specs = ",".join(f'{{"name": "w{i}", "interval": 0.5}}' for i in range(16))
    experiment = tmp_path / "many.json"
    experiment.write_text(f'{{"schema_version": 2, "workers": [{specs}]}}')
    for method in available_start_methods():
        result = subprocess.run(
            [sys.executable, "-c", script, "run", str(experiment), "--start-method", method, "--timeout", "30"],
            capture_output=True, text=True, timeout=120, cwd=os.getcwd(),
        )
        rows = [line.split() for line in result.stdout.splitlines() if re.match(r"w\d+ ", line)]
        ok = [row[0] for row in rows if row[-2:] == ["0", "(ok)"]]
        refused = [row[0] for row in rows if "could not start:" in " ".join(row)]
        assert ok and refused, f"{method}: {result.stdout}\n{result.stderr}"
        others = [" ".join(row) for row in rows if row[0] not in ok + refused]
        assert not others, f"{method}: neither ran nor was refused: {others}\n{result.stderr}"
        assert "(exit status 255)" not in result.stdout, f"{method}: {result.stdout}"  # not a pid that holds 255
        assert result.returncode == 1
