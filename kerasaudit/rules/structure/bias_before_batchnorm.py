from __future__ import annotations

from typing import Iterable

from ...results import Diagnostic
from ..base import Invalid, Rule, RuleContext
from ..view import FirstAtSite, describe_layer, producer

_BIASED = ("Dense", "Conv1D", "Conv2D", "Conv3D", "SeparableConv1D", "SeparableConv2D", "DepthwiseConv2D",
           "Conv1DTranspose", "Conv2DTranspose", "Conv3DTranspose")


class BiasBeforeBatchNorm(Rule):
    """
    ## What it does
    Reports a `Dense` or convolution with a bias (`use_bias=True`, the default) and no
    activation whose output goes straight into `BatchNormalization`. Off by default: it
    is common and harmless; enable it with `--extend-select KA606`.

    ## Why is this bad
    BatchNormalization subtracts the batch mean, which cancels any constant bias: those
    parameters are trained for nothing (BatchNormalization's `beta` plays their role).

    ## Example
    ```python
    x = layers.Conv2D(64, 3)(x)
    x = layers.BatchNormalization()(x)
    ```

    ## Use instead
    ```python
    x = layers.Conv2D(64, 3, use_bias=False)(x)
    x = layers.BatchNormalization()(x)
    ```
    """

    code = "KA606"
    name = "bias-before-batchnorm"
    severity = "info"
    summary = "A bias right before BatchNormalization, which cancels it (off by default)"
    enabled_by_default = False

    VALID = ["""
        import keras
        from keras import layers
        x = keras.Input((32, 32, 3))
        y = layers.Conv2D(64, 3, use_bias=False)(x)
        y = layers.BatchNormalization()(y)
        """]
    INVALID = [Invalid("""
        import keras
        from keras import layers
        x = keras.Input((32, 32, 3))
        y = layers.Conv2D(64, 3)(x)
        y = layers.BatchNormalization()(y)
        """, line=5, message="the bias of Conv2D 'conv2d' (line 4) is cancelled")]

    def check(self, ctx: RuleContext) -> Iterable[Diagnostic]:
        first_at_site = FirstAtSite(ctx)
        for node in ctx.facts.calls:
            if node.layer.class_name != "BatchNormalization" or len(node.input_tensors) != 1:
                continue
            before = producer(node.input_tensors[0])
            if before is None or before.class_name not in _BIASED or before.cfg is None:
                continue
            if before.cfg.values.get("use_bias") is not True or before.cfg.values.get("activation") not in (None,
                                                                                                         "linear"):
                continue
            site = first_at_site(node)
            if site is None:
                continue
            yield self.at(site, f"the bias of {describe_layer(before)} is cancelled by the mean subtraction of "
                                f"{describe_layer(node.layer)}: use_bias=False saves its parameters")
