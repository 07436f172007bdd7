"""What `frontline exams grade` and its workers say to each other, as typed objects.

One submission's way through grading, by the types here:
- the parent (batch.py) sends each worker its `WorkerConfig` once, then one `Job`
  per submission (worker_procs.WorkerProcess.configure / send);
- the worker (grade_worker.py) answers `Hello` (its pid) at once, `Ready` when its
  first kernel is booting, and one `JobResult` per job: `Graded` (the grades read
  from its private gradebook, the tamper findings, the time taken) or `NotGraded`
  (the reason, and whatever findings were made before it stopped);
- the parent merges each result into the real gradebook (merge.py).

On the wire every message is one JSON line: each type writes itself with `to_json`
and is read back with `from_json` (`read_message` for what a worker sends), the
same code on both ends. Nothing heavy is imported: the parent reads these before
it imports nbgrader.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, ClassVar

from frontline.exams.grading.sandbox import Sandbox, sandbox_from_dict
from frontline.exams.grading.tamper import Finding

# The nbgrader step that keeps code cells the exam does not have from running.
_DROPS_ADDED_CODE = ".DropAddedCodeCells"


def time_limit_reason(limit: float) -> str:
    """Why a submission that ran out of time was not graded (said by worker and parent)."""
    return f"stopped after the submission time limit ({limit:g} s)"


@dataclass(frozen=True)
class WorkerConfig:
    """Everything a worker is told before its first job: the same for every worker."""

    course_dir: Path
    exam: str
    #: the exam's rows without submissions; each worker grades against its own copy
    template_db: Path
    #: the batch's scratch folder (memory-backed where possible)
    scratch: Path
    sandbox: Sandbox
    timeout_cell: int
    timeout_submission: float
    #: nbgrader's step names; "Execute" is run on the worker's pooled kernels
    autograde_preprocessors: tuple[str, ...]
    sanitize_preprocessors: tuple[str, ...]

    @property
    def drops_added_code(self) -> bool:
        """Whether code cells a trainee added are removed before the notebook runs."""
        return any(name.endswith(_DROPS_ADDED_CODE) for name in self.sanitize_preprocessors)

    def to_json(self) -> str:
        return json.dumps(
            {
                "course_dir": str(self.course_dir),
                "exam": self.exam,
                "template_db": str(self.template_db),
                "scratch": str(self.scratch),
                "sandbox": self.sandbox.to_dict(),
                "timeout_cell": self.timeout_cell,
                "timeout_submission": self.timeout_submission,
                "autograde_preprocessors": list(self.autograde_preprocessors),
                "sanitize_preprocessors": list(self.sanitize_preprocessors),
            }
        )

    @classmethod
    def from_json(cls, text: str) -> WorkerConfig:
        data = json.loads(text)
        return cls(
            course_dir=Path(data["course_dir"]),
            exam=str(data["exam"]),
            template_db=Path(data["template_db"]),
            scratch=Path(data["scratch"]),
            sandbox=sandbox_from_dict(data["sandbox"]),
            timeout_cell=int(data["timeout_cell"]),
            timeout_submission=float(data["timeout_submission"]),
            autograde_preprocessors=tuple(data["autograde_preprocessors"]),
            sanitize_preprocessors=tuple(data["sanitize_preprocessors"]),
        )


@dataclass(frozen=True)
class Job:
    """Grade one trainee's submission."""

    trainee: str
    #: boot the next kernel meanwhile: more jobs will come to this worker
    spare: bool = True

    def to_json(self) -> str:
        return json.dumps({"trainee": self.trainee, "spare": self.spare})

    @classmethod
    def from_json(cls, text: str) -> Job:
        data = json.loads(text)
        return cls(str(data["trainee"]), bool(data.get("spare", True)))


@dataclass(frozen=True)
class CellGrade:
    cell: str
    auto_score: float | None
    max_score: float


@dataclass(frozen=True)
class CellComment:
    cell: str
    text: str | None


@dataclass(frozen=True)
class NotebookGrades:
    """One graded notebook, as the worker read it from its private gradebook."""

    name: str
    late_penalty: float | None
    grades: tuple[CellGrade, ...]
    comments: tuple[CellComment, ...]


def _findings_to_list(findings: tuple[Finding, ...]) -> list[dict[str, str]]:
    return [{"kind": f.kind, "cell": f.cell, "detail": f.detail} for f in findings]


def _findings_from_list(data: list[dict[str, str]]) -> tuple[Finding, ...]:
    return tuple(Finding(f["kind"], f["cell"], f["detail"]) for f in data)


@dataclass(frozen=True)
class Graded:
    """nbgrader graded the submission; the parent copies these grades into the gradebook."""

    trainee: str
    #: what the trainee changed in protected cells (tamper.py), or an unreadable answers file
    findings: tuple[Finding, ...]
    submitted_at: datetime | None
    notebooks: tuple[NotebookGrades, ...]
    seconds: float

    graded: ClassVar[bool] = True

    def to_json(self) -> str:
        return json.dumps(
            {
                "trainee": self.trainee,
                "graded": True,
                "findings": _findings_to_list(self.findings),
                "submitted_at": self.submitted_at.isoformat() if self.submitted_at else None,
                "notebooks": [
                    {
                        "name": nb.name,
                        "late_penalty": nb.late_penalty,
                        "grades": [[g.cell, g.auto_score, g.max_score] for g in nb.grades],
                        "comments": [[c.cell, c.text] for c in nb.comments],
                    }
                    for nb in self.notebooks
                ],
                "seconds": self.seconds,
            }
        )

    @classmethod
    def from_json(cls, text: str) -> Graded:
        return cls._from_dict(json.loads(text))

    @classmethod
    def _from_dict(cls, data: dict[str, Any]) -> Graded:
        submitted_at = data["submitted_at"]
        return cls(
            trainee=str(data["trainee"]),
            findings=_findings_from_list(data["findings"]),
            submitted_at=datetime.fromisoformat(submitted_at) if submitted_at else None,
            notebooks=tuple(
                NotebookGrades(
                    str(nb["name"]),
                    nb["late_penalty"],
                    tuple(CellGrade(str(c), a, float(m)) for c, a, m in nb["grades"]),
                    tuple(CellComment(str(c), t) for c, t in nb["comments"]),
                )
                for nb in data["notebooks"]
            ),
            seconds=float(data["seconds"]),
        )


@dataclass(frozen=True)
class NotGraded:
    """Not graded, never a zero: a damaged notebook, a kernel that died, the time limit."""

    trainee: str
    reason: str
    findings: tuple[Finding, ...] = ()

    graded: ClassVar[bool] = False

    @classmethod
    def out_of_time(
        cls, trainee: str, limit: float, findings: tuple[Finding, ...] = ()
    ) -> NotGraded:
        return cls(trainee, time_limit_reason(limit), findings)

    def to_json(self) -> str:
        return json.dumps(
            {
                "trainee": self.trainee,
                "graded": False,
                "reason": self.reason,
                "findings": _findings_to_list(self.findings),
            }
        )

    @classmethod
    def from_json(cls, text: str) -> NotGraded:
        return cls._from_dict(json.loads(text))

    @classmethod
    def _from_dict(cls, data: dict[str, Any]) -> NotGraded:
        return cls(
            str(data["trainee"]),
            str(data["reason"] or "unknown error"),
            _findings_from_list(data["findings"]),
        )


JobResult = Graded | NotGraded


@dataclass(frozen=True)
class Hello:
    """A worker's first line: its pid, so the parent can kill it alone."""

    pid: int

    def to_json(self) -> str:
        return json.dumps({"pid": self.pid})


@dataclass(frozen=True)
class Ready:
    """The worker has read its configuration and its first kernel is booting."""

    def to_json(self) -> str:
        return json.dumps({"ready": True})


WorkerMessage = Hello | Ready | Graded | NotGraded


def read_message(line: str | bytes) -> WorkerMessage:
    """One line a worker wrote, as what it is."""
    data: dict[str, Any] = json.loads(line)
    if "graded" in data:
        return Graded._from_dict(data) if data["graded"] else NotGraded._from_dict(data)
    if "pid" in data:
        return Hello(int(data["pid"]))
    if data.get("ready"):
        return Ready()
    raise ValueError(f"not a grading worker's message: {line!r:.200}")
