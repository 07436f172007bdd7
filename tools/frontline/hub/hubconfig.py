"""JupyterHub's configuration for Frontline, filled from `settings`, `accounts` and `roles`.

`jupyterhub_config.py` at the top of the checkout calls `configure(c)`; nothing else
writes JupyterHub settings. Sign-in is PAM against the Unix accounts that
`frontline hub users sync` creates; each server is spawned as its owner by
LocalProcessSpawner (the hub runs as root for that). Trainees and trainers get
different Jupyter configuration folders (JUPYTER_CONFIG_PATH), written here:
trainees see the nbgrader assignment list only; trainers get formgrader on the shared
course folder, allowed to be framed by their own JupyterLab (the CSP
`frame-ancestors 'self'`, as nbgrader's demos set it).
"""

from __future__ import annotations

import json
import os
import secrets
import sys
from pathlib import Path
from typing import Any

from jupyterhub.utils import url_path_join

from frontline.core.atomic import write_bytes_atomic, write_text_atomic
from frontline.hub import roles
from frontline.hub.accounts import Account, hub_groups, load_accounts
from frontline.hub.settings import HubSettings

PREFIX = Path(sys.prefix)  # the project's environment
HR_PORT_OFFSET = 11  # the HR view listens beside the hub, on loopback only
RECORD_PORT_OFFSET = 13  # so does the play recorder (12 is the proxy's API)
TRAINEE_UMASK = "0077"  # a trainee's files are theirs alone, even if a folder opens up
TRAINER_UMASK = "0007"  # trainers share the course and the gradebook through their group


def _json(path: Path, data: Any) -> None:
    write_text_atomic(path, json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    path.chmod(0o644)


def write_server_configs(settings: HubSettings, course_id: str) -> dict[str, Path]:
    """The Jupyter configuration folder of each kind of server; returns kind -> folder."""
    base = settings.state / "etc"
    nbgrader = {"CourseDirectory": {"course_id": course_id},
                "Exchange": {"root": str(settings.exchange)}}  # fmt: skip
    trainee = base / roles.TRAINEES
    _json(trainee / "nbgrader_config.json", nbgrader)
    # In jupyter_server_config.d, where Jupyter merges extension switches with the
    # installed ones (a jupyter_server_config.json would replace the whole list).
    switches = trainee / "jupyter_server_config.d" / "frontline.json"
    _json(switches, {"ServerApp": {"jpserver_extensions": {
        "nbgrader.server_extensions.formgrader": False,
        "nbgrader.server_extensions.course_list": False,
        "nbgrader.server_extensions.assignment_list": True,
        "nbgrader.server_extensions.validate_assignment": True,
    }}})  # fmt: skip
    _json(trainee / "labconfig" / "page_config.json", {"disabledExtensions": {
        "@jupyter/nbgrader:formgrader": True,
        "@jupyter/nbgrader:create-assignment": True,
        "@jupyter/nbgrader:course-list": True,
    }})  # fmt: skip
    trainer = base / roles.TRAINERS
    # The course's own nbgrader_config.py (keys, sandbox plug-ins, gradebook URL) is
    # loaded as is; only the exchange is the hub's shared one.
    course_config = settings.course_dir / "nbgrader_config.py"
    write_text_atomic(
        trainer / "nbgrader_config.py",
        "c = get_config()  # noqa: F821\n"
        f"load_subconfig({str(course_config)!r})  # noqa: F821\n"
        f"c.Exchange.root = {str(settings.exchange)!r}\n",
    )
    (trainer / "nbgrader_config.py").chmod(0o644)
    _json(trainer / "jupyter_server_config.json", {"ServerApp": {
        "tornado_settings": {"headers": {"Content-Security-Policy": "frame-ancestors 'self'"}},
    }})  # fmt: skip
    for folder in (base, trainee, trainer, trainee / "labconfig",
                   trainee / "jupyter_server_config.d"):  # fmt: skip
        folder.chmod(0o755)
    return {roles.TRAINEES: trainee, roles.TRAINERS: trainer}


def _secret(path: Path, make: Any) -> str:
    if not path.exists():
        write_bytes_atomic(path, make().encode("ascii"))
    path.chmod(0o600)
    return path.read_text(encoding="ascii").strip()


def admin_token(settings: HubSettings) -> str:
    """The administrator service's API token (0600 in the hub's folder)."""
    return _secret(settings.state / "admin-token", lambda: secrets.token_hex(32))


def hr_view_url(settings: HubSettings) -> str:
    return f"http://127.0.0.1:{settings.port + HR_PORT_OFFSET}"


def record_url(settings: HubSettings) -> str:
    return f"http://127.0.0.1:{settings.port + RECORD_PORT_OFFSET}"


def _services(settings: HubSettings) -> list[dict[str, Any]]:
    env = {k: v for k, v in os.environ.items() if k.startswith("FRONTLINE_")}
    return [
        {
            "name": roles.HR_SERVICE,
            "display": False,
            "url": hr_view_url(settings),
            "command": [sys.executable, "-m", "frontline.hub.services.hr_view"],
            "environment": env,
            "oauth_no_confirm": True,
            "oauth_client_allowed_scopes": [roles.HR_READ],
        },
        {
            # Keeps exam plays as they happen (practical_record); runs as the hub's
            # user, writing into the folder only trainers may read (files.protect_records).
            "name": roles.RECORD_SERVICE,
            "display": False,
            "url": record_url(settings),
            "command": [sys.executable, "-m", "frontline.hub.services.practical_record"],
            "environment": dict(env, FRONTLINE_RECORDED_TRANSCRIPTS=str(settings.records)),
        },
        {"name": roles.ADMIN_SERVICE, "api_token": admin_token(settings)},
    ]


def _spawn_hook(
    settings: HubSettings, configs: dict[str, Path], bin_dir: Path, course_id: str
) -> Any:
    """Per user: which configuration, folder, umask and variables the server gets, and
    for trainees the portal as the page they land on."""
    shared = {k: v for k, v in os.environ.items() if k in ("FRONTLINE_ROOT", "FRONTLINE_LANG")}

    def hook(spawner: Any) -> None:
        groups = {g.name for g in spawner.user.groups}
        trainer = roles.TRAINERS in groups
        kind = roles.TRAINERS if trainer else roles.TRAINEES
        # The project's own Jupyter folders (extensions switched on at install, JupyterLab's
        # assets) by name: the server's Python may be the shared one (`interpreter`),
        # whose own prefix holds none of them.
        config_path = os.pathsep.join([str(configs[kind]), str(PREFIX / "etc" / "jupyter")])
        env = dict(shared, JUPYTER_CONFIG_PATH=config_path,
                   JUPYTER_PATH=str(PREFIX / "share" / "jupyter"),
                   FRONTLINE_EXCHANGE=str(settings.exchange), FRONTLINE_COURSE_ID=course_id,
                   PATH=f"{bin_dir}:/usr/local/bin:/usr/bin:/bin")  # fmt: skip
        if trainer:
            # the gradebook's address (and any password in it) goes to trainers only
            if os.environ.get("FRONTLINE_DB_URL"):
                env["FRONTLINE_DB_URL"] = os.environ["FRONTLINE_DB_URL"]
            # grading puts the recorded plays in place of the submitted ones
            env["FRONTLINE_RECORDED_TRANSCRIPTS"] = str(settings.records)
            spawner.notebook_dir = str(settings.course_dir)
        else:
            import pwd

            from frontline.hub.portal.notebook import DEFAULT_URL, place_portal

            account = pwd.getpwnam(spawner.user.name)
            place_portal(Path(account.pw_dir), account.pw_uid, account.pw_gid)
            spawner.default_url = DEFAULT_URL
            # each exam step goes here too, with the server's own token
            env["FRONTLINE_RECORD_URL"] = url_path_join(
                record_url(settings), f"services/{roles.RECORD_SERVICE}/events"
            )
        spawner.environment.update(env)
        umask = TRAINER_UMASK if trainer else TRAINEE_UMASK
        spawner.cmd = ["/bin/sh", "-c", f'umask {umask} && exec "$0" "$@"',
                       str(bin_dir / "jupyterhub-singleuser")]  # fmt: skip

    return hook


def _default_url(handler: Any) -> str:
    """HR lands on the HR view (they have no server); everyone else on their own server."""
    user = handler.current_user
    if user is not None and roles.HR in {g.name for g in user.groups}:
        return f"{handler.base_url}services/{roles.HR_SERVICE}/"
    return f"{handler.hub.base_url}spawn"


def configure(c: Any, settings: HubSettings, accounts: list[Account] | None = None) -> None:
    """Fill JupyterHub's config object `c` (from jupyterhub_config.py)."""
    from frontline.core.course import Course
    from frontline.hub.files import prepare_state
    from frontline.hub.interpreter import server_bin

    prepare_state(settings)
    if accounts is None:
        accounts = load_accounts(settings.roster, settings.staff)
    course = Course.from_directory(settings.course_dir)
    configs = write_server_configs(settings, course.course_id)

    c.JupyterHub.ip = settings.ip
    c.JupyterHub.port = settings.port
    c.JupyterHub.hub_ip = "127.0.0.1"
    c.JupyterHub.hub_port = settings.port + 10
    c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{settings.port + 12}"
    c.ConfigurableHTTPProxy.command = [settings.proxy]
    c.ConfigurableHTTPProxy.pid_file = str(settings.state / "proxy.pid")
    c.JupyterHub.db_url = settings.hub_db_url
    c.JupyterHub.cookie_secret_file = str(settings.state / "jupyterhub_cookie_secret")
    c.JupyterHub.pid_file = str(settings.state / "jupyterhub.pid")
    c.JupyterHub.data_files_path = str(Path(sys.prefix) / "share" / "jupyterhub")

    c.JupyterHub.authenticator_class = "pam"
    c.Authenticator.allowed_users = {a.name for a in accounts}
    c.PAMAuthenticator.open_sessions = False  # no login sessions (utmp) for web sign-ins
    c.JupyterHub.load_groups = {name: {"users": members}
                                for name, members in hub_groups(accounts).items()}  # fmt: skip
    c.JupyterHub.custom_scopes = roles.CUSTOM_SCOPES
    c.JupyterHub.load_roles = roles.load_roles()
    c.JupyterHub.services = _services(settings)
    c.JupyterHub.default_url = _default_url

    c.JupyterHub.spawner_class = "localprocess"
    c.Spawner.default_url = "/lab"
    c.Spawner.pre_spawn_hook = _spawn_hook(
        settings, configs, server_bin(settings.state), course.course_id
    )
    # The server's token may post plays to the recorder; the hub keeps only the scopes
    # its owner holds, so only trainees' servers can.
    c.Spawner.server_token_scopes = roles.SERVER_TOKEN_SCOPES
    c.Spawner.http_timeout = 60
    c.Spawner.start_timeout = 90
    # Environment from the hub (root's) is not passed on beyond what the hook sets.
    c.Spawner.env_keep = ["LANG", "LC_ALL", "TZ"]
