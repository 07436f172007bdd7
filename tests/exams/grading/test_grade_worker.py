"""The grading worker's shortcuts keep nbgrader's behaviour."""

from __future__ import annotations

import subprocess
import sys

import pytest

pytestmark = pytest.mark.nbgrader

CHECK = """
import jsonschema
from nbformat.v4 import new_code_cell
from nbgrader.nbgraderformat import MetadataValidator
from frontline.exams.grading.patches import reuse_metadata_validators

reuse_metadata_validators()
validator = MetadataValidator()
good = new_code_cell("x = 1", metadata={"nbgrader": {
    "schema_version": 3, "grade": True, "solution": False, "locked": True,
    "task": False, "grade_id": "q01", "points": 2}})
validator.validate_cell(good)
validator.validate_cell(good)  # the kept validator, second time
bad = new_code_cell("x = 1", metadata={"nbgrader": {
    "schema_version": 3, "grade": True, "solution": False, "locked": True,
    "task": False, "grade_id": "q01", "points": "lots"}})
try:
    MetadataValidator().validate_cell(bad)
except jsonschema.ValidationError as exc:
    print("refused:", exc.message)
"""


def test_cell_metadata_is_still_validated_after_the_schema_is_kept() -> None:
    # In a child process: the worker patches nbgrader for its own process only.
    done = subprocess.run(
        [sys.executable, "-c", CHECK], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "refused: 'lots' is not of type 'number'", done.stderr
