"""Every internal of a third-party package that Frontline replaces, wraps or copies.

Grading is fast because the grading worker reaches inside nbgrader, nbclient and
jupyter_client (see exams/grade_worker.py, exams/grading_kernel.py). A new release
may change such an internal without notice, and then grading could go wrong quietly.
So pyproject.toml bounds those packages, and this table records, for each internal,
what we do with it and a fingerprint of its source as we read it. `require_internals`
runs before any grading; if a fingerprint differs it stops with a message naming the
function, the installed version and what to do, instead of grading with a patch
that no longer fits. `python -m frontline.exams.grading.patches` prints the table, fresh
fingerprints included, for the engineer who has re-read a changed function.
"""

from __future__ import annotations

import hashlib
import importlib
import inspect
import sys
from dataclasses import dataclass
from importlib import metadata

from frontline.core.errors import FrontlineError


@dataclass(frozen=True)
class Internal:
    distribution: str  # the PyPI name, for the version in messages
    target: str  # "module:Qualified.name", or "module" for a whole module
    fingerprint: str  # first 16 hex digits of sha256 over the source, whitespace-folded
    used_by: str  # where our code depends on it
    why: str  # what we rely on


INTERNALS: tuple[Internal, ...] = (
    Internal(
        "nbclient", "nbclient.client:NotebookClient.async_start_new_kernel_client",
        "7b1346e16e0d48dc", "exams/grade_worker.py PooledExecute",
        "replaced for a pooled kernel: we repeat its set-up (kc, allow_stdin, the "
        "on_notebook_start hook) on a client that is already connected",
    ),
    Internal(
        "nbgrader", "nbgrader.preprocessors.execute:Execute.preprocess",
        "73f83f1c7708fd4c", "exams/grade_worker.py PooledExecute",
        "called with km= (a kernel manager that is already running); it must pass km "
        "on to nbclient and leave the kernel's shutdown to us",
    ),
    Internal(
        "nbgrader", "nbgrader.api:Gradebook.__init__",
        "a10dd892c40e5e3b", "exams/grade_worker.py _share_engine",
        "must create its engine through the module-global create_engine, which we "
        "replace so that one worker reuses one engine",
    ),
    Internal(
        "nbgrader", "nbgrader.nbgraderformat.common:BaseMetadataValidator.validate_cell",
        "347bd6b47c2931c7", "exams/grade_worker.py _reuse_metadata_validators",
        "must validate through the module attribute `jsonschema.validate`, which we "
        "replace with a validator built once",
    ),
    Internal(
        "jupyter_client", "jupyter_client.manager:KernelManager._async_launch_kernel",
        "52285d8e4c627cec", "exams/grading_kernel.py SandboxedKernelManager",
        "overridden to put the kernel command inside bubblewrap; it must still only "
        "start the provisioner with the command and keyword arguments",
    ),
    Internal(
        "ipykernel", "ipykernel_launcher",
        "4e558f5255d5ae56", "exams/grading_kernel.py lean_kernel_cmd",
        "replaced by our launcher, which does the same (drop the cwd from sys.path, "
        "launch kernelapp) after freezing what it imported",
    ),
)


class PatchedInternalChanged(FrontlineError):
    """An internal we patch is not the one we read: grading would not be trustworthy."""


def _resolve(target: str) -> object:
    module_name, _, qualname = target.partition(":")
    found: object = importlib.import_module(module_name)
    for part in filter(None, qualname.split(".")):
        found = getattr(found, part)
    return found


def fingerprint(target: str) -> str:
    """A hash of the target's source that ignores indentation and blank lines."""
    source = inspect.getsource(_resolve(target))  # type: ignore[arg-type]
    folded = "\n".join(line.strip() for line in source.splitlines() if line.strip())
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()[:16]


def _version(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "not installed"


def changed_internals(internals: tuple[Internal, ...] | None = None) -> list[str]:
    """One line per internal that is missing or whose source differs from what we read."""
    problems: list[str] = []
    for internal in INTERNALS if internals is None else internals:
        version = _version(internal.distribution)
        try:
            now = fingerprint(internal.target)
        except (ImportError, AttributeError, OSError, TypeError) as error:
            problems.append(
                f"{internal.target} ({internal.distribution} {version}) cannot be read: {error}"
            )
            continue
        if now != internal.fingerprint:
            problems.append(
                f"{internal.target} ({internal.distribution} {version}) changed "
                f"(fingerprint {now}, expected {internal.fingerprint}); used by "
                f"{internal.used_by}: {internal.why}"
            )
    return problems


def require_internals() -> None:
    """Stop before grading when a patched internal is not the one we read."""
    problems = changed_internals()
    if problems:
        raise PatchedInternalChanged(
            "grading patches third-party code that has changed:\n  "
            + "\n  ".join(problems)
            + "\nInstall the versions in requirements.lock (`make test` or `make demo` "
            "does), or re-read each function, adapt the patch and update its fingerprint "
            "in tools/frontline/exams/grading/patches.py "
            "(`python -m frontline.exams.grading.patches`)."
        )


def main() -> int:
    for internal in INTERNALS:
        try:
            now = fingerprint(internal.target)
        except (ImportError, AttributeError, OSError, TypeError) as error:
            now = f"unreadable: {error}"
        mark = "ok" if now == internal.fingerprint else "CHANGED"
        print(f"{mark:8} {internal.target}  {now}  ({internal.distribution} "
              f"{_version(internal.distribution)})")  # fmt: skip
    return 0 if not changed_internals() else 1


if __name__ == "__main__":
    sys.exit(main())
