"""Read YAML content files and remember where each key sits, for precise errors."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from frontline.core.errors import InputFileError
from frontline.core.i18n import LANGUAGES, Text

YamlPath = tuple[str | int, ...]
_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class YamlDocument:
    path: Path
    data: Any
    lines: dict[YamlPath, int]

    def line_of(self, *where: str | int) -> int | None:
        """Line (1-based) of the deepest known part of `where`."""
        probe: YamlPath = tuple(where)
        while probe:
            if probe in self.lines:
                return self.lines[probe]
            probe = probe[:-1]
        return None

    def error(self, message: str, *where: str | int) -> InputFileError:
        key = ".".join(str(part) for part in where) or None
        return InputFileError(self.path, message, line=self.line_of(*where), key=key)


def _index(node: yaml.Node, path: YamlPath, lines: dict[YamlPath, int], source: Path) -> None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            child = (*path, str(key_node.value))
            line = key_node.start_mark.line + 1
            if child in lines:
                # PyYAML keeps the last of two equal keys without a word; a trainer
                # who typed `good:` twice must hear which one would have been lost.
                raise InputFileError(
                    source,
                    f"'{key_node.value}' appears twice (first on line {lines[child]})",
                    line=line,
                    key=".".join(str(p) for p in child),
                )
            lines[child] = line
            _index(value_node, child, lines, source)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            child = (*path, i)
            lines[child] = item.start_mark.line + 1
            _index(item, child, lines, source)


def read_text_file(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputFileError(path, "file not found") from None
    except UnicodeDecodeError as exc:
        raise InputFileError(path, f"not UTF-8 text ({exc.reason})") from None


def read_yaml(path: Path) -> YamlDocument:
    """Parse a YAML file; a syntax error names the file and line."""
    return parse_yaml_text(read_text_file(path), path)


def parse_yaml_text(text: str, path: Path) -> YamlDocument:
    """Parse YAML text that came from `path` (named in errors)."""
    # One parse gives both the nodes (for line numbers) and the data, with libyaml's
    # C parser where PyYAML has it: some 15x faster, and every exam kernel reads a
    # question file. A broken file is parsed again in Python, whose messages are
    # the clearer ones ("expected <block end>, but found '}'").
    try:
        lines, data = _parse(text, _FAST_LOADER, path)
    except yaml.MarkedYAMLError:
        try:
            lines, data = _parse(text, yaml.SafeLoader, path)
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line = mark.line + 1 if mark is not None else None
            raise InputFileError(
                path, f"invalid YAML: {exc.problem or exc.context}", line=line
            ) from None
    return YamlDocument(path=path, data=data, lines=lines)


def _parse(
    text: str, loader_class: Any, path: Path
) -> tuple[dict[YamlPath, int], Any]:
    loader = loader_class(text)
    try:
        root = loader.get_single_node()
        lines: dict[YamlPath, int] = {}
        if root is None:
            return lines, None
        # Lines first: constructing the data flattens `<<` merge keys into the node
        # tree, which would then look like keys written twice.
        _index(root, (), lines, path)
        return lines, loader.construct_document(root)
    finally:
        loader.dispose()


def text_field(doc: YamlDocument, value: Any, *where: str | int) -> Text:
    """A bilingual text: a mapping with non-empty 'zh' and 'en' and nothing else."""
    if not isinstance(value, dict):
        raise doc.error("expected a mapping with 'zh' and 'en' text", *where)
    for lang in LANGUAGES:
        if not isinstance(value.get(lang), str) or not value[lang].strip():
            raise doc.error(f"missing '{lang}' text", *where)
    extra = set(value) - set(LANGUAGES)
    if extra:
        raise doc.error(f"unknown key(s) {sorted(extra)}; only 'zh' and 'en' are allowed", *where)
    return Text(zh=value["zh"].strip(), en=value["en"].strip())
