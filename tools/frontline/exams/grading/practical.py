"""The practical exam: role-plays scored from their transcripts on the grading side.

Layout of the exam folder (`exams/source/practical/`):

    practical.ipynb      one locked cell per scenario: the widget, and (hidden) its score
    scenarios/<id>.yml   the trainer's frozen copy of each scenario it plays; released
                         only as the player's copy (no costs, feedback, procedure or
                         expected moves: see `release_copies.py`)
    lexicon/*.yml        the phrase lists the reply analysis used when it was built
    transcripts/         written by the widget while the trainee plays (not in source)

**Where the grading side's scenario files come from.** The trainee plays the
released player's copies, which carry no scoring at all, and could edit them. The
hidden test of each scenario therefore never trusts what it finds beside the notebook:

1. nbgrader's autograder overwrites every non-notebook file of the submission with
   the master copy from `exams/source/practical/` before it runs anything, so the
   grading kernel sees the trainer's full files; and
2. the hidden test carries the sha256 of the trainer's scenario file and of the
   lexicon (written when the exam was built, never released because hidden tests
   are stripped) and refuses to score against files with any other digest. That
   also covers a course whose nbgrader config stops the overwrite
   (`exclude_overwriting`), and a trainer who edited a scenario after building.

The grading kernel cannot read `exams/source` itself (the grading sandbox keeps it
out), so checking by digest, not reading the source, is the design.

**What is trusted from the transcript:** only the trainee's actions (the choices
taken and the words typed), which the engine replays through the trainer's copy,
and only if the transcript says it was played on the released player's copy (its
sha256 is the third digest in the hidden test) or on the trainer's copy. Any
score, mood or feedback written in the transcript is ignored; a transcript whose
actions the scenario does not allow scores 0. The value of the hidden test's last
line is the partial credit, and it never writes to stderr (nbgrader would zero the
cell); only a digest mismatch, a trainer's mistake, raises an error on purpose.
"""

from __future__ import annotations

import ast
import hashlib
import re
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from frontline.roleplay import RoleplayResult

PRACTICAL_EXAM = "practical"
SCENARIOS_DIR = "scenarios"
LEXICON_DIR = "lexicon"
TRANSCRIPTS_DIR = "transcripts"
SCORE_CALL = "score_scenario"


class ContentMismatch(RuntimeError):
    """The grading side's scenario or lexicon is not the one the exam was built with."""


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def folder_sha256(folder: Path) -> str:
    """One digest for a folder of YAML files: names and contents, in name order."""
    digest = hashlib.sha256()
    for path in sorted(
        p for p in folder.iterdir() if p.is_file() and p.suffix in {".yml", ".yaml"}
    ):
        digest.update(path.name.encode("utf-8") + b"\0")
        digest.update(file_sha256(path).encode("ascii") + b"\n")
    return digest.hexdigest()


def find_transcript(folder: Path, scenario_id: str) -> Path | None:
    """The transcript that counts for one scenario: the first finished play.

    The widget writes one file per play (`roleplay-<scenario>-<trainee>-<time>.json`).
    Assessment mode lets a scenario be finished once; should a folder hold more
    (a trainee re-ran the cell), the earliest finished one counts, so playing again
    to improve changes nothing. Files the trainee's kernel wrote are only read for
    their events; which file is first is decided by its recorded start time.
    """
    from frontline.core.errors import FrontlineError
    from frontline.roleplay import load_transcript

    found: list[tuple[str, str, Path]] = []
    for path in sorted((folder / TRANSCRIPTS_DIR).glob(f"roleplay-{scenario_id}-*.json")):
        try:
            transcript = load_transcript(path)
        except (FrontlineError, OSError):
            continue
        if transcript.scenario_id == scenario_id and transcript.finished:
            found.append((transcript.started_at, path.name, path))
    return min(found)[2] if found else None


def replay_counted_play(
    folder: Path, item: PracticalItem, scenarios: Path, lexicon: Path
) -> RoleplayResult | None:
    """The play of `item` that counts (the first finished one in `folder`), replayed on
    the given scenario and lexicon copies; None when there is none or it cannot be
    replayed (the hidden test scores that 0)."""
    from frontline.core.errors import FrontlineError
    from frontline.roleplay import load_lexicon, load_scenario, load_transcript, rescore

    path = find_transcript(folder, item.scenario_id)
    if path is None:
        return None
    try:
        return rescore(
            load_transcript(path),
            load_scenario(scenarios / f"{item.scenario_id}.yml"),
            load_lexicon(lexicon),
            source=path,
            also_accept={item.player_sha256} - {""},
        )
    except (FrontlineError, ValueError, KeyError, TypeError, OSError):
        return None


def _verified(path: Path, expected: str, digest: str) -> None:
    if digest != expected:
        raise ContentMismatch(
            f"{path} is not the version this exam was built with (sha256 {digest[:12]}..., "
            f"expected {expected[:12]}...); rebuild the practical exam or restore the file"
        )


def score_scenario(
    scenario_id: str,
    *,
    points: float,
    scenario_sha256: str,
    lexicon_sha256: str,
    player_sha256: str = "",
    folder: str | Path | None = None,
) -> float:
    """Points earned in one scenario, replayed from the trainee's transcript.

    Used as the last line of a hidden test. No transcript, an unreadable one or one
    the scenario does not allow: 0.0, silently. A play that crossed a red line: 0.0,
    and each red line named on stdout for the trainer.
    """
    from frontline.core.errors import FrontlineError
    from frontline.roleplay import load_lexicon, load_scenario, load_transcript, rescore

    base = Path(folder) if folder is not None else Path.cwd()
    scenario_file = base / SCENARIOS_DIR / f"{scenario_id}.yml"
    lexicon_dir = base / LEXICON_DIR
    _verified(scenario_file, scenario_sha256, file_sha256(scenario_file))
    _verified(lexicon_dir, lexicon_sha256, folder_sha256(lexicon_dir))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # silence is part of the contract with nbgrader
        path = find_transcript(base, scenario_id)
        if path is None:
            return 0.0
        try:
            result = rescore(
                load_transcript(path),
                load_scenario(scenario_file),
                load_lexicon(lexicon_dir),
                source=path,
                also_accept={player_sha256} - {""},
            )
        except (FrontlineError, ValueError, KeyError, TypeError, OSError):
            # events the scenario does not allow, another scenario version, unfinished
            return 0.0
    if result.red_lines:
        # Failed whatever the points; named on stdout, which formgrader shows beside the
        # score (nbgrader zeroes a cell only for stderr or an error, never for stdout).
        for hit in result.red_lines:
            print(f"红线,本情景 0 分 / Red line, scenario failed: {hit.label.zh} / "
                  f"{hit.label.en} (step {hit.step}): {hit.what.zh} / {hit.what.en}")  # fmt: skip
        return 0.0
    fraction = max(0.0, min(1.0, result.total / result.max_total))
    return round(float(points) * fraction, 2)


@dataclass(frozen=True)
class PracticalItem:
    scenario_id: str
    points: float
    scenario_sha256: str
    lexicon_sha256: str
    grade_id: str
    player_sha256: str = ""


@dataclass(frozen=True)
class PracticalKey:
    items: tuple[PracticalItem, ...]
    manual_points: dict[str, float]  # task and written cells the trainer marks

    @property
    def scenario_ids(self) -> tuple[str, ...]:
        return tuple(item.scenario_id for item in self.items)


def read_practical_key(notebook_path: Path) -> PracticalKey:
    """The scenarios, points and digests of a practical exam's source notebook.

    Parses the hidden tests' `score_scenario(...)` calls (never runs them); trainer
    side only, since released notebooks have no hidden tests.
    """
    import nbformat

    from frontline.core.errors import InputFileError

    notebook = nbformat.read(notebook_path, as_version=4)
    items: list[PracticalItem] = []
    manual: dict[str, float] = {}
    for index, cell in enumerate(notebook.cells):
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("task") or (meta.get("grade") and meta.get("solution")):
            manual[meta["grade_id"]] = float(meta.get("points", 0))
            continue
        if not meta.get("grade"):
            continue
        for node in ast.walk(ast.parse(cell.source)):
            if not (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == SCORE_CALL
            ):
                continue
            try:
                scenario_id = ast.literal_eval(node.args[0])
                kwargs = {k.arg: ast.literal_eval(k.value) for k in node.keywords if k.arg}
                items.append(
                    PracticalItem(
                        str(scenario_id),
                        float(kwargs["points"]),
                        str(kwargs["scenario_sha256"]),
                        str(kwargs["lexicon_sha256"]),
                        str(meta.get("grade_id", "")),
                        str(kwargs["player_sha256"]),
                    )
                )
            except (IndexError, KeyError, ValueError) as exc:
                raise InputFileError(
                    notebook_path,
                    f"cell {index + 1}: {SCORE_CALL} needs a scenario id and literal "
                    f"points, scenario_sha256, lexicon_sha256 and player_sha256 ({exc})",
                ) from None
    return PracticalKey(tuple(items), manual)


def content_problems(source_dir: Path, notebook_name: str = f"{PRACTICAL_EXAM}.ipynb") -> list[str]:
    """Digest drift between the source notebook's hidden tests and the files beside it."""
    key = read_practical_key(source_dir / notebook_name)
    problems: list[str] = []
    lexicon = folder_sha256(source_dir / LEXICON_DIR)
    for item in key.items:
        scenario = source_dir / SCENARIOS_DIR / f"{item.scenario_id}.yml"
        if not scenario.is_file():
            problems.append(f"{scenario}: missing (cell {item.grade_id} scores it)")
        elif file_sha256(scenario) != item.scenario_sha256:
            problems.append(f"{scenario}: changed since the hidden test of {item.grade_id}")
        elif released_sha256(scenario) != item.player_sha256:
            problems.append(
                f"{scenario}: its player's copy is not the one the hidden test of "
                f"{item.grade_id} accepts"
            )
        if item.lexicon_sha256 != lexicon:
            problems.append(f"{source_dir / LEXICON_DIR}: changed since {item.grade_id}")
    return problems


_DIGEST_ARG = re.compile(
    r'(?P<name>scenario_sha256|lexicon_sha256|player_sha256)\s*=\s*"(?P<value>[0-9a-f]*)"'
)


def released_sha256(scenario_file: Path) -> str:
    """The sha256 of the player's copy released for this trainer's scenario file."""
    from frontline.roleplay.player_copy import player_sha256

    return player_sha256(scenario_file.read_text(encoding="utf-8"))


def refresh_digests(source_dir: Path, notebook_name: str = f"{PRACTICAL_EXAM}.ipynb") -> list[str]:
    """Write the current digests of the exam's scenario and lexicon files into its hidden
    tests, after a trainer deliberately changed them. Returns the grade ids updated."""
    import nbformat

    path = source_dir / notebook_name
    notebook = nbformat.read(path, as_version=4)
    lexicon = folder_sha256(source_dir / LEXICON_DIR)
    changed: list[str] = []
    for cell in notebook.cells:
        if SCORE_CALL not in cell.source:
            continue
        found = re.search(SCORE_CALL + r'\(\s*"(?P<id>[^"]+)"', cell.source)
        if found is None:
            continue
        scenario_file = source_dir / SCENARIOS_DIR / f"{found['id']}.yml"
        digests = {
            "scenario_sha256": file_sha256(scenario_file),
            "lexicon_sha256": lexicon,
            "player_sha256": released_sha256(scenario_file),
        }
        updated = _DIGEST_ARG.sub(
            lambda m, d=digests: f'{m["name"]}="{d[m["name"]]}"',  # type: ignore[misc]
            cell.source,
        )
        if updated != cell.source:
            cell.source = updated
            changed.append(str(cell.metadata.get("nbgrader", {}).get("grade_id", "")))
    if changed:
        from frontline.core.atomic import write_text_atomic

        write_text_atomic(path, nbformat.writes(notebook) + "\n")
    return changed
