from __future__ import annotations

from typing import Iterable

from ...results import Diagnostic
from ..base import Invalid, Rule, RuleContext


class AnalysisIncomplete(Rule):
    """
    ## What it does
    Reports where kerasaudit had to stop following the file: its step or time budget ran
    out (a huge generated file, a very long loop), or the code is nested too deeply; and
    files it did not analyse at all (larger than the size limit, nested more than 1,000
    levels deep).

    ## Why is this bad
    It is not wrong code. Everything after that point is reported as unknown rather than
    guessed; the budget keeps the tool fast on any input.

    ## Example
    ```python
    for i in range(10**9):  # each step is followed
        total += i
    ```

    ## Use instead
    Nothing to change in your code. `max-steps`, `max-seconds` and `max-file-size` in
    `[tool.kerasaudit]` (or `--max-steps`, `--max-seconds`, `--max-file-size`) raise the
    limits.
    """

    code = "KA003"
    name = "analysis-incomplete"
    severity = "info"
    summary = "The analysis budget ran out; results after this line are unknown, not guessed"

    VALID = ["total = 0\nfor i in range(10):\n    total += i\n"]
    INVALID = [Invalid("""
        total = 0
        for i in range(100000):
            total += i
        """, line=3, message="budget", settings={"max_steps": 1000})]

    def check(self, ctx: RuleContext) -> Iterable[Diagnostic]:
        for note in ctx.notes:
            if note.kind == "budget":
                yield self.diagnostic(note.message, max(note.line, 1), 0)
