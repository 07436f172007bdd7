"""Kernel socket folders: one per process from the course config, cleaned when grading starts."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from frontline.core.course import Course
from frontline.exams.grading.batch import _remove_stale_socket_folders
from tests.conftest import make_course


def _ended_pid() -> int:
    done = subprocess.Popen([sys.executable, "-c", "pass"])
    done.wait()
    return done.pid


def test_folders_of_ended_processes_go_when_grading_starts_not_at_config_load(
    tmp_path: Path,
) -> None:
    course = make_course(tmp_path)
    own = Path(course.nbgrader_config().KernelManager.ip).parent
    assert own.name == str(os.getpid()) and own.is_dir()
    stale = own.parent / str(_ended_pid())
    alive = own.parent / str(os.getppid())
    for folder in (stale, alive):
        folder.mkdir(mode=0o700, exist_ok=True)
    try:
        Course.from_directory(course.root)  # any tool loading the config
        assert stale.is_dir()
        _remove_stale_socket_folders(course)
        assert not stale.exists()
        assert alive.is_dir() and own.is_dir()
    finally:
        for folder in (stale, alive):
            if folder.is_dir() and not any(folder.iterdir()):
                folder.rmdir()
