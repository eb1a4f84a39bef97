"""``run --csv`` with real workers whose names a spreadsheet would run as formulas."""
from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_formula_like_names_are_quoted_and_exit_codes_stay_numbers(tmp_path):
    config = tmp_path / "formulas.json"
    config.write_text(json.dumps({"schema_version": 2, "workers": [
        {"name": "=1+2", "interval": 0.05, "kind": "sleep"},
        {"name": "-killed", "interval": 0.05, "kind": "crash", "crash": "sigkill"},
    ]}))
    table = tmp_path / "events.csv"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run([sys.executable, str(ROOT / "main.py"), "run", str(config), "--csv", str(table)],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1, result.stderr  # the killed worker fails the run
    with open(table, encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert {row["worker"] for row in rows} == {"'=1+2", "'-killed"}
    exits = {row["worker"]: row["exitcode"] for row in rows if row["kind"] == "exit"}
    assert exits == {"'=1+2": "0", "'-killed": "-9"}
    printed = [row["text"] for row in rows if row["kind"] == "output" and row["worker"] == "'=1+2"]
    assert printed == ["work =1+2 start", "work =1+2 end"]  # starts with "work": left as it is
