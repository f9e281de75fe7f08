from __future__ import annotations

from typing import Iterable

from ...results import Diagnostic
from ..view import model_label
from ..base import Invalid, Rule, RuleContext


class DisconnectedModel(Rule):
    """
    ## What it does
    Reports a functional `Model(inputs, outputs)` whose outputs cannot be computed from
    its inputs: an output (or a layer on the way to it) depends on an `Input` that is not
    among the model's inputs.

    ## Why is this bad
    Keras raises `ValueError: Output ... is not connected to inputs` (Keras 2: `Graph
    disconnected: cannot obtain value for tensor ...`) when the model is created. Usually
    a second `Input` was created by mistake, or a branch starts from the wrong variable.

    ## Example
    ```python
    image = keras.Input((32, 32, 3))
    meta = keras.Input((10,))
    x = layers.Flatten()(image)
    x = layers.concatenate([x, meta])
    model = keras.Model(image, layers.Dense(1)(x))
    ```

    ## Use instead
    ```python
    model = keras.Model([image, meta], layers.Dense(1)(x))
    ```
    """

    code = "KA206"
    name = "disconnected-model"
    severity = "error"
    summary = "Model outputs that do not depend only on the model's inputs"

    VALID = ["""
        import keras
        from keras import layers
        image = keras.Input((32, 32, 3))
        meta = keras.Input((10,))
        x = layers.concatenate([layers.Flatten()(image), meta])
        model = keras.Model([image, meta], layers.Dense(1)(x))
        """]
    INVALID = [Invalid("""
        import keras
        from keras import layers
        image = keras.Input((32, 32, 3))
        meta = keras.Input((10,))
        x = layers.concatenate([layers.Flatten()(image), meta])
        model = keras.Model(image, layers.Dense(1)(x))
        """, line=6, message="cannot reach the input of layer 'concatenate' (line 5)")]

    def check(self, ctx: RuleContext) -> Iterable[Diagnostic]:
        for model in ctx.facts.models:
            if model.error and model.error_kind == "disconnected":
                yield self.at(model.site, f"Keras cannot build model '{model_label(model)}': {model.error}")
