"""A trainee's exams as the portal shows them, from nbgrader's assignment listing.

`summarize` is pure: nbgrader's listing (released, fetched and submitted entries, one
per submission) in, one `ExamState` per exam out, with what the trainee can do next.
`Exchange` runs the listing, fetch, submit and feedback through nbgrader's own
`AssignmentList` manager, in the trainee's process, so every file is theirs.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from frontline.core.errors import FrontlineError


@dataclass(frozen=True)
class ExamState:
    exam_id: str
    released: bool = False  # in the exchange now (can be fetched)
    fetched: bool = False  # a copy is in the trainee's home
    notebooks: tuple[str, ...] = ()  # paths relative to the home, to open in Voilà
    submitted_at: str | None = None  # the latest submission's time
    submissions: int = 0
    feedback_ready: bool = False  # returned by the trainer, not fetched yet
    feedback: tuple[str, ...] = field(default=())  # fetched feedback pages, relative paths

    @property
    def can_fetch(self) -> bool:
        return self.released and not self.fetched

    @property
    def can_submit(self) -> bool:
        return self.fetched


def _relative(path: str, home: Path) -> str:
    if not Path(path).is_absolute():
        return path  # nbgrader already made it relative to the home folder
    try:
        return str(Path(path).resolve().relative_to(home.resolve()))
    except ValueError:
        return path


def summarize(listing: list[dict[str, Any]], home: Path) -> list[ExamState]:
    """One state per exam id, in id order, from nbgrader's `list_assignments` value."""
    states: dict[str, dict[str, Any]] = {}
    for entry in listing:
        exam = states.setdefault(entry["assignment_id"], {"exam_id": entry["assignment_id"]})
        status = entry.get("status")
        if status == "released":
            exam["released"] = True
        elif status == "fetched":
            exam["released"] = True
            exam["fetched"] = True
            books = entry.get("notebooks", [])
            exam["notebooks"] = tuple(_relative(n["path"], home) for n in books)
        elif status == "submitted":
            # nbgrader groups the submitted listing: one entry per exam, its
            # submissions (oldest first) each with a timestamp and notebooks
            submissions = entry.get("submissions", [])
            exam["submissions"] = exam.get("submissions", 0) + len(submissions)
            for submission in submissions:
                stamp = str(submission.get("timestamp", ""))
                if stamp < exam.get("submitted_at", ""):
                    continue
                exam["submitted_at"] = stamp
                books = submission.get("notebooks", [])
                exam["feedback_ready"] = any(
                    n.get("has_exchange_feedback")
                    and (not n.get("has_local_feedback") or n.get("feedback_updated"))
                    for n in books
                )
                exam["feedback"] = tuple(
                    _relative(n["local_feedback_path"], home)
                    for n in books
                    if n.get("has_local_feedback") and n.get("local_feedback_path")
                )
    return [ExamState(**states[key]) for key in sorted(states)]


class Exchange:
    """nbgrader's assignment-list manager for one course, run as the current user."""

    def __init__(self, home: Path, course_id: str) -> None:
        from nbgrader.server_extensions.assignment_list.handlers import AssignmentList

        self.home = home
        self.course_id = course_id
        self._manager = AssignmentList()
        self._manager.root_dir = str(home)

    def _run(self, call: Any, *args: Any, what: str) -> Any:
        """Run a manager call from the home folder: nbgrader fetches into, and lists
        from, the working directory, which in a Voilà kernel is the notebook's."""
        before = os.getcwd()
        os.chdir(self.home)
        try:
            return self._check(call(*args), what)
        finally:
            os.chdir(before)

    def _check(self, answer: dict[str, Any], what: str) -> Any:
        if not answer.get("success"):
            detail = str(answer.get("value", "")).strip().splitlines()
            raise FrontlineError(f"{what} failed: {detail[-1] if detail else 'no reason given'}")
        return answer.get("value")

    def exams(self) -> list[ExamState]:
        value = self._run(self._manager.list_assignments, self.course_id, what="listing")
        return summarize(list(value), self.home)

    def fetch(self, exam_id: str) -> None:
        self._run(self._manager.fetch_assignment, self.course_id, exam_id, what="fetching")

    def submit(self, exam_id: str) -> None:
        self._run(self._manager.submit_assignment, self.course_id, exam_id, what="submitting")

    def fetch_feedback(self, exam_id: str) -> None:
        manager = self._manager
        self._run(manager.fetch_feedback, self.course_id, exam_id, what="fetching feedback")
