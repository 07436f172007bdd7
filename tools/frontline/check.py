"""`frontline check`: validate all course content, each file by the validator of its kind.

Validators register per kind with a rule saying which files they own; the first
validator that claims a file checks it, and any other YAML file is at least parsed.
New kinds of content (drills, quizzes) add a `register(...)` call, nothing else.

By default the course and the exams' sources are checked in one run: the exams hold
content of the same kinds (the practical exam's trainer-side scenarios and lexicon,
the theory exams' question banks), and checking them together is what catches an
exam scenario that reuses the id of a course scenario, i.e. practice material.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from frontline.core.course import DEFAULT_CONTENT, DEFAULT_COURSE_DIR, DEFAULT_POLICY
from frontline.core.errors import InputFileError
from frontline.core.yamlfile import read_yaml

YAML_SUFFIXES = (".yml", ".yaml")
# Not all of exams/: release/, submitted/ and the rest are nbgrader's copies.
DEFAULT_ROOTS = (
    DEFAULT_CONTENT,
    DEFAULT_COURSE_DIR / "source",
    DEFAULT_COURSE_DIR / "trainer",
    DEFAULT_COURSE_DIR / "blueprint.yml",
    DEFAULT_POLICY,
)

Claim = Callable[[Path], bool]
Validate = Callable[[list[Path]], list[InputFileError]]


@dataclass(frozen=True)
class Validator:
    kind: str
    claims: Claim
    validate: Validate


VALIDATORS: list[Validator] = []


def register(kind: str, claims: Claim, validate: Validate) -> None:
    """Add a content kind; a later registration for the same kind replaces the earlier."""
    VALIDATORS[:] = [v for v in VALIDATORS if v.kind != kind]
    VALIDATORS.append(Validator(kind, claims, validate))


@dataclass(frozen=True)
class CheckReport:
    files: dict[str, list[Path]] = field(default_factory=dict)  # by kind
    problems: list[InputFileError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def file_count(self) -> int:
        return sum(len(v) for v in self.files.values())


def _content_files(root: Path) -> list[Path]:
    if root.is_file():
        return [root]
    return sorted(
        p for p in root.rglob("*")
        if p.is_file() and p.suffix in YAML_SUFFIXES
        and not any(part.startswith(".") for part in p.relative_to(root).parts)
    )  # fmt: skip


def check_content(*roots: Path) -> CheckReport:
    """Check every content file under the given files or folders (default: DEFAULT_ROOTS)
    together, so ids must be unique across all of them."""
    report = CheckReport()
    files: dict[Path, Path] = {}  # each file once, also when two roots overlap
    for root in map(Path, roots or DEFAULT_ROOTS):
        if not root.exists():
            report.problems.append(InputFileError(root, "no such file or folder"))
            continue
        for path in _content_files(root):
            files.setdefault(path.resolve(), path)
    for path in files.values():
        validator = next((v for v in VALIDATORS if v.claims(path)), None)
        kind = validator.kind if validator else "yaml"
        report.files.setdefault(kind, []).append(path)
    for kind, paths in report.files.items():
        validator = next((v for v in VALIDATORS if v.kind == kind), None)
        report.problems.extend(validator.validate(paths) if validator else _yaml_only(paths))
    report.problems.extend(_house_style(list(files.values()), roots or DEFAULT_ROOTS))
    report.problems.sort(key=lambda e: (str(e.path), e.line or 0))
    return report


def _house_style(files: list[Path], roots: tuple[Path, ...]) -> list[InputFileError]:
    """Full-width punctuation in every Chinese text a trainee reads, of any kind: the
    content files and the modules' Chinese notebooks under the roots."""
    from frontline.core.zh_style import style_problems

    notebooks = [
        p for root in map(Path, roots) if root.is_dir() for p in sorted(root.rglob("*.zh.ipynb"))
        if not any(part.startswith(".") for part in p.relative_to(root).parts)
    ]  # fmt: skip
    return style_problems([*files, *dict.fromkeys(notebooks)])


def _yaml_only(paths: list[Path]) -> list[InputFileError]:
    problems: list[InputFileError] = []
    for path in paths:
        try:
            read_yaml(path)
        except InputFileError as exc:
            problems.append(exc)
    return problems


# The kinds Frontline knows. ------------------------------------------------------------


def _validate_scenarios(paths: list[Path]) -> list[InputFileError]:
    from frontline.roleplay.lint import lint_problems
    from frontline.roleplay.loader import scenario_problems

    problems: list[InputFileError] = []
    owners: dict[str, Path] = {}
    for path in paths:
        scenario, found = scenario_problems(path)
        problems.extend(found)
        if scenario is not None:
            # writing cues, consequences that ignore behaviour, house style
            problems.extend(lint_problems(path, scenario))
            if scenario.id in owners:
                problems.append(InputFileError(
                    path, f"scenario id '{scenario.id}' is also used by {owners[scenario.id]}"
                    + _practice_hint(path, owners[scenario.id]),
                    line=read_yaml(path).line_of("id"), key="id"))  # fmt: skip
            owners[scenario.id] = path
    return problems


def _practice_hint(path: Path, other: Path) -> str:
    in_course = [p.resolve().is_relative_to(DEFAULT_CONTENT) for p in (path, other)]
    if in_course[0] == in_course[1]:
        return ""
    return (
        "; course scenarios are practice material, so an exam needs scenarios of its own: "
        "give this one its own id and content"
    )


def _is_lexicon(path: Path) -> bool:
    from frontline.roleplay.lexicon import FILES

    return path.parent.name == "lexicon" and path.name in FILES.values()


def _validate_lexicons(paths: list[Path]) -> list[InputFileError]:
    from frontline.exams.authoring.lexicon_copy import copy_problems
    from frontline.roleplay.lexicon import lexicon_problems

    problems: list[InputFileError] = []
    folders = sorted({p.parent for p in paths})
    for folder in folders:
        problems.extend(lexicon_problems(folder)[1])
    # an exam's copy (exams/source/EXAM/lexicon) must be what building writes from course/
    problems.extend(copy_problems([f for f in folders if f.parent.parent.name == "source"]))
    return problems


def _validate_rewrites(paths: list[Path]) -> list[InputFileError]:
    from frontline.roleplay.lexicon import lexicon_problems
    from frontline.roleplay.rewrites import rewrite_problems

    problems: list[InputFileError] = []
    for path in paths:
        lexicon, _ = lexicon_problems(path.parent)
        problems.extend(rewrite_problems(path, lexicon)[1])
    return problems


def _validate_questions(paths: list[Path]) -> list[InputFileError]:
    from frontline.exams.itemcheck.check import item_writing_problems
    from frontline.exams.model.questions import load_questions

    problems: list[InputFileError] = []
    loaded: list[Path] = []
    for path in paths:
        try:
            load_questions(path)
            loaded.append(path)
        except InputFileError as exc:
            problems.append(exc)
    # Cues in the items' writing, all exams together (a give-away crosses papers).
    return problems + item_writing_problems(loaded)


register("scenario", lambda p: p.parent.name == "scenarios" and p.suffix in YAML_SUFFIXES,
         _validate_scenarios)  # fmt: skip
register("lexicon", _is_lexicon, _validate_lexicons)
register("rewrites", lambda p: p.parent.name == "lexicon" and p.name == "rewrites.yml",
         _validate_rewrites)  # fmt: skip
register("questions", lambda p: p.name == "questions.yml", _validate_questions)


def _practice(name: str) -> Validate:
    # Imported when a check runs, so loading this module stays cheap.
    def validate(paths: list[Path]) -> list[InputFileError]:
        from frontline.practice import checks

        result: list[InputFileError] = getattr(checks, name)(paths)
        return result

    return validate


def _validate_trainer_files(paths: list[Path]) -> list[InputFileError]:
    from frontline.exams.authoring.trainer_check import validate_trainer_files

    return validate_trainer_files(paths)


def _is_trainer_file(path: Path) -> bool:
    return path.parent.name == "trainer" and path.suffix in YAML_SUFFIXES


def _validate_blueprints(paths: list[Path]) -> list[InputFileError]:
    from frontline.exams.model.blueprint import check_blueprint

    # A blueprint names exams of the course folder it sits in (exams/blueprint.yml).
    return [problem for path in paths for problem in check_blueprint(path, path.parent)]


register("trainer", _is_trainer_file, _validate_trainer_files)
register("blueprint", lambda p: p.name == "blueprint.yml", _validate_blueprints)


def _validate_policies(paths: list[Path]) -> list[InputFileError]:
    from frontline.hr.policy.check import policy_problems

    return [problem for path in paths for problem in policy_problems(path)]


register("policy", lambda p: p.name == "policy.yml", _validate_policies)


def _validate_glossaries(paths: list[Path]) -> list[InputFileError]:
    from frontline.core.glossary import read_glossary

    return [problem for path in paths for problem in read_glossary(path)[1]]


register("glossary", lambda p: p.name == "glossary.yml", _validate_glossaries)
register("quiz", lambda p: p.name == "quiz.yml", _practice("validate_quizzes"))
register("time-limits", lambda p: p.name == "time-limits.yml", _practice("validate_time_limits"))
register("module", lambda p: p.name == "module.yml", _practice("validate_modules"))
