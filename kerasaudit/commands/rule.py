"""``kerasaudit rule KA101`` (a rule's documentation) and ``kerasaudit rule --all`` (every rule)."""

from __future__ import annotations

import json
import sys

import click

from ..cli import EXIT_CLEAN, EXIT_ERROR


@click.command()
@click.argument("codes", nargs=-1)
@click.option("--all", "show_all", is_flag=True, help="List every rule: code, name, severity, summary.")
@click.option("--format", "fmt", default="text", show_default=True, type=click.Choice(["text", "markdown", "json"]),
              help="text for the terminal; markdown is docs/rules.md; json for tools.")
def rule(codes: tuple[str, ...], show_all: bool, fmt: str) -> None:
    """Explain rule CODES (e.g. `kerasaudit rule KA101`), or list them all with --all.

    `kerasaudit rule --all --format markdown > docs/rules.md` regenerates the rules page.
    """
    from ..rules import all_rules
    from ..rules.docs import rule_json, rule_markdown, rules_markdown, rules_table

    rules = all_rules()
    if not codes and not show_all:
        click.echo("kerasaudit: error: give one or more rule codes (e.g. KA101), or --all", err=True)
        sys.exit(EXIT_ERROR)
    chosen = list(rules.values()) if show_all and not codes else []
    for raw in codes:
        cls = rules.get(raw.strip().upper())
        if cls is None:
            click.echo(f"kerasaudit: error: unknown rule code {raw!r} (see `kerasaudit rule --all`)", err=True)
            sys.exit(EXIT_ERROR)
        chosen.append(cls)
    if fmt == "json":
        click.echo(json.dumps([rule_json(c) for c in chosen], indent=2))
    elif show_all and not codes:
        click.echo(rules_markdown(chosen) if fmt == "markdown" else rules_table(chosen), nl=False)
    else:
        click.echo("\n\n".join(rule_markdown(c) for c in chosen))
    sys.exit(EXIT_CLEAN)
