"""The live hub fixture, shared by every hub test of this folder (started once)."""

from tests.hub.live import live_hub  # noqa: F401  (a fixture, used by name)
