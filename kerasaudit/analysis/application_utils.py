"""The Keras utilities applications are built with, as facts: ``imagenet_utils.correct_pad``,
``imagenet_utils.obtain_input_shape`` and ``keras.utils.get_source_inputs``.

Used to rebuild recorded applications and to model direct calls of these utilities in user code.
"""

from __future__ import annotations

from typing import Any

from .values import Tensor


def correct_pad(spatial: tuple, kernel: Any) -> tuple:
    """``imagenet_utils.correct_pad``: asymmetric padding for a stride-2 convolution; an input
    size Keras does not know (None, a symbol here) counts as even."""
    k = (kernel, kernel) if isinstance(kernel, int) else tuple(kernel)
    h, w = spatial[0], spatial[1]
    if not isinstance(h, int) or isinstance(h, bool):
        adjust = (1, 1)
    else:
        adjust = (1 - h % 2, 1 - (w % 2 if isinstance(w, int) else 0))
    correct = (k[0] // 2, k[1] // 2)
    return ((correct[0] - adjust[0], correct[0]), (correct[1] - adjust[1], correct[1]))


class InputShapeError(Exception):
    """``obtain_input_shape`` would raise a ValueError with this message."""


def obtain_input_shape(input_shape: Any, default_size: int, min_size: int, data_format: str,
                       require_flatten: bool, weights: Any = None) -> tuple:
    """``keras.applications.imagenet_utils.obtain_input_shape``, as documented: the model's input
    shape from the user's, the default size and the weights' requirements."""
    first = data_format == "channels_first"
    if weights != "imagenet" and input_shape and len(input_shape) == 3:
        if first:
            default_shape = (input_shape[0], default_size, default_size)
        else:
            default_shape = (default_size, default_size, input_shape[-1])
    else:
        default_shape = (3, default_size, default_size) if first else (default_size, default_size, 3)
    if weights == "imagenet" and require_flatten:
        if input_shape is not None:
            if tuple(input_shape) != default_shape:
                raise InputShapeError(f"When setting `include_top=True` and loading `imagenet` weights, "
                                      f"`input_shape` should be {default_shape}.  Received: "
                                      f"input_shape={tuple(input_shape)}")
        return default_shape
    if input_shape:
        input_shape = tuple(input_shape)
        if len(input_shape) != 3:
            raise InputShapeError("`input_shape` must be a tuple of three integers.")
        channels = input_shape[0] if first else input_shape[-1]
        spatial = input_shape[1:] if first else input_shape[:2]
        if weights == "imagenet" and channels != 3:
            raise InputShapeError(f"The input must have 3 channels; Received `input_shape={input_shape}`")
        for d in spatial:
            if d is not None and d < min_size:
                raise InputShapeError(f"Input size must be at least {min_size}x{min_size}; Received: "
                                      f"input_shape={input_shape}")
    else:
        if require_flatten:
            input_shape = default_shape
        else:
            input_shape = (3, None, None) if first else (None, None, 3)
    if require_flatten and None in input_shape:
        raise InputShapeError("If `include_top` is True, you should specify a static `input_shape`. "
                              f"Received: input_shape={input_shape}")
    return tuple(input_shape)


def source_inputs(tensor: Tensor) -> list[Tensor]:
    """``keras.utils.get_source_inputs``: the Input tensors a tensor is computed from."""
    out: list[Tensor] = []
    seen: set[int] = set()
    stack = [tensor]
    while stack:
        t = stack.pop()
        node = t.node
        if node is None:
            continue
        if node.is_input:
            if id(t) not in seen:
                seen.add(id(t))
                out.append(t)
            continue
        if id(node) in seen:
            continue
        seen.add(id(node))
        stack.extend(reversed(node.input_tensors))
    return out

