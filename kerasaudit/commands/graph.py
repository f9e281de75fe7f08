"""``kerasaudit graph PATH... --format mermaid|dot|svg|png``: each model's layer graph."""

from __future__ import annotations

import shutil
import subprocess
import sys

import click

from ..cli import EXIT_CLEAN, EXIT_ERROR, expand_paths

NO_DOT = ("--format {fmt} needs Graphviz's `dot` program, which is not installed (Debian/Ubuntu: "
          "apt-get install graphviz; macOS: brew install graphviz). --format dot or mermaid need nothing.")


@click.command(short_help="Draw each model's layer graph (mermaid, dot, svg, png).")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--format", "fmt", default="mermaid", show_default=True,
              type=click.Choice(["mermaid", "dot", "svg", "png"]),
              help="mermaid (renders on GitHub), dot (Graphviz source), svg or png (drawn by Graphviz's dot).")
@click.option("-o", "--output-file", type=click.Path(dir_okay=False), help="Write the graph to this file.")
def graph(paths: tuple[str, ...], fmt: str, output_file: str | None) -> None:
    """Draw the layer graph of every Keras model in PATHS: one box per layer with its class and
    parameter count, one arrow per tensor labelled with its shape.

    svg and png are drawn by Graphviz's `dot`, which must be installed; png is binary, so it
    is written to -o FILE (or to a pipe, never to a terminal).
    Exit status: 0 drawn, 2 nothing to draw or the tool could not run.
    """
    from ..api import analyse, read_source
    from ..report.graph import dot, mermaid
    from ..report.graph._model import graphs_of

    files, problems = expand_paths(paths)
    for problem in problems:
        click.echo(f"kerasaudit: error: {problem}", err=True)
    results = []
    for path in files:
        text, failed = read_source(path)
        if failed is not None or text is None:
            message = failed.diagnostics[0].message if failed and failed.diagnostics else "cannot read the file"
            click.echo(f"kerasaudit: error: {path}: {message}", err=True)
            problems.append(str(path))
            continue
        analysis, result = analyse(text, str(path))
        for d in result.diagnostics:
            click.echo(f"kerasaudit: {path}:{d.line}: {d.code} {d.message}", err=True)
        results.append(result)
    graphs = graphs_of(results)
    if not graphs:
        click.echo("kerasaudit: error: no Keras model found to draw", err=True)
        sys.exit(EXIT_ERROR)
    if fmt in ("mermaid", "dot"):
        data = (mermaid if fmt == "mermaid" else dot).render(graphs).encode("utf-8")
    else:
        executable = shutil.which("dot")
        if executable is None:
            click.echo("kerasaudit: error: " + NO_DOT.format(fmt=fmt), err=True)
            sys.exit(EXIT_ERROR)
        done = subprocess.run([executable, f"-T{fmt}"], input=dot.render(graphs).encode("utf-8"),
                              capture_output=True, timeout=300)
        if done.returncode != 0:
            click.echo(f"kerasaudit: error: Graphviz failed: {done.stderr.decode('utf-8', 'replace').strip()}",
                       err=True)
            sys.exit(EXIT_ERROR)
        data = done.stdout
    if output_file:
        try:
            with open(output_file, "wb") as fh:
                fh.write(data)
        except OSError as exc:
            click.echo(f"kerasaudit: error: cannot write {output_file}: {exc.strerror or exc}", err=True)
            sys.exit(EXIT_ERROR)
    elif fmt == "png" and sys.stdout.isatty():
        click.echo("kerasaudit: error: --format png is binary: give -o FILE (or pipe it)", err=True)
        sys.exit(EXIT_ERROR)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    sys.exit(EXIT_ERROR if problems else EXIT_CLEAN)
