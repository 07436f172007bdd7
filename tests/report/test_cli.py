"""`frontline report` end to end on nbgrader's own quickstart course (none of our exams).

The course is made by `nbgrader quickstart`, the assignment generated and autograded
by nbgrader's own commands with real kernels, once per module.
"""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest

from frontline.cli import main
from frontline.core.course import DEFAULT_POLICY
from frontline.report.anonymize import KEY_FILE
from tests.nbgrader_cli import run_nbgrader

pytestmark = pytest.mark.nbgrader

STUDENTS = {"bitdiddle": ("Ben", "Bitdiddle"), "hacker": ("Alyssa", "Hacker")}



@pytest.fixture(scope="module")
def quickstart(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("quickstart")
    run_nbgrader("quickstart", "course101", cwd=base)  # takes no --log-level
    course = base / "course101"
    for student, (first, last) in STUDENTS.items():
        names = (f"--first-name={first}", f"--last-name={last}")
        run_nbgrader("db", "student", "add", student, *names, "--log-level=ERROR", cwd=course)
    run_nbgrader("generate_assignment", "ps1", "--log-level=ERROR", cwd=course)
    # Ben hands in the instructor's solutions, Alyssa the blank release; the timestamp
    # file is what `nbgrader collect` would have written.
    for student, folder in (("bitdiddle", "source"), ("hacker", "release")):
        target = course / "submitted" / student / "ps1"
        shutil.copytree(course / folder / "ps1", target)
        (target / "timestamp.txt").write_text("2026-11-05 10:00:00 UTC", encoding="utf-8")
    run_nbgrader("autograde", "ps1", "--log-level=ERROR", cwd=course)
    return course


def _report(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["report", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _rows(path: Path) -> dict[str, dict[str, str]]:
    with path.open(encoding="utf-8-sig") as handle:
        return {row["trainee_id"]: row for row in csv.DictReader(handle)}


def test_report_works_on_the_quickstart_course_and_says_what_it_assumed(
    quickstart: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _report(capsys, "--course-dir", str(quickstart))
    assert code == 0, err
    folder = quickstart / "reports" / "hr-2026-11"
    assert f"wrote 4 files to {folder}" in out
    assert "2 trainees:" in out and "(2 trainee pages)" in out
    rows = _rows(folder / "report.csv")
    assert set(rows) == set(STUDENTS)
    assert rows["bitdiddle"]["name"] == "Ben Bitdiddle"
    assert float(rows["bitdiddle"]["theory"]) > float(rows["hacker"]["theory"])
    assert rows["hacker"]["tier"] == "fail"
    page = (folder / "report.html").read_text(encoding="utf-8")
    assert "every assignment was counted as theory" in page
    assert "no roster: trainees are nbgrader&#x27;s students" in page
    trainee = (folder / "trainees" / "hacker.html").read_text(encoding="utf-8")
    assert "ps1" in trainee  # weak items come from nbgrader's graded cells


def test_rebuild_from_the_record_gives_the_same_csv(
    quickstart: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = tmp_path / "first"
    assert _report(capsys, "--course-dir", str(quickstart), "--out", str(first))[0] == 0
    code, out, err = _report(
        capsys, "--rebuild", str(first / "decision-record.json"), "--out", str(tmp_path / "again")
    )
    assert code == 0, err
    assert "identical results" in out
    assert (tmp_path / "again" / "report.csv").read_bytes() == (first / "report.csv").read_bytes()
    rebuilt = (tmp_path / "again" / "report.html").read_text(encoding="utf-8")
    assert "rebuilt" in rebuilt

    # A record whose policy was edited afterwards is refused, naming the file.
    record = json.loads((first / "decision-record.json").read_text(encoding="utf-8"))
    record["policy"]["text"] = record["policy"]["text"].replace("excellent: 90", "excellent: 85")
    tampered = tmp_path / "tampered.json"
    tampered.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    code, _, err = _report(capsys, "--rebuild", str(tampered), "--out", str(tmp_path / "no"))
    assert code == 2
    assert f"{tampered}: the policy text in this record does not match its hash" in err
    assert not (tmp_path / "no").exists()


def test_anonymized_report_from_the_cli_names_nobody(
    quickstart: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "shared"
    code, _, err = _report(
        capsys, "--course-dir", str(quickstart), "--anonymize", "--out", str(out)
    )
    assert code == 0, err
    assert (quickstart / KEY_FILE).exists() and not list(out.rglob(KEY_FILE))
    # Full names and surnames: a bare "Ben" is in every workbook's theme ("Beng" script).
    real = [*STUDENTS, *(f"{a} {b}" for a, b in STUDENTS.values()), "Bitdiddle", "Alyssa"]
    for path in out.rglob("*"):
        if path.is_file() and path.suffix != ".xlsx":
            text = path.read_text(encoding="utf-8-sig")
            assert not [r for r in real if r in text], path
    import zipfile

    with zipfile.ZipFile(out / "report.xlsx") as book:
        text = "".join(book.read(n).decode("utf-8", "replace") for n in book.namelist())
    assert not [r for r in real if r in text]


@pytest.mark.parametrize(
    ("option", "filename", "content", "message"),
    [
        (
            "--roster", "roster.csv",
            "trainee_id,name,team,hire_date\nbitdiddle,Ben,Desk,2024-01-02\n"
            "hacker,Alyssa,Desk,yesterday\n",
            "roster.csv, line 3: hire_date 'yesterday' is not a date like 2025-03-31",
        ),
        (
            "--policy", "policy.yml",
            'version: "x"\ncutoffs: {excellent: 80, good: 85, pass: 60}\n'
            "components:\n  theory: {weight: 1.0}\n",
            "policy.yml, line 2, key 'cutoffs.good'",
        ),
        (
            "--appraisal", "appraisal.csv",
            "trainee_id,cycle,rater_role,rater_id,score,max_score\n"
            "bitdiddle,2026-11,supervisor,s1,4,5\nhacker,2026-11,boss,s1,4,5\n",
            "appraisal.csv, line 3",
        ),
    ],
)  # fmt: skip
def test_bad_input_files_stop_with_file_and_line_and_write_nothing(
    quickstart: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    option: str,
    filename: str,
    content: str,
    message: str,
) -> None:
    bad = tmp_path / filename
    bad.write_text(content, encoding="utf-8")
    out = tmp_path / "out"
    args = ["--course-dir", str(quickstart), "--out", str(out), option, str(bad)]
    if option != "--policy":
        args += ["--policy", str(DEFAULT_POLICY)]
    code, _, err = _report(capsys, *args)
    assert code == 2
    assert message in err, err
    assert err.startswith(f"frontline report: {tmp_path}")
    assert not out.exists()


def test_a_course_without_a_gradebook_is_an_error_not_an_empty_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    course = tmp_path / "course"
    course.mkdir()
    (course / "nbgrader_config.py").write_text(
        'c = get_config()\nc.CourseDirectory.course_id = "c1"\n', encoding="utf-8"
    )
    code, _, err = _report(capsys, "--course-dir", str(course), "--out", str(tmp_path / "out"))
    assert code == 2
    assert f"{course / 'gradebook.db'}: no gradebook here yet" in err
    assert not (course / "gradebook.db").exists() and not (tmp_path / "out").exists()


def test_the_repo_course_takes_the_sample_appraisal_by_default(
    quickstart: Path, tmp_path: Path
) -> None:
    """Like the roster: `frontline report` on exams/ reads gradebook/appraisal.csv."""
    from frontline.core.course import DEFAULT_APPRAISAL, DEFAULT_COURSE_DIR, Course
    from frontline.report.command import ReportRequest, appraisal_file

    repo = Course.from_directory(DEFAULT_COURSE_DIR)
    default = ReportRequest(course_dir=DEFAULT_COURSE_DIR, policy=DEFAULT_POLICY)
    assert appraisal_file(default, repo) == DEFAULT_APPRAISAL
    chosen = tmp_path / "ratings.csv"
    assert appraisal_file(ReportRequest(DEFAULT_COURSE_DIR, DEFAULT_POLICY, appraisal=chosen),
                          repo) == chosen  # fmt: skip
    other = Course.from_directory(quickstart)
    assert appraisal_file(ReportRequest(quickstart, DEFAULT_POLICY), other) is None
