"""Start-up work that grading processes can skip.

jsonschema, which nbformat imports, registers a checker for the "iri" string format
through `rfc3987_syntax` when that package is installed (jupyter_events' format
extras bring it), and that module compiles an Earley grammar when imported: about
1.3 s of CPU in every process that reads a notebook, before it does anything.
nbformat and nbgrader never validate with format checkers, so `frontline exams
grade` (its parent and each worker) blocks that one import; jsonschema then simply
does not register the "iri" checker. A plain `nbgrader` process still pays it.
"""

from __future__ import annotations

import sys

UNUSED = ("rfc3987_syntax",)


def skip_unused_imports() -> None:
    """Call before anything imports jsonschema (no effect once it is imported)."""
    if "jsonschema" in sys.modules:
        return
    for name in UNUSED:
        sys.modules.setdefault(name, None)  # type: ignore[arg-type]
