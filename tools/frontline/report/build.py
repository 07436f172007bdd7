"""Build the HR report files from a `CohortResult`: render everything, then write atomically.

Every output is rendered in memory first, so a failure while drawing or rendering
leaves the output folder untouched; each file then lands by write-temp-then-rename,
and the per-trainee pages are swapped in as a whole folder.
"""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
import tempfile
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from frontline import __version__
from frontline.core.atomic import write_bytes_atomic
from frontline.core.errors import FrontlineError
from frontline.hr.certificates.code import record_id_of
from frontline.hr.policy.model import Policy
from frontline.hr.rules.outcomes import CohortResult, ItemScore
from frontline.report.anonymize import anonymize_result
from frontline.report.meta import ReportMeta
from frontline.report.sections import HrSections, certify
from frontline.report.snapshot import DecisionRecord, PolicyRecord, record_to_json
from frontline.report.table import build_table, tier_counts, to_csv

Progress = Callable[[str], None]
HTML_FILE = "report.html"
EXCEL_FILE = "report.xlsx"
CSV_FILE = "report.csv"
RECORD_FILE = "decision-record.json"
PAGES_DIR = "trainees"
CERTIFICATES_DIR = "certificates"
_SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,80}$")


@dataclass(frozen=True)
class ReportFiles:
    out_dir: Path
    csv: Path
    record: Path
    html: Path | None = None
    excel: Path | None = None
    trainee_pages: Path | None = None  # a folder with one page per trainee
    page_count: int = 0
    counts: dict[str, int] = dataclasses.field(default_factory=dict)  # trainees per tier
    certificates: tuple[Path, ...] = ()  # one PDF per certificate issued
    sections: HrSections | None = None

    @property
    def files(self) -> list[Path]:
        return [p for p in (self.html, self.excel, self.csv, self.record) if p is not None]


def now_stamp() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")


def filter_team(result: CohortResult, team: str) -> CohortResult:
    """Only one team's trainees, in the results and in the recorded inputs alike."""
    teams = sorted({o.trainee.team for o in result.outcomes})
    if team not in teams:
        raise FrontlineError(f"no trainee is in team {team!r}; teams are: {', '.join(teams)}")
    ids = {o.trainee.trainee_id for o in result.outcomes if o.trainee.team == team}
    inputs = result.inputs
    return dataclasses.replace(
        result,
        outcomes=tuple(o for o in result.outcomes if o.trainee.trainee_id in ids),
        inputs=dataclasses.replace(
            inputs,
            trainees=tuple(t for t in inputs.trainees if t.trainee_id in ids),
            scores=tuple(s for s in inputs.scores if s.trainee_id in ids),
            items=tuple(i for i in inputs.items if i.trainee_id in ids),
        ),
    )


def page_name(trainee_id: str) -> str:
    if _SAFE_NAME.match(trainee_id):
        return f"{trainee_id}.html"
    import hashlib

    return "t-" + hashlib.sha256(trainee_id.encode("utf-8")).hexdigest()[:16] + ".html"


def _policy_text(policy: Policy, text: str | None) -> str:
    if text is not None:
        return text
    if policy.text:
        return policy.text
    if not policy.source:
        raise FrontlineError("the policy has no source file; pass its text to build_report")
    return Path(policy.source).read_bytes().decode("utf-8")


def _swap_folder(staging: Path, target: Path) -> None:
    """Put a fully written folder in place of the old one (old one removed after)."""
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}.old-{os.getpid()}")
        target.rename(old)
    staging.rename(target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _write_folder(out_dir: Path, folder: str, files: dict[str, bytes]) -> None:
    """Write `files` into a staging folder, then swap it in for `out_dir/folder`."""
    staging = Path(tempfile.mkdtemp(prefix=f".{folder}.", dir=out_dir))
    staging.chmod(0o755)  # mkdtemp makes it private; HR shares these files
    try:
        for name, data in files.items():
            (staging / name).write_bytes(data)
        _swap_folder(staging, out_dir / folder)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _items_by_trainee(items: tuple[ItemScore, ...], cycle: str) -> dict[str, list[ItemScore]]:
    by_trainee: dict[str, list[ItemScore]] = defaultdict(list)
    for item in items:
        if item.cycle == cycle:
            by_trainee[item.trainee_id].append(item)
    return by_trainee


def build_report(
    result: CohortResult,
    out_dir: Path,
    *,
    policy: Policy,
    policy_text: str | None = None,
    team: str | None = None,
    anonymize_key: bytes | None = None,
    anonymized: bool = False,
    csv_only: bool = False,
    trainee_pages: bool = True,
    generated: str | None = None,
    rebuilt: str | None = None,
    record_json: str | None = None,
    progress: Progress | None = None,
    sections: HrSections | None = None,
) -> ReportFiles:
    """Write the HR report for `result` into `out_dir` and return what was written.

    `anonymize_key` (see `anonymize.load_or_create_key`) replaces ids and names by
    pseudonyms everywhere, the decision record included; `anonymized` says the result
    already holds pseudonyms (a rebuild of an anonymised record). `record_json`, given
    by a rebuild, is written back unchanged instead of a new record. `sections`
    (onboarding, KPI ranking) add their parts to the page and the record, and a
    certificate PDF for each excellent trainee and each cleared new hire; a
    pseudonymised report leaves them out, since they name people.
    """
    say = progress or (lambda _message: None)
    if team is not None:
        result = filter_team(result, team)
    if anonymize_key is not None:
        result = anonymize_result(result, anonymize_key)
        anonymized = True
        say("names and ids replaced by pseudonyms")
    generated = generated or now_stamp()
    if anonymized:
        sections = None
    meta = ReportMeta(
        cycle=result.cycle,
        policy_version=result.policy_version,
        policy_digest=result.policy_digest,
        generated=generated,
        software_version=__version__,
        cutoffs=policy.cutoffs,
        team=team,
        anonymized=anonymized,
        assumptions=result.inputs.assumptions,
        notes=result.notes,
        rebuilt=rebuilt,
    )
    if record_json is None:
        record_id = record_id_of(generated, result.cycle, result.policy_digest, team)
        if sections is not None:
            sections = dataclasses.replace(
                sections, certificates=certify(sections, result, record_id)
            )
        record = DecisionRecord(
            cycle=result.cycle,
            software_version=__version__,
            generated=generated,
            policy=PolicyRecord(
                version=result.policy_version,
                digest=result.policy_digest,
                text=_policy_text(policy, policy_text),
                filename=Path(policy.source).name if policy.source else "policy.yml",
            ),
            result=result,
            team=team,
            anonymized=anonymized,
            record_id=record_id,
            sections=sections,
        )
        record_json = record_to_json(record)
    table = build_table(result)
    say(f"table: {len(table.rows)} trainees")
    outputs: dict[str, bytes] = {
        # utf-8-sig: Excel on Windows reads the BOM and shows the Chinese names correctly.
        CSV_FILE: to_csv(table).encode("utf-8-sig"),
        RECORD_FILE: record_json.encode("utf-8"),
    }
    pages: dict[str, bytes] = {}
    if not csv_only:
        from frontline.report.charts import draw_charts
        from frontline.report.excel import to_xlsx
        from frontline.report.page import render_page
        from frontline.report.trainee_page import render_trainee_page

        inputs = result.inputs
        charts = draw_charts(
            table.outcomes, policy.cutoffs, inputs.scores, inputs.items, result.cycle, say
        )
        links: dict[str, str] = {}
        if trainee_pages:
            items = _items_by_trainee(inputs.items, result.cycle)
            total = len(table.outcomes)
            step = max(1, total // 10)
            for n, outcome in enumerate(table.outcomes, start=1):
                tid = outcome.trainee.trainee_id
                name = page_name(tid)
                links[tid] = f"{PAGES_DIR}/{name}"
                pages[name] = render_trainee_page(outcome, items.get(tid, []), meta).encode()
                if n % step == 0 or n == total:
                    say(f"trainee pages {n}/{total}")
        outputs[HTML_FILE] = render_page(table, charts, meta, links, sections).encode("utf-8")
        say("HTML report rendered")
        outputs[EXCEL_FILE] = to_xlsx(table, meta)
        say("Excel workbook rendered")
    certificates: dict[str, bytes] = {}
    if sections is not None and sections.certificates:
        from frontline.hr.certificates.pdf import render_certificate

        for cert in sections.certificates:
            certificates[cert.file_name] = render_certificate(cert)
        say(f"certificates: {len(certificates)} PDF(s)")

    out_dir.mkdir(parents=True, exist_ok=True)
    if pages:
        _write_folder(out_dir, PAGES_DIR, pages)
    for name, data in outputs.items():
        write_bytes_atomic(out_dir / name, data)
    if sections is not None:
        # The folder is swapped whole, as the pages are: a certificate left from an
        # earlier run names a decision record this folder no longer holds.
        _write_folder(out_dir, CERTIFICATES_DIR, certificates)
    if csv_only:
        stale = [n for n in (HTML_FILE, EXCEL_FILE, PAGES_DIR) if (out_dir / n).exists()]
        if stale:
            say(f"note: {', '.join(stale)} in {out_dir} are from an earlier run, not this one")
    return ReportFiles(
        out_dir=out_dir,
        csv=out_dir / CSV_FILE,
        record=out_dir / RECORD_FILE,
        html=out_dir / HTML_FILE if HTML_FILE in outputs else None,
        excel=out_dir / EXCEL_FILE if EXCEL_FILE in outputs else None,
        trainee_pages=out_dir / PAGES_DIR if pages else None,
        page_count=len(pages),
        counts=tier_counts(table.outcomes),
        certificates=tuple(out_dir / CERTIFICATES_DIR / name for name in certificates),
        sections=sections,
    )
