"""Every internal of a third-party package that Frontline replaces, wraps or copies,
and the patches themselves.

Grading is fast because the grading worker reaches inside nbgrader, nbclient and
jupyter_client. A new release may change such an internal without notice, and then
grading could go wrong quietly. So pyproject.toml bounds those packages, and this
table records, for each internal, what we do with it and a fingerprint of its source
as we read it. `require_internals` runs before any grading, and each patch below
checks the internals it relies on before it applies itself; if a fingerprint
differs, either stops with a message naming the function, the installed version
and what to do, instead of grading with a patch that no longer fits.
`python -m frontline.exams.grading.patches` prints the table, fresh fingerprints
included, for the engineer who has re-read a changed function.

The patches (`share_engine`, `reuse_metadata_validators`, `pooled_execute`) change
the worker process that calls them, never another; the overrides that are part of
the sandbox (grading_kernel.py) are listed in the table too.
"""

from __future__ import annotations

import hashlib
import importlib
import inspect
import json
import sys
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from frontline.core.errors import FrontlineError

if TYPE_CHECKING:
    from frontline.exams.grading.kernel_pool import Kernel, KernelPool


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
        "7b1346e16e0d48dc", "patches.pooled_execute",
        "replaced for a pooled kernel: we repeat its set-up (kc, allow_stdin, the "
        "on_notebook_start hook) on a client that is already connected",
    ),
    Internal(
        "nbgrader", "nbgrader.preprocessors.execute:Execute.preprocess",
        "73f83f1c7708fd4c", "patches.pooled_execute",
        "called with km= (a kernel manager that is already running); it must pass km "
        "on to nbclient and leave the kernel's shutdown to us",
    ),
    Internal(
        "nbgrader", "nbgrader.api:Gradebook.__init__",
        "a10dd892c40e5e3b", "patches.share_engine",
        "must create its engine through the module-global create_engine, which we "
        "replace so that one worker reuses one engine",
    ),
    Internal(
        "nbgrader", "nbgrader.nbgraderformat.common:BaseMetadataValidator.validate_cell",
        "347bd6b47c2931c7", "patches.reuse_metadata_validators",
        "must validate through the module attribute `jsonschema.validate`, which we "
        "replace with a validator built once",
    ),
    Internal(
        "jupyter_client", "jupyter_client.manager:KernelManager._async_launch_kernel",
        "52285d8e4c627cec", "grading_kernel.SandboxedKernelManager",
        "overridden to put the kernel command inside bubblewrap; it must still only "
        "start the provisioner with the command and keyword arguments",
    ),
    Internal(
        "ipykernel", "ipykernel_launcher",
        "4e558f5255d5ae56", "grading_kernel.lean_kernel_cmd",
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


# The internals this process has found as we read them: a worker forked after its
# host checked every internal does not read the sources again.
_verified: set[Internal] = set()


def _require(internals: tuple[Internal, ...]) -> None:
    problems = changed_internals(tuple(i for i in internals if i not in _verified))
    if problems:
        raise PatchedInternalChanged(
            "grading patches third-party code that has changed:\n  "
            + "\n  ".join(problems)
            + "\nInstall the versions in requirements.lock (`make test` or `make demo` "
            "does), or re-read each function, adapt the patch and update its fingerprint "
            "in tools/frontline/exams/grading/patches.py "
            "(`python -m frontline.exams.grading.patches`)."
        )
    _verified.update(internals)


def require_internals() -> None:
    """Stop before grading when a patched internal is not the one we read."""
    _require(INTERNALS)


def _guard(patch: str) -> None:
    """Stop before `patch` applies itself when an internal it relies on has changed."""
    _require(tuple(i for i in INTERNALS if i.used_by == f"patches.{patch}"))


def share_engine(db_url: str) -> None:
    """Make nbgrader's Gradebook reuse one SQLAlchemy engine for `db_url` (this process).

    nbgrader opens a new Gradebook (a new engine) some six times per submission, and a
    new engine compiles every query again; one engine keeps the compiled statements.
    """
    _guard("share_engine")
    import nbgrader.api

    create = nbgrader.api.create_engine
    shared = create(db_url, echo=False, future=True)

    def create_engine(url: Any, *args: Any, **kwargs: Any) -> Any:
        # dispose() at Gradebook.close only empties the connection pool; the
        # engine, and its cache of compiled statements, stay usable.
        return shared if str(url) == db_url else create(url, *args, **kwargs)

    nbgrader.api.create_engine = create_engine


def reuse_metadata_validators() -> None:
    """Make nbgrader check its cell metadata schema once per process, not once per cell.

    nbgrader validates each grade cell's metadata with `jsonschema.validate`, which
    first validates the schema itself against the JSON Schema meta-schema: most of
    the worker's own CPU per submission went there. The schema is nbgrader's
    packaged v3.json, so the check is done on first use and its validator kept;
    every cell is still validated exactly as before (this process only).
    """
    _guard("reuse_metadata_validators")
    import jsonschema
    from nbgrader.nbgraderformat import common

    validators: dict[str, Any] = {}

    def validate(instance: Any, schema: dict[str, Any]) -> None:
        key = json.dumps(schema, sort_keys=True)
        validator = validators.get(key)
        if validator is None:
            cls = jsonschema.validators.validator_for(schema)
            cls.check_schema(schema)
            validator = validators[key] = cls(schema)
        # As jsonschema.validate does: raise the most relevant error, not the first.
        error = jsonschema.exceptions.best_match(validator.iter_errors(instance))
        if error is not None:
            raise error

    class _Jsonschema:  # what common.py uses of the jsonschema module
        ValidationError = jsonschema.ValidationError

    _Jsonschema.validate = staticmethod(validate)  # type: ignore[attr-defined]
    common.jsonschema = _Jsonschema


def pooled_execute(pool: KernelPool) -> type:
    """nbgrader's Execute step, running each notebook on a kernel from `pool` that
    booted and answered before the notebook came (see kernel_pool.py).

    Execute.preprocess is called with `km=` (the pooled kernel's manager), and
    nbclient's start of a kernel client is replaced by taking the client the pool
    has already connected, with the same set-up nbclient would do on it.
    """
    _guard("pooled_execute")
    from jupyter_core.utils import run_sync
    from nbclient.util import run_hook
    from nbformat.notebooknode import NotebookNode
    from nbgrader.preprocessors import Execute

    from frontline.exams.grading.identity import GradingIdentity, write_identity

    class PooledExecute(Execute):  # type: ignore[misc]
        _pooled: Kernel | None = None

        def preprocess(
            self, nb: NotebookNode, resources: Any, km: Any = None
        ) -> tuple[NotebookNode, Any]:
            kernel = self._pooled = pool.take(Path(resources["metadata"]["path"]))
            # The run folder is no longer autograded/<student>/<assignment>: say whose
            # submission this is, for pooled hidden tests (grading.identity).
            graded = resources.get("nbgrader", {})
            if graded.get("student") and graded.get("assignment"):
                write_identity(
                    kernel.run_dir,
                    GradingIdentity(str(graded["student"]), str(graded["assignment"])),
                )
            try:
                return super().preprocess(nb, resources, km=kernel.km)  # type: ignore[no-any-return]
            finally:
                self.kc = self.km = self._pooled = None
                pool.finish(kernel)

        async def async_start_new_kernel_client(self) -> Any:
            if self._pooled is None:
                return await super().async_start_new_kernel_client()
            client = self.kc = await self._pooled.client
            client.allow_stdin = False
            await run_hook(self.on_notebook_start, notebook=self.nb)
            return client

        # nbclient binds the blocking wrapper to its own coroutine: rebind it to this one.
        start_new_kernel_client = run_sync(async_start_new_kernel_client)

    return PooledExecute


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
