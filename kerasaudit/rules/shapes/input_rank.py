from __future__ import annotations

from typing import Iterable

from ...analysis.graph import Node
from ...analysis.shapes import shape_text
from ...results import Diagnostic
from ..base import Invalid, Rule, RuleContext
from ..view import describe_layer
from ._errors import failing_calls


class WrongInputRank(Rule):
    """
    ## What it does
    Reports a layer applied to a tensor with the wrong number of dimensions: `Conv2D` on
    a 2-D `(batch, features)` tensor, `LSTM` on the output of `Flatten`, `Conv1D` on
    images, `MaxPooling2D` after a `Dense`... The message names the layer that produced
    the input, which is often where the real mistake is (a missing `Reshape`, an `Input`
    without the channel axis, a `Flatten` too early).

    ## Why is this bad
    Keras raises `ValueError: Input 0 of layer "conv2d" is incompatible with the layer:
    expected ndim=4, found ndim=2` when the model is built.

    ## Example
    ```python
    inputs = keras.Input(shape=(28, 28))      # grayscale images without a channel axis
    x = layers.Conv2D(32, 3)(inputs)
    ```

    ## Use instead
    ```python
    inputs = keras.Input(shape=(28, 28, 1))
    x = layers.Conv2D(32, 3)(inputs)
    ```
    """

    code = "KA203"
    name = "wrong-input-rank"
    severity = "error"
    summary = "A layer applied to a tensor of the wrong rank (Conv2D on 2-D input...)"

    VALID = ["""
        from keras import layers, Sequential
        model = Sequential([layers.Input((28, 28, 1)), layers.Conv2D(32, 3), layers.Flatten(), layers.Dense(10)])
        """]
    INVALID = [
        Invalid("""
            from keras import layers, Sequential
            model = Sequential([
                layers.Input((28, 28)),
                layers.Conv2D(32, 3),
            ])
            """, line=4, message="Conv2D expects input of rank 4, got rank 3 (None, 28, 28)"),
        Invalid("""
            from keras import layers
            x = layers.Input((64, 64, 3))
            x = layers.Flatten()(x)
            x = layers.MaxPooling2D()(x)
            """, line=4, message="from Flatten 'flatten' (line 3)"),
    ]

    def check(self, ctx: RuleContext) -> Iterable[Diagnostic]:
        for node, site in failing_calls(ctx, "rank"):
            yield self.at(site, f"{node.error}{_provenance(node)}")


def _provenance(node: Node) -> str:
    """Where the offending input came from (and a Dense applied to a rank > 2 tensor
    before it, which is legal but usually the mistake that breaks this layer)."""
    if len(node.input_tensors) != 1 or node.input_tensors[0].node is None:
        return ""
    parent = node.input_tensors[0].node
    if parent.is_input:
        return f"; the input is {describe_layer(parent.layer)}"
    text = f"; the input comes from {describe_layer(parent.layer)}"
    if parent.layer.class_name == "Dense" and parent.input_tensors:
        shape = parent.input_tensors[0].shape
        if isinstance(shape, tuple) and len(shape) > 2:
            text += f", a Dense applied to the rank-{len(shape)} tensor {shape_text(shape)} (Flatten first?)"
    return text
