"""Normalization layers: Batch/Layer/Group/Unit/RMS normalization and preprocessing Normalization.

All keep their input's shape. Weights, as their ``build`` creates them:
- BatchNormalization: gamma, beta (trainable), moving_mean, moving_variance (not);
- LayerNormalization / RMSNormalization: gamma(/beta) / scale over the ``axis`` sizes;
- GroupNormalization: gamma, beta over the channel axis;
- Normalization: mean, variance and a scalar count, all non-trainable, unless ``mean`` and
  ``variance`` are given (then they are constants, not weights).
"""

from __future__ import annotations

from ..analysis.dims import is_known
from ._args import checked
from ._legacy import rename
from .spec import (ArgumentError, Call, Config, LayerSpec, Params, ShapeError, Weight, fmt_shape,
                   known_axis, normalize_axis)


def _axes(cfg: Config, allow_none: bool = False) -> list[int]:
    """An int or a list/tuple of ints (``axis``)."""
    value = cfg.known("axis")
    if value is None and allow_none:
        return []
    if is_known(value):
        return [value]
    if isinstance(value, (list, tuple)) and all(is_known(v) for v in value):
        return list(value)
    raise ArgumentError(f"Expected an int or a list/tuple of ints for the argument 'axis', but received: {value!r}")


def _sizes(layer: str, shape: tuple, axes: list[int]) -> tuple[int, ...]:
    """The input sizes along ``axes`` (Keras indexes the shape directly), each defined."""
    out = []
    for a in axes:
        if not -len(shape) <= a < len(shape):
            raise ShapeError(f"{layer}: axis {a} is out of range for input {fmt_shape(shape)}")
        out.append(known_axis(layer, shape, a, f"axis {a}"))
    return tuple(out)


class BatchNormalization(LayerSpec):
    name = "BatchNormalization"
    family = "normalization"
    params = Params(axis=-1, momentum=0.99, epsilon=0.001, center=True, scale=True, beta_initializer="zeros",
                    gamma_initializer="ones", moving_mean_initializer="zeros", moving_variance_initializer="ones",
                    beta_regularizer=None, gamma_regularizer=None, beta_constraint=None, gamma_constraint=None,
                    renorm=False, renorm_clipping=None, renorm_momentum=0.99, synchronized=False)

    def translate_legacy(self, args: list, kwargs: dict) -> tuple[list, dict]:
        # Keras 1: BatchNormalization(epsilon, mode, axis, momentum, weights, beta_init, gamma_init, ...).
        # Every mode creates the same four weights.
        kwargs = rename(kwargs, {"beta_init": "beta_initializer", "gamma_init": "gamma_initializer"})
        kwargs.pop("mode", None)
        return args, kwargs

    def output_shape(self, cfg: Config, call: Call) -> tuple:
        shape = call.input
        normalize_axis(self.name, cfg.int("axis"), len(shape))
        return shape

    def weights(self, cfg: Config, call: Call) -> list[Weight]:
        shape = call.input
        axis = normalize_axis(self.name, cfg.int("axis"), len(shape))
        size = (known_axis(self.name, shape, axis, f"axis {axis}"),)
        out = []
        if cfg.flag("scale"):
            out.append(Weight("gamma", size))
        if cfg.flag("center"):
            out.append(Weight("beta", size))
        out += [Weight("moving_mean", size, trainable=False), Weight("moving_variance", size, trainable=False)]
        if cfg.flag("renorm"):
            out += [Weight("moving_stddev", size, trainable=False), Weight("renorm_mean", size, trainable=False),
                    Weight("renorm_stddev", size, trainable=False)]
        return out


class LayerNormalization(LayerSpec):
    name = "LayerNormalization"
    family = "normalization"
    params = Params(axis=-1, epsilon=0.001, center=True, scale=True, beta_initializer="zeros",
                    gamma_initializer="ones", beta_regularizer=None, gamma_regularizer=None, beta_constraint=None,
                    gamma_constraint=None)
    extra_kwargs = ("rms_scaling",)

    def validate(self, cfg: Config) -> None:
        checked(_axes, cfg)

    def weights(self, cfg: Config, call: Call) -> list[Weight]:
        shape = call.input
        size = _sizes(self.name, shape, sorted(_axes(cfg)))
        rms = cfg.flag("rms_scaling") if "rms_scaling" in cfg.values else False
        out = []
        if cfg.flag("scale") or rms:
            out.append(Weight("gamma", size))
        if cfg.flag("center") and not rms:
            out.append(Weight("beta", size))
        return out


class RMSNormalization(LayerSpec):
    name = "RMSNormalization"
    family = "normalization"
    params = Params(axis=-1, epsilon=1e-06)

    def validate(self, cfg: Config) -> None:
        checked(_axes, cfg)

    def weights(self, cfg: Config, call: Call) -> list[Weight]:
        return [Weight("scale", _sizes(self.name, call.input, sorted(_axes(cfg))))]


class GroupNormalization(LayerSpec):
    name = "GroupNormalization"
    family = "normalization"
    params = Params(groups=32, axis=-1, epsilon=0.001, center=True, scale=True, beta_initializer="zeros",
                    gamma_initializer="ones", beta_regularizer=None, gamma_regularizer=None, beta_constraint=None,
                    gamma_constraint=None)

    def weights(self, cfg: Config, call: Call) -> list[Weight]:
        shape = call.input
        axis = cfg.int("axis")
        (dim,) = _sizes(self.name, shape, [axis])
        groups = cfg.int("groups")
        if groups == -1:
            groups = dim
        if dim < groups:
            raise ShapeError(f"Number of groups ({groups}) cannot be more than the number of channels ({dim}).")
        if dim % groups:
            raise ShapeError(f"Number of groups ({groups}) must be a multiple of the number of channels ({dim}).")
        out = []
        if cfg.flag("scale"):
            out.append(Weight("gamma", (dim,)))
        if cfg.flag("center"):
            out.append(Weight("beta", (dim,)))
        return out

    def output_shape(self, cfg: Config, call: Call) -> tuple:
        return call.input


class UnitNormalization(LayerSpec):
    name = "UnitNormalization"
    family = "normalization"
    params = Params(axis=-1)


class Normalization(LayerSpec):
    """``keras.layers.Normalization`` (preprocessing): its statistics are non-trainable weights."""

    name = "Normalization"
    family = "normalization"
    params = Params(axis=-1, mean=None, variance=None, invert=False)

    def validate(self, cfg: Config) -> None:
        checked(_axes, cfg, True)
        mean, variance = cfg.get("mean"), cfg.get("variance")
        if (mean is None) != (variance is None):
            raise ArgumentError(f"When setting values directly, both `mean` and `variance` must be set. "
                                f"Received: mean={mean} and variance={variance}")

    def weights(self, cfg: Config, call: Call) -> list[Weight]:
        shape = call.input
        rank = len(shape)
        axes = _axes(cfg, allow_none=True)
        if any(not -rank <= a < rank for a in axes):
            raise ShapeError(f"All `axis` values must be in the range [-ndim, ndim). Received inputs with "
                             f"ndim={rank}, while axis={tuple(axes)}")
        keep = sorted({a % rank for a in axes})
        if cfg.get("mean") is not None:
            for a in keep:  # the kept axes must be defined even then
                _sizes(self.name, shape, [a])
            return []
        size = _sizes(self.name, shape, keep)
        return [Weight("mean", size, trainable=False), Weight("variance", size, trainable=False),
                Weight("count", (), trainable=False)]
