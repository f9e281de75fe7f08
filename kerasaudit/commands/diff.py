"""``kerasaudit diff [BASE [HEAD]]``: how the models change between two git revisions."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..cli import EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS


@click.command(short_help="How the models change between two git revisions (code review).")
@click.argument("base_arg", metavar="[BASE", required=False)
@click.argument("head_arg", metavar="[HEAD]]", required=False)
@click.option("--base", "base_opt", metavar="REV", help="The revision to compare from (same as BASE).")
@click.option("--head", "head_opt", metavar="REV", help="The revision to compare to (same as HEAD).")
@click.option("--format", "fmt", default="text", show_default=True,
              type=click.Choice(["text", "markdown", "json", "github"]),
              help="text, markdown (a pull-request comment), json, github (annotations on changed layers).")
@click.option("-o", "--output-file", type=click.Path(dir_okay=False), help="Write the output to this file.")
@click.option("--exit-code", is_flag=True, help="Exit 1 when a model changed (like git diff --exit-code).")
def diff(base_arg: str | None, head_arg: str | None, base_opt: str | None, head_opt: str | None, fmt: str,
         output_file: str | None, exit_code: bool) -> None:
    """Compare the Keras models in the Python files changed between two git revisions: models
    added or removed, layers added, removed or changed, output-shape changes, parameter and
    FLOPs deltas (Total params: 31,031,685 → 31,555,973 (+524,288)).

    BASE defaults to the merge-base of HEAD with the default branch (origin's HEAD, or
    main/master); HEAD defaults to the working tree (uncommitted and untracked files
    included). `A...B` compares B with its merge-base with A, as in git. File contents at a revision are read with `git show`; nothing is checked out.
    Exit status: 0 compared (1 with --exit-code when a model changed), 2 git or tool error.
    """
    from ..diff.gitrev import GitError, default_base, merge_base, repository_root, resolve
    from ..diff.run import diff_revisions
    from ..report import reporter

    if base_arg and base_opt or head_arg and head_opt:
        raise click.UsageError("give each revision once (BASE or --base, HEAD or --head)")
    base_rev, head_rev = base_arg or base_opt, head_arg or head_opt
    try:
        root = repository_root(Path.cwd())
        if base_rev and "..." in base_rev and not head_rev:  # git's A...B: from their merge-base to B
            first, _, second = base_rev.partition("...")
            head = resolve(root, second or "HEAD")
            base = merge_base(root, resolve(root, first or "HEAD"), head)
        else:
            base = resolve(root, base_rev) if base_rev else default_base(root)
            head = resolve(root, head_rev) if head_rev else None
        result = diff_revisions(root, base, head)
    except GitError as exc:
        click.echo(f"kerasaudit: error: {exc}", err=True)
        sys.exit(EXIT_ERROR)
    text = reporter("diff", fmt).render(result, None)
    if output_file:
        try:
            Path(output_file).write_text(text, encoding="utf-8")
        except OSError as exc:
            click.echo(f"kerasaudit: error: cannot write {output_file}: {exc.strerror or exc}", err=True)
            sys.exit(EXIT_ERROR)
    else:
        click.echo(text, nl=False)
    sys.exit(EXIT_FINDINGS if exit_code and result.changed else EXIT_CLEAN)
