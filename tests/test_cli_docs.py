"""Every command is documented: in --help (through the real CLI) and in README.md."""

from __future__ import annotations

import click
import pytest

from conftest import ROOT, run_cli
from kerasaudit.cli import main

# Commands are loaded on demand (fast start-up), so ask the group, not its eager dict.
COMMANDS = sorted(main.list_commands(click.Context(main)))


def test_every_command_is_found() -> None:
    assert {"check", "summary", "rule", "explain", "diff", "graph"} <= set(COMMANDS)


@pytest.mark.parametrize("name", COMMANDS)
def test_command_has_help_and_a_readme_section(name: str) -> None:
    out = run_cli(name, "--help")
    assert out.returncode == 0 and "Usage:" in out.stdout and len(out.stdout.splitlines()) > 5
    assert f"kerasaudit {name}" in (ROOT / "README.md").read_text()
    assert name in run_cli("--help").stdout
