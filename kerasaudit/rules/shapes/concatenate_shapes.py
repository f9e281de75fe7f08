from __future__ import annotations

from typing import Iterable

from ...results import Diagnostic
from ..base import Invalid, Rule, RuleContext
from ..view import cfg_value, input_shapes_text
from ._errors import failing_calls


class ConcatenateShapeMismatch(Rule):
    """
    ## What it does
    Reports `Concatenate` (or `concatenate([...])`) whose inputs differ in a dimension
    other than the concatenation axis, or have different ranks.

    ## Why is this bad
    Keras raises `ValueError: A Concatenate layer requires inputs with matching shapes
    except for the concatenation axis` when the model is built. In U-Nets this is the
    skip connection whose spatial size no longer matches the upsampled path (an odd input
    size, or `padding="valid"` on one side).

    ## Example
    ```python
    up = layers.UpSampling2D()(x)                 # (None, 28, 28, 64)
    merged = layers.concatenate([skip, up])       # skip is (None, 29, 29, 64)
    ```

    ## Use instead
    Make the spatial sizes agree (pad or crop one side, or use sizes divisible by the
    total downsampling factor), or concatenate along the axis that differs.
    """

    code = "KA202"
    name = "concatenate-shape-mismatch"
    severity = "error"
    summary = "Concatenate of inputs that differ outside the concatenation axis"

    VALID = ["""
        from keras import layers
        a = layers.Input((28, 28, 32))
        b = layers.Input((28, 28, 64))
        c = layers.concatenate([a, b], axis=3)
        d = layers.Concatenate(axis=1)([layers.Input((5, 3)), layers.Input((7, 3))])
        """]
    INVALID = [
        Invalid("""
            from keras import layers
            skip = layers.Input((29, 29, 64))
            up = layers.UpSampling2D()(layers.Input((14, 14, 64)))
            merged = layers.concatenate([skip, up], axis=3)
            """, line=4, message="(None, 29, 29, 64), (None, 28, 28, 64)"),
        Invalid("""
            from keras import layers
            a = layers.Input((10, 4))
            b = layers.Input((10, 4))
            c = layers.Concatenate(axis=1)([a, layers.Flatten()(b)])
            """, line=4, message="axis 1"),
    ]

    def check(self, ctx: RuleContext) -> Iterable[Diagnostic]:
        for node, site in failing_calls(ctx, "concatenate"):
            axis = cfg_value(node.layer, "axis", -1)
            yield self.at(site, f"Concatenate on axis {axis} of shapes {input_shapes_text(node)}: Keras raises "
                                f"\"{node.error}\"")
