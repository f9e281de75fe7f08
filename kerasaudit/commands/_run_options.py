"""Options every analysing command shares: parallel jobs, the cache, per-file limits."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any, Callable, Optional

import click


class SizeType(click.ParamType):
    """``2MB``, ``500k``, ``1048576``: a size in bytes (K/M/G are powers of 1024)."""

    name = "SIZE"

    def convert(self, value: Any, param: Optional[click.Parameter], ctx: Optional[click.Context]) -> int:
        from ..sizes import parse_size

        size = parse_size(value)
        if size is None or size <= 0:
            self.fail(f"{value!r} is not a size (examples: 2MB, 500KB, 1048576)", param, ctx)
        return size


def run_options(command: Callable) -> Callable:
    """Add --jobs, --no-cache, --cache-dir, --max-steps, --max-seconds, --max-file-size."""
    options = [
        click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
                     help="Analyse files in this many processes (default: one per CPU core)."),
        click.option("--no-cache", is_flag=True,
                     help="Do not read or write the result cache (.kerasaudit_cache/)."),
        click.option("--cache-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
                     envvar="KERASAUDIT_CACHE_DIR", show_envvar=True,
                     help="Where to keep the result cache (default: .kerasaudit_cache in the current directory)."),
        click.option("--max-steps", type=click.IntRange(min=1), default=None,
                     help="Per-file budget of interpreted statements and calls (default: 500,000); past it the "
                          "rest of the file is reported as not analysed (KA003)."),
        click.option("--max-seconds", type=click.FloatRange(min=0, min_open=True), default=None,
                     help="Per-file wall-clock limit of the analysis in seconds (default: 10)."),
        click.option("--max-file-size", type=SizeType(), default=None,
                     help="Skip larger files with a KA003 message (default: 2MB)."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def apply_limits(settings: Any, max_steps: Optional[int] = None, max_seconds: Optional[float] = None,
                 max_file_size: Optional[int] = None) -> Any:
    """Settings with the per-file limits given on the command line (they win over config)."""
    changes = {name: value for name, value in (("max_steps", max_steps), ("max_seconds", max_seconds),
                                                ("max_file_size", max_file_size)) if value is not None}
    return dataclasses.replace(settings, **changes) if changes else settings


def run_files(files: list[Path], settings_for: Callable[[Path], Any], jobs: Optional[int], no_cache: bool,
              cache_dir: Optional[Path]) -> list:
    """Every file with its own settings, in ``jobs`` processes, through the cache."""
    from ..api import check_paths
    return check_paths(files, settings_for=settings_for, jobs=jobs, cache=not no_cache, cache_dir=cache_dir)
