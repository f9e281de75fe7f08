from __future__ import annotations

from ..base import Invalid
from ._base import CommentRule


class CommentDropoutRate(CommentRule):
    """
    ## What it does
    Reports a comment on a `Dropout` layer's line (or directly above it) that states a
    rate the layer does not use: `# dropout 0.5` over `Dropout(0.25)`, `# 50% dropout`.

    ## Why is this bad
    The comment and the code disagree: the regularisation is not what the author tuned
    or reported.

    ## Example
    ```python
    x = layers.Dropout(0.2)(x)  # 50% dropout
    ```

    ## Use instead
    ```python
    x = layers.Dropout(0.5)(x)  # 50% dropout
    ```
    """

    code = "KA105"
    name = "comment-dropout-rate"
    summary = "A comment states a dropout rate the Dropout layer does not have"
    kind = "rate"

    VALID = ["""
        from keras import layers
        x = layers.Input((20,))
        y = layers.Dropout(0.5)(x)  # 50% dropout
        z = layers.Dropout(0.25)(y)  # dropout 0.25
        """]
    INVALID = [Invalid("""
        from keras import layers
        x = layers.Input((20,))
        y = layers.Dropout(0.2)(x)  # 50% dropout
        """, line=3, message="comment says 50% dropout but the dropout rate is 0.2")]
