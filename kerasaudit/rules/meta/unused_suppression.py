from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

from ...results import Diagnostic
from ..base import Invalid, Rule, RuleContext

if TYPE_CHECKING:
    from ...settings import Settings
    from ...suppression import Suppression


class UnusedSuppression(Rule):
    """
    ## What it does
    Reports a suppression comment (`# noqa: KA101`, `# kerasaudit: ignore[KA101]`, a bare
    `# noqa`, or a file-level `# kerasaudit: noqa`) that suppresses nothing: the code it
    names is not reported on that line, is not enabled, or is not a kerasaudit code at all.
    Codes of other tools (`# noqa: E501`) are left alone.

    Off by default (like ruff's RUF100): enable it with `--extend-select KA901`.

    ## Why is this bad
    A stale suppression hides the next real problem on that line and misleads readers
    into thinking something there is wrong.

    ## Example
    ```python
    x = layers.Dense(10)(x)  # noqa: KA201
    ```

    ## Use instead
    ```python
    x = layers.Dense(10)(x)
    ```
    """

    code = "KA901"
    name = "unused-suppression"
    severity = "warning"
    summary = "A noqa / kerasaudit: ignore comment that suppresses nothing (off by default)"
    enabled_by_default = False

    # (Examples run with only this rule selected; a used KA201 suppression is tested
    # through the command line in tests/test_rule_framework.py.)
    VALID = ["""
        from keras import layers
        x = layers.Input((4,))
        w = layers.Dense(3, name="# noqa")(x)  # noqa: E501
        """]
    INVALID = [
        Invalid("""
            from keras import layers
            x = layers.Input((4,))
            y = layers.Dense(4)(x)  # noqa: KA201
            """, line=3, message="KA201"),
        Invalid("""
            x = 1  # noqa
            """, line=1, message="suppresses nothing"),
        Invalid("""
            x = 1  # kerasaudit: ignore[KA999]
            """, line=1, message="unknown"),
    ]

    def check(self, ctx: RuleContext) -> Iterable[Diagnostic]:
        return ()  # works on suppressions, after the other rules: check_suppressions

    def check_suppressions(self, ctx: RuleContext, suppressions: "list[Suppression]",
                           settings: "Settings") -> Iterable[Diagnostic]:
        from .. import all_rules
        from ..selection import is_selected

        rules = all_rules()
        for s in suppressions:
            end_char = len(ctx.lines[s.line - 1]) if 0 < s.line <= len(ctx.lines) else s.col
            col, end = ctx.byte_col(s.line, s.col), ctx.byte_col(s.line, end_char)
            where = "file-level suppression" if s.file_level else "suppression"
            if s.codes is None:
                if not s.used:
                    yield self.diagnostic(f"{where} suppresses nothing: no diagnostic is reported "
                                          f"{'in this file' if s.file_level else 'on this line'}",
                                          s.line, col, s.line, end)
                continue
            for code in sorted(s.codes):
                if code in s.used or not code.startswith("KA"):
                    continue
                rule = rules.get(code)
                if rule is None:
                    why = f"unknown kerasaudit code {code}"
                elif not is_selected(rule, settings, ctx.result.path):
                    why = f"{code} ({rule.name}) is not enabled"
                else:
                    why = f"{code} ({rule.name}) is not reported " \
                          f"{'in this file' if s.file_level else 'on this line'}"
                yield self.diagnostic(f"unused {where}: {why}", s.line, col, s.line, end)
