from __future__ import annotations

from typing import Iterable

from ...results import Diagnostic
from ..base import Invalid, Rule, RuleContext
from ..view import FirstAtSite, describe_layer
from ._compiled import activation_name


class SoftmaxSingleUnit(Rule):
    """
    ## What it does
    Reports a layer with `activation="softmax"` (or a `Softmax` layer) whose output has
    a last axis of size 1.

    ## Why is this bad
    A softmax over one value is always exactly 1.0: the layer outputs a constant, the
    gradient through it is zero and the model learns nothing (accuracy stuck at the
    share of the majority class).

    ## Example
    ```python
    outputs = layers.Dense(1, activation="softmax")(x)   # binary classification
    ```

    ## Use instead
    ```python
    outputs = layers.Dense(1, activation="sigmoid")(x)
    ```
    """

    code = "KA403"
    name = "softmax-single-unit"
    severity = "warning"
    summary = "Softmax over a single unit: always outputs 1.0"

    VALID = ["""
        import keras
        from keras import layers
        x = keras.Input((8,))
        y = layers.Dense(1, activation="sigmoid")(x)
        z = layers.Dense(2, activation="softmax")(x)
        """, """
        import keras
        from keras import layers
        tokens = keras.Input((64, 8))
        scores = layers.Dense(1)(tokens)
        weights = keras.ops.softmax(scores, axis=1)  # over the 64 tokens, not the unit axis
        """]
    INVALID = [Invalid("""
        import keras
        from keras import layers
        x = keras.Input((8,))
        y = layers.Dense(1, activation="softmax")(x)
        """, line=4, message="softmax over an axis of size 1 always outputs 1.0")]

    def check(self, ctx: RuleContext) -> Iterable[Diagnostic]:
        first_at_site = FirstAtSite(ctx)
        for node in ctx.facts.calls:
            layer = node.layer
            if getattr(layer, "kind", "") == "operation":
                continue  # keras.ops.softmax(x, axis=1): the operation row does not keep its axis
            if layer.class_name == "Softmax":
                act = "softmax"
            elif layer.cfg is not None and "activation" in layer.cfg.values:
                act = activation_name(layer.cfg.values.get("activation"))
            else:
                continue
            if act != "softmax":
                continue
            shape = getattr(node.outputs, "shape", None)
            if not isinstance(shape, tuple) or not shape or shape[-1] != 1:
                continue
            if layer.class_name == "Softmax" and layer.cfg is not None and layer.cfg.values.get("axis", -1) != -1:
                continue
            site = first_at_site(node)
            if site is None:
                continue
            yield self.at(site, f"{describe_layer(layer)}: a softmax over an axis of size 1 always outputs 1.0 "
                                f"(output {shape}); use activation='sigmoid' for one unit")
