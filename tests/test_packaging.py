"""The project's own promises about packaging, docs and start-up."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib

import yaml

from frontline.cli import build_parser
from frontline.core.course import REPO_ROOT


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~\[ ;]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def test_environment_yml_names_the_same_runtime_dependencies() -> None:
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    # conda has no extras (psycopg[binary] is plain psycopg there): compare without them
    pip_side = {
        _name(r): re.sub(r"\[.*?\]", "", r.split("#")[0]).replace(" ", "")
        for r in project["dependencies"]
    }
    env = yaml.safe_load((REPO_ROOT / "environment.yml").read_text(encoding="utf-8"))
    conda_side = {
        _name(d): d.split("#")[0].replace(" ", "")
        for d in env["dependencies"]
        # configurable-http-proxy is JupyterHub's proxy, a node program: conda-forge
        # has it, pip installs get it from npm (`make hub`)
        if isinstance(d, str) and _name(d) not in {"python", "pip", "configurable-http-proxy"}
    }
    # what conda-forge lacks comes from PyPI, in the file's own pip section
    pip_section = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    conda_side |= {
        _name(d): d.split("#")[0].replace(" ", "")
        for d in pip_section
        if not d.startswith("-")
    }
    assert conda_side == pip_side


def _commands() -> list[str]:
    parser = build_parser()
    subparsers = next(a for a in parser._actions if a.dest == "command")
    return sorted(subparsers.choices)  # type: ignore[arg-type]


def test_every_cli_command_is_documented_in_the_readme() -> None:
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    missing = [c for c in _commands() if f"frontline {c}" not in readme]
    assert not missing, f"commands not in README.md: {missing}"


def test_every_command_has_help() -> None:
    for command in _commands():
        result = subprocess.run(
            [sys.executable, "-m", "frontline.cli", command, "--help"],
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        assert f"usage: frontline {command}" in result.stdout


def test_help_does_not_load_heavy_libraries() -> None:
    """`frontline --help` must answer at once: no nbgrader, pandas, matplotlib or widgets."""
    code = (
        "import sys, contextlib, io\n"
        "from frontline import cli\n"
        "with contextlib.suppress(SystemExit), contextlib.redirect_stdout(io.StringIO()):\n"
        "    cli.main(['--help'])\n"
        "names = ('nbgrader', 'pandas', 'matplotlib', 'ipywidgets', 'sqlalchemy', 'nbformat')\n"
        "heavy = [m for m in names if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""


def test_makefile_offers_the_readme_commands() -> None:
    makefile = (REPO_ROOT / "Makefile").read_text(encoding="utf-8")
    for target in ("demo:", "test:", "lab:", "bench:"):
        assert target in makefile
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    assert "make demo" in readme and "make test" in readme
