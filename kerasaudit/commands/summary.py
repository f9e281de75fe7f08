"""``kerasaudit summary PATH...``: what model.summary() would print, for every model found."""

from __future__ import annotations

import sys
from typing import Any

import click

from ..cli import EXIT_CLEAN, EXIT_ERROR, expand_paths
from ._run_options import apply_limits, run_files, run_options


@click.command(short_help="What model.summary() prints, plus FLOPs and memory, per model.")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--format", "fmt", default="text", show_default=True,
              type=click.Choice(["text", "json", "markdown"]),
              help="text (a table like model.summary()), json (the versioned document), markdown (for a "
                   "pull-request comment or a README).")
@click.option("--weights", is_flag=True,
              help="Also list every weight tensor in model.get_weights() order, with its shape.")
@click.option("--cost", is_flag=True,
              help="Add per-layer FLOPs and activation-memory columns (totals are always shown).")
@click.option("--expand-nested", is_flag=True, help="Show the layers inside nested models.")
@click.option("--color/--no-color", default=None, help="Force rich output on or off (default: on in a terminal).")
@click.option("-q", "--quiet", is_flag=True, help="Say nothing about files that define no model.")
@click.option("--exit-zero", is_flag=True,
              help="Always exit 0, even when a path is missing or a file unreadable (for informational "
                   "hooks such as the kerasaudit-summary pre-commit hook).")
@click.option("-o", "--output-file", type=click.Path(dir_okay=False), help="Write the output to this file.")
@run_options
def summary(paths: tuple[str, ...], fmt: str, weights: bool, cost: bool, expand_nested: bool, color: bool | None,
            quiet: bool, exit_zero: bool, output_file: str | None, **run: Any) -> None:
    """Print a model summary (shapes and parameter counts) for every Keras model in PATHS.

    Nothing is imported or executed: the numbers come from the source alone. Where a
    number cannot be known statically it is shown as ? (null in JSON), with the reason.
    Below each table: FLOPs per sample (one multiply-add = 2 FLOPs), activation memory
    per sample and parameter memory by dtype.
    Exit status: 0 on success, 2 if the tool could not run (bad arguments, unreadable input).
    """
    import os

    from ..report import ReportOptions, reporter
    from ..settings import Settings

    files, problems = expand_paths(paths)
    for problem in problems:
        click.echo(f"kerasaudit: error: {problem}", err=True)
    settings = apply_limits(Settings(expand_nested=expand_nested), run.pop("max_steps"), run.pop("max_seconds"),
                            run.pop("max_file_size"))
    results = run_files(files, lambda _: settings, **run)
    if color is None:
        color = sys.stdout.isatty() and not os.environ.get("NO_COLOR") and output_file is None
    options = ReportOptions(color=bool(color), weights=weights, expand_nested=expand_nested, quiet=quiet,
                            extra={"cost": cost})
    text = reporter("summary", fmt).render(results, options)
    failed_output = False
    if output_file:
        try:
            with open(output_file, "w", encoding="utf-8") as fh:
                fh.write(text)
        except OSError as exc:
            click.echo(f"kerasaudit: error: cannot write {output_file}: {exc.strerror or exc}", err=True)
            failed_output = True
    else:
        click.echo(text, nl=False)
    unreadable = any(r.skip_reason == "unreadable" or any(d.code == "KA004" for d in r.diagnostics)
                     for r in results)
    sys.exit(EXIT_ERROR if (problems or unreadable or failed_output) and not exit_zero else EXIT_CLEAN)
