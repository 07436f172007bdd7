"""Nothing a trainee receives may reveal the answer key."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from frontline.exams.authoring.notebook import load_exam_data
from frontline.exams.grading import pipeline
from frontline.exams.model.questions import load_questions
from tests.conftest import EXAM, ReleasedCourse, make_course

pytestmark = pytest.mark.nbgrader

LEAKS = [
    "BEGIN HIDDEN TESTS",
    "END HIDDEN TESTS",
    "BEGIN SOLUTION",
    "END SOLUTION",
    "score_single",
    "score_multiple",
    "score_ordering",
    "score_matching",
    "frontline.exams.grading",
    "Marking guide",
    "评分要点",
    "Model answer",
    "参考答案",
]


def _released_files(released: ReleasedCourse) -> list[Path]:
    course = released.course
    roots = [course.release / EXAM, course.exchange]
    files = [p for root in roots for p in root.rglob("*") if p.is_file()]
    assert any(p.suffix == ".ipynb" for p in files), "nothing was released"
    return files


def test_released_files_hold_no_hidden_tests_or_solutions(released_course: ReleasedCourse) -> None:
    for path in _released_files(released_course):
        text = path.read_text(encoding="utf-8")
        for leak in LEAKS:
            assert leak not in text, f"{leak!r} found in {path}"


def test_released_notebook_names_no_correct_option(released_course: ReleasedCourse) -> None:
    _, key = load_exam_data(released_course.course.root, EXAM)
    assert len(key.items) >= 12
    notebooks = [p for p in _released_files(released_course) if p.suffix == ".ipynb"]
    for path in notebooks:
        text = path.read_text(encoding="utf-8")
        for item in (k for slot in key.items for k in key.variants(slot)):
            for option_id in item.correct:
                assert f'\\"{option_id}\\"' not in text, (item.question_id, option_id, path)
                assert f"'{option_id}'" not in text, (item.question_id, option_id, path)


def test_released_questions_file_lists_options_without_marking_any(
    released_course: ReleasedCourse,
) -> None:
    """questions.yml must list every option the same way, right or wrong."""
    path = released_course.course.release / EXAM / "questions.yml"
    bank = load_questions(path)
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    for question in raw["questions"]:
        shown = question.get("variants", [question])  # a pooled question: each variant
        for variant in shown:
            assert set(variant) - {"id", "kind"} == {"prompt", "options"}
            for option in variant["options"]:
                assert set(option) == {"id", "zh", "en"}
    assert len(bank.questions) >= 12


def test_build_refuses_answers_left_in_the_source(tmp_path: Path) -> None:
    course = make_course(tmp_path)
    stray = course.source / EXAM / "answers.json"
    stray.write_text("{}", encoding="utf-8")
    with pytest.raises(pipeline.StepFailed, match="would be released"):
        pipeline.build(course, EXAM)
    assert not (course.release / EXAM).exists()


def test_build_refuses_backups_of_damaged_answers_too(tmp_path: Path) -> None:
    course = make_course(tmp_path)
    (course.source / EXAM / "answers.json.damaged-20260101T000000").write_text("{", "utf-8")
    with pytest.raises(pipeline.StepFailed, match="would be released"):
        pipeline.build(course, EXAM)


def test_exam_has_enough_questions_and_a_written_answer() -> None:
    from frontline.core.course import REPO_ROOT

    source = REPO_ROOT / "exams" / "source" / EXAM
    bank = load_questions(source / "questions.yml")
    _, key = load_exam_data(REPO_ROOT / "exams", EXAM)
    assert len(bank.questions) >= 12
    assert {q.id for q in bank.questions} == set(key.items), "every question needs a hidden test"
    assert key.manual_points, "at least one written answer graded by the trainer"
    for question in bank.all_variants():
        item = key.keyed(question.id, question.variant)
        assert item.correct <= set(question.option_ids), question.id
        assert item.kind == question.kind, question.id


PRACTICAL = "practical"
PRACTICAL_LEAKS = [*LEAKS, "score_scenario", "frontline.exams.practical import", "MARK SCHEME"]
SCENARIO_KEY_FIELDS = ("procedure:", "cost:", "feedback:", "moves:", "expect:")


@pytest.fixture(scope="module")
def practical_course(tmp_path_factory: pytest.TempPathFactory) -> ReleasedCourse:
    base = tmp_path_factory.mktemp("practical-release")
    course = make_course(base, exams=(PRACTICAL,))
    pipeline.build(course, PRACTICAL)
    pipeline.release(course, PRACTICAL)
    return ReleasedCourse(course, base)


def test_practical_release_holds_no_key_and_only_players_copies(
    practical_course: ReleasedCourse,
) -> None:
    from frontline.roleplay import load_scenario

    course = practical_course.course
    files = [p for root in (course.release / PRACTICAL, course.exchange)
             for p in root.rglob("*") if p.is_file()]  # fmt: skip
    scenarios = [p for p in files if p.suffix == ".yml" and p.parent.name == "scenarios"]
    assert len(scenarios) == 4, "two scenarios, in release/ and in the exchange"
    for path in files:
        text = path.read_text(encoding="utf-8")
        for leak in PRACTICAL_LEAKS:
            assert leak not in text, f"{leak!r} found in {path}"
    for path in scenarios:
        text = path.read_text(encoding="utf-8")
        assert [f for f in SCENARIO_KEY_FIELDS if f in text] == [], path
        assert load_scenario(path).player_copy
    # the source keeps the trainer's copies, which autograde puts back for grading
    source = course.source / PRACTICAL / "scenarios"
    assert all("cost:" in p.read_text(encoding="utf-8") for p in source.glob("*.yml"))


def test_plain_nbgrader_generate_releases_players_copies_too(tmp_path: Path) -> None:
    """nbgrader's own command line and formgrader run the hook in nbgrader_config.py."""
    from frontline.exams.authoring.release_copies import release_problems

    course = make_course(tmp_path, exams=(PRACTICAL,))
    result = pipeline.nbgrader_api(course).generate_assignment(PRACTICAL, force=True)
    assert result["success"], result
    released = course.release / PRACTICAL
    assert len(list((released / "scenarios").glob("*.yml"))) == 2
    assert release_problems(released) == []


def test_release_refuses_a_trainers_copy_left_in_the_release(tmp_path: Path) -> None:
    course = make_course(tmp_path, exams=(PRACTICAL,))
    pipeline.build(course, PRACTICAL)
    target = course.release / PRACTICAL / "scenarios" / "building-water-cut.yml"
    target.chmod(0o644)
    target.write_bytes((course.source / PRACTICAL / "scenarios" / target.name).read_bytes())
    with pytest.raises(pipeline.StepFailed, match="trainer's scenario copy") as caught:
        pipeline.release(course, PRACTICAL)
    assert "building-water-cut.yml" in str(caught.value) and "cost" in str(caught.value)
    assert not (course.exchange / "frontline" / "outbound" / PRACTICAL).exists()

ALL_EXAMS = ("etiquette-theory", "communication-theory", "complaints-theory", "final-exam")


@pytest.fixture(scope="module")
def all_released(tmp_path_factory: pytest.TempPathFactory) -> ReleasedCourse:
    base = tmp_path_factory.mktemp("all-released")
    course = make_course(base, exams=ALL_EXAMS)
    for exam in ALL_EXAMS:
        pipeline.build(course, exam)
        pipeline.release(course, exam)
    return ReleasedCourse(course, base)


@pytest.mark.parametrize("exam", ALL_EXAMS)
def test_no_exam_releases_a_key(all_released: ReleasedCourse, exam: str) -> None:
    course = all_released.course
    _, key = load_exam_data(course.root, exam)
    files = [p for p in (course.release / exam).rglob("*") if p.is_file()]
    files += [p for p in course.exchange.rglob("*") if p.is_file() and exam in p.parts]
    assert {p.name for p in files} >= {f"{exam}.ipynb", "questions.yml"}
    for path in files:
        text = path.read_text(encoding="utf-8")
        for leak in LEAKS:
            assert leak not in text, f"{leak!r} found in {path}"
        if path.suffix != ".ipynb":
            continue
        for item in (k for slot in key.items for k in key.variants(slot)):
            if item.kind == "matching":
                for left, right in item.key:
                    assert f'\\"{left}\\": \\"{right}\\"' not in text, (exam, item.question_id)
            for option_id in item.correct:
                assert f'\\"{option_id}\\"' not in text, (exam, item.question_id, option_id)


@pytest.mark.parametrize("exam", ALL_EXAMS)
def test_released_questions_do_not_list_orders_or_pairs_as_keyed(
    all_released: ReleasedCourse, exam: str
) -> None:
    from frontline.exams.grading.scoring import ordering_points

    course = all_released.course
    _, key = load_exam_data(course.root, exam)
    bank = load_questions(course.release / exam / "questions.yml")
    for question in bank.all_variants():
        item = key.keyed(question.id, question.variant)
        if item.kind == "ordering":
            assert ordering_points(question.item_ids, item.key, 1.0) < 0.5, question.id
        if item.kind == "matching":
            lined_up = sum(
                question.option_ids.index(option) == i for i, (_, option) in enumerate(item.key)
            )
            assert lined_up * 2 <= len(item.key), question.id
