from __future__ import annotations

from typing import Iterable

from ...results import Diagnostic
from ..base import Invalid, Rule, RuleContext
from ..view import model_label, describe_layer, output_layer


class DropoutLast(Rule):
    """
    ## What it does
    Reports a model that is compiled, trained or used for predictions and whose output
    comes straight from a `Dropout` layer (a model only used as a block of another model
    is not reported).

    ## Why is this bad
    Dropout on the predictions zeroes random outputs while training: the loss sees
    outputs the model did not produce, and a softmax/sigmoid before it no longer gives
    probabilities. It usually means the final `Dense` was forgotten or put before it.

    ## Example
    ```python
    model = Sequential([Input((20,)), Dense(10, activation="softmax"), Dropout(0.5)])
    ```

    ## Use instead
    ```python
    model = Sequential([Input((20,)), Dense(64, activation="relu"), Dropout(0.5),
                        Dense(10, activation="softmax")])
    ```
    """

    code = "KA604"
    name = "dropout-last"
    severity = "warning"
    summary = "A model whose output is a Dropout layer"

    VALID = ["""
        import keras
        from keras import layers
        m = keras.Sequential([keras.Input((20,)), layers.Dense(64), layers.Dropout(0.5), layers.Dense(10)])
        """]
    INVALID = [Invalid("""
        import keras
        from keras import layers
        m = keras.Sequential([
            keras.Input((20,)),
            layers.Dense(10, activation="softmax"),
            layers.Dropout(0.5),
        ])
        m.compile(loss="categorical_crossentropy", optimizer="adam")
        """, line=6, message="the output of model 'm' comes from Dropout 'dropout' (line 6)")]

    def check(self, ctx: RuleContext) -> Iterable[Diagnostic]:
        trained = {id(c.model) for c in ctx.facts.method_calls if c.method in (
            "compile", "fit", "evaluate", "predict", "fit_generator", "train_on_batch")}
        trained |= {id(u.model) for u in getattr(ctx.facts, "data_uses", [])}
        for model in ctx.facts.models:
            if model.nodes or id(model) not in trained:  # a block of another model
                continue
            last = output_layer(model)
            if last is None or last.class_name not in ("Dropout", "SpatialDropout1D", "SpatialDropout2D",
                                                        "SpatialDropout3D", "AlphaDropout", "GaussianDropout"):
                continue
            yield self.at(last.site, f"the output of model '{model_label(model)}' comes from {describe_layer(last)}: "
                                     f"dropout on the predictions randomly zeroes them while training")
