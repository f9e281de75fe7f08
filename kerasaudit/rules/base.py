"""What a rule is.

A rule is a small class: a stable code (``KA`` + 3 digits, never reused), a kebab-case
name, a default severity, a one-line summary, a docstring in the sections *What it does
/ Why is this bad / Example / Use instead*, and ``VALID``/``INVALID`` examples that are
both its tests and its documentation. ``check`` reads the analysis (never recomputes
shapes) and yields diagnostics.
"""

from __future__ import annotations

import ast
import textwrap
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Iterable, Optional

from ..results import Diagnostic

if TYPE_CHECKING:
    from ..api import Analysis
    from ..results import FileResult
    from ..settings import Settings


@dataclass(frozen=True)
class Invalid:
    """An example the rule must flag: at ``line`` (1-based, in the dedented code), with a
    message containing ``message`` when given."""

    code: str
    line: int
    message: Optional[str] = None
    settings: Optional[dict] = None  # Settings fields the example needs (e.g. a small budget)

    @property
    def source(self) -> str:
        return dedent(self.code)


def dedent(code: str) -> str:
    return textwrap.dedent(code).lstrip("\n")


class RuleContext:
    """What a rule sees of one file."""

    def __init__(self, analysis: "Analysis", result: "FileResult", settings: "Settings") -> None:
        self.analysis = analysis
        self.result = result
        self.settings = settings
        self._comments: dict[int, tuple[int, str]] | None = None
        self.cache: dict[str, Any] = {}  # shared work between rules of one file (by key)

    @property
    def facts(self) -> Any:
        return self.analysis.ctx.facts

    @property
    def notes(self) -> list:
        return self.analysis.ctx.notes

    @property
    def tree(self) -> ast.Module:
        return self.analysis.tree

    @property
    def lines(self) -> list[str]:
        return self.analysis.lines

    @property
    def models(self) -> list:
        return self.result.models

    @property
    def comment_positions(self) -> dict[int, tuple[int, str]]:
        """``{line: (column of the #, comment text)}``; read once per file."""
        if self._comments is None:
            from ..comments import comment_positions
            self._comments = comment_positions(self.analysis.text, self.analysis.tree)
        return self._comments

    @property
    def comments(self) -> dict[int, str]:
        return {line: text for line, (_, text) in self.comment_positions.items()}

    def char_col(self, line: int, byte_col: int) -> int:
        """The character column of an ``ast`` (UTF-8 byte) column: for libcst and text edits."""
        lines = self.lines
        if byte_col <= 0 or not 0 < line <= len(lines) or lines[line - 1].isascii():
            return byte_col
        return len(lines[line - 1].encode("utf-8")[:byte_col].decode("utf-8", "replace"))

    def fix_at(self, call: ast.Call, description: str, *edits: Any) -> Any:
        """A :class:`~kerasaudit.rewrite.Fix` of ``call`` (anchored at its callee)."""
        from ..rewrite import Fix
        line = call.func.lineno
        return Fix(description, line, self.char_col(line, call.func.col_offset), tuple(edits))

    def byte_col(self, line: int, char_col: int) -> int:
        """Diagnostics carry ``ast``'s columns, UTF-8 byte offsets (reporters convert them
        once); a column found by searching the text (a comment's) is in characters."""
        lines = self.lines
        if char_col <= 0 or not 0 < line <= len(lines):
            return char_col
        text = lines[line - 1]
        if text.isascii():
            return char_col
        return len(text[:char_col].encode("utf-8")) + max(char_col - len(text), 0)


class Rule:
    code: ClassVar[str] = ""
    name: ClassVar[str] = ""
    severity: ClassVar[str] = "warning"  # error | warning | info
    summary: ClassVar[str] = ""
    enabled_by_default: ClassVar[bool] = True
    fixable: ClassVar[bool] = False
    VALID: ClassVar[list[str]] = []
    INVALID: ClassVar[list[Invalid]] = []

    registry: ClassVar[dict[str, type["Rule"]]] = {}
    ctx: Optional[RuleContext] = None  # set by the engine before check()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if cls.code:
            if cls.code in Rule.registry and Rule.registry[cls.code] is not cls:
                raise RuntimeError(f"rule code {cls.code} is used twice")
            Rule.registry[cls.code] = cls

    def check(self, ctx: RuleContext) -> Iterable[Diagnostic]:
        return ()

    # -- helpers for rule authors
    def diagnostic(self, message: str, line: int, col: int = 0, end_line: int | None = None,
                   end_col: int | None = None, fix: Any = None) -> Diagnostic:
        return Diagnostic(self.code, self.name, self.severity, message, line, col,
                          end_line if end_line is not None else line,
                          end_col if end_col is not None else col, fix)

    def at(self, site: Any, message: str, fix: Any = None) -> Diagnostic:
        """A diagnostic at a Site or an ast node (columns as ``ast`` gives them: UTF-8
        byte offsets, which is what a Diagnostic carries)."""
        line = getattr(site, "line", None) or getattr(site, "lineno", 1)
        col = getattr(site, "col", None)
        if col is None:
            col = getattr(site, "col_offset", 0)
        end_line = getattr(site, "end_line", None) or getattr(site, "end_lineno", None) or line
        end_col = getattr(site, "end_col", None)
        if end_col is None:
            end_col = getattr(site, "end_col_offset", col)
        return self.diagnostic(message, line, col, end_line, end_col, fix)

    @classmethod
    def documentation(cls) -> str:
        """The docstring: ## What it does / ## Why is this bad / ## Example / ## Use instead."""
        return textwrap.dedent(cls.__doc__ or "").strip()

    @classmethod
    def family(cls) -> str:
        """The package the rule lives in (``comments``, ``shapes``...)."""
        parts = cls.__module__.split(".")
        return parts[-2] if len(parts) >= 2 else ""
