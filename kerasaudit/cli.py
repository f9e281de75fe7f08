"""The command line: options -> settings -> api -> reporter -> exit code. Kept thin."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import __version__

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class DefaultGroup(click.Group):
    """``kerasaudit model.py`` means ``kerasaudit check model.py``.

    Every module in commands/ defines the click command of its own name (``check.check``),
    so adding a command never touches this file. A command's module is imported only when
    that command runs (or ``--help`` lists them all): ``kerasaudit --version`` and a
    ``check`` in pre-commit do not pay for the imports of ``graph`` or ``diff``."""

    def _modules(self) -> list[str]:
        import pkgutil

        from . import commands
        return sorted(m.name for m in pkgutil.iter_modules(commands.__path__) if not m.name.startswith("_"))

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(self._modules()) | set(self.commands))

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in self.commands and name in self._modules():
            import importlib

            from . import commands
            command = getattr(importlib.import_module(f"{commands.__name__}.{name}"), name, None)
            if isinstance(command, click.Command):
                self.add_command(command, name)
        return self.commands.get(name)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.list_commands(ctx) and args[0] not in ("--help", "-h", "--version"):
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


if __name__ == "__main__":
    sys.exit(main())
