"""The "Show code" script: generated, then run for real with this Python."""
import ast
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from engine.lab.presets import PRESETS, seed_example
from engine.lab.script_export import generate_script
from engine.model.spec import WorkerSpec

SCRIPT_TIMEOUT_SECONDS = 30
ODD_NAME = 'it\'s "ü"'

#: Every kind and every crash mode, with short intervals, and a sleep worker
#: (with quotes and a non-ASCII letter in its name) that outlives the crashes.
MIXED = [
    WorkerSpec(ODD_NAME, 0.8),
    WorkerSpec("back\\slash {name}", 0.2, "cpu"),
    WorkerSpec("locker1", 0.2, "lock"),
    WorkerSpec("locker2", 0.15, "lock"),
    WorkerSpec("locker3", 0.1, "lock"),
    WorkerSpec("talker", 0.3, "messages", messages=7),
    WorkerSpec("whisper", 0.2, "messages", messages=3),
    WorkerSpec("raises", 0.1, "crash", crash="exception"),
    WorkerSpec("exits4", 0.15, "crash", crash="sys.exit", exit_status=4),
    WorkerSpec("os_exit7", 0.2, "crash", crash="os._exit", exit_status=7),
    WorkerSpec("killed", 0.25, "crash", crash="sigkill"),
    WorkerSpec("segv", 0.3, "crash", crash="segfault"),
]
MIXED_EXIT_CODES = {
    ODD_NAME: 0, "back\\slash {name}": 0, "locker1": 0, "locker2": 0, "locker3": 0,
    "talker": 0, "whisper": 0, "raises": 1, "exits4": 4, "os_exit7": 7, "killed": -9, "segv": -11,
}


def run_script(source: str, tmp_path) -> subprocess.CompletedProcess:
    path = tmp_path / "experiment.py"
    path.write_text(source, encoding="utf-8")
    # UTF-8 output whatever this machine's locale, for the non-ASCII name;
    # unbuffered output (as IDEs run scripts), where a plain print() would
    # write the text and the newline separately and let lines mix.
    env = dict(os.environ, PYTHONUTF8="1", PYTHONUNBUFFERED="1")
    env.pop("PYTHONWARNINGS", None)
    return subprocess.run(
        [sys.executable, str(path)], cwd=tmp_path, env=env, capture_output=True,
        text=True, encoding="utf-8", timeout=SCRIPT_TIMEOUT_SECONDS,
    )


def exit_codes(lines: list[str]) -> dict[str, int]:
    after = lines[lines.index("exit codes:") + 1:]
    codes = {}
    for line in after:
        name, code = line.strip().rsplit(": ", 1)
        codes[name] = int(code)
    return codes


def imported_modules(source: str) -> set[str]:
    modules = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            modules.add("." * node.level + (node.module or ""))
    return modules


def process_names(source: str) -> list[str]:
    """The ``name=`` of every ``Process(...)`` call, evaluated as literals."""
    names = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "Process":
            names += [ast.literal_eval(k.value) for k in node.keywords if k.arg == "name"]
    return names


def test_seed_script_runs_like_the_tutorial(tmp_path):
    source = generate_script(seed_example())
    result = run_script(source, tmp_path)

    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    for name in ("worker1", "worker2", "worker3"):
        assert lines.count(f"work {name} start") == 1
        assert lines.count(f"work {name} end") == 1
    ends = [line for line in lines if line.endswith(" end")]
    assert ends == ["work worker1 end", "work worker2 end", "work worker3 end"]
    assert lines.count(f"The number of CPU is: {os.cpu_count()}") == 1
    children = [line for line in lines if line.startswith("child   p.name: ")]
    assert sorted(line.split("\t")[0] for line in children) == [
        f"child   p.name: {name}" for name in ("worker1", "worker2", "worker3")]
    assert all(re.fullmatch(r"child   p\.name: \S+\tp\.pid: \d+", line) for line in children)
    assert exit_codes(lines) == {"worker1": 0, "worker2": 0, "worker3": 0}
    # The children are listed right after the starts, 2 s before the first end.
    assert lines.index(children[-1]) < lines.index("work worker1 end") < lines.index("exit codes:")


def test_every_kind_and_crash_mode(tmp_path, start_method):
    source = generate_script(MIXED, start_method)
    assert f'multiprocessing.get_context("{start_method}")' in source
    result = run_script(source, tmp_path)

    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert exit_codes(lines) == MIXED_EXIT_CODES
    assert lines.count(f"The number of CPU is: {os.cpu_count()}") == 1
    for line in (line for line in lines if line.startswith("child   p.name: ")):
        name, pid = re.fullmatch(r"child   p\.name: (.+)\tp\.pid: (\d+)", line).groups()
        assert name in MIXED_EXIT_CODES
    for spec in MIXED:
        assert lines.count(f"work {spec.name} start") == 1
        if spec.kind == "crash":
            assert lines.count(f"work {spec.name} crashes: {spec.crash}") == 1
            assert f"work {spec.name} end" not in lines
        else:
            assert lines.count(f"work {spec.name} end") == 1
    assert "RuntimeError: raises crashed on purpose after 0.1 s" in result.stderr

    lockers = [spec.name for spec in MIXED if spec.kind == "lock"]
    lock_lines = [line for line in lines if line.endswith(("holds the lock", "released the lock"))]
    assert len(lock_lines) == 2 * len(lockers)
    holders = []
    for holds, released in zip(lock_lines[::2], lock_lines[1::2]):
        holder = holds.removesuffix(" holds the lock")
        assert released == f"{holder} released the lock"
        assert lines.index(f"{holder} waits for the lock") < lines.index(holds)
        holders.append(holder)
    assert sorted(holders) == lockers

    for spec in (spec for spec in MIXED if spec.kind == "messages"):
        got = [line for line in lines
               if line.startswith("parent got: ") and line.endswith(f" from {spec.name}")]
        assert got == [f"parent got: message {i}/{spec.messages} from {spec.name}"
                       for i in range(1, spec.messages + 1)]


def test_an_empty_experiment_gives_a_script_that_runs(tmp_path):
    result = run_script(generate_script([]), tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [f"The number of CPU is: {os.cpu_count()}", "exit codes:"]


@pytest.mark.parametrize("method", [None, "spawn", "forkserver", "fork"])
@pytest.mark.parametrize("preset", sorted(PRESETS))
def test_scripts_compile_and_import_only_the_standard_library(preset, method):
    # Not the start_method fixture: these scripts are only read, never run.
    for specs in (PRESETS[preset](), MIXED):
        source = generate_script(specs, method)
        compile(source, "experiment.py", "exec")
        modules = imported_modules(source)
        assert modules, source
        assert {module.split(".")[0] for module in modules} <= sys.stdlib_module_names
        assert not re.search(r"print\([^)]*\)\.format", source)
        assert ".format(" not in source


def test_a_seed_script_holds_only_what_it_uses():
    source = generate_script(seed_example())
    assert imported_modules(source) == {"multiprocessing", "time"}
    functions = [node.name for node in ast.parse(source).body if isinstance(node, ast.FunctionDef)]
    assert functions == ["say", "worker"]
    assert "get_context" not in source
    assert 'multiprocessing.Process(target=worker, args=(2.0,), name="worker1")' in source
    assert "connection" not in source and "Lock" not in source and "Pipe" not in source


def test_a_crash_worker_has_only_its_own_ways_of_failing():
    source = generate_script([WorkerSpec("killed", 1.0, "crash", crash="sigkill")])
    assert imported_modules(source) == {"multiprocessing", "os", "signal", "time"}
    assert "RuntimeError" not in source and "ctypes" not in source and "sys.exit(status)" not in source
    assert '"sigkill"' in source


def test_names_and_values_enter_the_source_only_as_literals():
    names = [ODD_NAME, "back\\slash {name}", "'''", '"""', "x'); import os; ('", "naïve ünïcödé 名前"]
    specs = [WorkerSpec(name, 0.1 * (index + 1)) for index, name in enumerate(names)]
    source = generate_script(specs)
    assert process_names(source) == names
    assert imported_modules(source) == {"multiprocessing", "time"}


def test_the_same_input_gives_the_same_script():
    assert generate_script(MIXED, "spawn") == generate_script(list(MIXED), "spawn")
    assert generate_script(seed_example()) == generate_script(seed_example())


def test_an_unknown_start_method_is_refused():
    with pytest.raises(ValueError, match="unknown start method"):
        generate_script(seed_example(), "threads")


def test_the_generator_is_qt_free():
    code = ("import sys, engine.lab.script_export; "
            "assert not [m for m in sys.modules if m.startswith(('PySide6', 'pyqtgraph', 'numpy'))]")
    project = Path(__file__).resolve().parents[3]
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=SCRIPT_TIMEOUT_SECONDS, cwd=project)
    assert result.returncode == 0, result.stderr
