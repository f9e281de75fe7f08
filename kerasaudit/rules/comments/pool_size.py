from __future__ import annotations

from ..base import Invalid
from ._base import CommentRule


class CommentPoolSize(CommentRule):
    """
    ## What it does
    Reports a comment on a pooling layer's line (or directly above it) that states a pool
    size the layer does not use: `# 2x2 max pool` over `MaxPooling2D(3)`, `# pool 2`.

    ## Why is this bad
    The comment and the code disagree, and every spatial size after the layer differs
    from the one the author planned.

    ## Example
    ```python
    x = layers.MaxPooling2D(pool_size=(3, 3))(x)  # 2x2 max pooling
    ```

    ## Use instead
    ```python
    x = layers.MaxPooling2D(pool_size=(2, 2))(x)  # 2x2 max pooling
    ```
    """

    code = "KA104"
    name = "comment-pool-size"
    summary = "A comment states a pool size the pooling layer does not have"
    kind = "pool"

    VALID = ["""
        from keras import layers
        x = layers.Input((32, 32, 3))
        y = layers.MaxPooling2D(pool_size=(2, 2))(x)  # 2x2 max pooling
        """]
    INVALID = [Invalid("""
        from keras import layers
        x = layers.Input((32, 32, 3))
        y = layers.MaxPooling2D(pool_size=(3, 3))(x)  # 2x2 max pooling
        """, line=3, message="comment says pool 2x2 but pool_size is (3, 3)")]
