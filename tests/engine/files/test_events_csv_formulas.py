"""A CSV cell a spreadsheet would run as a formula is written as text. No processes."""
from __future__ import annotations

import csv
import io

import pytest

from engine import RunRecord
from engine.files.events_csv import events_to_csv
from engine.model.events import OutputLine, WorkerExited, WorkerLaunched

T0 = 9_000_000_000
MS = 1_000_000
#: What OWASP lists as a formula's first character: = + - @ tab and carriage return.
FORMULAS = ["=HYPERLINK(\"http://x\",\"y\")", "+1+1", "-2+3", "@SUM(A1:A2)", "\t=1", "\r=1",
            "=cmd|' /C calc'!A0"]


def rows_of(events) -> list[dict]:
    record = RunRecord(T0)
    record.apply(events)
    return list(csv.DictReader(io.StringIO(events_to_csv(record), newline="")))


@pytest.mark.parametrize("text", FORMULAS)
def test_a_printed_line_that_starts_like_a_formula_gets_a_leading_quote(text):
    (row,) = rows_of([OutputLine("w", 1, T0 + MS, text)])
    assert row["text"] == "'" + text


@pytest.mark.parametrize("name", ["=1+2", "+w", "-w", "@w"])
def test_a_worker_name_that_starts_like_a_formula_gets_a_leading_quote(name):
    rows = rows_of([WorkerLaunched(name, 7, T0 + MS), WorkerExited(name, 7, T0 + 2 * MS, -9)])
    assert [row["worker"] for row in rows] == ["'" + name] * 2


def test_numbers_stay_numbers_and_other_text_is_left_alone():
    rows = rows_of([OutputLine("w", 1, T0 + MS, "a = b + c - d @ e"), OutputLine("w", 1, T0 + MS, "'quoted"),
                    WorkerExited("w", 1, T0 + 2 * MS, -9), WorkerExited("v", 2, T0 + 3 * MS, -15)])
    assert [row["text"] for row in rows[:2]] == ["a = b + c - d @ e", "'quoted"]
    assert [row["exitcode"] for row in rows[2:]] == ["-9", "-15"]
    assert [row["worker"] for row in rows] == ["w", "w", "w", "v"]
    assert all(not row["t"].startswith("'") for row in rows)


def test_a_negative_time_stays_a_number():
    (row,) = rows_of([OutputLine("w", 1, T0 - 5 * MS, "early")])
    assert row["t"] == "-0.005"
