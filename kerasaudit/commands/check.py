"""``kerasaudit check PATH...`` (the default command): diagnostics, like ruff."""

from __future__ import annotations

import os
import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ..cli import EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS
from ._run_options import apply_limits, run_files, run_options

if TYPE_CHECKING:
    from ..settings import Settings

FORMATS_HELP = ("full (default: source lines underlined, coloured in a terminal), concise, json, json-lines, "
                "sarif, github, gitlab, junit")


def _formats() -> list[str]:
    from ..report import formats
    return formats("diagnostics")


def _patterns(values: tuple[str, ...]) -> list[str]:
    """Repeatable options that also take comma-separated lists, like ruff's."""
    return [p.strip() for v in values for p in v.split(",") if p.strip()]


@click.command(short_help="Diagnostics (the default command): shape errors, legacy API, ...")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--format", "--output-format", "fmt", default=None, metavar="FORMAT", help=f"Output format: {FORMATS_HELP}.")
@click.option("-o", "--output-file", type=click.Path(dir_okay=False), help="Write the output to this file.")
@click.option("--select", multiple=True, metavar="CODES",
              help="Run only these rules: codes or prefixes, comma-separated (KA1,KA201); ALL for every rule.")
@click.option("--ignore", multiple=True, metavar="CODES", help="Do not run these rules (codes or prefixes).")
@click.option("--extend-select", multiple=True, metavar="CODES",
              help="Run these rules too, on top of the selection (e.g. rules that are off by default).")
@click.option("--config", "config_file", type=click.Path(dir_okay=False),
              help="Use this pyproject.toml (its [tool.kerasaudit]) instead of the nearest one.")
@click.option("--isolated", is_flag=True, help="Ignore every configuration file.")
@click.option("--fix", is_flag=True, help="Rewrite the mechanically fixable problems in place (legacy API...).")
@click.option("--diff", is_flag=True, help="Print the changes --fix would make as a unified diff; write nothing.")
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
@run_options
def check(paths: tuple[str, ...], fmt: str | None, output_file: str | None, select: tuple[str, ...],
          ignore: tuple[str, ...], extend_select: tuple[str, ...], config_file: str | None, isolated: bool,
          fix: bool, diff: bool, statistics: bool, exit_zero: bool, show_source: bool, quiet: bool,
          stdin_filename: str | None, exclude: tuple[str, ...], extend_exclude: tuple[str, ...],
          force_exclude: bool, respect_gitignore: bool | None, **run: Any) -> None:
    """Report suspicious Keras model code in PATHS (files or directories; `-` reads
    standard input; default: the current directory).

    Directories are searched for *.py files, skipping what .gitignore ignores and the
    `exclude` patterns. Rules are chosen by --select/--ignore/--extend-select and by
    [tool.kerasaudit] in the nearest pyproject.toml. Exit status: 0 no findings, 1
    findings (errors or warnings; `info` findings are shown but do not fail; with --diff:
    there are changes to make), 2 the tool could not run (bad arguments or configuration,
    an unreadable file, an internal error). `--exit-zero` turns 1 into 0, never 2.
    """
    from ..api import check_bytes
    from ..config import ConfigError, ConfigResolver, check_selectors
    from ..files import discover
    from ..report import ReportOptions, reporter
    from ..rules import all_rules
    from ..settings import Settings

    available = _formats()
    fmt = fmt or "full"
    if fmt not in available:
        _fail(f"unknown format {fmt!r} (choose from {', '.join(available)})")
    codes = list(all_rules())
    overrides = {"select": _patterns(select), "ignore": _patterns(ignore),
                 "extend_select": _patterns(extend_select)}
    overrides = {k: [c.upper() for c in v] for k, v in overrides.items()}
    try:
        for option, values in overrides.items():
            check_selectors(f"--{option.replace('_', '-')}", values, codes)
        resolver = ConfigResolver(codes, overrides, Path(config_file) if config_file else None, isolated)
        # The project's settings (the configuration above the working directory) choose the files.
        settings: Settings = replace(resolver.for_path(Path.cwd() / "pyproject.toml"))
    except ConfigError as exc:
        _fail(str(exc))
    if exclude:
        settings.exclude = _patterns(exclude)
    settings.extend_exclude = [*settings.extend_exclude, *_patterns(extend_exclude)]
    settings.force_exclude = settings.force_exclude or force_exclude
    if respect_gitignore is not None:
        settings.respect_gitignore = respect_gitignore

    # Path patterns in exclude settings are relative to the pyproject.toml that holds them.
    found = discover(paths or (".",), settings.exclude, settings.extend_exclude, settings.respect_gitignore,
                     settings.force_exclude, root=settings.root)
    limits = {k: run.pop(k) for k in ("max_steps", "max_seconds", "max_file_size")}
    limited: dict[int, tuple[Settings, Settings]] = {}

    def with_limits(config: Settings) -> Settings:  # the command line's limits win over the file's
        if id(config) not in limited:
            limited[id(config)] = (config, apply_limits(config, **limits))
        return limited[id(config)][1]

    try:
        per_file = {p: with_limits(resolver.for_path(p)) for p in found.files}  # every configuration judged first
    except ConfigError as exc:
        _fail(str(exc))
    for problem in found.problems:
        click.echo(f"kerasaudit: error: {problem}", err=True)
    # --fix re-reads and rewrites the files it changes: never from the cache.
    results = run_files(found.files, per_file.__getitem__, run["jobs"], run["no_cache"] or fix or diff,
                        run["cache_dir"])
    if found.stdin:
        name = stdin_filename or "-"
        if not (stdin_filename and settings.force_exclude and _excluded_name(stdin_filename, settings)):
            stdin_settings = with_limits(resolver.for_path(Path(stdin_filename)) if stdin_filename else settings)
            results.append(check_bytes(sys.stdin.buffer.read(), name, stdin_settings))

    if fix or diff:
        from ..fixes import apply_fixes
        results, changed = apply_fixes(results, found.files, per_file, write=fix and not diff)
        if diff:
            sys.exit(EXIT_FINDINGS if changed and not exit_zero else EXIT_CLEAN)

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


def _fail(message: str) -> None:
    click.echo(f"kerasaudit: error: {message}", err=True)
    sys.exit(EXIT_ERROR)


def _excluded_name(name: str, settings: "Settings") -> bool:
    from ..files import DEFAULT_EXCLUDE, Excluder
    patterns = [*(DEFAULT_EXCLUDE if settings.exclude is None else settings.exclude), *settings.extend_exclude]
    return Excluder(patterns, settings.root or Path.cwd()).excluded_anywhere(Path(name))


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
