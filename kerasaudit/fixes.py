"""Applying ``--fix`` to files: the only code that writes a user's source file.

A file is written only when ``--fix`` was asked for, only when something changed, and
only when the fixed text parses. The write is atomic (a temporary file in the same
directory, then a rename over the original), keeps the file's permissions, its
encoding (PEP 263 declaration or UTF-8, with its BOM if it had one) and its line
endings (the fix edits never add or remove a line ending). A file that changed on disk
since it was analysed is left alone.
"""

from __future__ import annotations

import difflib
import os
import stat
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .rewrite import Fix, RewriteError, rewrite
from .source import SourceError, decode

if TYPE_CHECKING:
    from .results import FileResult
    from .settings import Settings


@dataclass
class FixOutcome:
    path: str
    original: str
    fixed: str
    applied: list[Fix] = field(default_factory=list)
    error: str | None = None

    @property
    def changed(self) -> bool:
        return self.fixed != self.original

    def diff(self) -> str:
        a = self.original.splitlines(keepends=True)
        b = self.fixed.splitlines(keepends=True)
        return "".join(difflib.unified_diff(a, b, fromfile=self.path, tofile=self.path))


def fix_text(path: str, text: str, fixes: list[Fix]) -> FixOutcome:
    """The fixed text (nothing written)."""
    try:
        fixed, applied = rewrite(text, fixes)
    except RewriteError as exc:
        return FixOutcome(path, text, text, error=str(exc))
    return FixOutcome(path, text, fixed, applied)


def write_fixed(path: Path, original_text: str, fixed_text: str) -> None:
    """Replace ``path``'s content by ``fixed_text``, encoded as the file was.

    Raises OSError or SourceError (the file changed since it was read, or cannot be
    encoded back); the original file is then untouched.
    """
    target = path.resolve()  # write through a symlink, do not replace it
    data = target.read_bytes()
    source = decode(data)
    if source.text != original_text:
        raise SourceError("the file changed on disk since it was analysed; not fixed")
    encoded = fixed_text.encode(source.encoding)
    if source.bom:
        import codecs
        encoded = codecs.BOM_UTF8 + encoded
    mode = stat.S_IMODE(target.stat().st_mode)
    fd, tmp = tempfile.mkstemp(dir=str(target.parent), prefix=f".{target.name}.", suffix=".kerasaudit-fix")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(encoded)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def apply_fixes(results: "list[FileResult]", files: list[Path], settings: "dict[Path, Settings]",
                write: bool) -> "tuple[list[FileResult], bool]":
    """Fix every file that has fixable diagnostics. With ``write``, files are rewritten and
    re-checked (the results then show what is left); without, the diff is printed.

    Returns the results and whether anything changed (or would change)."""
    import click

    from .api import check_file

    out: list[FileResult] = []
    changed_any = False
    fixed_count = 0
    for result, path in zip(results, files):
        fixes = [d.fix for d in result.diagnostics if isinstance(d.fix, Fix)]
        if not fixes or result.source is None:
            out.append(result)
            continue
        outcome = fix_text(result.path, result.source, fixes)
        if outcome.error:
            click.echo(f"kerasaudit: {result.path}: cannot fix: {outcome.error}", err=True)
        if not outcome.changed:
            out.append(result)
            continue
        changed_any = True
        if not write:
            click.echo(outcome.diff(), nl=False)
            out.append(result)
            continue
        try:
            write_fixed(path, outcome.original, outcome.fixed)
        except (OSError, SourceError, UnicodeEncodeError) as exc:
            message = getattr(exc, "message", None) or str(exc)
            click.echo(f"kerasaudit: {result.path}: not fixed: {message}", err=True)
            out.append(result)
            continue
        fixed_count += len(outcome.applied)
        out.append(check_file(path, settings[path]))
    out.extend(results[len(files):])  # standard input: reported, never rewritten
    if write and fixed_count:
        click.echo(f"Fixed {fixed_count} problem{'s' if fixed_count != 1 else ''}.", err=True)
    return out, changed_any
