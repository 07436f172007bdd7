"""Frontline for a whole service centre: JupyterHub with trainee, trainer and HR doors.

`settings` says where things are (all from the environment, so the hub, its spawned
servers and its services agree); `roles` is the one list of groups, roles, scopes and
services that the single-host config and `deploy/` both name; `accounts` turns the
roster and the staff list into Unix accounts and groups; `files` gives the course,
the gradebook and the exchange the modes that keep trainees out; `hubconfig` fills
JupyterHub's configuration from all of it; `launch` starts it with progress.
"""
