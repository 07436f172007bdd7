"""`frontline hub`: start the hub, and manage its Unix accounts from the roster.

Only argparse is imported at module level, so `frontline --help` stays fast.
"""

from __future__ import annotations

import argparse


def _say(message: str) -> None:
    print(f"  {message}", flush=True)


def _cmd_start(args: argparse.Namespace) -> int:
    from frontline.hub.launch import start
    from frontline.hub.settings import load_settings

    print("frontline hub", flush=True)
    return start(load_settings(), _say)


def _cmd_sync(args: argparse.Namespace) -> int:
    from frontline.hub.accounts import load_accounts
    from frontline.hub.files import prepare_state, protect_course, protect_records
    from frontline.hub.settings import load_settings
    from frontline.hub.unix import sync_accounts

    settings = load_settings()
    accounts = load_accounts(settings.roster, settings.staff)
    report = sync_accounts(accounts, settings)
    prepare_state(settings)
    protect_course(settings)
    protect_records(settings)
    print(f"{len(accounts)} accounts: {len(report.created)} created, "
          f"{len(report.updated)} groups changed, {len(report.unchanged)} unchanged")  # fmt: skip
    if report.created:
        print(f"first passwords of the new accounts: {settings.passwords} (root only)")
    if report.not_listed:
        print(f"in Frontline's groups but in neither file (not removed): "
              f"{', '.join(report.not_listed)}")  # fmt: skip
    print(f"{settings.course_dir} and {settings.gradebook_dir}: root and "
          f"{settings.unix_group('trainers')} only; exchange {settings.exchange}")  # fmt: skip
    return 0


def _cmd_remove(args: argparse.Namespace) -> int:
    from frontline.hub.settings import load_settings
    from frontline.hub.unix import remove_accounts

    removed = remove_accounts(args.names, load_settings())
    print(f"removed {len(removed)} accounts and their homes: {', '.join(removed) or '-'}")
    return 0


def add_hub_commands(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    hub = commands.add_parser(
        "hub",
        help="JupyterHub for a whole centre: `frontline hub` starts it, "
        "`frontline hub users sync` makes the accounts",
        description="Starts JupyterHub on this machine (as root: each server runs as its "
        "owner's Unix account) with the trainee, trainer and HR doors. Settings come from "
        "FRONTLINE_HUB_* variables; see the README, 'Running for a whole centre'.",
    )
    hub.set_defaults(func=_cmd_start)
    steps = hub.add_subparsers(dest="hub_command", metavar="STEP")
    start = steps.add_parser("start", help="start the hub (the default)")
    start.set_defaults(func=_cmd_start)
    users = steps.add_parser(
        "users", help="Unix accounts and groups from gradebook/roster.csv and staff.csv"
    )
    actions = users.add_subparsers(dest="users_command", metavar="ACTION", required=True)
    sync = actions.add_parser(
        "sync",
        help="create missing accounts (home 0700, first password), set their groups, "
        "and close the course and gradebook folders to trainees",
    )
    sync.set_defaults(func=_cmd_sync)
    remove = actions.add_parser("remove", help="delete Frontline accounts and their homes")
    remove.add_argument("names", nargs="+", metavar="NAME")
    remove.set_defaults(func=_cmd_remove)
