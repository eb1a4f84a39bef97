"""The lesson scripts (resources/lessons/) run as plain programs, with real
processes, under every start method the platform has, and print what their
docstrings promise; the English and Chinese copies hold the same code.

The start method is set from outside (a small ``-c`` wrapper calls
``set_start_method`` and runs the script as ``__main__``), so the scripts
stay as a learner sees them. Every run starts at once in a thread pool in
one module fixture; the tests then read its results.
"""
from __future__ import annotations

import ast
import io
import multiprocessing
import os
import re
import signal
import subprocess
import sys
import time
import tokenize
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

LESSONS_DIR = Path(__file__).resolve().parents[2] / "resources" / "lessons"
LANGUAGES = ("en", "zh_CN")
LESSONS = sorted(path.name for path in (LESSONS_DIR / "en").glob("*.py"))
METHODS = multiprocessing.get_all_start_methods()
#: A run that takes longer is stuck: its whole process group is killed.
RUN_TIMEOUT = 60
WRAPPER = ("import multiprocessing, runpy, sys\n"
           "multiprocessing.set_start_method(sys.argv[1])\n"
           "runpy.run_path(sys.argv[2], run_name='__main__')\n")
#: Letters of the CJK Unified Ideographs block: what Chinese prose is made of.
HAN = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True)
class Run:
    returncode: int
    stdout: str
    stderr: str
    seconds: float

    @property
    def lines(self) -> list[str]:
        return self.stdout.splitlines()


def _run(command: list[str], cwd: Path) -> Run:
    env = {key: value for key, value in os.environ.items() if key != "PYTHONUNBUFFERED"}
    started = time.monotonic()
    # A session of its own: on a timeout the lesson and all its children go.
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, encoding="utf-8", start_new_session=True)
    try:
        stdout, stderr = process.communicate(timeout=RUN_TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        stdout, stderr = process.communicate()
        stderr += f"\n[test] killed after {RUN_TIMEOUT} s"
    return Run(process.returncode, stdout, stderr, time.monotonic() - started)


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> dict[tuple[str, str, str], Run]:
    """(language, lesson, start method or "plain") -> its run. English under
    every start method; Chinese (the same code) once, as ``python SCRIPT``."""
    cwd = tmp_path_factory.mktemp("lessons")
    commands = {}
    for lesson in LESSONS:
        path = str(LESSONS_DIR / "en" / lesson)
        for method in METHODS:
            commands["en", lesson, method] = [sys.executable, "-c", WRAPPER, method, path]
        commands["zh_CN", lesson, "plain"] = [sys.executable, str(LESSONS_DIR / "zh_CN" / lesson)]
    with ThreadPoolExecutor(max_workers=12) as pool:
        futures = {key: pool.submit(_run, command, cwd) for key, command in commands.items()}
        return {key: future.result() for key, future in futures.items()}


def _ok(run: Run) -> Run:
    assert run.returncode == 0, run.stdout + run.stderr
    assert "end main" in run.lines, run.stdout
    return run


@pytest.fixture(params=METHODS)
def method(request) -> str:
    return request.param


def lesson_run(runs, lesson: str, method: str) -> Run:
    return _ok(runs["en", lesson, method])


# --- every lesson ------------------------------------------------------------

@pytest.mark.parametrize("lesson", LESSONS)
def test_lesson_exits_0_under_every_start_method(runs, lesson, method):
    run = lesson_run(runs, lesson, method)
    if lesson not in ("10_crashing_child.py", "11_python2_print_format.py"):
        assert "Traceback" not in run.stderr, run.stderr


@pytest.mark.parametrize("lesson", LESSONS)
def test_the_chinese_lesson_runs_as_a_plain_program(runs, lesson):
    chinese = _ok(runs["zh_CN", lesson, "plain"])
    assert len(chinese.lines) == len(_ok(runs["en", lesson, METHODS[0]]).lines)


# --- what each lesson prints -------------------------------------------------

def test_cpu_count_and_active_children(runs, method):
    run = lesson_run(runs, "01_cpu_count.py", method)
    assert f"The number of CPU is: {os.cpu_count()}" in run.lines
    alive = sorted(line.split()[1] for line in run.lines if line.startswith("alive: "))
    assert alive == ["worker1", "worker2", "worker3"]
    assert "active children after join: []" in run.lines


def test_end_main_prints_before_the_5_second_worker_ends(runs, method):
    run = lesson_run(runs, "02_is_alive_join_timeout.py", method)
    lines = [line.split(":")[0] for line in run.lines]
    assert lines.index("after join(timeout=1), p.is_alive") < lines.index("end main") < lines.index("work end")
    assert "after join(timeout=1), p.is_alive: True" in run.lines
    assert run.seconds >= 4.5  # the main process still waits for its child before it exits


def test_three_workers_end_in_interval_order(runs, method):
    run = lesson_run(runs, "03_three_workers.py", method)
    ends = [line for line in run.lines if line.endswith(" end")]
    assert ends == ["work worker1 end", "work worker2 end", "work worker3 end"]
    starts = {line for line in run.lines if line.endswith(" start")}
    assert starts == {"work worker1 start", "work worker2 start", "work worker3 start"}
    assert run.seconds < 9  # side by side, not one after the other


def test_process_subclass_runs_in_the_child(runs, method):
    run = lesson_run(runs, "04_process_subclass.py", method)
    ticks = [line for line in run.lines if line.startswith("ClockProcess-")]
    assert [line.rsplit(" ", 1)[-1] for line in ticks] == ["1)", "2)", "3)"]
    assert "exit code: 0" in run.lines


def test_pipes_both_ways_and_one_way(runs, method):
    run = lesson_run(runs, "05_pipes.py", method)
    assert run.lines == ["child got: ping", "parent got: pong (ping)", "parent received: [0, 1, 2, 3, 4]",
                         "end main"]


def test_the_lock_keeps_each_workers_lines_together(runs, method):
    run = lesson_run(runs, "06_lock_shared_file.py", method)
    written = run.lines[:-1]
    assert len(written) == 9
    blocks = [written[i:i + 3] for i in range(0, 9, 3)]
    for block in blocks:
        name = block[0].split()[0]
        assert block == [f"{name} line {n}" for n in (1, 2, 3)], written
    assert sorted(block[0].split()[0] for block in blocks) == ["worker1", "worker2", "worker3"]


def _shared_counts(run: Run, label: str) -> tuple[int, list[int], int]:
    counter = re.search(rf"^{label}: counter = (\d+) \(expected (\d+), lost (-?\d+)\)$", run.stdout, re.M)
    array = re.search(rf"^{label}: array = \[([\d, ]+)\] \(expected (\d+) each\)$", run.stdout, re.M)
    assert counter and array, run.stdout
    value, expected, lost = map(int, counter.groups())
    assert int(array.group(2)) == expected and value + lost == expected
    return value, [int(n) for n in array.group(1).split(",")], expected


def test_shared_value_and_array_lose_updates_only_without_the_lock(runs, method):
    run = lesson_run(runs, "07_shared_value_array.py", method)
    value, numbers, expected = _shared_counts(run, "without lock")
    assert expected == 4 * 10000
    # A race: how many are lost depends on timing, and may be none.
    assert value <= expected and len(numbers) == 3 and all(n <= expected for n in numbers)
    value, numbers, expected = _shared_counts(run, "with lock")
    assert value == expected and numbers == [expected] * 3


def test_queue_carries_every_item_in_order(runs, method):
    run = lesson_run(runs, "08_queue.py", method)
    items = [f"item {n}" for n in range(1, 6)]
    assert [line.removeprefix("produced ") for line in run.lines if line.startswith("produced ")] == items
    assert [line.removeprefix("consumed ") for line in run.lines if line.startswith("consumed ")] == items


def test_pool_map_and_process_pool_executor(runs, method):
    run = lesson_run(runs, "09_pool_map.py", method)
    assert run.lines == ["Pool.map: [0, 1, 4, 9, 16, 25]", "ProcessPoolExecutor.map: [0, 1, 4, 9, 16, 25]",
                         "end main"]


def test_a_crashing_child_leaves_the_others_running(runs, method):
    run = lesson_run(runs, "10_crashing_child.py", method)
    for name, code in (("worker1", 0), ("crasher", 1), ("quitter", 3), ("worker2", 0)):
        assert f"{name} exit code: {code}" in run.lines
    assert run.lines.index("worker2 end") < run.lines.index("worker2 exit code: 0")
    assert "RuntimeError: this child crashes on purpose" in run.stderr


def test_the_python2_print_line_fails_and_the_fix_works(runs, method):
    run = lesson_run(runs, "11_python2_print_format.py", method)
    assert run.lines[:2] == ["The time is {0}", "broken exit code: 1"]
    assert run.lines[2].startswith("The time is ") and "{0}" not in run.lines[2]
    assert run.lines[3:] == ["fixed exit code: 0", "end main"]
    assert "AttributeError: 'NoneType' object has no attribute 'format'" in run.stderr


# --- the two languages -------------------------------------------------------

def _code(path: Path) -> str:
    """The program without its docstrings (comments are not in the tree)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) \
                    and isinstance(first.value.value, str):
                node.body = node.body[1:]
    return ast.dump(tree)


def _prose(path: Path) -> tuple[str, list[str]]:
    """The module docstring and every comment."""
    text = path.read_text(encoding="utf-8")
    comments = [token.string for token in tokenize.generate_tokens(io.StringIO(text).readline)
                if token.type == tokenize.COMMENT]
    return ast.get_docstring(ast.parse(text)) or "", comments


def test_both_languages_have_the_same_lessons():
    assert len(LESSONS) == 11
    for language in LANGUAGES:
        assert sorted(path.name for path in (LESSONS_DIR / language).glob("*.py")) == LESSONS
    readme = (LESSONS_DIR / "README.md").read_text(encoding="utf-8")
    assert all(f"`{lesson}`" in readme for lesson in LESSONS)


@pytest.mark.parametrize("lesson", LESSONS)
def test_the_chinese_lesson_has_the_same_code_and_chinese_comments(lesson):
    english, chinese = LESSONS_DIR / "en" / lesson, LESSONS_DIR / "zh_CN" / lesson
    assert _code(english) == _code(chinese)
    docstring, comments = _prose(english)
    assert not HAN.search(docstring) and not any(HAN.search(comment) for comment in comments)
    docstring, comments = _prose(chinese)
    assert len(HAN.findall(docstring)) > 40
    assert comments and all(HAN.search(comment) for comment in comments), comments
