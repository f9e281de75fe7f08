from __future__ import annotations

from typing import Iterable

from ...analysis.graph import LayerObj, iter_structure
from ...results import Diagnostic
from ..base import Invalid, Rule, RuleContext
from ..view import FirstAtSite, describe_layer


class LayerObjectAsInput(Rule):
    """
    ## What it does
    Reports a layer applied to another *layer object* instead of a tensor: the call
    that should have produced the tensor is missing (`x = Dense(64)` instead of
    `x = Dense(64)(x)`).

    ## Why is this bad
    Keras raises: `ValueError: Only input tensors may be passed as positional arguments.`

    ## Example
    ```python
    x = layers.Dense(64, activation="relu")
    outputs = layers.Dense(10)(x)
    ```

    ## Use instead
    ```python
    x = layers.Dense(64, activation="relu")(inputs)
    outputs = layers.Dense(10)(x)
    ```
    """

    code = "KA602"
    name = "layer-object-as-input"
    severity = "error"
    summary = "A layer called on a layer object instead of a tensor (a forgotten `(x)`)"

    VALID = ["""
        import keras
        from keras import layers
        inputs = keras.Input((8,))
        x = layers.Dense(64)(inputs)
        y = layers.Dense(10)(x)
        """]
    INVALID = [Invalid("""
        import keras
        from keras import layers
        inputs = keras.Input((8,))
        x = layers.Dense(64)
        y = layers.Dense(10)(x)
        """, line=5, message="is given the layer object Dense 'dense' (line 4), not a tensor")]

    def check(self, ctx: RuleContext) -> Iterable[Diagnostic]:
        first_at_site = FirstAtSite(ctx)
        for node in ctx.facts.calls:
            if node.is_input:
                continue
            given = [v for v in iter_structure(node.inputs) if isinstance(v, LayerObj)]
            if not given:
                continue
            site = first_at_site(node)
            if site is None:
                continue
            yield self.at(site, f"{describe_layer(node.layer)} is given the layer object {describe_layer(given[0])}, "
                                f"not a tensor: call that layer on a tensor first (Keras raises \"Only input tensors "
                                f"may be passed as positional arguments\")")
