from __future__ import annotations

from typing import Iterable

from ...results import Diagnostic
from ..base import Invalid, Rule, RuleContext
from ..view import describe_layer
from ._compiled import BINARY, CATEGORICAL, compiled_models


class LinearOutputProbabilityLoss(Rule):
    """
    ## What it does
    Reports a model whose last layer has no activation (linear outputs, "logits")
    compiled with a cross-entropy loss that expects probabilities (`from_logits` not set).

    ## Why is this bad
    The loss clips the raw outputs into [0, 1] and treats them as probabilities: negative
    logits become 0, the gradient vanishes and training stalls or diverges.

    ## Example
    ```python
    outputs = layers.Dense(10)(x)
    model.compile(loss="sparse_categorical_crossentropy", optimizer="adam")
    ```

    ## Use instead
    ```python
    outputs = layers.Dense(10)(x)
    model.compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True), optimizer="adam")
    # or: layers.Dense(10, activation="softmax")
    ```
    """

    code = "KA405"
    name = "linear-output-probability-loss"
    severity = "warning"
    summary = "Linear (logit) output with a cross-entropy loss that expects probabilities"

    VALID = ["""
        import keras
        from keras import layers
        x = keras.Input((8,))
        m = keras.Model(x, layers.Dense(10)(x))
        m.compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True), optimizer="adam")
        r = keras.Model(x, layers.Dense(1)(x))
        r.compile(loss="mse", optimizer="adam")
        """]
    INVALID = [Invalid("""
        import keras
        from keras import layers
        x = keras.Input((8,))
        m = keras.Model(x, layers.Dense(10)(x))
        m.compile(loss="sparse_categorical_crossentropy", optimizer="adam")
        """, line=5, message="has no activation (logits)")]

    def check(self, ctx: RuleContext) -> Iterable[Diagnostic]:
        for c in compiled_models(ctx):
            if c.loss is None or c.loss.name not in BINARY + CATEGORICAL or c.activation != "linear":
                continue
            if c.loss.from_logits is not None or c.last is None:
                continue
            yield self.at(c.call.site, f"the last layer {describe_layer(c.last)} has no activation (logits) but "
                                       f"{c.loss.spelled} expects probabilities: pass from_logits=True to the loss, "
                                       f"or give the layer a softmax/sigmoid activation")
