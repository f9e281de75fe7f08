from __future__ import annotations

from typing import Iterable

from ...results import Diagnostic
from ..base import Invalid, Rule, RuleContext
from ..view import describe_layer
from ._compiled import compiled_models


class SingleUnitCategorical(Rule):
    """
    ## What it does
    Reports `categorical_crossentropy` on a model with a single output unit.

    ## Why is this bad
    Categorical cross-entropy sums over the classes; with one unit the single "class"
    always gets all the probability, so the loss is constant (0 after the softmax Keras
    applies) and nothing is learned. This is binary classification written with the
    multi-class loss.

    ## Example
    ```python
    model.add(Dense(1, activation="sigmoid"))
    model.compile(loss="categorical_crossentropy", optimizer="adam")
    ```

    ## Use instead
    ```python
    model.add(Dense(1, activation="sigmoid"))
    model.compile(loss="binary_crossentropy", optimizer="adam")
    ```
    """

    code = "KA406"
    name = "single-unit-categorical"
    severity = "warning"
    summary = "categorical_crossentropy on a single output unit: the loss is constant"

    VALID = ["""
        import keras
        from keras import layers
        m = keras.Sequential([keras.Input((8,)), layers.Dense(1, activation="sigmoid")])
        m.compile(loss="binary_crossentropy", optimizer="adam")
        """]
    INVALID = [Invalid("""
        import keras
        from keras import layers
        m = keras.Sequential([keras.Input((8,)), layers.Dense(1, activation="sigmoid")])
        m.compile(loss="categorical_crossentropy", optimizer="adam")
        """, line=4, message="a single output unit")]

    def check(self, ctx: RuleContext) -> Iterable[Diagnostic]:
        for c in compiled_models(ctx):
            if c.loss is None or c.loss.name not in ("categorical_crossentropy", "categorical_focal_crossentropy",
                                                     "sparse_categorical_crossentropy"):
                continue
            if c.units != 1:
                continue
            where = f" ({describe_layer(c.last)})" if c.last is not None else ""
            yield self.at(c.call.site, f"{c.loss.spelled} on a single output unit{where} is constant: use "
                                       f"binary_crossentropy with a sigmoid for two classes")
