"""The theory items as the item-writing check reads them, straight from the YAML.

Read raw (not through `load_questions`), so the check sees every variant of a pooled
slot (`variants:` in questions.yml and the trainer file, see the pools contract)
whatever the loader accepts, and points each finding at the variant's own line. A
slot written flat is a pool of one (variant None). A file the loader refuses is left
to the loader's own finding: what cannot be read here is skipped, never guessed.

Waivers live on the trainer side, beside the key they excuse:

    q03:
      points: 2
      key: b
      explain: {...}
      waive: {longest-key: "the wrong options are short on purpose: ..."}

or, in a pooled slot, on the slot (all variants) or in a variant's own entry.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from frontline.core.errors import InputFileError
from frontline.core.i18n import Text
from frontline.core.yamlfile import YamlDocument, read_yaml
from frontline.exams.authoring.retake import named_original
from frontline.exams.itemcheck.shape import Choice

WAIVE = "waive"
Where = tuple[str | int, ...]
IdLine = tuple[str, str, int | None]  # (part, id, line)
KEYED_KINDS = ("single", "multiple")  # kinds whose key picks options out of the list


@dataclass(frozen=True)
class Waiver:
    rule: str
    reason: str
    path: Path
    line: int | None


@dataclass(frozen=True)
class Item:
    """One variant of one slot: what a trainee sees, with the key marked."""

    path: Path  # the questions.yml
    exam: str
    slot: str
    variant: str | None  # None: a flat slot
    kind: str
    prompt: Text
    options: tuple[Choice, ...]
    items: tuple[Choice, ...]  # ordering and matching: the things to order or match
    line: int | None
    where: Where  # in questions.yml
    ids: tuple[IdLine, ...]  # every option and item
    waivers: tuple[Waiver, ...] = ()

    @property
    def name(self) -> str:
        return f"{self.exam} {self.slot}" + (f"/{self.variant}" if self.variant else "")

    @property
    def keyed(self) -> bool:
        return self.kind in KEYED_KINDS


def _text(raw: Any) -> Text | None:
    if isinstance(raw, dict) and isinstance(raw.get("zh"), str) and isinstance(raw.get("en"), str):
        return Text(raw["zh"], raw["en"])
    return None


def _key_ids(raw: Any) -> frozenset[str]:
    if isinstance(raw, str):
        return frozenset({raw})
    if isinstance(raw, list):
        return frozenset(str(k) for k in raw if isinstance(k, str))
    return frozenset()


def waiver_entries(doc: YamlDocument | None, raw: Any, *where: str | int) -> list[Waiver]:
    """The `waive:` of a trainer entry; one that is not a mapping is read as a waiver
    of no rule, which the check reports."""
    if doc is None or not isinstance(raw, dict) or WAIVE not in raw:
        return []
    if not isinstance(raw[WAIVE], dict):
        return [Waiver("", "", doc.path, doc.line_of(*where, WAIVE))]
    return [Waiver(str(rule), reason if isinstance(reason, str) else "", doc.path,
                   doc.line_of(*where, WAIVE, str(rule)))
            for rule, reason in raw[WAIVE].items()]  # fmt: skip


def _choices(
    doc: YamlDocument, raw: Any, keys: frozenset[str], part: str, *where: str | int
) -> tuple[list[Choice], list[IdLine]]:
    choices: list[Choice] = []
    ids: list[IdLine] = []
    for i, entry in enumerate(raw if isinstance(raw, list) else []):
        text = _text(entry)
        if text is None:
            continue
        option_id = str(entry.get("id", ""))
        choices.append(Choice(option_id, text, key=option_id in keys))
        ids.append((part, option_id, doc.line_of(*where, part, i, "id")))
    return choices, ids


def _variants(raw: dict[str, Any]) -> Iterator[tuple[str | None, dict[str, Any], Where]]:
    """(variant id, the variant's entry, where in the slot) of a flat or pooled slot."""
    pool = raw.get("variants")
    if isinstance(pool, list):
        for j, entry in enumerate(pool):
            if isinstance(entry, dict):
                yield str(entry.get("id", j + 1)), entry, ("variants", j)
    else:
        yield None, raw, ()


def _mapping(raw: Any) -> dict[str, Any]:
    return raw if isinstance(raw, dict) else {}


def trainer_path(questions: Path) -> Path:
    """exams/source/<exam>/questions.yml -> exams/trainer/<exam>.yml (a retake: its original's)."""
    exam = questions.parent.name
    return questions.parent.parent.parent / "trainer" / f"{named_original(exam) or exam}.yml"


def _trainer_doc(questions: Path) -> YamlDocument | None:
    path = trainer_path(questions)
    if not path.is_file():
        return None  # `frontline check` reports the unkeyed exam
    try:
        doc = read_yaml(path)
    except InputFileError:
        return None  # the trainer check reports it
    return doc if isinstance(doc.data, dict) else None


def read_items(questions: Path) -> list[Item]:
    """Every variant of every slot of one exam, keys marked from its trainer file."""
    try:
        doc = read_yaml(questions)
    except InputFileError:
        return []
    data = doc.data if isinstance(doc.data, dict) else {}
    exam = str(data.get("exam", questions.parent.name))
    trainer = _trainer_doc(questions)
    tdata = trainer.data.get("questions") if trainer is not None else None
    keyed = tdata if isinstance(tdata, dict) else {}
    items: list[Item] = []
    for i, slot in enumerate(data.get("questions") or []):
        if not isinstance(slot, dict) or "id" not in slot:
            continue
        slot_id, kind = str(slot["id"]), str(slot.get("kind", ""))
        entry = _mapping(keyed.get(slot_id))
        slot_waivers = waiver_entries(trainer, entry, "questions", slot_id)
        for variant, raw, inner in _variants(slot):
            where = ("questions", i, *inner)
            twhere: Where = ("questions", slot_id)
            tentry = entry
            if variant is not None:  # a pooled slot: the variant's own key and waivers
                tentry = _mapping(_mapping(entry.get("variants")).get(variant))
                twhere = (*twhere, "variants", variant)
            prompt = _text(raw.get("prompt"))
            if prompt is None:
                continue
            keys = _key_ids(tentry.get("key")) if kind in KEYED_KINDS else frozenset()
            options, option_ids = _choices(doc, raw.get("options"), keys, "options", *where)
            parts, item_ids = _choices(doc, raw.get("items"), frozenset(), "items", *where)
            waivers = slot_waivers + (waiver_entries(trainer, tentry, *twhere) if variant else [])
            items.append(Item(questions, exam, slot_id, variant, kind, prompt, tuple(options),
                              tuple(parts), doc.line_of(*where), where,
                              tuple(option_ids + item_ids), tuple(waivers)))  # fmt: skip
    return items
