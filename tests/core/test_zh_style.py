"""The house style of Chinese text (full-width punctuation, paired marks, wordings): what
is a finding, where it is reported, and that the repository passes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from frontline.check import check_content
from frontline.core.course import DEFAULT_CONTENT, REPO_ROOT
from frontline.core.zh_style import half_width, style_problems


@pytest.mark.parametrize(
    ("text", "marks"),
    [("请稍等,我查一下", [","]), ("喂!", ["!"]), ("时间:下午", [":"]), ("好吗?", ["?"]),
     ("记录;再确认", [";"]), ("投诉(重大)", ["(", ")"]), ('他说"好"', ['"', '"']),
     ("请稍等， 我查一下。", []), ("8:30 开门", []), ("约 1.5 米", []), ("版本 v1.2 (beta)", []),
     ("先 check, then 记录", [])],
)  # fmt: skip
def test_half_width_marks_next_to_chinese_are_found(text: str, marks: list[str]) -> None:
    assert [mark for _, mark in half_width(text)] == marks


def test_a_yaml_finding_names_file_line_and_key_and_skips_match_patterns(tmp_path: Path) -> None:
    path = tmp_path / "forbidden.yml"
    path.write_text(
        "entries:\n"
        "  - id: x\n"
        "    label: {zh: \"喂!\", en: \"Hey!\"}\n"
        "    phrases: {zh: [\"喂,你\"], en: [hey]}\n"
        "    patterns: {zh: ['喂+(?=[,?!]|$)']}\n"
        "    why:\n"
        "      zh: |\n"
        "        第一行没问题。\n"
        "        第二行不对,要改。\n"
        "      en: Rude.\n",
        encoding="utf-8",
    )
    problems = style_problems([path])
    assert [(p.line, p.key) for p in problems] == [(3, "entries.0.label.zh"),
                                                   (9, "entries.0.why.zh")]  # fmt: skip
    assert "half-width !" in str(problems[0]) and f"{path}, line 3" in str(problems[0])


def test_a_marking_guide_is_checked_on_its_chinese_half(tmp_path: Path) -> None:
    path = tmp_path / "exam.yml"
    guide = ("written:\n  - guide: |\n      - 一次性告知 / told in one go (一次性告知)\n"
             "      - 说明原因,再道歉 / explains, then apologises\n")
    path.write_text(guide, encoding="utf-8")
    assert [p.line for p in style_problems([path])] == [4]


def test_a_chinese_notebook_is_checked_by_markdown_cell(tmp_path: Path) -> None:
    path = tmp_path / "m.zh.ipynb"
    def cell(kind: str, *lines: str) -> dict[str, object]:
        return {"cell_type": kind, "metadata": {}, "source": list(lines)}

    cells = [cell("markdown", "# 标题\n", "正文。\n"), cell("code", "print('好,的')"),
             cell("markdown", "一\n", "要点:先安抚\n")]
    path.write_text(json.dumps({"cells": cells, "metadata": {}, "nbformat": 4,
                                "nbformat_minor": 5}), encoding="utf-8")  # fmt: skip
    problems = style_problems([path])
    assert len(problems) == 1 and "cell 3, line 2 of the cell" in str(problems[0])


def test_frontline_check_reports_half_width_in_any_content(tmp_path: Path) -> None:
    path = tmp_path / "time-limits.yml"
    path.write_text("limits: []\nnote: {zh: \"先安抚,再记录\", en: Calm, then record}\n",
                    encoding="utf-8")  # fmt: skip
    found = [p for p in check_content(tmp_path).problems if "half-width" in str(p)]
    assert found and found[0].line == 2


def test_the_repositorys_chinese_uses_full_width_punctuation() -> None:
    files = [*DEFAULT_CONTENT.rglob("*.yml"), *REPO_ROOT.glob("exams/source/*/*.yml"),
             *REPO_ROOT.glob("exams/source/*/*/*.yml"), *REPO_ROOT.glob("exams/trainer/*.yml"),
             *DEFAULT_CONTENT.glob("modules/*/*.zh.ipynb")]  # fmt: skip
    assert len(files) > 30
    assert [str(p) for p in style_problems(files)] == []


@pytest.mark.parametrize(
    ("text", "says"),
    [("请顾客稍等。", "write '客户 or 业主', not '顾客'"), ("保持一臂半的距离。", "not '一臂半'"),
     ("五勤里的腿勤。", "write '脚勤'"), ("（见规定。", "unmatched （）"),
     ("他说“好。", "unmatched “”")],
)  # fmt: skip
def test_paired_marks_and_settled_wordings(text: str, says: str) -> None:
    from frontline.core.zh_style import style_findings

    assert [m for _, m in style_findings(text) if says in m]
    assert style_findings("请客户保持约 1.5 米（侧对）。“脚勤”就是多巡视。") == []


def test_a_wording_slip_in_a_notebook_names_its_cell_and_line(tmp_path: Path) -> None:
    path = tmp_path / "m.zh.ipynb"
    cell = {"cell_type": "markdown", "metadata": {}, "source": ["# 标题\n", "请顾客坐下。\n"]}
    path.write_text(json.dumps({"cells": [cell], "metadata": {}, "nbformat": 4,
                                "nbformat_minor": 5}), encoding="utf-8")  # fmt: skip
    [problem] = style_problems([path])
    assert "cell 1, line 2 of the cell: write '客户 or 业主'" in str(problem)
