from __future__ import annotations

from typing import Iterable

from ...results import Diagnostic
from ...rewrite import Edit
from ..base import Invalid, Rule, RuleContext
from ..syntax import keras_calls


class OptimizerLr(Rule):
    """
    ## What it does
    Reports `lr=` in a Keras optimizer (`Adam(lr=0.001)`, `SGD(lr=0.01, momentum=0.9)`).
    `--fix` renames it to `learning_rate=`.

    ## Why is this bad
    Keras 3 rejects it: `ValueError: Argument(s) not recognized: {'lr': 0.001}`. Keras 2
    accepted it with a deprecation warning.

    ## Example
    ```python
    model.compile(optimizer=Adam(lr=1e-4), loss="binary_crossentropy")
    ```

    ## Use instead
    ```python
    model.compile(optimizer=Adam(learning_rate=1e-4), loss="binary_crossentropy")
    ```
    """

    code = "KA505"
    name = "optimizer-lr"
    severity = "error"
    summary = "Optimizer lr= (Keras 3 rejects it; use learning_rate=)"
    fixable = True

    VALID = ["""
        from keras.optimizers import Adam
        opt = Adam(learning_rate=1e-4)
        """]
    INVALID = [Invalid("""
        from tensorflow.keras.optimizers import SGD
        opt = SGD(lr=0.01, momentum=0.9)
        """, line=2, message="SGD(lr=) is deprecated and rejected by Keras 3: use learning_rate=")]

    def check(self, ctx: RuleContext) -> Iterable[Diagnostic]:
        for call in keras_calls(ctx):
            if not (call.name or "").startswith("keras.optimizers.") or "lr" not in call.keywords():
                continue
            cls = call.name.rsplit(".", 1)[1]  # type: ignore[union-attr]
            fix = None
            if "learning_rate" not in call.keywords():
                fix = ctx.fix_at(call.node, "rename lr= to learning_rate=", Edit("rename-keyword", "lr",
                                                                                 "learning_rate"))
            kw = call.keyword("lr")
            yield self.at(kw, f"{cls}(lr=) is deprecated and rejected by Keras 3: use learning_rate=", fix)
