"""The command line: options -> settings -> api -> reporter -> exit code. Kept thin."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import __version__

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class DefaultGroup(click.Group):
    """``kerasaudit model.py`` means ``kerasaudit check model.py``."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h", "--version"):
            args = ["check", *args]
        return super().parse_args(ctx, args)


@click.group(cls=DefaultGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kerasaudit")
def main() -> None:
    """Static analysis of Keras model code: exact model summaries and diagnostics,
    without running the code or installing Keras.

    Run `kerasaudit PATH...` (same as `kerasaudit check PATH...`) for diagnostics,
    `kerasaudit summary PATH...` for model summaries, `kerasaudit explain FILE:LINE`
    for the arithmetic behind a layer's numbers, `kerasaudit diff` to review how a
    change affects the models, `kerasaudit graph PATH...` for pictures.
    `kerasaudit COMMAND --help` describes each command.
    """


def expand_paths(paths: tuple[str, ...]) -> tuple[list[Path], list[str]]:
    """Files to analyse (directories searched for *.py, honouring .gitignore and the default
    excludes; see kerasaudit.files), and problems with the arguments (missing paths)."""
    from .files import discover
    found = discover(paths)
    return found.files, found.problems


def _register_commands() -> None:
    """Every module in commands/ defines the click command of its own name (``check.check``),
    so adding a command never touches this file."""
    import importlib
    import pkgutil

    from . import commands
    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{commands.__name__}.{info.name}")
        command = getattr(module, info.name, None)
        if isinstance(command, click.Command):
            main.add_command(command)


_register_commands()


if __name__ == "__main__":
    sys.exit(main())
