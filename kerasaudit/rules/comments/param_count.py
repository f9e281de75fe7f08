from __future__ import annotations

from ..base import Invalid
from ._base import CommentRule


class CommentParamCount(CommentRule):
    """
    ## What it does
    Reports a comment on a layer's line (or directly above it) that states a parameter
    count the layer does not have: `# 4719104 params` over a `Conv2D(512, 2)` on 1024
    channels (2,097,664 parameters). Recognised: `9472 params`, `9,472 parameters`,
    `params: 9472`, `Param # 9472`.

    ## Why is this bad
    The comment and the code disagree: the layer is not the one whose size the author
    computed (seed 003: a hand count assumed a 3x3 kernel, the code has 2x2), or the
    comment misleads.

    ## Example
    ```python
    x = layers.Conv2D(64, (7, 7), strides=2)(x)  # 9472 params   (x has 3 channels)
    ```

    ## Use instead
    Fix whichever of the two is wrong; kerasaudit's summary (`kerasaudit summary`) gives
    the count Keras will print.
    """

    code = "KA107"
    name = "comment-param-count"
    summary = "A comment states a parameter count the layer does not have"
    kind = "params"

    VALID = ["""
        from keras import layers
        x = layers.Input((224, 224, 3))
        y = layers.Conv2D(64, (7, 7), strides=(2, 2))(x)  # 9472 params
        """]
    INVALID = [Invalid("""
        from keras import layers
        x = layers.Input((16, 16, 1024))
        y = layers.Conv2D(512, 2, padding="same")(x)  # 4,719,104 params
        """, line=3, message="comment says 4,719,104 parameters but Conv2D 'conv2d' has 2,097,664")]
