"""Format-preserving rewrites of calls, with libcst (used only by ``--fix``/``--diff``).

A rule describes a fix as a :class:`Fix`: the call it applies to (the position of the
called expression, 1-based line and 0-based character column, as ``ast`` finds it) and
a few mechanical :class:`Edit` s. :func:`rewrite` applies every fix of a file in one
libcst pass, so comments, spacing and line endings the edits do not touch stay exactly
as they were. A fix whose edit does not apply cleanly (the keyword it renames is
already there...) is skipped, never half-applied.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Edit:
    """One mechanical change to a call.

    - ``rename-keyword``: ``old=`` becomes ``new=`` (``value`` replaces the value when given,
      as source text, e.g. ``"'channels_first'"``);
    - ``rename-callee``: the called name (``Convolution2D`` or ``layers.Convolution2D``'s
      last part, or a method name) becomes ``new``;
    - ``group-positional``: positional arguments ``start .. start+count-1`` become one
      tuple (``Convolution2D(32, 3, 3)`` -> ``(32, (3, 3))``);
    - ``remove-keyword``: drop ``old=...`` (``merge([a, b], mode="sum")`` -> ``add([a, b])``);
    - ``replace-positional``: positional argument ``start`` becomes ``value`` (source text).
    """

    kind: str
    old: str = ""
    new: str = ""
    value: str | None = None
    start: int = 0
    count: int = 0


@dataclass(frozen=True)
class Fix:
    description: str
    line: int
    col: int  # 0-based characters
    edits: tuple[Edit, ...] = field(default_factory=tuple)


class RewriteError(Exception):
    """The source cannot be rewritten (libcst cannot parse it, or the result is not Python)."""


def rewrite(text: str, fixes: list[Fix]) -> tuple[str, list[Fix]]:
    """``text`` with ``fixes`` applied, and the fixes that were applied."""
    if not fixes:
        return text, []
    # libcst takes longer to import than a whole clean check: only --fix/--diff pay for it.
    from .cst_rewrite import apply_fixes

    new_text, applied = apply_fixes(text, fixes)
    if new_text != text:
        try:
            ast.parse(new_text)
        except SyntaxError as exc:
            raise RewriteError(f"the fixed file would not be valid Python ({exc.msg}); nothing changed") from None
    return new_text, applied
