from __future__ import annotations

from ..base import Invalid
from ._base import CommentRule


class CommentStrides(CommentRule):
    """
    ## What it does
    Reports a comment on a convolution's or pooling layer's line (or directly above it)
    that states a stride the layer does not use: `# stride 2` or `# /2` over a layer with
    strides 1. (A pooling layer's stride is its pool size unless `strides=` is given.)

    ## Why is this bad
    The comment and the code disagree: the feature map is not downsampled where the
    author thinks (or is, where they think it is not), so every size after it differs
    from the design.

    ## Example
    ```python
    x = layers.Conv2D(128, 3, padding="same")(x)  # stride 2 downsampling
    ```

    ## Use instead
    ```python
    x = layers.Conv2D(128, 3, strides=2, padding="same")(x)  # stride 2 downsampling
    ```
    """

    code = "KA103"
    name = "comment-strides"
    summary = "A comment states a stride (or /2 downsampling) the layer does not use"
    kind = "strides"

    VALID = ["""
        from keras import layers
        x = layers.Input((32, 32, 3))
        y = layers.Conv2D(64, 3, strides=2, padding="same")(x)  # stride 2
        z = layers.MaxPooling2D(2)(y)  # /2
        """]
    INVALID = [
        Invalid("""
            from keras import layers
            x = layers.Input((32, 32, 3))
            y = layers.Conv2D(64, 3, padding="same")(x)  # stride 2
            """, line=3, message="comment says stride 2 but strides is (1, 1)"),
        Invalid("""
            from keras import layers
            x = layers.Input((32, 32, 3))
            y = layers.MaxPooling2D(pool_size=3, strides=1)(x)  # /2
            """, line=3, message="comment says /2 but strides is (1, 1)"),
    ]
