"""What every HR output states about itself: cycle, policy, date, software, assumptions."""

from __future__ import annotations

from dataclasses import dataclass

from frontline.core.i18n import Text
from frontline.hr.policy.model import Cutoffs


@dataclass(frozen=True)
class ReportMeta:
    cycle: str
    policy_version: str
    policy_digest: str
    generated: str  # "2026-11-22 12:30 UTC"; a rebuild keeps the original date
    software_version: str
    cutoffs: Cutoffs
    team: str | None = None  # the --team filter, if one was given
    anonymized: bool = False
    assumptions: tuple[Text, ...] = ()  # what the reader assumed (default mappings)
    notes: tuple[Text, ...] = ()  # what evaluation could not place (unknown exams, strangers)
    rebuilt: str | None = None  # when a rebuild from a decision record happened

    @property
    def scope(self) -> Text:
        if self.team:
            return Text(zh=f"团队：{self.team}", en=f"team: {self.team}")
        return Text(zh="全部团队", en="all teams")
