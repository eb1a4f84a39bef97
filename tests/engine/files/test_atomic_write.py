"""Atomic writes never replace what is not a regular file, and write through links. No processes."""
from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from engine.files.atomic_write import NotARegularFileError, check_target, write_bytes_atomically, write_text_atomically
from engine.files.experiment_file import load_experiment, save_experiment
from engine.model.spec import WorkerSpec

posix_only = pytest.mark.skipif(os.name != "posix", reason="FIFOs, device nodes and POSIX symlinks")
#: A character device every POSIX system has; only ever pointed at, never written.
CHAR_DEVICE = Path("/dev/null")


def names_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@posix_only
def test_writing_through_a_symlink_writes_its_target_and_keeps_the_link(tmp_path):
    (tmp_path / "real").mkdir()
    target = tmp_path / "real" / "out.json"
    target.write_text("old")
    link = tmp_path / "link.json"
    link.symlink_to(target)
    write_text_atomically(link, "new")
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_text() == "new"
    assert names_in(tmp_path) == ["link.json", "real"]
    assert names_in(tmp_path / "real") == ["out.json"]  # no temporary left beside the target


@posix_only
def test_a_chain_of_relative_links_is_followed_to_the_end(tmp_path):
    target = tmp_path / "out.txt"
    target.write_text("old")
    (tmp_path / "b").symlink_to("out.txt")
    (tmp_path / "a").symlink_to("b")
    write_bytes_atomically(tmp_path / "a", b"new")
    assert (tmp_path / "a").is_symlink() and (tmp_path / "b").is_symlink()
    assert target.read_bytes() == b"new"


@posix_only
def test_a_dangling_link_creates_its_target(tmp_path):
    link = tmp_path / "link"
    link.symlink_to(tmp_path / "new.txt")
    write_bytes_atomically(link, b"data")
    assert link.is_symlink()
    assert (tmp_path / "new.txt").read_bytes() == b"data"


@posix_only
def test_the_target_keeps_its_mode_through_a_link(tmp_path):
    target = tmp_path / "out"
    target.write_bytes(b"old")
    target.chmod(0o600)
    (tmp_path / "link").symlink_to(target)
    write_bytes_atomically(tmp_path / "link", b"new")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


@posix_only
def test_saving_an_experiment_through_a_link_keeps_the_link(tmp_path):
    target = tmp_path / "experiments" / "e.json"
    target.parent.mkdir()
    save_experiment(target, [WorkerSpec("old", 1)])
    link = tmp_path / "current.json"
    link.symlink_to(target)
    save_experiment(link, [WorkerSpec("new", 2)])
    assert link.is_symlink()
    assert load_experiment(target).workers == [WorkerSpec("new", 2)]


@posix_only
def test_a_fifo_is_refused_and_stays_a_fifo(tmp_path):
    fifo = tmp_path / "events.jsonl"
    os.mkfifo(fifo)
    with pytest.raises(NotARegularFileError) as caught:
        write_text_atomically(fifo, "x")  # never opened: opening a FIFO for writing would block
    assert isinstance(caught.value, OSError)
    assert str(fifo) in str(caught.value) and "is a FIFO" in str(caught.value)
    assert "not a regular file" in caught.value.strerror
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert names_in(tmp_path) == ["events.jsonl"]


@posix_only
def test_a_link_to_a_character_device_is_refused_and_the_device_left_alone(tmp_path):
    device_before = os.stat(CHAR_DEVICE)
    assert stat.S_ISCHR(device_before.st_mode)
    link = tmp_path / "out.png"
    link.symlink_to(CHAR_DEVICE)
    with pytest.raises(NotARegularFileError) as caught:
        write_bytes_atomically(link, b"\x89PNG")
    message = str(caught.value)
    assert str(link) in message and "character device" in message and str(CHAR_DEVICE) in message
    device_after = os.lstat(CHAR_DEVICE)
    assert stat.S_ISCHR(device_after.st_mode) and device_after.st_rdev == device_before.st_rdev
    assert link.is_symlink()
    assert names_in(tmp_path) == ["out.png"]


@posix_only
def test_a_unix_socket_is_refused(tmp_path):
    import socket

    path = tmp_path / "s"
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as server:
        server.bind(str(path))
        with pytest.raises(NotARegularFileError, match="is a socket"):
            write_bytes_atomically(path, b"x")
        assert stat.S_ISSOCK(os.lstat(path).st_mode)


def test_a_folder_is_refused_with_a_message(tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(NotARegularFileError, match="is a folder"):
        write_bytes_atomically(folder, b"x")
    assert folder.is_dir() and names_in(tmp_path) == ["out"]


@posix_only
def test_a_link_loop_is_refused_and_left_alone(tmp_path):
    (tmp_path / "a").symlink_to("b")
    (tmp_path / "b").symlink_to("a")
    with pytest.raises(OSError) as caught:
        write_bytes_atomically(tmp_path / "a", b"x")
    assert caught.value.errno == errno.ELOOP
    assert (tmp_path / "a").is_symlink() and (tmp_path / "b").is_symlink()
    assert names_in(tmp_path) == ["a", "b"]


def test_a_file_name_of_the_longest_allowed_length_is_written(tmp_path):
    """The temporary's name must fit too, however long the file's own name is."""
    limit = os.pathconf(tmp_path, "PC_NAME_MAX") if hasattr(os, "pathconf") else 255
    path = tmp_path / ("e" * (limit - len(".json")) + ".json")
    write_text_atomically(path, "data")
    assert path.read_text() == "data"
    assert names_in(tmp_path) == [path.name]


def test_a_long_name_of_multibyte_characters_is_written(tmp_path):
    path = tmp_path / ("ö" * 120 + ".csv")  # 244 bytes in UTF-8
    write_text_atomically(path, "data")
    assert names_in(tmp_path) == [path.name]


@posix_only
def test_check_target_gives_the_resolved_regular_file_or_a_new_one(tmp_path):
    target = tmp_path / "t"
    target.write_text("x")
    (tmp_path / "link").symlink_to("t")
    assert check_target(tmp_path / "link") == target
    assert check_target(tmp_path / "new") == tmp_path / "new"


def test_chunks_are_written_as_they_come_and_a_failing_maker_changes_nothing(tmp_path):
    from engine.files.atomic_write import write_chunks_atomically

    path = tmp_path / "run.trace.json"
    path.write_bytes(b"old")
    written_before_failure = []

    def chunks():
        yield b"first "
        written_before_failure.extend(p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp"))
        raise RuntimeError("the record could not be encoded")

    with pytest.raises(RuntimeError):
        write_chunks_atomically(path, chunks())
    assert written_before_failure, "the first chunk went to a temporary file beside the target"
    assert path.read_bytes() == b"old" and [p.name for p in tmp_path.iterdir()] == ["run.trace.json"]
    write_chunks_atomically(path, iter([b"a", b"b", b"c"]))
    assert path.read_bytes() == b"abc"
