"""``kerasaudit check PATH...`` (the default command): diagnostics, like ruff."""

from __future__ import annotations

import sys

import click

from ..cli import EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, expand_paths


def _formats() -> list[str]:
    from ..report import formats
    return formats("diagnostics")


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--format", "--output-format", "fmt", default=None,
              help="Output format: full (default in a terminal), concise (default when piped), json, ...")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings (never hides exit 2).")
@click.option("-o", "--output-file", type=click.Path(dir_okay=False), help="Write the output to this file.")
def check(paths: tuple[str, ...], fmt: str | None, exit_zero: bool, output_file: str | None) -> None:
    """Report suspicious Keras model code in PATHS (files or directories).

    Exit status: 0 no findings, 1 findings, 2 the tool could not run.
    """
    import os

    from ..api import check_paths
    from ..report import ReportOptions, reporter
    from ..settings import Settings

    available = _formats()
    if fmt is None:
        fmt = "full" if sys.stdout.isatty() and "full" in available else "concise"
    if fmt not in available:
        click.echo(f"kerasaudit: error: unknown format {fmt!r} (choose from {', '.join(available)})", err=True)
        sys.exit(EXIT_ERROR)
    files, problems = expand_paths(paths)
    for problem in problems:
        click.echo(f"kerasaudit: error: {problem}", err=True)
    results = check_paths(files, Settings())
    color = sys.stdout.isatty() and not os.environ.get("NO_COLOR") and output_file is None
    text = reporter("diagnostics", fmt).render(results, ReportOptions(color=color))
    if output_file:
        with open(output_file, "w", encoding="utf-8") as fh:
            fh.write(text)
    else:
        click.echo(text, nl=False)
    tool_error = problems or any(r.skip_reason == "unreadable" or any(d.code == "KA004" for d in r.diagnostics)
                                 for r in results)
    if tool_error:
        sys.exit(EXIT_ERROR)
    findings = any(d.severity in ("error", "warning") for r in results for d in r.diagnostics)
    sys.exit(EXIT_FINDINGS if findings and not exit_zero else EXIT_CLEAN)
