"""tools/ensure_cjk_font.sh says what it is about to install before apt-get runs."""
import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "tools" / "ensure_cjk_font.sh"


def fake(bin_dir: Path, name: str, body: str) -> None:
    path = bin_dir / name
    path.write_text("#!/bin/sh\n" + body + "\n")
    path.chmod(0o755)


@pytest.mark.skipif(os.name == "nt", reason="a POSIX shell script")
def test_the_font_script_announces_an_install_before_running_apt_get(tmp_path):
    """Only what is outside the product is faked: fontconfig, id and apt on PATH."""
    calls = tmp_path / "calls.log"
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake(bin_dir, "fc-list", "exit 0")  # no Chinese font known
    fake(bin_dir, "id", "echo 0")  # as root
    fake(bin_dir, "apt-get", f'echo "apt-get $*" >> {calls}')
    fake(bin_dir, "apt-cache", "exit 0")
    env = dict(os.environ, PATH=f"{bin_dir}:/usr/bin:/bin")
    process = subprocess.Popen(["sh", str(SCRIPT)], stdout=subprocess.PIPE, text=True, env=env)
    first = process.stdout.readline()
    rest = process.stdout.read()
    process.wait(timeout=30)
    process.stdout.close()
    assert "installing" in first and "apt-get" in first, first + rest
    assert "apt-get install" in calls.read_text()
    assert process.returncode == 0
