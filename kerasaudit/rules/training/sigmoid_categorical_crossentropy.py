from __future__ import annotations

from typing import Iterable

from ...results import Diagnostic
from ..base import Invalid, Rule, RuleContext
from ..view import describe_layer
from ._compiled import CATEGORICAL, compiled_models


class SigmoidCategoricalCrossentropy(Rule):
    """
    ## What it does
    Reports a model whose output activation is a sigmoid, compiled with
    `categorical_crossentropy` or `sparse_categorical_crossentropy` (more than one unit;
    one unit is KA406).

    ## Why is this bad
    Categorical cross-entropy expects one probability distribution over the classes
    (a softmax). Independent sigmoids do not sum to 1: Keras normalises them silently
    and training optimises something other than what the author meant.

    ## Example
    ```python
    outputs = layers.Dense(5, activation="sigmoid")(x)
    model.compile(loss="categorical_crossentropy", optimizer="adam")
    ```

    ## Use instead
    ```python
    outputs = layers.Dense(5, activation="softmax")(x)
    model.compile(loss="categorical_crossentropy", optimizer="adam")
    ```
    """

    code = "KA402"
    name = "sigmoid-categorical-crossentropy"
    severity = "warning"
    summary = "Sigmoid output compiled with (sparse_)categorical_crossentropy"

    VALID = ["""
        import keras
        from keras import layers
        x = keras.Input((8,))
        m = keras.Model(x, layers.Dense(5, activation="softmax")(x))
        m.compile(loss="sparse_categorical_crossentropy", optimizer="adam")
        """]
    INVALID = [Invalid("""
        import keras
        from keras import layers
        x = keras.Input((8,))
        m = keras.Model(x, layers.Dense(5, activation="sigmoid")(x))
        m.compile(loss="categorical_crossentropy", optimizer="adam")
        """, line=5, message="the output is a sigmoid over 5 units")]

    def check(self, ctx: RuleContext) -> Iterable[Diagnostic]:
        for c in compiled_models(ctx):
            if c.loss is None or c.loss.name not in CATEGORICAL or c.activation != "sigmoid":
                continue
            if c.units is None or c.units < 2 or c.loss.from_logits is True:
                continue
            yield self.at(c.call.site, f"the output is a sigmoid over {c.units} units ({describe_layer(c.last)}) "  # type: ignore[arg-type]
                                       f"but the loss is {c.loss.spelled}, which expects a softmax: use "
                                       f"activation='softmax' (or binary_crossentropy for multi-label outputs)")
