from __future__ import annotations

from typing import Iterable

from ...results import Diagnostic
from ..base import Invalid, Rule, RuleContext
from ._shapes import array_text, is_int, single_array


class DataCardinality(Rule):
    """
    ## What it does
    Reports `fit`/`evaluate` given inputs and labels with different numbers of samples
    (rows), as the file makes them known.

    ## Why is this bad
    Keras raises: `ValueError: Data cardinality is ambiguous. Make sure all arrays contain
    the same number of samples.` Usually the training inputs are paired with the test
    labels, or a slice was applied to one of them only.

    ## Example
    ```python
    (x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
    model.fit(x_train, y_test)
    ```

    ## Use instead
    ```python
    model.fit(x_train, y_train)
    ```
    """

    code = "KA303"
    name = "data-cardinality"
    severity = "error"
    summary = "Inputs and labels with different numbers of samples"

    VALID = ["""
        import numpy as np
        model.fit(np.zeros((100, 4)), np.zeros((100, 1)))
        """]
    INVALID = [Invalid("""
        import numpy as np
        import keras
        model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])
        model.fit(np.zeros((100, 4)), np.zeros((90, 1)))
        """, line=4, message="x has 100 samples (100, 4) but y has 90 (90, 1)")]

    def check(self, ctx: RuleContext) -> Iterable[Diagnostic]:
        for use in getattr(ctx.facts, "data_uses", []):
            x, y = single_array(use.x), single_array(use.y)
            if x is None or y is None or not x.shape or not y.shape:
                continue
            nx, ny = x.shape[0], y.shape[0]
            if is_int(nx) and is_int(ny) and nx != ny:
                yield self.at(use.site, f"{use.method}(): x has {nx} samples {array_text(x)} but y has {ny} "
                                        f"{array_text(y)}: Keras raises \"Data cardinality is ambiguous\"")
