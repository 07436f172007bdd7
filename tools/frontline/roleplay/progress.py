"""Progress per trainee: which scenarios they played, their best and latest score.

Kept in `~/.frontline/progress.json` (or `$FRONTLINE_HOME/progress.json`), written
atomically. A damaged file is moved aside, never overwritten in place, and the
banner says so. The file has one section per writer (`scenarios` here, `modules`
from `frontline.practice.activity`); each writer replaces only its own section,
so a play never drops a quiz result. HR reads the whole file with
`frontline.hr.records.progress_reader`, never writing it.
"""

from __future__ import annotations

import html
import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from frontline.core.atomic import write_json_atomic
from frontline.core.i18n import Lang, Text, preferred_lang

PROGRESS_FILE = "progress.json"


def frontline_home() -> Path:
    configured = os.environ.get("FRONTLINE_HOME", "").strip()
    return Path(configured) if configured else Path.home() / ".frontline"


@dataclass(frozen=True)
class ScenarioProgress:
    scenario_id: str
    module: str
    plays: int
    best: int
    last_played: str
    latest: int | None = None  # None in files written before the latest score was kept
    red_line_plays: int = 0  # plays that crossed a red line
    red_lines: tuple[str, ...] = ()  # the red-line categories ever crossed, sorted


@dataclass(frozen=True)
class Progress:
    scenarios: dict[str, ScenarioProgress]
    damaged_backup: Path | None = None  # where an unreadable file was moved


def progress_path() -> Path:
    return frontline_home() / PROGRESS_FILE


def parse_scenarios(raw: Any) -> dict[str, ScenarioProgress]:
    # A file that only the module tracker has written yet has no scenarios section.
    scenarios = raw.get("scenarios", {}) if isinstance(raw, dict) else None
    if not isinstance(scenarios, dict):
        raise ValueError("'scenarios' is not a mapping")
    result: dict[str, ScenarioProgress] = {}
    for scenario_id, item in scenarios.items():
        plays, best = item["plays"], item["best"]
        latest = item.get("latest")
        hits = item.get("red_line_plays", 0)
        lines = item.get("red_lines", [])
        if not (isinstance(plays, int) and isinstance(best, int) and isinstance(hits, int)):
            raise ValueError(f"bad numbers for {scenario_id}")
        if latest is not None and not isinstance(latest, int):
            raise ValueError(f"bad latest score for {scenario_id}")
        if not isinstance(lines, list) or not all(isinstance(x, str) for x in lines):
            raise ValueError(f"bad red lines for {scenario_id}")
        result[scenario_id] = ScenarioProgress(
            scenario_id,
            str(item["module"]),
            plays,
            best,
            str(item["last_played"]),
            latest,
            hits,
            tuple(sorted(lines)),
        )
    return result


def read_raw(path: Path) -> dict[str, Any]:
    """The file's JSON as it is (empty when absent); raises ValueError when unreadable."""
    if not path.exists():
        return {}
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise ValueError(str(exc)) from None
    if not isinstance(raw, dict):
        raise ValueError("not a JSON object")
    return raw


def write_section(path: Path, key: str, section: Any) -> None:
    """Replace one section, keeping the others (each writer owns one section)."""
    try:
        raw = read_raw(path)
    except ValueError:
        raw = {}  # the caller's load already moved a damaged file aside
    write_json_atomic(path, {**raw, key: section})


def load_progress(path: Path | None = None) -> Progress:
    path = path or progress_path()
    if not path.exists():
        return Progress({})
    try:
        return Progress(parse_scenarios(read_raw(path)))
    except (ValueError, KeyError, TypeError):
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
        backup = path.with_name(f"{path.stem}.damaged-{stamp}{path.suffix}")
        path.replace(backup)
        return Progress({}, damaged_backup=backup)


def record_play(
    scenario_id: str,
    module: str,
    total: int,
    path: Path | None = None,
    *,
    red_lines: tuple[str, ...] = (),
    now: datetime | None = None,
) -> Progress:
    """Count one finished play: best and latest total, and the red lines it crossed."""
    path = path or progress_path()
    progress = load_progress(path)
    old = progress.scenarios.get(scenario_id)
    stamp = (now or datetime.now(UTC)).isoformat(timespec="seconds")
    entry = ScenarioProgress(
        scenario_id,
        module,
        (old.plays if old else 0) + 1,
        max(total, old.best if old else 0),
        stamp,
        latest=total,
        red_line_plays=(old.red_line_plays if old else 0) + (1 if red_lines else 0),
        red_lines=tuple(sorted(set(red_lines) | set(old.red_lines if old else ()))),
    )
    scenarios = {**progress.scenarios, scenario_id: entry}
    write_section(path, "scenarios", {
        k: {"module": v.module, "plays": v.plays, "best": v.best, "last_played": v.last_played,
            "latest": v.latest, "red_line_plays": v.red_line_plays, "red_lines": list(v.red_lines)}
        for k, v in sorted(scenarios.items())
    })  # fmt: skip
    return Progress(scenarios, progress.damaged_backup)


UI = {
    "title": Text(zh="我的进度", en="My progress"),
    "played": Text(zh="已练习 {done} / {total} 个情景", en="{done} of {total} scenarios played"),
    "best": Text(zh="最高 {best} 分,练习 {plays} 次", en="best {best}, played {plays}×"),
    "not_yet": Text(zh="尚未练习", en="not played yet"),
    "damaged": Text(
        zh="进度文件无法读取,已另存为 {backup},进度从头记录。",
        en="The progress file could not be read; it was kept as {backup} "
        "and progress starts afresh.",
    ),
}


def banner_html(module: str, titles: dict[str, Text], progress: Progress, lang: Lang) -> str:
    rows = []
    for scenario_id, title in titles.items():
        entry = progress.scenarios.get(scenario_id)
        state = (
            UI["best"].get(lang).format(best=entry.best, plays=entry.plays)
            if entry else UI["not_yet"].get(lang)
        )  # fmt: skip
        mark = "✓" if entry else "○"
        rows.append(f"<li>{mark} {html.escape(title.get(lang))}: {html.escape(state)}</li>")
    done = sum(1 for s in titles if s in progress.scenarios)
    parts = [
        f"<b>{UI['title'].get(lang)}</b> · "
        + html.escape(UI["played"].get(lang).format(done=done, total=len(titles))),
        f"<ul style='margin:4px 0'>{''.join(rows)}</ul>" if rows else "",
    ]
    if progress.damaged_backup is not None:
        message = UI["damaged"].get(lang).format(backup=progress.damaged_backup)
        parts.append(f"<div style='color:#b00'>{html.escape(message)}</div>")
    return "<div class='frontline-progress'>" + "".join(parts) + "</div>"


def progress_banner(module: str, lang: str | None = None, scenarios_dir: Path | None = None) -> Any:
    """The trainee's progress in one module's role-plays, for the top of the notebook."""
    import ipywidgets as widgets

    from frontline.core.i18n import parse_lang
    from frontline.roleplay.loader import DEFAULT_SCENARIOS, load_scenarios

    chosen: Lang = parse_lang(lang, preferred_lang())
    scenarios = load_scenarios(scenarios_dir or DEFAULT_SCENARIOS)
    titles = {s.id: s.title for s in scenarios.values() if s.module == module}
    return widgets.HTML(banner_html(module, titles, load_progress(), chosen))
