"""Real Unix accounts and groups for the hub's users (run as root by an administrator).

Each trainee, trainer and HR person gets an account whose home only they can read
(mode 0700), so a server spawned as that account cannot see anyone else's files.
Unix groups <prefix>trainees, <prefix>trainers and <prefix>hr mirror the hub groups;
the course and the gradebook belong to the trainers' group (see `files`). An account
that exists but is in none of Frontline's groups is never taken over: it might be a
system account that happens to share a trainee id.
"""

from __future__ import annotations

import csv
import grp
import io
import os
import pwd
import secrets
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from frontline.core.atomic import write_bytes_atomic
from frontline.core.errors import FrontlineError
from frontline.hub.accounts import Account
from frontline.hub.roles import KINDS
from frontline.hub.settings import HubSettings


@dataclass
class SyncReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    not_listed: list[str] = field(default_factory=list)  # Frontline accounts no file names


def _run(*command: str, stdin: str | None = None) -> None:
    result = subprocess.run(command, input=stdin, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise FrontlineError(f"{command[0]} failed: {result.stderr.strip() or result.returncode}")


def require_root(what: str) -> None:
    if os.geteuid() != 0:
        raise FrontlineError(f"{what} creates Unix accounts: run it as root (e.g. with sudo)")


def _group_members(name: str) -> set[str]:
    try:
        return set(grp.getgrnam(name).gr_mem)
    except KeyError:
        return set()


def frontline_users(settings: HubSettings) -> set[str]:
    """Accounts in any of this hub's Unix groups."""
    users: set[str] = set()
    for kind in KINDS:
        users |= _group_members(settings.unix_group(kind))
    return users


def ensure_groups(settings: HubSettings) -> None:
    for kind in KINDS:
        name = settings.unix_group(kind)
        try:
            grp.getgrnam(name)
        except KeyError:
            _run("groupadd", "--system", name)


def _exists(name: str) -> bool:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


def _save_passwords(settings: HubSettings, new: dict[str, str]) -> None:
    """Add first passwords to the administrator's file (0600), keeping earlier rows."""
    rows: dict[str, str] = {}
    if settings.passwords.exists():
        for row in csv.reader(settings.passwords.read_text(encoding="utf-8").splitlines()[1:]):
            rows[row[0]] = row[1]
    rows |= new
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["username", "first_password"])
    writer.writerows(sorted(rows.items()))
    write_bytes_atomic(settings.passwords, out.getvalue().encode("utf-8"))  # mkstemp: 0600
    settings.passwords.chmod(0o600)


def sync_accounts(accounts: list[Account], settings: HubSettings) -> SyncReport:
    """Create missing accounts (home 0700, a random first password), put every account
    in the Unix group of its kind, and list Frontline accounts no longer named."""
    require_root("frontline hub users sync")
    ensure_groups(settings)
    ours = frontline_users(settings)
    report = SyncReport()
    passwords: dict[str, str] = {}
    settings.homes.mkdir(parents=True, exist_ok=True)
    for account in accounts:
        group = settings.unix_group(account.kind)
        if _exists(account.name):
            if account.name not in ours:
                raise FrontlineError(
                    f"a Unix account {account.name!r} exists and is not one of Frontline's "
                    f"(in none of its groups {settings.group_prefix}*): rename the trainee or "
                    "remove that account"
                )
            current = {g.gr_name for g in grp.getgrall() if account.name in g.gr_mem}
            wanted = {g for g in current if not g.startswith(settings.group_prefix)} | {group}
            if wanted != current:
                _run("usermod", "-G", ",".join(sorted(wanted)), account.name)
                report.updated.append(account.name)
            else:
                report.unchanged.append(account.name)
        else:
            home = settings.homes / account.name
            _run(
                "useradd", "--create-home", "--home-dir", str(home), "--shell", "/bin/bash",
                "--user-group", "--groups", group, "--comment", account.full_name[:60],
                account.name,
            )  # fmt: skip
            passwords[account.name] = secrets.token_urlsafe(12)
            report.created.append(account.name)
        home = Path(pwd.getpwnam(account.name).pw_dir)
        home.chmod(0o700)  # useradd's default mode may let others read it
    if passwords:
        _run("chpasswd", stdin="".join(f"{n}:{p}\n" for n, p in passwords.items()))
        _save_passwords(settings, passwords)
    named = {a.name for a in accounts}
    report.not_listed = sorted(ours - named)
    return report


def remove_accounts(names: list[str], settings: HubSettings) -> list[str]:
    """Delete Frontline accounts and their homes; refuses any other account."""
    require_root("frontline hub users remove")
    ours = frontline_users(settings)
    strangers = [n for n in names if _exists(n) and n not in ours]
    if strangers:
        raise FrontlineError(f"not Frontline accounts, left alone: {', '.join(strangers)}")
    removed = []
    for name in names:
        if _exists(name):
            _run("userdel", "--remove", name)
            removed.append(name)
    return removed


def remove_groups(settings: HubSettings) -> None:
    """Delete this hub's empty Unix groups (a test's own prefix, or a hub taken down)."""
    require_root("frontline hub users remove")
    for kind in KINDS:
        name = settings.unix_group(kind)
        if _group_members(name):
            raise FrontlineError(f"group {name} still has members")
        try:
            grp.getgrnam(name)
        except KeyError:
            continue
        _run("groupdel", name)
