from __future__ import annotations

from typing import Iterable

from ...results import Diagnostic
from ..base import Invalid, Rule, RuleContext
from ..view import describe_layer
from ._compiled import BINARY, CATEGORICAL, compiled_models


class FromLogitsAfterActivation(Rule):
    """
    ## What it does
    Reports a loss with `from_logits=True` on a model whose output already goes through a
    softmax or sigmoid.

    ## Why is this bad
    `from_logits=True` tells the loss to apply the softmax/sigmoid itself: it is applied
    twice. The model still trains, but slowly and to worse results, because the doubly
    squashed outputs saturate.

    ## Example
    ```python
    outputs = layers.Dense(10, activation="softmax")(x)
    model.compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    ```

    ## Use instead
    ```python
    outputs = layers.Dense(10)(x)                    # logits
    model.compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    ```
    """

    code = "KA404"
    name = "from-logits-after-activation"
    severity = "warning"
    summary = "from_logits=True on a model whose output is already a softmax/sigmoid"

    VALID = ["""
        import keras
        from keras import layers
        x = keras.Input((8,))
        m = keras.Model(x, layers.Dense(10)(x))
        m.compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True), optimizer="adam")
        """]
    INVALID = [Invalid("""
        import keras
        from keras import layers
        x = keras.Input((8,))
        m = keras.Model(x, layers.Dense(10, activation="softmax")(x))
        m.compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True), optimizer="adam")
        """, line=5, message="the output already goes through a softmax")]

    def check(self, ctx: RuleContext) -> Iterable[Diagnostic]:
        for c in compiled_models(ctx):
            if c.loss is None or c.loss.from_logits is not True or c.activation not in ("softmax", "sigmoid"):
                continue
            if c.loss.name not in BINARY + CATEGORICAL:
                continue
            yield self.at(c.call.site, f"{c.loss.spelled} applies the {c.activation} itself, but the output "
                                       f"already goes through a {c.activation} ({describe_layer(c.last)}): "  # type: ignore[arg-type]
                                       f"drop the activation or from_logits=True")
