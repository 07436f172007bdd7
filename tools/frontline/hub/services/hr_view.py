"""The HR view: a JupyterHub service that only holders of `custom:frontline-hr:read` open.

HR signs in at the hub and lands here (HubOAuth). Every page and download checks the
custom scope on the request's own token, so a trainee or trainer, signed in or with
an API token, gets 403, as does anyone the hub does not know. Pages:

    /                       the cohort: tiers, reasons, decision flags (?team=, ?cycle=)
    /report/<file>          the built report: report.html with charts, trainees/<id>.html,
                            report.xlsx, report.csv, decision-record.json

Run by the hub (`python -m frontline.hub.services.hr_view`), which passes the
JUPYTERHUB_* variables HubOAuth reads.
"""

from __future__ import annotations

import mimetypes
import os
from typing import ClassVar
from urllib.parse import urlparse

from jupyterhub.services.auth import HubOAuthCallbackHandler, HubOAuthenticated
from jupyterhub.utils import url_path_join
from tornado import httpserver, ioloop, web

from frontline.core.errors import FrontlineError
from frontline.core.templates import render
from frontline.hr.rules.outcomes import TraineeOutcome
from frontline.hub.roles import HR_READ
from frontline.hub.services.hr_data import DOWNLOADS, CohortView, CohortViews
from frontline.hub.settings import load_settings
from frontline.report.build import page_name
from frontline.report.table import decision_label, tier_key, tier_label

TEMPLATES = "frontline.hub.services"


class HRHandler(HubOAuthenticated, web.RequestHandler):  # type: ignore[misc]
    """Every HR page: signed in through the hub and holding the HR scope."""

    # replaces the default (the service's access scope): the custom scope is what HR holds
    hub_scopes: ClassVar[set[str]] = {HR_READ}

    @property
    def views(self) -> CohortViews:
        views: CohortViews = self.settings["cohort_views"]
        return views

    def set_default_headers(self) -> None:
        self.set_header("X-Content-Type-Options", "nosniff")
        self.set_header("Content-Security-Policy", "frame-ancestors 'self'")

    async def _view(self) -> CohortView:
        """The evaluated and built report for the request's filters, made in a thread:
        building draws charts for the whole cohort, and other HR pages must not wait."""
        team, cycle = self._filters()
        loop = ioloop.IOLoop.current()
        view: CohortView = await loop.run_in_executor(None, self.views.get, team, cycle)
        return view

    def _filters(self) -> tuple[str | None, str | None]:
        team = self.get_argument("team", "") or None
        cycle = self.get_argument("cycle", "") or None
        return team, cycle


def _by_team(outcome: TraineeOutcome) -> tuple[str, str]:
    return (outcome.trainee.team, outcome.trainee.trainee_id)


class CohortHandler(HRHandler):
    @web.authenticated
    async def get(self) -> None:
        team, cycle = self._filters()
        prefix = self.settings["service_prefix"]
        try:
            view = await self._view()
        except FrontlineError as exc:
            self.set_status(404 if team or cycle else 200)
            self.finish(render(TEMPLATES, "hr_empty.html.j2", reason=str(exc), prefix=prefix))
            return
        query = self.request.query
        rows = [
            {
                "id": o.trainee.trainee_id,
                "name": o.trainee.display_name,
                "team": o.trainee.team,
                "overall": "-" if o.overall is None else f"{o.overall:.2f}",
                "tier": tier_label(o.tier),
                "tier_key": tier_key(o.tier),
                "reason": o.reason,
                "decisions": [(decision_label(d.kind), d.reason) for d in o.decisions],
                "page": f"{prefix}report/trainees/{page_name(o.trainee.trainee_id)}?{query}",
            }
            for o in sorted(view.result.outcomes, key=_by_team)
        ]
        user = self.current_user or {}
        self.finish(render(
            TEMPLATES, "hr_cohort.html.j2", rows=rows, teams=view.teams, team=team or "",
            cycle=view.result.cycle, prefix=prefix, query=query, downloads=DOWNLOADS,
            user=user.get("name", ""), policy=view.result.policy_version,
        ))  # fmt: skip


class ReportFileHandler(HRHandler):
    """A file of the built report for the request's filters; nothing outside it."""

    @web.authenticated
    async def get(self, path: str) -> None:
        try:
            view = await self._view()
        except FrontlineError as exc:
            raise web.HTTPError(404, str(exc)) from None
        base = view.files.out_dir.resolve()
        target = (base / path).resolve()
        if base not in target.parents or not target.is_file():
            raise web.HTTPError(404)
        kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        charset = "; charset=utf-8" if kind.startswith("text") else ""
        self.set_header("Content-Type", kind + charset)
        if target.name in DOWNLOADS:
            self.set_header("Content-Disposition", f'attachment; filename="{target.name}"')
        self.finish(target.read_bytes())


def make_app(views: CohortViews, prefix: str) -> web.Application:
    return web.Application(
        [
            (prefix, CohortHandler),
            (url_path_join(prefix, "report/(.+)"), ReportFileHandler),
            (url_path_join(prefix, "oauth_callback"), HubOAuthCallbackHandler),
        ],
        cookie_secret=os.urandom(32),
        cohort_views=views,
        service_prefix=prefix,
    )


def main() -> None:
    prefix = os.environ.get("JUPYTERHUB_SERVICE_PREFIX", "/services/hr-view/")
    url = urlparse(os.environ.get("JUPYTERHUB_SERVICE_URL", "http://127.0.0.1:8011"))
    app = make_app(CohortViews(load_settings()), prefix)
    server = httpserver.HTTPServer(app, xheaders=True)
    server.listen(url.port or 80, url.hostname or "127.0.0.1")
    ioloop.IOLoop.current().start()




if __name__ == "__main__":
    main()
