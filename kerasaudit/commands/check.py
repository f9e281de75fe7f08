"""``kerasaudit check PATH...`` (the default command): diagnostics, like ruff."""

from __future__ import annotations

import os
import sys

import click

from ..cli import EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS

FORMATS_HELP = ("full (default: source lines underlined, coloured in a terminal), concise, json, json-lines, "
                "sarif, github, gitlab, junit")


def _formats() -> list[str]:
    from ..report import formats
    return formats("diagnostics")


def _patterns(values: tuple[str, ...]) -> list[str]:
    """Repeatable options that also take comma-separated lists, like ruff's."""
    return [p.strip() for v in values for p in v.split(",") if p.strip()]


@click.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--format", "--output-format", "fmt", default=None, metavar="FORMAT", help=f"Output format: {FORMATS_HELP}.")
@click.option("-o", "--output-file", type=click.Path(dir_okay=False), help="Write the output to this file.")
@click.option("--statistics", is_flag=True, help="Print how many times each code was reported, not the findings.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings (never hides exit 2).")
@click.option("--show-source/--no-show-source", default=True, show_default=True,
              help="Show the source line under each finding (full format).")
@click.option("-q", "--quiet", is_flag=True, help="Print the findings only: no summary line.")
@click.option("--stdin-filename", metavar="PATH", help="The name to report for source read from `-` (stdin).")
@click.option("--exclude", multiple=True, metavar="PATTERNS",
              help="Replace the default excluded paths (globs, comma-separated, repeatable).")
@click.option("--extend-exclude", multiple=True, metavar="PATTERNS", help="Exclude these paths as well.")
@click.option("--force-exclude", is_flag=True, help="Apply excludes to files named on the command line too.")
@click.option("--respect-gitignore/--no-respect-gitignore", default=None,
              help="Skip files .gitignore ignores when searching directories (default: on).")
def check(paths: tuple[str, ...], fmt: str | None, output_file: str | None, statistics: bool, exit_zero: bool,
          show_source: bool, quiet: bool, stdin_filename: str | None, exclude: tuple[str, ...],
          extend_exclude: tuple[str, ...], force_exclude: bool, respect_gitignore: bool | None) -> None:
    """Report suspicious Keras model code in PATHS (files or directories; `-` reads
    standard input; default: the current directory).

    Directories are searched for *.py files, skipping what .gitignore ignores and the
    `exclude` patterns. Exit status: 0 no findings, 1 findings (errors or warnings; `info`
    findings are shown but do not fail), 2 the tool could not run (bad arguments, an
    unreadable file, an internal error). `--exit-zero` turns 1 into 0, never 2.
    """
    from ..api import check_bytes, check_paths
    from ..files import discover
    from ..report import ReportOptions, reporter
    from ..settings import Settings

    available = _formats()
    fmt = fmt or "full"
    if fmt not in available:
        click.echo(f"kerasaudit: error: unknown format {fmt!r} (choose from {', '.join(available)})", err=True)
        sys.exit(EXIT_ERROR)
    settings = Settings()
    if exclude:
        settings.exclude = _patterns(exclude)
    settings.extend_exclude = [*settings.extend_exclude, *_patterns(extend_exclude)]
    settings.force_exclude = settings.force_exclude or force_exclude
    if respect_gitignore is not None:
        settings.respect_gitignore = respect_gitignore

    found = discover(paths or (".",), settings.exclude, settings.extend_exclude, settings.respect_gitignore,
                     settings.force_exclude)
    for problem in found.problems:
        click.echo(f"kerasaudit: error: {problem}", err=True)
    results = check_paths(found.files, settings)
    if found.stdin:
        name = stdin_filename or "-"
        if not (stdin_filename and settings.force_exclude and _excluded_name(stdin_filename, settings)):
            results.append(check_bytes(sys.stdin.buffer.read(), name, settings))

    color = sys.stdout.isatty() and not os.environ.get("NO_COLOR") and output_file is None
    options = ReportOptions(color=color, show_source=show_source, statistics=statistics, quiet=quiet)
    if statistics:
        from ..report.statistics import render as render_statistics
        text = render_statistics(results, fmt)
    else:
        text = reporter("diagnostics", fmt).render(results, options)
    if not _write(text, output_file):
        sys.exit(EXIT_ERROR)

    tool_error = found.problems or any(
        r.skip_reason == "unreadable" or any(d.code == "KA004" for d in r.diagnostics) for r in results)
    if tool_error:
        sys.exit(EXIT_ERROR)
    findings = any(d.severity in ("error", "warning") for r in results for d in r.diagnostics)
    sys.exit(EXIT_FINDINGS if findings and not exit_zero else EXIT_CLEAN)


def _excluded_name(name: str, settings: object) -> bool:
    from pathlib import Path

    from ..files import DEFAULT_EXCLUDE, Excluder
    patterns = [*(DEFAULT_EXCLUDE if settings.exclude is None else settings.exclude),  # type: ignore[attr-defined]
                *settings.extend_exclude]  # type: ignore[attr-defined]
    return Excluder(patterns, Path.cwd()).excluded_anywhere(Path(name))


def _write(text: str, output_file: str | None) -> bool:
    if not output_file:
        click.echo(text, nl=False)
        return True
    try:
        with open(output_file, "w", encoding="utf-8") as fh:
            fh.write(text)
    except OSError as exc:
        click.echo(f"kerasaudit: error: cannot write {output_file}: {exc.strerror or exc}", err=True)
        return False
    return True
