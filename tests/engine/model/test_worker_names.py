"""Two workers' names differ in more than case or Unicode form. No processes."""
from __future__ import annotations

import json
import unicodedata

import pytest

from engine.files.experiment_file import ExperimentFileError, load_experiment, parse_experiment, require_workers
from engine.model.spec import SpecError, WorkerSpec, name_key, same_name, validate_specs

COMPOSED = unicodedata.normalize("NFC", "café")
DECOMPOSED = unicodedata.normalize("NFD", "café")
#: Pairs that look like one name: composed/decomposed (NFC), full width and
#: ligatures (NFKC), case, and case that only folding finds (ß, the Kelvin sign).
SAME = [
    (COMPOSED, DECOMPOSED),
    ("worker", "ｗｏｒｋｅｒ"),
    ("file", "ﬁle"),
    ("Worker", "worker"),
    ("STRASSE", "straße"),
    ("K", "\u212a"),  # KELVIN SIGN
]


@pytest.mark.parametrize("first, second", SAME)
def test_names_that_differ_only_by_case_or_unicode_form_are_duplicates(first, second):
    assert first != second and name_key(first) == name_key(second)
    with pytest.raises(SpecError) as caught:
        validate_specs([WorkerSpec(first, 1), WorkerSpec("other", 1), WorkerSpec(second, 2)])
    assert caught.value.field == "workers[2].name"
    message = str(caught.value)
    assert repr(first) in message and repr(second) in message and "workers[0]" in message
    assert "case or Unicode form" in message


def test_an_exact_duplicate_is_named_with_where_it_was_first():
    with pytest.raises(SpecError, match=r"duplicate worker name 'a' \(also workers\[0\]\)"):
        validate_specs([WorkerSpec("a", 1), WorkerSpec("a", 2)])


def test_different_names_and_their_order_are_kept():
    specs = [WorkerSpec("b", 1), WorkerSpec("b2", 2), WorkerSpec("a", 3), WorkerSpec("café", 4),
             WorkerSpec("cafe", 5)]
    assert validate_specs(iter(specs)) == specs


def test_same_name_finds_the_name_already_there():
    assert same_name("WORKER1", ["worker2", "worker1"]) == "worker1"
    assert same_name(DECOMPOSED, [COMPOSED]) == COMPOSED
    assert same_name("worker3", ["worker1", "worker2"]) is None


@pytest.mark.parametrize("first, second", SAME)
def test_an_experiment_file_with_such_names_is_refused_naming_both(tmp_path, first, second):
    path = tmp_path / "e.json"
    path.write_text(json.dumps({"schema_version": 2, "workers": [
        {"name": first, "interval": 1}, {"name": second, "interval": 2}]}, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(ExperimentFileError) as caught:
        load_experiment(path)
    assert caught.value.field == "workers[1].name"
    assert str(path) in str(caught.value)
    assert repr(first) in caught.value.message and repr(second) in caught.value.message


def test_an_empty_worker_list_loads_but_cannot_run(tmp_path):
    path = tmp_path / "empty.json"
    path.write_text('{"schema_version": 2, "workers": []}')
    experiment = load_experiment(path)  # the window opens it to add workers
    assert experiment.workers == []
    with pytest.raises(ExperimentFileError) as caught:
        require_workers(experiment, path)
    assert caught.value.field == "workers" and str(caught.value).startswith(f"{path}: workers: is empty")
    full = parse_experiment('{"schema_version": 1, "workers": [{"name": "w", "interval": 1}]}')
    assert require_workers(full, path) is full
