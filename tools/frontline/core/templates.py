"""HTML pages from Jinja2 templates, always autoescaped.

Pages show names and texts that come from people (a trainee called `<script>…`,
a typed reply), so escaping must be what happens unless a template says
otherwise, not a call each page has to remember. Every environment here escapes
every value; markup built in Python must be wrapped in `Markup` to pass, which a
reviewer sees. Templates are package data, in a `templates/` folder beside the
code that fills them.
"""

from __future__ import annotations

import html
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import jinja2


def _escaped(value: Any) -> Any:
    """Every value as `html.escape` writes it (`&#x27;` for ', `&quot;` for "), so pages
    keep the exact text they had when they were built with it; markup passes as it is.

    Runs before autoescaping, which then leaves the `Markup` it returns alone.
    """
    from markupsafe import Markup

    if hasattr(value, "__html__"):  # Markup, a macro's output
        return value
    return Markup(html.escape(str(value)))


@cache
def environment(package: str) -> jinja2.Environment:
    """The template environment of `package` (its `templates/` folder), made once."""
    import jinja2

    return jinja2.Environment(
        loader=jinja2.PackageLoader(package, "templates"),
        autoescape=True,
        finalize=_escaped,
        undefined=jinja2.StrictUndefined,  # a misspelt name fails, never renders as ""
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render(package: str, template: str, **context: Any) -> str:
    """`template` of `package` filled from `context`, every value escaped."""
    return environment(package).get_template(template).render(**context)
