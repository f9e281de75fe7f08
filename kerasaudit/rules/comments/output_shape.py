from __future__ import annotations

from ..base import Invalid
from ._base import CommentRule


class CommentOutputShape(CommentRule):
    """
    ## What it does
    Reports a comment on a layer's line (or directly above it) that states an output (or
    input) shape the analysis infers differently. Recognised: `# (None, 56, 56, 256)`,
    `-> 28x28x64`, `→ 28x28x64`, `output: 7x7x512`, `shape: (None, 7, 7, 512)` and
    `[56, 56, 64] ==> [56, 56, 256]` (input ==> output), with or without the batch axis;
    `-> 28x28` compares the spatial size of a feature map. The shape is the one of the
    statement's outermost call (`Conv2D(...)(UpSampling2D()(x))`: the Conv2D's).

    ## Why is this bad
    The comment and the code disagree: a padding, stride or kernel is not what the
    author thinks, and the sizes downstream are off, or the comment misleads.

    ## Example
    ```python
    x = layers.Conv2D(64, 3)(inputs)  # (None, 28, 28, 64)   inputs: (None, 28, 28, 1)
    ```

    ## Use instead
    ```python
    x = layers.Conv2D(64, 3, padding="same")(inputs)  # (None, 28, 28, 64)
    ```
    """

    code = "KA106"
    name = "comment-output-shape"
    summary = "A comment states an output (or input) shape the layer does not produce"
    kind = "shape"

    VALID = ["""
        from keras import layers
        x = layers.Input((28, 28, 1))
        y = layers.Conv2D(64, 3, padding="same")(x)  # (None, 28, 28, 64)
        z = layers.MaxPooling2D()(y)  # -> 14x14x64
        w = layers.Conv2D(128, 3)(z)  # [14, 14, 64] ==> [12, 12, 128]
        """]
    INVALID = [
        Invalid("""
            from keras import layers
            x = layers.Input((28, 28, 1))
            y = layers.Conv2D(64, 3)(x)  # (None, 28, 28, 64)
            """, line=3, message="comment says the output of Conv2D 'conv2d' is (None, 28, 28, 64) but it is "
                                 "(None, 26, 26, 64)"),
        Invalid("""
            from keras import layers
            x = layers.Input((56, 56, 64))
            # conv: [56, 56, 64] ==> [56, 56, 256]
            y = layers.Conv2D(256, 3, strides=2, padding="same")(x)
            """, line=3, message="is [56, 56, 256] but it is (None, 28, 28, 256)"),
    ]
