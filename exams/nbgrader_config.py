"""nbgrader settings for the Frontline course (this folder is the course directory).

Paths are relative to this file so the course works wherever the repository is
cloned. For many graders, point FRONTLINE_DB_URL at PostgreSQL, e.g.
postgresql+psycopg://user:pass@host/frontline.
"""

import os
import tempfile
from pathlib import Path

c = get_config()  # type: ignore[name-defined]  # noqa: F821  (injected by traitlets)

HERE = Path(__file__).resolve().parent
REPO = HERE.parent

c.CourseDirectory.course_id = "frontline"
c.CourseDirectory.root = str(HERE)
c.CourseDirectory.db_url = os.environ.get(
    "FRONTLINE_DB_URL", f"sqlite:///{REPO / 'gradebook' / 'gradebook.db'}"
)

# The local exchange: a folder inside the repository (git-ignored) standing in for
# the shared folder JupyterHub users would see.
# On the hub (`make hub`) the exchange is a shared folder outside the course, which
# trainees cannot enter; the hub names it in FRONTLINE_EXCHANGE for every server.
c.Exchange.root = os.environ.get("FRONTLINE_EXCHANGE") or str(HERE / "exchange")


def _kernel_socket_prefix() -> str:
    """A socket folder of this process's own: graders running side by side must never
    pick the same socket file (jupyter_client numbers them per prefix). Folders left
    by processes that have ended are deleted when `frontline exams grade` starts, not
    here: this file is read by every tool, many times per command."""
    base = Path(tempfile.gettempdir()) / f"frontline-kernels-{os.getuid()}"
    base.mkdir(mode=0o700, exist_ok=True)
    mine = base / str(os.getpid())
    mine.mkdir(mode=0o700, exist_ok=True)
    return str(mine / "kernel")


# Kernels that grade submissions talk over Unix sockets in a private folder instead
# of TCP: no open port, and ipykernel's plain-TCP warning goes away.
c.KernelManager.transport = "ipc"
c.KernelManager.ip = _kernel_socket_prefix()

# Trainees never write code, so nothing a trainee submits may run or be imported while
# grading: Python files are never collected (one named like a module, e.g. json.py,
# would shadow it in the grading kernel), and code cells the exam does not have are
# removed before the notebook runs (frontline.exams.nbgrader_plugins).
c.CourseDirectory.ignore = [
    ".ipynb_checkpoints",
    "__pycache__",
    "feedback",
    "*.py",
    "*.pyc",
    "*.pyw",
    "*.so",
    "*.pyd",
    # Written by the grader (whose submission a kernel grades); never a trainee's copy.
    ".frontline-grading.json",
]
c.Autograde.sanitize_preprocessors = [
    "nbgrader.preprocessors.ClearOutput",
    "nbgrader.preprocessors.DeduplicateIds",
    "nbgrader.preprocessors.OverwriteKernelspec",
    "frontline.exams.nbgrader_plugins.DropAddedCodeCells",
    # Tampered cells (renamed, duplicated, retyped, deleted) would make OverwriteCells
    # fail; this leaves it only what it can restore (`frontline exams grade` adds it to
    # any course).
    "frontline.exams.nbgrader_plugins.RepairForRestore",
    "nbgrader.preprocessors.OverwriteCells",
    "nbgrader.preprocessors.CheckCellMetadata",
]
# A deleted exam cell is put back (and graded as released) instead of scoring nothing;
# `frontline exams grade` also flags it.
c.OverwriteCells.add_missing_cells = True

# Role-play scenarios are released as the player's copy (no costs, feedback or model
# procedure): the trainer's copy is the answer key. Runs after every generate_assignment,
# from the frontline pipeline, nbgrader's command line or formgrader.
c.GenerateAssignment.post_convert_hook = "frontline.exams.release_copies.nbgrader_post_generate"

# nbgrader's feedback pages show the graded notebook, whose test cells hold the key
# and whose task cells hold the trainer's rubric (autograde restores both); they are
# stripped here so formgrader's feedback button is safe too. Feedback folders also get
# every file of the graded submission, where scenarios are the trainer's copies again.
c.GenerateFeedback.preprocessors = [
    "nbgrader.preprocessors.GetGrades",
    "nbgrader.preprocessors.ClearHiddenTests",
    "nbgrader.preprocessors.ClearMarkScheme",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
]
c.GenerateFeedback.post_convert_hook = "frontline.exams.release_copies.nbgrader_post_feedback"

# Limits for running a trainee's notebook while grading.
c.ExecutePreprocessor.timeout = 60
c.ExecutePreprocessor.startup_timeout = 60

# What trainees see in a written-answer box.
c.ClearSolutions.text_stub = "在此作答 · Write your answer here"
