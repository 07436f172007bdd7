"""HTML templates: every one compiles, and every environment escapes what it is given."""

from __future__ import annotations

from pathlib import Path

import pytest
from markupsafe import Markup

import frontline
from frontline.core.templates import environment, render

PACKAGE_ROOT = Path(frontline.__file__).parent
TEMPLATES = sorted(PACKAGE_ROOT.rglob("templates/*.j2"))


def _package(template: Path) -> str:
    return ".".join(("frontline", *template.parent.parent.relative_to(PACKAGE_ROOT).parts))


def test_pages_have_templates() -> None:
    folders = {_package(t) for t in TEMPLATES}
    assert {"frontline.report", "frontline.exams.feedback", "frontline.exams.trainee"} <= folders


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda t: str(t.relative_to(PACKAGE_ROOT)))
def test_each_template_compiles_in_an_autoescaping_environment(template: Path) -> None:
    env = environment(_package(template))
    assert env.autoescape is True
    env.get_template(template.name)  # a syntax error fails here, naming the line


def test_values_are_escaped_unless_marked_safe() -> None:
    env = environment("frontline.report")
    page = env.from_string("<p title='{{ name }}'>{{ name }}{{ bold }}</p>").render(
        name="<b>'x'&</b>", bold=Markup("<b>!</b>")
    )
    escaped = "&lt;b&gt;&#39;x&#39;&amp;&lt;/b&gt;"
    assert page == f"<p title='{escaped}'>{escaped}<b>!</b></p>"


def test_rendered_pages_spell_escaped_quotes_as_html_escape_does() -> None:
    from frontline.exams.trainee.practical_session import TypedReply

    reply = TypedReply("s", "it's", "ask", 'say "hi"', "<script>&#39;</script>")
    page = render("frontline.exams.trainee", "replies.html.j2", replies=[reply])
    assert "<td>it&#x27;s</td><td>say &quot;hi&quot;</td>" in page
    assert "&lt;script&gt;&amp;#39;&lt;/script&gt;" in page  # a value's own text stays
