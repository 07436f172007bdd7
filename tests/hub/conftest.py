"""The live hub fixtures, shared by every hub test of this folder (each made once)."""

from tests.hub.live import live_hub, released_exam  # noqa: F401  (fixtures, used by name)
