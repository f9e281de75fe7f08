"""``kerasaudit explain FILE:LINE`` / ``kerasaudit explain FILE --layer NAME``: the arithmetic
behind the shapes and parameter counts of the layers on a line."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import click

from ..cli import EXIT_CLEAN, EXIT_ERROR


def split_target(target: str) -> tuple[str, int | None]:
    """``model.py:24`` -> ("model.py", 24); a path without a line -> (path, None)."""
    match = re.fullmatch(r"(.+):(\d+)", target)
    if match and not Path(target).exists():
        return match.group(1), int(match.group(2))
    return target, None


@click.command(short_help="The arithmetic behind the shapes and parameters of a line's layers.")
@click.argument("target", metavar="FILE[:LINE]")
@click.option("--layer", "layer_names", multiple=True, metavar="NAME",
              help="Explain the layer(s) with this name (Keras's name, as the summary shows it). Repeatable.")
def explain(target: str, layer_names: tuple[str, ...]) -> None:
    """Show how the layers on LINE of FILE (or named with --layer) get their numbers, in
    your own values: input shape, output shape axis by axis with its formula
    ((440 + 2·3 − 7) // 2 + 1 = 220), each weight tensor with its shape and count
    (kernel (7, 7, 3, 64) = 9,408), the total, and why it is trainable or not.

    Examples: `kerasaudit explain model.py:24`, `kerasaudit explain model.py --layer conv1_conv`.
    Exit status: 0 explained, 2 nothing to explain (no layer there, unreadable file).
    """
    from ..api import analyse, read_source
    from ..explain.render import explain_layer
    from ..explain.target import layers_at_line, layers_named, lines_with_layers
    from ..report.positions import source_lines

    path, line = split_target(target)
    if line is None and not layer_names:
        raise click.UsageError("give a line (FILE:LINE) or --layer NAME")
    file = Path(path)
    if not file.is_file():
        click.echo(f"kerasaudit: error: {path}: no such file", err=True)
        sys.exit(EXIT_ERROR)
    text, failed = read_source(file)
    if failed is not None or text is None:
        message = failed.diagnostics[0].message if failed and failed.diagnostics else "cannot read the file"
        click.echo(f"kerasaudit: error: {path}: {message}", err=True)
        sys.exit(EXIT_ERROR)
    analysis, result = analyse(text, path)
    if analysis is None:
        d = result.diagnostics[0]
        click.echo(f"kerasaudit: error: {path}:{d.line}: {d.message}", err=True)
        sys.exit(EXIT_ERROR)
    facts = analysis.facts
    layers = layers_at_line(facts, line) if line is not None else []
    for name in layer_names:
        layers += [layer for layer in layers_named(facts, name) if layer not in layers]
    if not layers:
        where = f"on line {line}" if line is not None else f"named {', '.join(layer_names)}"
        known = lines_with_layers(facts)
        hint = f"; layers are written on lines {', '.join(map(str, known))}" if known else "; it defines no layers"
        click.echo(f"kerasaudit: error: {path}: no layer {where}{hint}", err=True)
        sys.exit(EXIT_ERROR)
    lines = source_lines(result)
    blocks = ["\n".join(explain_layer(layer, path, lines, analysis.summaries)) for layer in layers]
    click.echo("\n\n".join(blocks))
    sys.exit(EXIT_CLEAN)
