"""Who reaches what on the hub: groups, roles, the custom scope and the services.

This is the one list both the single-host configuration (`hubconfig`) and the
Kubernetes values in `deploy/` are held to (tests/hub/test_deploy.py compares them).
JupyterHub denies by default: a user can do only what a role listed here grants.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

TRAINEES = "trainees"
TRAINERS = "trainers"
HR = "hr"
KINDS = (TRAINEES, TRAINERS, HR)
TEAM_PREFIX = "team-"

HR_SERVICE = "hr-view"
RECORD_SERVICE = "practical-record"  # keeps exam role-plays as they are played
ADMIN_SERVICE = "frontline-admin"
SERVICES = (HR_SERVICE, RECORD_SERVICE, ADMIN_SERVICE)

HR_READ = "custom:frontline-hr:read"
CUSTOM_SCOPES: dict[str, dict[str, str]] = {
    HR_READ: {
        "description": "Read the cohort's tiers, reasons, decision flags and HR reports.",
    },
}

# JupyterHub's default `user` role is `self`, which includes starting a server. Here it
# is cut down to reading one's own account, so a server is something a role must grant:
# HR staff sign in but have no server (and so cannot be handed a trainee's files).
USER_SCOPES = ["read:users!user", "read:tokens!user", "tokens!user"]
SERVER_SCOPES = ["self"]  # own server only: `self` never names another user's
# Trainees also reach the service that records their exam plays (with their own token).
RECORD_ACCESS = f"access:services!service={RECORD_SERVICE}"
TRAINEE_SCOPES = [*SERVER_SCOPES, RECORD_ACCESS]
# A server's own API token (JUPYTERHUB_API_TOKEN): JupyterHub's `server` role, plus the
# record service; the hub grants only the part its owner holds, so trainers' lack it.
SERVER_TOKEN_SCOPES = ["users:activity!user", "access:servers!server", RECORD_ACCESS]
HR_SCOPES = [f"access:services!service={HR_SERVICE}", HR_READ]
# The administrator's service token (`frontline hub` commands and the tests): it manages
# accounts and servers but is not given access:servers, so it cannot open anyone's files.
ADMIN_SCOPES = [
    "admin:users",
    "admin:servers",
    "admin:groups",
    "tokens",
    "list:services",
    "read:services",
]


def team_group(team: str) -> str:
    """A hub group name for a roster team: its ASCII words, e.g. `team-front-desk`.

    Rosters name teams in Chinese and English ("前台接待 Front desk"); a team with no
    ASCII letters gets a short stable hash so two such teams never share a group."""
    words = re.findall(r"[a-z0-9]+", team.casefold())
    if words:
        return TEAM_PREFIX + "-".join(words)[:50]
    return TEAM_PREFIX + hashlib.sha256(team.encode("utf-8")).hexdigest()[:10]


def load_roles() -> list[dict[str, Any]]:
    """JupyterHub's `load_roles`: each role by the groups that hold it."""
    return [
        {"name": "user", "description": "Every account: its own name and tokens only.",
         "scopes": USER_SCOPES},
        {"name": "frontline-trainee",
         "description": "A trainee's own server and the play recorder.",
         "scopes": TRAINEE_SCOPES, "groups": [TRAINEES]},
        {"name": "frontline-trainer",
         "description": "A trainer's own JupyterLab with formgrader on the shared course.",
         "scopes": SERVER_SCOPES, "groups": [TRAINERS]},
        {"name": "frontline-hr", "description": "The HR view, read only; no server.",
         "scopes": HR_SCOPES, "groups": [HR]},
        {"name": "frontline-admin", "description": "Accounts and servers, not their files.",
         "scopes": ADMIN_SCOPES, "services": [ADMIN_SERVICE]},
    ]  # fmt: skip


def role_groups(roles: list[dict[str, Any]]) -> dict[str, set[str]]:
    """Role name -> the groups holding it, for comparing two configurations."""
    return {role["name"]: set(role.get("groups", [])) for role in roles}
