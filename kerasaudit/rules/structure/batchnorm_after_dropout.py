from __future__ import annotations

from typing import Iterable

from ...results import Diagnostic
from ..base import Invalid, Rule, RuleContext
from ..view import FirstAtSite, describe_layer, producer


class BatchNormAfterDropout(Rule):
    """
    ## What it does
    Reports `BatchNormalization` applied directly to the output of `Dropout`.

    ## Why is this bad
    Dropout changes the variance of its output between training and inference, so the
    statistics BatchNormalization learns while training do not match what it sees at
    inference ("variance shift", Li et al. 2019): accuracy drops at test time.

    ## Example
    ```python
    x = layers.Dropout(0.5)(x)
    x = layers.BatchNormalization()(x)
    ```

    ## Use instead
    ```python
    x = layers.BatchNormalization()(x)
    x = layers.Dropout(0.5)(x)
    ```
    """

    code = "KA607"
    name = "batchnorm-after-dropout"
    severity = "info"
    summary = "BatchNormalization right after Dropout (variance shift)"

    VALID = ["""
        import keras
        from keras import layers
        x = keras.Input((16,))
        y = layers.BatchNormalization()(x)
        y = layers.Dropout(0.5)(y)
        """]
    INVALID = [Invalid("""
        import keras
        from keras import layers
        x = keras.Input((16,))
        y = layers.Dropout(0.5)(x)
        y = layers.BatchNormalization()(y)
        """, line=5, message="right after Dropout 'dropout' (line 4)")]

    def check(self, ctx: RuleContext) -> Iterable[Diagnostic]:
        first_at_site = FirstAtSite(ctx)
        for node in ctx.facts.calls:
            if node.layer.class_name != "BatchNormalization" or len(node.input_tensors) != 1:
                continue
            before = producer(node.input_tensors[0])
            if before is None or before.class_name != "Dropout":
                continue
            site = first_at_site(node)
            if site is None:
                continue
            yield self.at(site, f"{describe_layer(node.layer)} is right after {describe_layer(before)}: dropout's "
                                f"train/inference variance shift skews the learned statistics; put BatchNormalization "
                                f"before Dropout")
