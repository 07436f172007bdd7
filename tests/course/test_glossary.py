"""One glossary: the fixed terms of course/glossary.yml keep their English rendering in
the modules, the scenarios, the lexicon and the exams (the exams' check, with every
term, is in tests/exams/model/test_testwise.py)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from frontline.check import check_content
from frontline.core.course import DEFAULT_CONTENT, REPO_ROOT
from frontline.core.glossary import fixed_terms, load_glossary, read_glossary
from frontline.core.yamlfile import read_yaml
from frontline.roleplay import lint

CONTENT_YAML = sorted(
    [*DEFAULT_CONTENT.glob("scenarios/*.yml"), *DEFAULT_CONTENT.glob("lexicon/*.yml"),
     *DEFAULT_CONTENT.glob("modules/*/*.yml"), *REPO_ROOT.glob("exams/source/*/scenarios/*.yml")]
)  # fmt: skip
NOTEBOOKS = sorted(DEFAULT_CONTENT.glob("modules/*/*.zh.ipynb"))


def bilingual(data: Any, where: str = "") -> Iterator[tuple[str, str, str]]:
    if isinstance(data, dict):
        if isinstance(data.get("zh"), str) and isinstance(data.get("en"), str):
            yield where, data["zh"], data["en"]
            return
        for key, value in data.items():
            yield from bilingual(value, f"{where}.{key}")
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from bilingual(value, f"{where}.{i}")


@pytest.mark.parametrize("path", CONTENT_YAML, ids=lambda p: str(p.relative_to(REPO_ROOT)))
def test_content_uses_the_glossary_renderings(path: Path) -> None:
    wrong = [f"{where}: {term.zh} is '{term.en}'"
             for where, zh, en in bilingual(read_yaml(path).data)
             for term in fixed_terms() if not term.rendered_in(zh, en)]  # fmt: skip
    assert not wrong, "\n".join(wrong)


def _text(path: Path) -> str:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return "".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")


@pytest.mark.parametrize("zh", NOTEBOOKS, ids=lambda p: p.name)
def test_each_module_notebook_renders_its_terms_the_glossarys_way(zh: Path) -> None:
    en = zh.with_name(zh.name.replace(".zh.", ".en."))
    wrong = [f"{term.zh} -> '{term.en}'" for term in fixed_terms()
             if not term.rendered_in(_text(zh), _text(en))]  # fmt: skip
    assert not wrong, f"{en.name} lacks: " + ", ".join(wrong)


def test_the_glossary_names_the_standards_set_phrases() -> None:
    fixed = {t.zh: t.en for t in fixed_terms()}
    assert fixed["有本事你去告"] == "Go ahead and complain"
    assert {"首问负责制", "一次性告知", "服务忌语", "文明用语", "1.5 米"} <= set(fixed)
    assert len(load_glossary()) > len(fixed)  # everyday words are there, not fixed


def test_the_scenario_lint_reads_the_glossary_not_a_copy() -> None:
    assert not hasattr(lint, "GLOSSARY")
    assert not [n for n in vars(lint) if "GLOSS" in n.upper() and n != "fixed_terms"]


def test_a_scenario_with_another_rendering_is_refused_with_its_line(tmp_path: Path) -> None:
    source = (DEFAULT_CONTENT / "scenarios" / "front-desk-reception.yml").read_text("utf-8")
    broken = source.replace("This is the one-go notice: telling", "This is telling")
    assert broken != source
    path = tmp_path / "scenarios" / "front-desk-reception.yml"
    path.parent.mkdir()
    path.write_text(broken, encoding="utf-8")
    found = [p for p in check_content(path).problems if "one-go notice" in str(p)]
    assert found and found[0].line and "glossary" in str(found[0])


@pytest.mark.parametrize(
    ("text", "says"),
    [("terms:\n  - term: {zh: 甲}\n", "missing 'en'"),
     ("terms:\n  - term: {zh: 甲, en: a}\n    definition: {zh: 甲。, en: A.}\n    fixed: yes!\n",
      "fixed must be"),
     ("terms: {}\n", "expected 'terms:'")],
)  # fmt: skip
def test_a_broken_glossary_is_named_with_its_line(tmp_path: Path, text: str, says: str) -> None:
    path = tmp_path / "glossary.yml"
    path.write_text(text, encoding="utf-8")
    _, problems = read_glossary(path)
    assert problems and says in str(problems[0]) and str(path) in str(problems[0])
