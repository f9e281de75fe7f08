"""Activation layers: ReLU, LeakyReLU, PReLU, ELU, Softmax, and Keras 2's ThresholdedReLU.

All keep their input's shape; only PReLU has weights (``alpha``, one per input position
except along ``shared_axes``).
"""

from __future__ import annotations

from ..analysis.dims import is_known
from ._legacy import rename
from .spec import (ArgumentError, Call, Config, LayerSpec, Params, ShapeError, Unknowable, Weight, fmt_shape,
                   require_min_rank)


def _number(cfg: Config, name: str) -> float | None:
    value = cfg.get(name)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    return None


class ReLU(LayerSpec):
    name = "ReLU"
    family = "activations"
    params = Params(max_value=None, negative_slope=0.0, threshold=0.0)

    def validate(self, cfg: Config) -> None:
        max_value = _number(cfg, "max_value")
        if max_value is not None and max_value < 0:
            raise ArgumentError(f"max_value of a ReLU layer cannot be a negative value. Received: "
                                f"max_value={max_value}")
        slope = _number(cfg, "negative_slope")
        if cfg.get("negative_slope") is None or (slope is not None and slope < 0):
            raise ArgumentError("negative_slope of a ReLU layer cannot be None or a negative value")
        threshold = _number(cfg, "threshold")
        if cfg.get("threshold") is None or (threshold is not None and threshold < 0):
            raise ArgumentError("threshold of a ReLU layer cannot be None or a negative value")


class LeakyReLU(LayerSpec):
    name = "LeakyReLU"
    family = "activations"
    params = Params(negative_slope=0.3)

    def translate_legacy(self, args: list, kwargs: dict) -> tuple[list, dict]:
        # Keras 1/2 spelled it ``alpha``; Keras 3 still takes it (and lets it win).
        if "alpha" in kwargs:
            kwargs = dict(kwargs)
            kwargs["negative_slope"] = kwargs.pop("alpha")
        return args, kwargs

    def validate(self, cfg: Config) -> None:
        slope = _number(cfg, "negative_slope")
        if cfg.get("negative_slope") is None or (slope is not None and slope < 0):
            raise ArgumentError("The negative_slope value of a Leaky ReLU layer cannot be None or negative value")


class PReLU(LayerSpec):
    name = "PReLU"
    family = "activations"
    params = Params(alpha_initializer="Zeros", alpha_regularizer=None, alpha_constraint=None, shared_axes=None)

    def translate_legacy(self, args: list, kwargs: dict) -> tuple[list, dict]:
        # Keras 1: PReLU(init='zero', weights=None, shared_axes=None)
        return args, rename(kwargs, {"init": "alpha_initializer"})

    def output_shape(self, cfg: Config, call: Call) -> tuple:
        shape = call.input
        self.weights(cfg, call)  # Keras builds (and may fail) before computing the output
        return shape

    def weights(self, cfg: Config, call: Call) -> list[Weight]:
        shape = call.input
        require_min_rank(self.name, shape, 2)
        param = list(shape[1:])
        shared = cfg.known("shared_axes")
        if shared is not None:
            axes = list(shared) if isinstance(shared, (list, tuple)) else [shared]
            for axis in axes:
                if not isinstance(axis, int) or isinstance(axis, bool):
                    raise Unknowable(f"PReLU shared_axes {shared!r} is not known")
                # Keras indexes the shape without the batch axis by ``axis - 1``.
                if not -len(param) <= axis - 1 < len(param):
                    raise ShapeError(f"PReLU: shared axis {axis} is out of range for input {fmt_shape(shape)}")
                param[axis - 1] = 1
        for d in param:
            if not is_known(d):
                if d is None or not hasattr(d, "reason"):
                    raise ShapeError(f"PReLU needs every non-shared input dimension defined to create `alpha`, "
                                     f"got {fmt_shape(shape)}; pass shared_axes for the open ones")
                raise Unknowable(d.reason)
        return [Weight("alpha", tuple(param))]


class ELU(LayerSpec):
    name = "ELU"
    family = "activations"
    params = Params(alpha=1.0)


class Softmax(LayerSpec):
    name = "Softmax"
    family = "activations"
    params = Params(axis=-1)
    call_params = Params("inputs", mask=None)


class ThresholdedReLU(LayerSpec):
    """Keras 2 / tf.keras only (removed in Keras 3): ``x if x > theta else 0``."""

    name = "ThresholdedReLU"
    family = "activations"
    params = Params(theta=1.0)

    def validate(self, cfg: Config) -> None:
        theta = cfg.get("theta")
        if theta is None:
            raise ArgumentError("Theta of a Thresholded ReLU layer cannot be None")
        if isinstance(theta, (int, float)) and not isinstance(theta, bool) and theta < 0:
            raise ArgumentError(f"The theta value of a Thresholded ReLU layer should be >=0. Received: {theta}")
