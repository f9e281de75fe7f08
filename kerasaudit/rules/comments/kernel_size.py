from __future__ import annotations

from ..base import Invalid
from ._base import CommentRule


class CommentKernelSize(CommentRule):
    """
    ## What it does
    Reports a comment on a convolution's line (or in the comment lines directly above it)
    that states a kernel size the code does not use: `# 3x3 conv` over `Conv2D(512, 2)`.
    Recognised: `3x3`, `3×3`, `3x3 conv`, `kernel 3`, `kernel_size=(3, 3)`, `k=5`. A bare
    `2x2` that matches the layer's strides is not reported; a comment that hedges (`try
    5x5`, `TODO`, `instead of`), compares (`3x3 or 5x5`) or is commented-out code is never
    read as a claim.

    ## Why is this bad
    The comment and the code disagree, so one of them is wrong. Either the layer does not
    do what the author intended (the U-Net of kerasaudit's seed 003: notes say 3x3, the
    code's `Conv2D(512, 2)` has a 2x2 kernel, so the parameter counts the author computed
    never matched Keras's), or the comment misleads every reader.

    ## Example
    ```python
    up6 = Conv2D(512, 2, activation="relu", padding="same")(UpSampling2D(size=(2, 2))(drop5))  # 3x3 conv
    ```

    ## Use instead
    ```python
    up6 = Conv2D(512, 2, activation="relu", padding="same")(UpSampling2D(size=(2, 2))(drop5))  # 2x2 conv
    ```
    """

    code = "KA101"
    name = "comment-kernel-size"
    summary = "A comment states a kernel size the convolution does not have"
    kind = "kernel"

    VALID = ["""
        from keras.layers import Input, Conv2D
        x = Input((32, 32, 3))
        y = Conv2D(64, 3, padding="same")(x)  # 3x3 conv
        # kernel 5, stride 2
        z = Conv2D(64, 5, strides=2)(y)
        w = Conv2D(64, 2, strides=2)(y)  # 2x2 (the stride)
        v = Conv2D(64, 3)(y)  # TODO: try 5x5
        """]
    INVALID = [
        Invalid("""
            from keras.layers import Input, Conv2D, UpSampling2D
            x = Input((16, 16, 1024))
            up6 = Conv2D(512, 2, activation="relu", padding="same")(UpSampling2D(size=(2, 2))(x))  # 3x3 conv
            """, line=3, message="comment says 3x3 but kernel_size is (2, 2)"),
        Invalid("""
            from keras import layers
            x = layers.Input((32, 32, 3))
            # conv2d_11: 512 filters, kernel 3
            y = layers.Conv2D(512, 2)(x)
            """, line=3, message="comment says 3 but kernel_size is (2, 2)"),
    ]
