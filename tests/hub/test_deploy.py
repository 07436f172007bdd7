"""deploy/ (Kubernetes, untested here) names the same groups, roles, scopes and services
as the single-host configuration that tests/hub runs for real."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from traitlets.config import Config

from frontline.core.course import REPO_ROOT
from frontline.hub import roles
from frontline.hub.accounts import Account
from frontline.hub.hubconfig import configure
from frontline.hub.settings import HubSettings

DEPLOY = REPO_ROOT / "deploy"


@pytest.fixture
def single_host(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    """The JupyterHub config `frontline hub` would run with (no hub is started)."""
    monkeypatch.setattr("frontline.hub.interpreter.server_bin", lambda state: state / "bin")
    settings = HubSettings(
        root=REPO_ROOT, state=tmp_path, ip="127.0.0.1", port=8000, homes=tmp_path / "home",
        group_prefix="frontline-", hub_db_url="sqlite://", proxy="configurable-http-proxy",
    )  # fmt: skip
    accounts = [
        Account("t001", "A", roles.TRAINEES, "前台接待 Front desk"),
        Account("trainer1", "B", roles.TRAINERS),
        Account("hr1", "C", roles.HR),
    ]
    c = Config()
    configure(c, settings, accounts)
    return c


@pytest.fixture
def values() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((DEPLOY / "values.yaml").read_text(encoding="utf-8"))
    return loaded


def _roles(listed: list[dict[str, Any]]) -> dict[str, tuple[Any, ...]]:
    return {
        r["name"]: (sorted(r["scopes"]), sorted(r.get("groups", [])), sorted(r.get("services", [])))
        for r in listed
    }


def test_same_roles_with_same_scopes_and_holders(single_host: Any, values: Any) -> None:
    deployed = [{"name": name, **spec} for name, spec in values["hub"]["loadRoles"].items()]
    assert _roles(deployed) == _roles(single_host.JupyterHub.load_roles)


def test_same_groups(single_host: Any, values: Any) -> None:
    deployed = set(values["hub"]["config"]["JupyterHub"]["load_groups"])
    kinds = {g for g in single_host.JupyterHub.load_groups if not g.startswith(roles.TEAM_PREFIX)}
    assert deployed == kinds == set(roles.KINDS)
    # teams are groups on the single host, from the roster (deploy fills them the same way)
    assert "team-front-desk" in single_host.JupyterHub.load_groups


def test_same_services_and_custom_scopes(single_host: Any, values: Any) -> None:
    hub = values["hub"]
    assert set(hub["services"]) == {s["name"] for s in single_host.JupyterHub.services}
    assert hub["config"]["JupyterHub"]["custom_scopes"] == single_host.JupyterHub.custom_scopes
    here = {s["name"]: s for s in single_host.JupyterHub.services}
    for key in ("oauth_client_allowed_scopes", "oauth_no_confirm"):
        assert hub["services"][roles.HR_SERVICE][key] == here[roles.HR_SERVICE][key]


def test_deploy_uses_postgres_and_a_shared_exchange(single_host: Any, values: Any) -> None:
    assert values["hub"]["db"]["type"] == "postgres"
    volumes = list(yaml.safe_load_all((DEPLOY / "volumes.yaml").read_text(encoding="utf-8")))
    exchange = next(v for v in volumes if v["metadata"]["name"] == "frontline-exchange")
    assert exchange["spec"]["accessModes"] == ["ReadWriteMany"]
    mount = values["singleuser"]["storage"]["extraVolumeMounts"][0]["mountPath"]
    assert values["singleuser"]["extraEnv"]["FRONTLINE_EXCHANGE"] == mount
    assert values["singleuser"]["defaultUrl"] == single_host.Spawner.default_url  # trainers
    # trainees land on the portal on both, and the cluster writes the same notebook
    from frontline.hub.portal.notebook import DEFAULT_URL, PORTAL_NOTEBOOK

    hook = values["hub"]["extraConfig"]["frontline-spawn"]
    compile(hook, "values.yaml hub.extraConfig", "exec")  # at least valid Python
    assert f'spawner.default_url = "{DEFAULT_URL}"' in hook
    start = " ".join(values["singleuser"]["lifecycleHooks"]["postStart"]["exec"]["command"])
    assert "PORTAL_NOTEBOOK" in start and "portal_notebook()" in start
    assert PORTAL_NOTEBOOK in DEFAULT_URL
