"""The roster HR keeps: the repository's loads, a broken one names the line to fix."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from frontline.core.course import REPO_ROOT
from frontline.core.errors import InputFileError
from frontline.hr.inputs.roster import Trainee, load_roster

HEADER = "trainee_id,name,name_en,team,role,hire_date\n"
FIRST = "t001,王芳,Wang Fang,前台接待,receptionist,2024-03-04\n"


def _write(tmp_path: Path, text: str, *, bom: bool = False) -> Path:
    path = tmp_path / "roster.csv"
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return path


def _error(path: Path) -> str:
    with pytest.raises(InputFileError) as excinfo:
        load_roster(path)
    return str(excinfo.value)


def test_the_repository_roster_loads() -> None:
    trainees = load_roster(REPO_ROOT / "gradebook" / "roster.csv")
    assert len(trainees) == 24
    assert len({t.trainee_id for t in trainees}) == 24
    assert len({t.team for t in trainees}) == 3
    assert trainees[0] == Trainee(
        trainee_id="t001",
        name="王芳",
        team="前台接待 Front desk",
        name_en="Wang Fang",
        role="receptionist",
        hire_date=date(2024, 3, 4),
    )
    assert trainees[0].display_name == "王芳 (Wang Fang)"
    assert any("\u4e00" <= ch <= "\u9fff" for t in trainees for ch in t.name)


@pytest.mark.parametrize("bom", [False, True])
def test_a_minimal_roster_with_only_required_columns_loads(tmp_path: Path, bom: bool) -> None:
    path = _write(tmp_path, "trainee_id,name,team\nt-1.a_b,李娜,呼叫中心\n", bom=bom)
    [trainee] = load_roster(path)
    assert trainee == Trainee(trainee_id="t-1.a_b", name="李娜", team="呼叫中心")
    assert trainee.display_name == "李娜"


BAD_ID = "must start with a letter or digit and hold only letters, digits, '.', '-' or '_'"


@pytest.mark.parametrize(
    ("rows", "line", "reason"),
    [
        (
            FIRST + "t002,李娜,,前台接待,,\nt001,张伟,,前台接待,,\n",
            4,
            "trainee_id 't001' already used on line 2",
        ),
        (FIRST + "t002,,Li Na,前台接待,,\n", 3, "name is empty"),
        (FIRST + "t002,李娜,Li Na,,,\n", 3, "team is empty"),
        (
            "a+b,李娜,,前台接待,,\n",
            2,
            f"trainee_id 'a+b' {BAD_ID}",
        ),
        (
            "x y,李娜,,前台接待,,\n",
            2,
            f"trainee_id 'x y' {BAD_ID}",
        ),
        (
            "../t1,李娜,,前台接待,,\n",
            2,
            f"trainee_id '../t1' {BAD_ID}",
        ),
        (
            ",李娜,,前台接待,,\n",
            2,
            f"trainee_id '' {BAD_ID}",
        ),
        (
            "..,李娜,,前台接待,,\n",
            2,
            f"trainee_id '..' {BAD_ID}",
        ),
        (
            ".,李娜,,前台接待,,\n",
            2,
            f"trainee_id '.' {BAD_ID}",
        ),
        (
            "-x,李娜,,前台接待,,\n",
            2,
            f"trainee_id '-x' {BAD_ID}",
        ),
        (FIRST + "T001,李娜,,前台接待,,\n", 3, "trainee_id 'T001' already used on line 2"),
        (
            FIRST + "t002,李娜,,前台接待,,2024/03/04\n",
            3,
            "hire_date '2024/03/04' is not a date like 2025-03-31",
        ),
        (
            "t001,王芳,,前台接待,,2024-02-30\n",
            2,
            "hire_date '2024-02-30' is not a date like 2025-03-31",
        ),
        (FIRST + "t002,李娜,,前台接待,,,extra\n", 3, "more fields than the header has"),
        # A blank line still counts when naming the line to fix.
        (FIRST + "\nt002,,,前台接待,,\n", 4, "name is empty"),
    ],
)
def test_a_bad_row_names_file_and_line(tmp_path: Path, rows: str, line: int, reason: str) -> None:
    path = _write(tmp_path, HEADER + rows)
    assert _error(path) == f"{path}, line {line}: {reason}"


@pytest.mark.parametrize(
    ("header", "reason"),
    [
        ("trainee_id,name,role\n", "missing column(s) ['team']"),
        ("id,name,team\n", "missing column(s) ['trainee_id']"),
        ("trainee_id,name,team,email\n", "unknown column(s) ['email']"),
    ],
)
def test_a_bad_header_is_named_on_line_1(tmp_path: Path, header: str, reason: str) -> None:
    path = _write(tmp_path, header + "t001,王芳,前台接待,x\n")
    assert _error(path).startswith(f"{path}, line 1: {reason}")


@pytest.mark.parametrize(
    ("text", "where_and_reason"),
    [
        ("", ", line 1: missing column(s) ['trainee_id', 'name', 'team']"),
        (HEADER, ": the roster lists no trainees"),
        (HEADER + "\n\n", ": the roster lists no trainees"),
    ],
)
def test_an_empty_roster_is_refused(tmp_path: Path, text: str, where_and_reason: str) -> None:
    path = _write(tmp_path, text)
    assert _error(path).startswith(f"{path}{where_and_reason}")


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (None, "roster file not found"),
        ((HEADER + FIRST).encode("gb18030"), "not UTF-8 text"),
    ],
)
def test_an_unreadable_roster_is_named(tmp_path: Path, content: bytes | None, reason: str) -> None:
    path = tmp_path / "roster.csv"
    if content is not None:
        path.write_bytes(content)
    assert _error(path).startswith(f"{path}: {reason}")


def test_rows_of_bare_commas_are_skipped(tmp_path: Path) -> None:
    path = tmp_path / "roster.csv"
    path.write_text("trainee_id,name,team\nt1,王芳,前台\n,,\n,,\n", encoding="utf-8")
    assert [t.trainee_id for t in load_roster(path)] == ["t1"]
