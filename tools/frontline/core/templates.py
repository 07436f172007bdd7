"""HTML pages from Jinja2 templates, always autoescaped.

Pages show names and texts that come from people (a trainee called `<script>…`,
a typed reply), so escaping must be what happens unless a template says
otherwise, not a call each page has to remember. Every environment here escapes
every value; markup built in Python must be wrapped in `Markup` to pass, which a
reviewer sees. Templates are package data, in a `templates/` folder beside the
code that fills them.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import jinja2


@cache
def environment(package: str) -> jinja2.Environment:
    """The template environment of `package` (its `templates/` folder), made once."""
    import jinja2

    return jinja2.Environment(
        loader=jinja2.PackageLoader(package, "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,  # a misspelt name fails, never renders as ""
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # package data does not change while we run: no stat per page
    )


def share(package: str, **helpers: Any) -> None:
    """Make `helpers` (functions, tables) known to every template of `package`,
    the macros it imports included."""
    environment(package).globals.update(helpers)


def render(package: str, template: str, **context: Any) -> str:
    """`template` of `package` filled from `context`, every value escaped.

    Quotes in values come out as `html.escape` writes them (`&#x27;`, `&quot;`; Jinja
    writes `&#39;`, `&#34;`), so pages keep the exact text they had when they were
    built with it. The templates themselves never spell a quote that way.
    """
    page = environment(package).get_template(template).render(**context)
    return page.replace("&#39;", "&#x27;").replace("&#34;", "&quot;")
