from __future__ import annotations

from typing import Iterable

from ...results import Diagnostic
from ..base import Invalid, Rule, RuleContext
from ..training._compiled import UNKNOWN, activation_name
from ..view import FirstAtSite, describe_layer, producer

_ACTIVATION_LAYERS = {"Softmax": "softmax", "ReLU": "relu", "LeakyReLU": "leaky_relu", "ELU": "elu", "PReLU": "prelu"}


def _layer_activation(layer: object) -> str:
    cls = getattr(layer, "class_name", "")
    if cls in _ACTIVATION_LAYERS:
        return _ACTIVATION_LAYERS[cls]
    cfg = getattr(layer, "cfg", None)
    if cfg is None or "activation" not in cfg.values:
        return UNKNOWN
    return activation_name(cfg.values.get("activation"))


class DoubleActivation(Rule):
    """
    ## What it does
    Reports an activation layer (`Activation(...)`, `ReLU`, `LeakyReLU`, `Softmax`...)
    applied directly to the output of a layer that already has a non-linear
    `activation=`.

    ## Why is this bad
    The activation is applied twice. `relu` twice is merely redundant; `LeakyReLU` after
    `activation="relu"` never sees a negative value (so it is a plain ReLU), and softmax
    or sigmoid twice squashes the outputs into a narrow range and slows training.

    ## Example
    ```python
    x = layers.Dense(64, activation="relu")(x)
    x = layers.LeakyReLU()(x)
    ```

    ## Use instead
    ```python
    x = layers.Dense(64)(x)
    x = layers.LeakyReLU()(x)
    ```
    """

    code = "KA605"
    name = "double-activation"
    severity = "warning"
    summary = "An activation layer applied to a layer that already has a non-linear activation"

    VALID = ["""
        import keras
        from keras import layers
        x = keras.Input((8,))
        y = layers.Dense(64)(x)
        y = layers.Activation("relu")(y)
        z = layers.Dense(10, activation="softmax")(y)
        """]
    INVALID = [Invalid("""
        import keras
        from keras import layers
        x = keras.Input((8,))
        y = layers.Dense(64, activation="relu")(x)
        y = layers.LeakyReLU()(y)
        """, line=5, message="LeakyReLU 'leaky_re_lu' (line 5) applies leaky_relu to the output of Dense 'dense' "
                             "(line 4), which already applies relu")]

    def check(self, ctx: RuleContext) -> Iterable[Diagnostic]:
        first_at_site = FirstAtSite(ctx)
        for node in ctx.facts.calls:
            layer = node.layer
            if layer.class_name not in _ACTIVATION_LAYERS and layer.class_name != "Activation":
                continue
            second = _layer_activation(layer)
            if second in (UNKNOWN, "linear") or len(node.input_tensors) != 1:
                continue
            before = producer(node.input_tensors[0])
            if before is None or before.class_name in _ACTIVATION_LAYERS or before.class_name == "Activation":
                continue
            first = _layer_activation(before)
            if first in (UNKNOWN, "linear"):
                continue
            site = first_at_site(node)
            if site is None:
                continue
            yield self.at(site, f"{describe_layer(layer)} applies {second} to the output of {describe_layer(before)}, "
                                f"which already applies {first}")
