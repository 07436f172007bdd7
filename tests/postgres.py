"""A throwaway PostgreSQL server for the tests that claim PostgreSQL works.

The server binaries come from Debian's `postgresql` package when it is installed,
otherwise from the `pgserver` wheel (a dev dependency that ships the real server
binaries), so these tests run on a machine without any system package. PostgreSQL
refuses to run as root: as root the cluster runs as the `postgres` account when
Debian made one, otherwise as `nobody`.
"""

from __future__ import annotations

import glob
import importlib.util
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


def server_binaries() -> Path | None:
    """The folder holding initdb and pg_ctl, Debian's first, else the wheel's."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return Path(found[-1]).parent
    spec = importlib.util.find_spec("pgserver")
    if spec is not None and spec.submodule_search_locations:
        for folder in spec.submodule_search_locations:
            bin_dir = Path(folder) / "pginstall" / "bin"
            if (bin_dir / "initdb").is_file():
                return bin_dir
    return None


PG_BIN = server_binaries()
requires_postgres = pytest.mark.skipif(
    PG_BIN is None,
    reason="no PostgreSQL server binaries: neither Debian's `postgresql` package nor the "
    "`pgserver` wheel (`make test` installs it)",
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _server_account() -> str | None:
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            pwd.getpwnam(name)
            return name
        except KeyError:
            continue
    raise RuntimeError("running as root with neither a `postgres` nor a `nobody` account")


@contextmanager
def throwaway_server() -> Iterator[str]:
    """Start a private cluster on a Unix socket; yield a URL for its `postgres` database.

    The URL's user is `frontline`, trusted without a password; the cluster and its
    folder are gone afterwards.
    """
    assert PG_BIN is not None
    # Not pytest's tmp_path: its folders are private to the test user, and the
    # server may have to run as another one.
    home = Path(tempfile.mkdtemp(prefix="frontline-pg-"))
    account = _server_account()
    run_as: list[str] = []
    if account is not None:
        shutil.chown(home, account)
        run_as = ["runuser", "-u", account, "--"]
    data, port = home / "data", _free_port()

    def pg(*args: str) -> None:
        subprocess.run([*run_as, *args], check=True, capture_output=True, cwd=home)

    pg(str(PG_BIN / "initdb"), "-D", str(data), "-A", "trust", "-U", "frontline",
       "-E", "UTF8", "--no-sync")  # fmt: skip
    pg(str(PG_BIN / "pg_ctl"), "-D", str(data), "-l", str(home / "server.log"), "-w",
       "-o", f"-k {home} -p {port} -c listen_addresses='' -c fsync=off", "start")  # fmt: skip
    try:
        yield f"postgresql+psycopg://frontline@/postgres?host={home}&port={port}"
    finally:
        pg(str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop")
        shutil.rmtree(home, ignore_errors=True)


def create_database(server_url: str, name: str) -> str:
    """CREATE DATABASE `name` on the server; the URL of the new database."""
    import sqlalchemy as sa

    admin = sa.create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return server_url.replace("/postgres?", f"/{name}?", 1)
