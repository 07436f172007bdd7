"""Full-width punctuation in Chinese text, the house style (，。：；？！（）“”).

A half-width mark , : ; ? ! ( ) or " written next to a Chinese character (spaces
between them allowed) is a finding: 请稍等,我查一下 or 喂! or （见 note) are typed on an
English keyboard. Marks with no Chinese character beside them are left alone (8:30,
1.5 米, "v1.2 (beta)"), so a bit of English inside Chinese text stays as written.

`frontline check` runs this on every content file it reads: the Chinese of each
bilingual text (a mapping with `zh` and `en`) in YAML, trainers' marking guides,
and the markdown cells of the modules' Chinese notebooks (`*.zh.ipynb`). Phrase
lists and regular expressions (`phrases`, `patterns`, `except`, `unless`, `words`)
are what replies are matched against, not text anyone reads, and are never checked.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from frontline.core.errors import InputFileError
from frontline.core.yamlfile import YamlPath, read_yaml

HAN = r"[\u3400-\u9fff\uf900-\ufaff]"
MARKS = ',:;?!()"'
_MARK = f"[{re.escape(MARKS)}]"
HALF_WIDTH_NEXT_TO_HAN = re.compile(rf"(?<={HAN})\s*{_MARK}|{_MARK}\s*(?={HAN})")
# Keys whose values are matched, not read: their Chinese is left as the author wrote it.
MATCH_KEYS = frozenset({"phrases", "patterns", "except", "unless", "words"})
# Keys holding markdown in both languages, one "中文 / English" pair a line (a trainer
# file's marking guide): the part before " / " is checked.
MIXED_KEYS = frozenset({"guide"})


def half_width(text: str) -> list[tuple[int, str]]:
    """(line within `text`, starting at 0; the mark) of each half-width mark by Chinese."""
    return [(text.count("\n", 0, m.start()), m.group().strip())
            for m in HALF_WIDTH_NEXT_TO_HAN.finditer(text)]  # fmt: skip


def _message(marks: list[str]) -> str:
    shown = " ".join(dict.fromkeys(marks))
    return (f"half-width {shown} in Chinese text; use full-width punctuation "
            "（，。：；？！（）“”）")  # fmt: skip


def chinese_texts(data: Any, where: YamlPath = ()) -> Iterator[tuple[YamlPath, str]]:
    """(where, text) of every Chinese text a reader sees in parsed YAML."""
    if isinstance(data, dict):
        for key, value in data.items():
            here = (*where, str(key))
            if key in MATCH_KEYS:
                continue
            if isinstance(value, str) and (key == "zh" or key in MIXED_KEYS):
                yield here, value
            else:
                yield from chinese_texts(value, here)
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from chinese_texts(value, (*where, i))


def yaml_problems(path: Path) -> list[InputFileError]:
    try:
        doc = read_yaml(path)
    except InputFileError:
        return []  # the file's own check reports it
    problems: list[InputFileError] = []
    for where, text in chinese_texts(doc.data):
        if where[-1] in MIXED_KEYS:
            text = "\n".join(line.split(" / ")[0] for line in text.split("\n"))
        found = half_width(text)
        if found:
            line = doc.line_of(*where)
            # a block scalar's text starts on the line after its key
            block = line is not None and "\n" in text.rstrip("\n")
            first = (line or 0) + (1 if block else 0) + found[0][0]
            key = ".".join(map(str, where))
            message = _message([m for _, m in found])
            problems.append(InputFileError(path, message, line=first or None, key=key))
    return problems


def notebook_problems(path: Path) -> list[InputFileError]:
    """Half-width marks in the markdown cells of a Chinese notebook, by cell."""
    try:
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        return [InputFileError(path, f"not a readable notebook ({exc})")]
    problems: list[InputFileError] = []
    for number, cell in enumerate(cells, start=1):
        if cell.get("cell_type") != "markdown":
            continue
        source = cell.get("source", "")
        text = "".join(source) if isinstance(source, list) else str(source)
        found = half_width(text)
        if found:
            problems.append(InputFileError(
                path, f"cell {number}, line {found[0][0] + 1} of the cell: "
                + _message([m for _, m in found]), key=f"cells.{number - 1}"))  # fmt: skip
    return problems


def punctuation_problems(paths: list[Path]) -> list[InputFileError]:
    """Every half-width mark by Chinese text in these YAML files and Chinese notebooks."""
    problems: list[InputFileError] = []
    for path in paths:
        if path.name.endswith(".zh.ipynb"):
            problems.extend(notebook_problems(path))
        elif path.suffix in (".yml", ".yaml"):
            problems.extend(yaml_problems(path))
    return problems

