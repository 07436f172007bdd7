"""Accounts and groups from the roster and the staff list (no system change)."""

from __future__ import annotations

from pathlib import Path

import pytest

from frontline.core.errors import InputFileError
from frontline.hub.accounts import hub_groups, load_accounts, load_staff
from frontline.hub.roles import team_group


def _files(tmp_path: Path, roster: str, staff: str) -> tuple[Path, Path]:
    (tmp_path / "roster.csv").write_text(roster, encoding="utf-8")
    (tmp_path / "staff.csv").write_text(staff, encoding="utf-8")
    return tmp_path / "roster.csv", tmp_path / "staff.csv"


ROSTER = (
    "trainee_id,name,name_en,team\nt001,王芳,Wang Fang,前台接待 Front desk\nt002,周杰,,呼叫中心\n"
)
STAFF = "username,name,role\ntrainer1,Li,trainer\nhr1,Wang,HR\n"


def test_accounts_and_their_groups(tmp_path: Path) -> None:
    accounts = load_accounts(*_files(tmp_path, ROSTER, STAFF))
    assert [(a.name, a.kind) for a in accounts] == [
        ("t001", "trainees"), ("t002", "trainees"), ("trainer1", "trainers"), ("hr1", "hr"),
    ]  # fmt: skip
    groups = hub_groups(accounts)
    assert groups["trainees"] == ["t001", "t002"]
    assert groups["trainers"] == ["trainer1"] and groups["hr"] == ["hr1"]
    assert groups["team-front-desk"] == ["t001"]
    # a team without ASCII letters still gets a group of its own, stable across runs
    chinese_only = team_group("呼叫中心")
    assert groups[chinese_only] == ["t002"] and chinese_only == team_group("呼叫中心")
    assert chinese_only != team_group("前台")


def test_the_sample_files_make_valid_accounts() -> None:
    from frontline.core.course import DEFAULT_ROSTER

    accounts = load_accounts(DEFAULT_ROSTER, DEFAULT_ROSTER.parent / "staff.csv")
    kinds = {a.kind for a in accounts}
    assert kinds == {"trainees", "trainers", "hr"}


@pytest.mark.parametrize(
    ("roster", "staff", "message"),
    [
        (ROSTER.replace("t002", "T002"), STAFF, "'T002' cannot be a Unix account name"),
        (ROSTER, STAFF.replace("trainer1", "t001"), "'t001' is already an account"),
        (ROSTER, STAFF.replace(",HR", ",boss"), "line 3: role 'boss' must be one of"),
        (ROSTER, STAFF.replace("hr1", "-x"), "line 3: '-x' cannot be a Unix account name"),
    ],
)
def test_bad_names_and_roles_name_the_file(
    tmp_path: Path, roster: str, staff: str, message: str
) -> None:
    with pytest.raises(InputFileError, match=message):
        load_accounts(*_files(tmp_path, roster, staff))


def test_staff_file_needs_its_columns(tmp_path: Path) -> None:
    (tmp_path / "staff.csv").write_text("user,role\nx,trainer\n", encoding="utf-8")
    with pytest.raises(InputFileError, match="missing column"):
        load_staff(tmp_path / "staff.csv")
