"""A grading worker's kernels: fresh per notebook, a spare only when more work will come."""

from __future__ import annotations

import ast
import asyncio
from pathlib import Path
from typing import Any

import pytest

from frontline.exams.grading.grading_kernel import lean_kernel_cmd
from frontline.exams.grading.kernel_pool import Kernel, KernelPool
from frontline.exams.grading.sandbox import Bubblewrap, NoSandbox, Sandbox

pytestmark = pytest.mark.nbgrader


def _run(pool: KernelPool, kernel: Kernel, code: str) -> str:
    """Run `code` on the kernel; what it printed."""
    printed: list[str] = []

    def collect(msg: dict[str, Any]) -> None:
        if msg["msg_type"] == "stream":
            printed.append(msg["content"]["text"])

    async def go() -> None:
        client = await kernel.client
        await client.execute_interactive(code, output_hook=collect, timeout=30)

    pool.loop.run_until_complete(asyncio.wait_for(go(), 60))
    return "".join(printed).strip()


@pytest.fixture()
def pool(tmp_path: Path) -> Any:
    course = tmp_path / "course"
    course.mkdir()
    bubblewrap = Bubblewrap()
    sandbox: Sandbox = NoSandbox() if bubblewrap.why_unavailable() else bubblewrap
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    made = KernelPool(sandbox.for_course([course]), scratch)
    yield made
    made.close()


@pytest.fixture()
def answered(tmp_path: Path) -> Path:
    """A submission folder holding an answers file."""
    submission = tmp_path / "submission"
    submission.mkdir()
    (submission / "answers.json").write_text("{}", encoding="utf-8")
    return submission


def test_without_a_spare_the_next_notebook_still_gets_a_fresh_kernel(
    pool: KernelPool, answered: Path
) -> None:
    submission = answered
    pool.boot_spare = False
    first = pool.take(submission)
    assert pool.spare is None  # nothing boots for a job that will not come
    check = "import os, sys; print(sys.modules.get('debugpy'), sys.path[0], os.listdir('.'))"
    # The lean launcher skipped debugpy and, like ipykernel_launcher, took the working
    # directory off the front of sys.path; the submission's files are there.
    debugpy, first_path, files = _run(pool, first, check).split(" ", 2)
    assert (debugpy, files) == ("None", "['answers.json']") and first_path not in ("", ".")
    pool.finish(first)
    second = pool.take(submission)  # booted now, on the critical path, but working
    assert second is not first
    assert _run(pool, second, "print(sum(range(10)))") == "45"
    pool.boot_spare = True
    pool.finish(second)
    third = pool.take(submission)
    assert pool.spare is not None and pool.spare is not third
    pool.finish(third)


def test_a_submission_cannot_stand_in_for_the_grading_code(
    pool: KernelPool, tmp_path: Path
) -> None:
    # Collecting drops .py files (exams/nbgrader_config.py); this is the second line:
    # the kernel imports the grading code before the submission is on sys.path.
    submission = tmp_path / "submission"
    fake = submission / "frontline" / "exams"
    fake.mkdir(parents=True)
    for folder in (submission / "frontline", fake):
        (folder / "__init__.py").write_text("", encoding="utf-8")
    (fake / "grading.py").write_text("def score_single(*a, **k): print('FULL MARKS')\n")
    kernel = pool.take(submission)
    check = "import frontline.exams.grading as g, os; print(g.__file__.startswith(os.getcwd()))"
    assert _run(pool, kernel, check) == "False"
    pool.finish(kernel)


def test_lean_kernel_cmd_replaces_only_the_ipykernel_launcher() -> None:
    cmd = ["/venv/bin/python", "-m", "ipykernel_launcher", "-f", "c.json"]
    lean = lean_kernel_cmd(cmd, ["frontline.exams.grading"])
    assert lean[0] == "/venv/bin/python" and lean[1] == "-c" and lean[3:] == ["-f", "c.json"]
    assert "launch_new_instance" in lean[2] and "import frontline.exams.grading\n" in lean[2]
    with pytest.raises(ValueError, match="not a module name"):
        lean_kernel_cmd(cmd, ["os; import shutil"])
    other = ["/usr/bin/R", "--slave", "-e", "IRkernel::main()", "c.json"]
    assert lean_kernel_cmd(other) == other


def test_pooled_execute_runs_the_notebook_on_a_pooled_kernel_and_finishes_it(
    pool: KernelPool, answered: Path
) -> None:
    import nbformat

    from frontline.exams.grading.patches import pooled_execute

    pool.boot_spare = False
    execute = pooled_execute(pool)(timeout=30)
    nb = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell("import os; print(os.listdir('.'))")]
    )
    ran, _ = execute.preprocess(nb, {"metadata": {"path": str(answered)}})
    assert ran.cells[0].outputs[0]["text"].strip() == "['answers.json']"
    # under nbgrader's autograde the run folder also says whose submission it is
    graded = {"metadata": {"path": str(answered)}, "nbgrader": {"student": "t1", "assignment": "x"}}
    listed = execute.preprocess(nb, graded)[0].cells[0].outputs[0]["text"].strip()
    assert sorted(ast.literal_eval(listed)) == [".frontline-grading.json", "answers.json"]
    assert pool.count == 2 and pool.current is None  # each kernel killed once its notebook ran
    assert execute.km is None and execute.kc is None
