"""``keras.layers.Lambda``: no weights; its output shape is what its function returns.

An explicit ``output_shape=`` wins, as in Keras (a tuple without the batch axis, which Keras
prepends; a callable gets the input shape). Otherwise Keras traces the function on symbolic
inputs; the analysis does the same by interpreting the ``lambda`` or local ``def`` it was given
(:mod:`kerasaudit.analysis.lambda_follow` supplies that result through ``follow_function``).
"""

from __future__ import annotations

from typing import Any

from ..analysis.values import Function, Unknown
from .spec import Call, Config, LayerSpec, Params, ShapeError, Unknowable


class Lambda(LayerSpec):
    name = "Lambda"
    family = "core"
    params = Params("function", output_shape=None, mask=None, arguments=None)
    # The interpreter follows the function at each call (see layercall.call_layer_object).
    follows_function = True

    def output_shape(self, cfg: Config, call: Call) -> Any:
        explicit = cfg.get("output_shape")
        if explicit is None:
            raise Unknowable("the Lambda's function could not be followed and no output_shape= is given")
        if isinstance(explicit, Unknown):
            raise Unknowable(f"the Lambda's output_shape= is unknown: {explicit.reason}")
        if isinstance(explicit, Function):
            raise Unknowable("the Lambda's output_shape function could not be followed")
        inputs = call.get("inputs")
        first = inputs[0] if isinstance(inputs, list) and inputs else inputs
        if not isinstance(first, tuple):
            raise Unknowable("the Lambda's input shape is not known")
        return _with_batch(first[0], explicit)


def _with_batch(batch: Any, shape: Any) -> Any:
    """``(batch,) + output_shape``, over a structure of shapes as Keras maps it."""
    if isinstance(shape, tuple) and all(isinstance(d, int) or d is None for d in shape):
        return (batch, *shape)
    if isinstance(shape, list) and shape and all(isinstance(s, tuple) for s in shape):
        return [_with_batch(batch, s) for s in shape]
    if isinstance(shape, list) and all(isinstance(d, int) or d is None for d in shape):
        raise ShapeError("Lambda output_shape must be a tuple (Keras adds the batch axis to a tuple): "
                         f"got the list {shape!r}")
    raise Unknowable(f"the Lambda's output_shape= {shape!r} is not a known shape")
