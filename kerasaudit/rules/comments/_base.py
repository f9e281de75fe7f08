"""The shared shape of the comment rules: each reports one kind of contradicted claim."""

from __future__ import annotations

from typing import ClassVar, Iterable

from ...results import Diagnostic
from ..base import Rule, RuleContext
from ._check import findings


class CommentRule(Rule):
    kind: ClassVar[str] = ""
    severity = "warning"

    def check(self, ctx: RuleContext) -> Iterable[Diagnostic]:
        for f in findings(ctx):
            if f.kind == self.kind:
                yield self.diagnostic(f.message, f.line, ctx.byte_col(f.line, f.col), f.line,
                                      ctx.byte_col(f.line, f.end_col))
