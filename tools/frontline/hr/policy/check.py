"""`frontline check` for the HR policy (`gradebook/policy.yml`).

The loader (`policy`, `policy_schema`) refuses what cannot be applied fairly; here
its refusals become findings instead of tracebacks. The loader cannot know the
course, so this module also names exams the policy mentions that the course does
not have: a component fed by a pattern that matches no exam, or a gate on a
misspelt exam, would silently count nothing or never fire.
"""

from __future__ import annotations

from fnmatch import fnmatchcase
from pathlib import Path

from frontline.core.errors import InputFileError
from frontline.core.yamlfile import YamlDocument, read_yaml
from frontline.hr.policy.model import Policy
from frontline.hr.policy.schema import load_policy

POLICY_FILE = "policy.yml"


def course_source_of(policy_path: Path) -> Path:
    """The exams beside a policy, as this repository lays them out:
    `ROOT/gradebook/policy.yml` goes with `ROOT/exams/source/`."""
    return policy_path.resolve().parent.parent / "exams" / "source"


def exam_ids(source: Path) -> tuple[str, ...]:
    return tuple(sorted(
        d.name for d in source.iterdir() if d.is_dir() and not d.name.startswith(".")
    ))  # fmt: skip


def policy_problems(path: Path, source: Path | None = None) -> list[InputFileError]:
    """What the loader refuses, and exams it names that `source` (default: the course
    beside the policy) does not have; no exam check when there is no such folder."""
    try:
        policy = load_policy(path)
    except InputFileError as exc:
        return [exc]
    source = source or course_source_of(path)
    if not source.is_dir():
        return []
    doc = read_yaml(path)
    problems = unknown_exams(doc, policy, exam_ids(source), source)
    modules = source.parent.parent / "course" / "modules"
    if modules.is_dir():
        problems += unknown_modules(doc, policy, modules)
    return problems


def unknown_modules(doc: YamlDocument, policy: Policy, modules: Path) -> list[InputFileError]:
    """Onboarding modules the course does not have: nobody could ever complete them."""
    have = sorted(d.name for d in modules.iterdir() if d.is_dir())
    return [
        doc.error(
            f"no course module {module!r}; the modules in {modules} are {', '.join(have)}",
            "onboarding", programme.name, "modules", index,
        )
        for programme in policy.onboarding
        for index, module in enumerate(programme.modules)
        if module not in have
    ]  # fmt: skip


def _matches(pattern: str, exams: tuple[str, ...]) -> bool:
    return any(exam == pattern or fnmatchcase(exam, pattern) for exam in exams)


def unknown_exams(
    doc: YamlDocument, policy: Policy, exams: tuple[str, ...], source: Path
) -> list[InputFileError]:
    known = f"the exams in {source} are {', '.join(exams) or 'none'}"
    problems: list[InputFileError] = []
    data = doc.data if isinstance(doc.data, dict) else {}
    # The short form `weights:` feeds theory by "*" itself; only written patterns count.
    if "components" in data:
        for component, patterns in policy.exams.items():
            spec = data["components"].get(component)
            listed = spec.get("exams") if isinstance(spec, dict) else None
            for index, pattern in enumerate(patterns):
                if not _matches(pattern, exams):
                    where: tuple[str | int, ...] = ("components", component, "exams")
                    where += (index,) if isinstance(listed, list) else ()
                    problems.append(doc.error(
                        f"{pattern!r} matches no exam, so {component} would count nothing "
                        f"from it; {known}", *where))  # fmt: skip
    for gate in policy.gates:
        if gate.exam is not None and not _matches(gate.exam, exams):
            problems.append(doc.error(
                f"no exam matches {gate.exam!r}, so this gate never applies; {known}",
                "gates", gate.name, "exam"))  # fmt: skip
    for programme in policy.onboarding:
        for exam in programme.exams:
            if exam not in exams:
                problems.append(doc.error(
                    f"onboarding needs exam {exam!r}, which this course does not have; {known}",
                    "onboarding", programme.name, "exams", exam))  # fmt: skip
    for retake, original in policy.retakes.retake_of.items():
        for exam, what in ((retake, "retake"), (original, "original exam")):
            if exam not in exams:
                problems.append(doc.error(
                    f"the {what} {exam!r} is not an exam of this course; {known}",
                    "retakes", "retake_of", retake))  # fmt: skip
    return problems
