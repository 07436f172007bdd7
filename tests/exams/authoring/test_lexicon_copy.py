"""The practical exam's phrase lists: one source (course/lexicon), a produced, checked copy."""

from __future__ import annotations

import shutil
from pathlib import Path

from frontline.check import check_content
from frontline.core.course import REPO_ROOT
from frontline.exams.authoring.lexicon_copy import copy_problems, plan_copy, write_copy
from frontline.exams.grading.practical import content_problems

SOURCE = REPO_ROOT / "exams" / "source" / "practical"


def _course(tmp_path: Path) -> tuple[Path, Path]:
    """A course with its own lexicon beside exams/, and the practical exam's source."""
    lexicon = tmp_path / "course" / "lexicon"
    shutil.copytree(REPO_ROOT / "course" / "lexicon", lexicon)
    exam = tmp_path / "exams" / "source" / "practical"
    shutil.copytree(SOURCE, exam)
    return lexicon, exam


def test_the_repository_copy_is_what_building_writes() -> None:
    assert all(not plan.stale for plan in plan_copy(SOURCE))
    assert copy_problems([SOURCE / "lexicon"]) == []


def test_a_hand_edit_of_the_copy_is_reported_with_the_way_out(tmp_path: Path) -> None:
    _, exam = _course(tmp_path)
    copy = exam / "lexicon" / "polite.yml"
    copy.write_text(copy.read_text(encoding="utf-8") + "# tweak\n", encoding="utf-8")
    [problem] = copy_problems([exam / "lexicon"])
    assert problem.path == copy
    assert "never edited" in problem.reason and "frontline exams build practical" in problem.reason
    report = check_content(exam / "lexicon")
    assert any(p.path == copy for p in report.problems)


def test_building_brings_a_course_change_into_the_copy_and_its_digests(tmp_path: Path) -> None:
    lexicon, exam = _course(tmp_path)
    moves = lexicon / "moves.yml"
    moves.write_text(moves.read_text(encoding="utf-8") + "# a trainer's new note\n", "utf-8")
    assert [p.name for p in write_copy(exam)] == ["moves.yml"]
    assert (exam / "lexicon" / "moves.yml").read_text(encoding="utf-8").endswith(
        "# a trainer's new note\n"
    )
    # the hidden tests now pin the new copy, so grading accepts it
    assert content_problems(exam) == []
    assert write_copy(exam) == []  # nothing left to do
