"""Role-play: scenarios as data, a pure engine that scores a play, reply analysis,
transcripts that can always be rescored, and a thin widget on top.

Notebooks call `play(scenario_id)`, `rewrite(exercise_id)` and
`progress_banner(module)`; those load ipywidgets only when called.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from frontline.roleplay.engine import MODES, Mode, Play, PlayError, Turn
from frontline.roleplay.lexicon import DEFAULT_LEXICON, Entry, Lexicon, Move, load_lexicon
from frontline.roleplay.loader import (
    DEFAULT_SCENARIOS,
    find_scenario,
    load_scenario,
    load_scenarios,
)
from frontline.roleplay.model import (
    DIMENSIONS,
    Branch,
    Choice,
    Cost,
    Ending,
    ReplyStep,
    Scenario,
    Step,
)  # fmt: skip
from frontline.roleplay.problems import ContentError
from frontline.roleplay.replies import Finding, ReplyAnalysis, analyse
from frontline.roleplay.scoring import Moment, RoleplayResult
from frontline.roleplay.transcript import (
    Transcript,
    load_transcript,
    rescore,
    save_transcript,
    transcript_of,
)

if TYPE_CHECKING:
    from frontline.roleplay.progress import progress_banner
    from frontline.roleplay.rewrite_widget import rewrite
    from frontline.roleplay.widget import play

__all__ = [
    "DEFAULT_LEXICON", "DEFAULT_SCENARIOS", "DIMENSIONS", "MODES", "Branch", "Choice",
    "ContentError", "Cost", "Ending", "Entry", "Finding", "Lexicon", "Mode", "Moment", "Move",
    "Play", "PlayError", "ReplyAnalysis", "ReplyStep", "RoleplayResult", "Scenario", "Step",
    "Transcript", "Turn", "analyse", "find_scenario", "load_lexicon", "load_scenario",
    "load_scenarios", "load_transcript", "play", "progress_banner", "rescore", "rewrite",
    "save_transcript", "transcript_of",
]  # fmt: skip

_LAZY = {"play": "widget", "rewrite": "rewrite_widget", "progress_banner": "progress"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from importlib import import_module

        return getattr(import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(name)
