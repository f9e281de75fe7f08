from __future__ import annotations

from typing import Iterable

from ...results import Diagnostic
from ..base import Invalid, Rule, RuleContext


class InvalidLayerArguments(Rule):
    """
    ## What it does
    Reports a layer constructor Keras would reject: an argument name the layer does not
    have (often a typo: `activaton="relu"`), too many positional arguments, a missing
    required argument, or a value Keras refuses (`Dense(0)`, `Dropout(1.5)`,
    `padding="full"`). Keras 1 argument names are reported by KA501 instead, with their
    replacement.

    ## Why is this bad
    Keras raises when the layer is created: `ValueError: Unrecognized keyword arguments
    passed to Dense: {'activaton': 'relu'}`.

    ## Example
    ```python
    x = layers.Dense(64, activaton="relu")(x)
    ```

    ## Use instead
    ```python
    x = layers.Dense(64, activation="relu")(x)
    ```
    """

    code = "KA210"
    name = "invalid-layer-arguments"
    severity = "error"
    summary = "A layer constructor Keras rejects (unknown keyword, bad value, wrong argument count)"

    VALID = ["""
        from keras import layers
        d = layers.Dense(64, activation="relu", name="hidden")
        c = layers.Conv2D(32, 3, padding="same")
        """]
    INVALID = [
        Invalid("""
            from keras import layers
            d = layers.Dense(64, activaton="relu")
            """, line=2, message="Dense(): Keras raises: unrecognized keyword arguments passed to Dense: activaton"),
        Invalid("""
            from keras import layers
            d = layers.Dropout(1.5)
            """, line=2, message="rate=1.5"),
    ]

    def check(self, ctx: RuleContext) -> Iterable[Diagnostic]:
        from ..legacy_api.keras1_arguments import LEGACY_KEYWORDS
        from ..syntax import calls

        # A call with Keras 1 keywords is KA501's: it names the Keras 3 spelling, and the
        # other problems Keras would report there (a "missing" filters=) follow from it.
        legacy_sites = {(c.node.lineno, c.node.col_offset) for c in calls(ctx)
                        if any(k in LEGACY_KEYWORDS for k in c.keywords())}
        seen: set[tuple[int, int]] = set()
        for problem in ctx.facts.argument_problems:
            if problem.keywords and all(k in LEGACY_KEYWORDS for k in problem.keywords):
                continue
            key = (problem.site.line, problem.site.col)
            if key in seen or key in legacy_sites:
                continue
            seen.add(key)
            yield self.at(problem.site, f"{problem.layer_class}(): Keras raises: {problem.message}")
