"""The house style of Chinese text: full-width punctuation, paired marks, settled wordings.

- **Half-width punctuation**: a mark , : ; ? ! ( ) or " written next to a Chinese
  character (spaces between them allowed): 请稍等,我查一下 or 喂! or （见 note) were
  typed on an English keyboard; the course writes ，。：；？！（）“”. Marks with no Chinese
  character beside them are left alone (8:30, 1.5 米, "v1.2 (beta)"), so a bit of
  English inside Chinese text stays as written.
- **Paired marks**: as many （ as ）, “ as ”, 「 as 」, 《 as 》 in one text.
- **Wordings** the course settled on (WORDING): 1.5 米, not 一臂半 or 一米多; 脚勤, not
  腿勤; 客户 or 业主, not 顾客.

`frontline check` runs this on every content file it reads: the Chinese of each
bilingual text (a mapping with `zh` and `en`) in YAML, the Chinese half of trainers'
marking guides, and the markdown cells of the modules' Chinese notebooks
(`*.zh.ipynb`). Phrase lists and regular expressions (`phrases`, `patterns`,
`except`, `unless`, `words`) are what replies are matched against, not text anyone
reads, and are never checked.
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
PAIRS = (("（", "）"), ("“", "”"), ("「", "」"), ("《", "》"))
WORDING = {
    "一臂半": "1.5 米", "一米多": "1.5 米", "一米半": "1.5 米", "腿勤": "脚勤",
    "顾客": "客户 or 业主",
}  # fmt: skip
# Keys whose values are matched, not read: their Chinese is left as the author wrote it.
MATCH_KEYS = frozenset({"phrases", "patterns", "except", "unless", "words"})
# Keys holding markdown in both languages, one "中文 / English" pair a line (a trainer
# file's marking guide): the part before " / " is checked.
MIXED_KEYS = frozenset({"guide"})


def half_width(text: str) -> list[tuple[int, str]]:
    """(line within `text`, starting at 0; the mark) of each half-width mark by Chinese."""
    return [(text.count("\n", 0, m.start()), m.group().strip())
            for m in HALF_WIDTH_NEXT_TO_HAN.finditer(text)]  # fmt: skip


def style_findings(text: str) -> list[tuple[int, str]]:
    """(line within `text`, message) of every house-style slip of one Chinese text."""
    found: list[tuple[int, str]] = []
    marks = half_width(text)
    if marks:
        shown = " ".join(dict.fromkeys(m for _, m in marks))
        found.append((marks[0][0], f"half-width {shown} in Chinese text; use full-width "
                      "punctuation （，。：；？！（）“”）"))  # fmt: skip
    for left, right in PAIRS:
        if text.count(left) != text.count(right):
            found.append((0, f"unmatched {left}{right} in Chinese text"))
    for wrong, right in WORDING.items():
        at = text.find(wrong)
        if at >= 0:
            found.append((text.count("\n", 0, at), f"write '{right}', not '{wrong}'"))
    return found


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
        line = doc.line_of(*where)
        # a block scalar's text starts on the line after its key
        first = (line or 0) + (1 if line is not None and "\n" in text.rstrip("\n") else 0)
        key = ".".join(map(str, where))
        for offset, message in style_findings(text):
            problems.append(InputFileError(path, message, line=(first + offset) or None, key=key))
    return problems


def notebook_problems(path: Path) -> list[InputFileError]:
    """House-style slips in the markdown cells of a Chinese notebook, by cell."""
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
        for offset, message in style_findings(text):
            problems.append(InputFileError(
                path, f"cell {number}, line {offset + 1} of the cell: {message}",
                key=f"cells.{number - 1}"))  # fmt: skip
    return problems


def style_problems(paths: list[Path]) -> list[InputFileError]:
    """Every house-style slip in the Chinese of these YAML files and Chinese notebooks."""
    problems: list[InputFileError] = []
    for path in paths:
        if path.name.endswith(".zh.ipynb"):
            problems.extend(notebook_problems(path))
        elif path.suffix in (".yml", ".yaml"):
            problems.extend(yaml_problems(path))
    return problems
