"""Who has an account on the hub: trainees from the roster, trainers and HR from a staff list.

Pure: reads the two CSV files HR keeps and returns typed accounts and the hub groups
they form. `unix` turns them into real accounts; `hubconfig` into JupyterHub's users
and groups. A hub user name is the Unix account name, so PAM signs people in and each
server runs as its owner.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from frontline.core.csvfile import read_csv_rows
from frontline.core.errors import InputFileError
from frontline.hr.inputs.roster import load_roster
from frontline.hub.roles import HR, TRAINEES, TRAINERS, team_group

# What useradd accepts without --badname and JupyterHub keeps as typed (it lowercases
# names): lowercase, a letter first, at most 32 characters.
_UNIX_NAME = re.compile(r"^[a-z_][a-z0-9_.-]{0,31}$")
STAFF_ROLES = {"trainer": TRAINERS, "hr": HR}


@dataclass(frozen=True)
class Account:
    name: str  # the Unix and hub user name
    full_name: str
    kind: str  # one of roles.KINDS
    team: str = ""

    @property
    def groups(self) -> tuple[str, ...]:
        """The hub groups of this account (a trainee's team is a group too)."""
        return (self.kind, team_group(self.team)) if self.team else (self.kind,)


def _check_name(path: Path, name: str, line: int | None) -> None:
    if not _UNIX_NAME.match(name):
        raise InputFileError(
            path,
            f"{name!r} cannot be a Unix account name: use lowercase letters, digits, "
            "'_', '.' or '-', a letter first, at most 32 characters",
            line=line,
        )


def load_staff(path: Path) -> list[Account]:
    """The staff list: `username,name,role` with role `trainer` or `hr`."""
    accounts = []
    for row in read_csv_rows(path, what="staff", required=("username", "name", "role")):
        name, role = row.values["username"], row.values["role"].casefold()
        _check_name(path, name, row.line)
        if role not in STAFF_ROLES:
            raise InputFileError(
                path, f"role {row.values['role']!r} must be one of {sorted(STAFF_ROLES)}",
                line=row.line,
            )  # fmt: skip
        accounts.append(Account(name=name, full_name=row.values["name"], kind=STAFF_ROLES[role]))
    return accounts


def load_accounts(roster: Path, staff: Path | None) -> list[Account]:
    """Every account, trainees first; a name used twice is an error naming both files."""
    accounts = []
    for trainee in load_roster(roster):
        _check_name(roster, trainee.trainee_id, None)
        accounts.append(
            Account(trainee.trainee_id, trainee.display_name, TRAINEES, trainee.team)
        )
    seen = {a.name: roster for a in accounts}
    for account in load_staff(staff) if staff is not None and staff.exists() else []:
        if account.name in seen:
            raise InputFileError(
                staff or roster, f"{account.name!r} is already an account in {seen[account.name]}"
            )
        seen[account.name] = staff or roster
        accounts.append(account)
    return accounts


def hub_groups(accounts: list[Account]) -> dict[str, list[str]]:
    """JupyterHub's `load_groups`: the three kinds, always present, and one per team."""
    groups: dict[str, list[str]] = {TRAINEES: [], TRAINERS: [], HR: []}
    for account in accounts:
        for group in account.groups:
            groups.setdefault(group, []).append(account.name)
    return groups
