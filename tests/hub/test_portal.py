"""The portal's reading of nbgrader's listing (the shapes nbgrader 0.9 returns)."""

from __future__ import annotations

from pathlib import Path

from frontline.hub.portal.exams import summarize
from frontline.hub.portal.notebook import portal_notebook

HOME = Path("/home/t001")


def _submission(stamp: str, feedback: bool = False, fetched: bool = False) -> dict[str, object]:
    return {"timestamp": stamp, "status": "submitted", "notebooks": [{
        "notebook_id": "exam", "has_exchange_feedback": feedback,
        "has_local_feedback": fetched, "feedback_updated": False,
        "local_feedback_path": f"exam/feedback/{stamp}/exam.html" if fetched else None,
    }]}  # fmt: skip


def test_released_fetched_and_grouped_submissions() -> None:
    listing = [
        {"assignment_id": "b-exam", "status": "released", "notebooks": []},
        {"assignment_id": "exam", "status": "fetched",
         "notebooks": [{"path": str(HOME / "exam" / "exam.ipynb")}]},
        {"assignment_id": "exam", "status": "submitted", "submissions": [
            _submission("2026-11-02 09:00:00 UTC"),
            _submission("2026-11-03 10:00:00 UTC", feedback=True),
        ]},
    ]  # fmt: skip
    first, later = summarize(listing, HOME)  # in id order
    assert (first.exam_id, first.can_fetch, first.can_submit) == ("b-exam", True, False)
    assert later.notebooks == ("exam/exam.ipynb",)
    assert later.submissions == 2 and later.submitted_at == "2026-11-03 10:00:00 UTC"
    assert later.feedback_ready and later.feedback == ()
    assert later.can_submit and not later.can_fetch


def test_fetched_feedback_is_a_link_and_not_ready_again() -> None:
    stamp = "2026-11-03 10:00:00 UTC"
    listing = [{"assignment_id": "exam", "status": "submitted",
                "submissions": [_submission(stamp, feedback=True, fetched=True)]}]  # fmt: skip
    (exam,) = summarize(listing, HOME)
    assert exam.feedback == (f"exam/feedback/{stamp}/exam.html",)
    assert not exam.feedback_ready and not exam.can_submit


def test_the_portal_notebook_is_one_cell_that_shows_the_portal() -> None:
    import nbformat

    nb = nbformat.reads(portal_notebook(), as_version=4)
    assert [c.cell_type for c in nb.cells] == ["code"]
    assert "show_portal()" in nb.cells[0].source
