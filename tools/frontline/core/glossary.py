"""The course glossary (`course/glossary.yml`): one English rendering per recurring term.

Every check that asks "is this term rendered the course's way?" reads this file, so a
rendering changes in one place. A term marked `fixed: true` is a set phrase of the
standard (首问负责制, 有本事你去告, 一次性告知 ...): every English text beside a Chinese
text that uses it carries its rendering. Everyday words (投诉, 客户, 回访) are in the
glossary for their definition and the exams' wording, but English grammar decides
their form in a customer's line ("complains", "the caller"), so they are not fixed.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from frontline.core.course import DEFAULT_CONTENT
from frontline.core.errors import InputFileError
from frontline.core.i18n import Text
from frontline.core.yamlfile import read_yaml, text_field

DEFAULT_GLOSSARY = DEFAULT_CONTENT / "glossary.yml"


@dataclass(frozen=True)
class Term:
    zh: str
    en: str
    definition: Text
    fixed: bool = False

    def rendered_in(self, zh: str, en: str) -> bool:
        """False when `zh` uses the term and `en` lacks its rendering (any case)."""
        return self.zh not in zh.replace("1.5米", "1.5 米") or self.en.casefold() in en.casefold()


def read_glossary(path: Path = DEFAULT_GLOSSARY) -> tuple[tuple[Term, ...], list[InputFileError]]:
    """The terms that read well, and a problem (file, line) for each that does not."""
    try:
        doc = read_yaml(path)
    except InputFileError as exc:
        return (), [exc]
    raw = doc.data.get("terms") if isinstance(doc.data, dict) else None
    if not isinstance(raw, list):
        return (), [doc.error("expected 'terms:', a list of {term, definition, fixed}")]
    terms: list[Term] = []
    problems: list[InputFileError] = []
    seen: set[str] = set()
    for i, entry in enumerate(raw):
        where = ("terms", i)
        try:
            if not isinstance(entry, dict):
                raise doc.error("a term needs 'term' and 'definition' ({zh, en} each)", *where)
            extra = set(entry) - {"term", "definition", "fixed"}
            if extra:
                raise doc.error(f"unknown key(s) {sorted(extra)}", *where)
            term = text_field(doc, entry.get("term"), *where, "term")
            definition = text_field(doc, entry.get("definition"), *where, "definition")
            fixed = entry.get("fixed", False)
            if not isinstance(fixed, bool):
                raise doc.error("fixed must be true or false", *where, "fixed")
            if term.zh in seen:
                raise doc.error(f"'{term.zh}' is in the glossary twice", *where, "term")
        except InputFileError as exc:
            problems.append(exc)
            continue
        seen.add(term.zh)
        terms.append(Term(term.zh, term.en, definition, fixed))
    return tuple(terms), problems


@lru_cache(maxsize=4)
def load_glossary(path: Path = DEFAULT_GLOSSARY) -> tuple[Term, ...]:
    """The glossary's terms; a broken glossary is an error naming file and line."""
    terms, problems = read_glossary(path)
    if problems:
        raise problems[0]
    return terms


def fixed_terms(path: Path = DEFAULT_GLOSSARY) -> tuple[Term, ...]:
    return tuple(t for t in load_glossary(path) if t.fixed)
