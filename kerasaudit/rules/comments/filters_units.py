from __future__ import annotations

from ..base import Invalid
from ._base import CommentRule


class CommentFiltersUnits(CommentRule):
    """
    ## What it does
    Reports a comment on a layer's line (or directly above it) that states a number of
    filters or units the layer does not have: `# 64 filters` over `Conv2D(32, 3)`,
    `# 128 units` over `Dense(64)`. Recognised: `64 filters`, `64 channels`, `64 feature
    maps`, `filters: 64`, `128 units`, `128 neurons`, `units=128`.

    ## Why is this bad
    The comment and the code disagree: the model is not the one described, or the
    comment misleads.

    ## Example
    ```python
    x = layers.Dense(64, activation="relu")(x)  # 128 units
    ```

    ## Use instead
    ```python
    x = layers.Dense(128, activation="relu")(x)  # 128 units
    ```
    """

    code = "KA102"
    name = "comment-filters-units"
    summary = "A comment states a number of filters or units the layer does not have"
    kind = "count"

    VALID = ["""
        from keras import layers
        x = layers.Input((20,))
        y = layers.Dense(128, activation="relu")(x)  # 128 units
        z = layers.Dense(10)(y)  # 10 classes
        """]
    INVALID = [Invalid("""
        from keras import layers
        x = layers.Input((20,))
        y = layers.Dense(64, activation="relu")(x)  # 128 units
        """, line=3, message="comment says 128 units but units is 64")]
