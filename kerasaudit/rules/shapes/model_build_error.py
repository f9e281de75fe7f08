from __future__ import annotations

from typing import Iterable

from ...results import Diagnostic
from ..view import model_label
from ..base import Invalid, Rule, RuleContext


class ModelBuildError(Rule):
    """
    ## What it does
    Reports a model Keras would refuse to create for a reason other than a layer call or
    a disconnected graph: a second `Input` added to a `Sequential` model, a graph with a
    cycle.

    ## Why is this bad
    Keras raises when the model is created.

    ## Example
    ```python
    model = keras.Sequential([keras.Input((4,)), layers.Dense(8), keras.Input((8,))])
    ```

    ## Use instead
    ```python
    model = keras.Sequential([keras.Input((4,)), layers.Dense(8)])
    ```
    """

    code = "KA209"
    name = "model-build-error"
    severity = "error"
    summary = "A model Keras would refuse to create (second Input in a Sequential, a cycle)"

    VALID = ["""
        import keras
        from keras import layers
        model = keras.Sequential([keras.Input((4,)), layers.Dense(8)])
        """]
    INVALID = [Invalid("""
        import keras
        from keras import layers
        model = keras.Sequential([keras.Input((4,)), layers.Dense(8), keras.Input((8,))])
        """, line=3, message="second Input")]

    def check(self, ctx: RuleContext) -> Iterable[Diagnostic]:
        for model in ctx.facts.models:
            if model.error and model.error_kind not in ("disconnected", "duplicate-name"):
                yield self.at(model.site, f"Keras cannot build model '{model_label(model)}': {model.error}")
