from __future__ import annotations

from typing import Iterable

from ...results import Diagnostic
from ..base import Invalid, Rule, RuleContext
from ..view import describe_layer
from ._compiled import BINARY, compiled_models


class SoftmaxBinaryCrossentropy(Rule):
    """
    ## What it does
    Reports a model whose output is a softmax over more than one unit, compiled with
    `binary_crossentropy`.

    ## Why is this bad
    Softmax makes the outputs compete (they sum to 1), binary cross-entropy scores each
    output as an independent yes/no. For single-label classification with one-hot labels
    the loss is the wrong one (and Keras reports a misleading "binary" accuracy); for
    multi-label data the softmax is the wrong activation.

    ## Example
    ```python
    model.add(Dense(10, activation="softmax"))
    model.compile(loss="binary_crossentropy", optimizer="adam", metrics=["accuracy"])
    ```

    ## Use instead
    ```python
    model.add(Dense(10, activation="softmax"))
    model.compile(loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
    # or, for multi-label data: Dense(10, activation="sigmoid") with binary_crossentropy
    ```
    """

    code = "KA401"
    name = "softmax-binary-crossentropy"
    severity = "warning"
    summary = "Softmax output over several units compiled with binary_crossentropy"

    VALID = ["""
        import keras
        from keras import layers
        m = keras.Sequential([keras.Input((20,)), layers.Dense(10, activation="softmax")])
        m.compile(loss="categorical_crossentropy", optimizer="adam")
        b = keras.Sequential([keras.Input((20,)), layers.Dense(10, activation="sigmoid")])
        b.compile(loss="binary_crossentropy", optimizer="adam")
        """]
    INVALID = [Invalid("""
        import keras
        from keras import layers
        m = keras.Sequential([keras.Input((20,)), layers.Dense(10, activation="softmax")])
        m.compile(loss="binary_crossentropy", optimizer="adam", metrics=["accuracy"])
        """, line=4, message="softmax over 10 units")]

    def check(self, ctx: RuleContext) -> Iterable[Diagnostic]:
        for c in compiled_models(ctx):
            if c.loss is None or c.loss.name not in BINARY or c.activation != "softmax":
                continue
            if c.units is None or c.units < 2 or c.loss.from_logits is True:
                continue
            yield self.at(c.call.site, f"the output is a softmax over {c.units} units "
                                       f"({describe_layer(c.last)}) but the loss is {c.loss.spelled}: "  # type: ignore[arg-type]
                                       f"use categorical_crossentropy, or sigmoid for multi-label outputs")
