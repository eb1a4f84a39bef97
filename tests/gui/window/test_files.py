"""Exports (PNG, SVG, screenshot) and experiment files, from the window."""
import json

import pytest

from engine import WorkerSpec, WorkerState
from gui.theme import STATE_COLOURS
from tests.gui.conftest import wait_for_run_end
from tests.image_checks import pixel_count, png_pixels, svg_shapes

FINISHED = STATE_COLOURS[WorkerState.FINISHED]
KILLED = STATE_COLOURS[WorkerState.KILLED]


@pytest.fixture
def finished_run(window, qtbot):
    window.model.set_specs([WorkerSpec("done", 0.3), WorkerSpec("dead", 60)])
    window.start_run()
    qtbot.waitUntil(lambda: window.record is not None and window.record.workers["dead"].start_s is not None,
                    timeout=20000)
    window.bridge.kill(["dead"])
    wait_for_run_end(qtbot, window)
    return window


def test_export_png_holds_the_bar_colours(finished_run, tmp_path):
    path = tmp_path / "timeline.png"
    assert finished_run.run_files.export_timeline(path)
    pixels = png_pixels(path)
    plot = finished_run.timeline.plot
    assert pixels.shape[1] == round(plot.width() * plot.devicePixelRatioF())
    assert pixel_count(pixels, FINISHED) > 500
    assert pixel_count(pixels, KILLED) > 50
    assert pixel_count(pixels, STATE_COLOURS[WorkerState.FAILED]) < 400  # only its legend swatch


def test_export_svg_is_vector_and_holds_the_bar_colours(finished_run, tmp_path):
    path = tmp_path / "timeline.svg"
    assert finished_run.run_files.export_timeline(path)
    count, fills = svg_shapes(path)
    assert count > 10
    assert FINISHED.lower() in fills and KILLED.lower() in fills
    text = path.read_text()
    assert "<image" not in text  # shapes, not an embedded bitmap
    assert ">done<" in text and ">dead<" in text  # the rows are labelled with worker names


def test_export_refuses_other_formats_and_keeps_nothing(finished_run, tmp_path, dialogs):
    path = tmp_path / "timeline.bmp"
    assert not finished_run.run_files.export_timeline(path)
    assert "choose a .png or .svg" in dialogs.errors[-1]
    assert list(tmp_path.iterdir()) == []


def test_window_screenshot_is_the_whole_window(finished_run, tmp_path):
    path = tmp_path / "window.png"
    assert finished_run.run_files.save_window_screenshot(path)
    pixels = png_pixels(path)
    ratio = finished_run.devicePixelRatioF()
    assert pixels.shape[:2] == (round(finished_run.height() * ratio), round(finished_run.width() * ratio))
    assert pixel_count(pixels, FINISHED) > 500


def test_save_then_open_experiment(window, tmp_path):
    window.load_seed_example()
    path = tmp_path / "seed.json"
    assert window.experiment.save(path)
    assert json.loads(path.read_text()) == {
        "schema_version": 2,
        "start_method": window.bridge.start_method,
        "workers": [{"name": "worker1", "interval": 2.0, "kind": "sleep"},
                    {"name": "worker2", "interval": 3.0, "kind": "sleep"},
                    {"name": "worker3", "interval": 4.0, "kind": "sleep"}],
    }
    assert window.windowTitle().startswith("seed.json —")
    window.model.set_specs([])
    assert window.experiment.open(path)
    assert window.model.names() == ["worker1", "worker2", "worker3"]


def test_the_start_method_is_saved_and_opened_with_the_experiment(window, tmp_path):
    window.load_preset("lock")
    window.set_start_method("spawn")
    assert window.windowTitle().endswith("* — ProcLab")
    path = tmp_path / "lock.json"
    assert window.experiment.save(path)
    window.set_start_method("forkserver")
    window.model.set_specs([])
    assert window.experiment.open(path)
    assert window.bridge.start_method == "spawn"
    assert window.controls.start_method() == "spawn"
    assert [spec.kind for spec in window.model.specs()] == ["lock", "lock", "lock"]


def test_an_experiment_file_of_version_1_opens_as_sleep_workers(window, tmp_path):
    path = tmp_path / "old.json"
    path.write_text('{"schema_version": 1, "workers": [{"name": "old", "interval": 1.5}]}', encoding="utf-8")
    assert window.experiment.open(path)
    assert [(spec.name, spec.kind) for spec in window.model.specs()] == [("old", "sleep")]


def test_a_bad_experiment_file_is_refused_and_the_workers_stay(window, tmp_path, dialogs):
    window.load_seed_example()
    path = tmp_path / "bad.json"
    path.write_text('{"schema_version": 1, "workers": [{"name": "x", "interval": "soon"}]}')
    assert not window.experiment.open(path)
    assert "bad.json" in dialogs.errors[-1] and "workers[0].interval" in dialogs.errors[-1]
    assert window.model.names() == ["worker1", "worker2", "worker3"]


def test_a_failed_save_keeps_the_old_file(window, tmp_path, dialogs):
    window.load_seed_example()
    missing_folder = tmp_path / "no" / "such" / "folder.json"
    assert not window.experiment.save(missing_folder)
    assert "old file" in dialogs.errors[-1]
    assert not missing_folder.exists()
