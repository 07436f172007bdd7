"""File modes that keep trainees out of the course, the keys and the gradebook.

Trainees' servers run as their own Unix accounts, so what they can read is what the
file system lets them. The course folder (sources with the answer keys, the
trainer's scenario copies, submissions) and the gradebook folder belong to root and
the trainers' group, with no access for others; the setgid bit keeps files the
trainers create in that group. The exchange is the one shared place, set up as
nbgrader's multi-user demos do (everyone may write) plus the sticky bit, so nobody
deletes or renames what another put there; nbgrader gives its inbound and outbound
folders their own modes when a trainer releases an exam.
"""

from __future__ import annotations

import grp
import os
from pathlib import Path

from frontline.hub.roles import TRAINERS
from frontline.hub.settings import HubSettings

PRIVATE_DIR = 0o2770  # root and trainers; setgid so new files stay in the group
SHARED_EXCHANGE = 0o1777  # anyone may add; only the owner may delete (sticky)
SECRET = 0o600
RECORDS_DIR = 0o2750  # the recorded plays: trainers read them, only the recorder writes


def _share_tree(top: Path, gid: int) -> None:
    """Give `top` and everything in it to the trainers' group, group-writable."""
    for folder, dirs, files in os.walk(top):
        os.chown(folder, 0, gid)
        os.chmod(folder, PRIVATE_DIR)
        for name in files:
            path = Path(folder) / name
            if path.is_symlink():
                continue
            os.chown(path, 0, gid)
            mode = path.stat().st_mode & 0o777
            os.chmod(path, (mode | 0o660) & ~0o007)
        dirs[:] = [d for d in dirs if not (Path(folder) / d).is_symlink()]


def protect_course(settings: HubSettings) -> None:
    """The course and gradebook folders: root and trainers only (needs root)."""
    gid = grp.getgrnam(settings.unix_group(TRAINERS)).gr_gid
    for top in (settings.course_dir, settings.gradebook_dir):
        top.mkdir(parents=True, exist_ok=True)
        _share_tree(top, gid)


def prepare_state(settings: HubSettings) -> None:
    """The hub's own folder: readable config for servers, the shared exchange."""
    settings.state.mkdir(parents=True, exist_ok=True)
    settings.state.chmod(0o755)
    exchange = settings.exchange
    exchange.mkdir(parents=True, exist_ok=True)
    exchange.chmod(SHARED_EXCHANGE)


def protect_records(settings: HubSettings) -> None:
    """The recorded plays' folder: written by the recorder (the hub's user), read by
    trainers' grading; trainees cannot list it (needs root)."""
    gid = grp.getgrnam(settings.unix_group(TRAINERS)).gr_gid
    settings.records.mkdir(parents=True, exist_ok=True)
    os.chown(settings.records, 0, gid)
    os.chmod(settings.records, RECORDS_DIR)
