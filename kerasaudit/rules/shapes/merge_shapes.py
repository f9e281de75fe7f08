from __future__ import annotations

from typing import Iterable

from ...results import Diagnostic
from ..base import Invalid, Rule, RuleContext
from ..view import input_shapes_text
from ._errors import failing_calls


class IncompatibleMergeShapes(Rule):
    """
    ## What it does
    Reports `Add`, `Subtract`, `Multiply`, `Average`, `Maximum` and `Minimum` (and their
    functional forms `add([...])`...) applied to tensors whose shapes cannot be combined
    element-wise (the sizes differ and neither is 1).

    ## Why is this bad
    Keras raises `ValueError: Inputs have incompatible shapes` when the model is built.
    A classic: the shortcut of a residual block keeps 64 channels while the main path
    now has 128, or a stride halved one path only.

    ## Example
    ```python
    shortcut = x                                   # (None, 56, 56, 64)
    x = layers.Conv2D(128, 3, padding="same")(x)   # (None, 56, 56, 128)
    x = layers.Add()([x, shortcut])
    ```

    ## Use instead
    ```python
    shortcut = layers.Conv2D(128, 1)(shortcut)     # project the shortcut
    x = layers.Add()([x, shortcut])
    ```
    """

    code = "KA201"
    name = "incompatible-merge-shapes"
    severity = "error"
    summary = "Add/Subtract/Multiply/Average/Maximum/Minimum of shapes Keras cannot combine"

    VALID = ["""
        from keras import layers
        x = layers.Input((56, 56, 64))
        y = layers.Conv2D(64, 3, padding="same")(x)
        z = layers.Add()([x, y])
        w = layers.multiply([z, layers.Input((1, 1, 64))])  # broadcasting a size-1 axis is fine
        """]
    INVALID = [
        Invalid("""
            from keras import layers
            x = layers.Input((56, 56, 64))
            y = layers.Conv2D(128, 3, padding="same")(x)
            z = layers.Add()([x, y])
            """, line=4, message="Add of incompatible shapes (None, 56, 56, 64), (None, 56, 56, 128)"),
        Invalid("""
            from keras.layers import Input, Dense, add
            a = Input(shape=(32,))
            b = Dense(16)(a)
            c = add([a, b])
            """, line=4, message="(None, 32), (None, 16)"),
    ]

    def check(self, ctx: RuleContext) -> Iterable[Diagnostic]:
        for node, site in failing_calls(ctx, "merge"):
            cls = node.layer.class_name
            if "incompatible" in (node.error or ""):
                message = f"{cls} of incompatible shapes {input_shapes_text(node)}: Keras raises \"{node.error}\""
            else:
                message = f"{cls} cannot be applied here: Keras raises \"{node.error}\""
            yield self.at(site, message)
