"""Regularization layers: spatial/Gaussian/alpha dropout, Gaussian noise, activity regularization.

(``Dropout`` itself lives in ``core``.) None has weights; all keep their input's shape.
The spatial dropouts check their input's rank, as their InputSpec does.
"""

from __future__ import annotations

from ._legacy import dim_ordering, rename
from .spec import ArgumentError, Call, Config, LayerSpec, Params, require_rank


def _unit_interval(cfg: Config, name: str) -> None:
    value = cfg.get(name)
    if isinstance(value, (int, float)) and not isinstance(value, bool) and not 0 <= value <= 1:
        raise ArgumentError(f"Invalid value received for argument `{name}`. Expected a float value between 0 "
                            f"and 1. Received: {name}={value}")


class SpatialDropoutBase(LayerSpec):
    family = "regularization"
    rank = 1
    # Keras 3's SpatialDropout*D take (rate, [data_format,] seed, name, dtype) and no **kwargs:
    # ``input_shape=`` or ``trainable=`` on them is a TypeError.
    base_kwargs = ()

    def translate_legacy(self, args: list, kwargs: dict) -> tuple[list, dict]:
        # Keras 1: SpatialDropout2D(p, dim_ordering='default')
        kwargs = rename(kwargs, {"p": "rate", "dim_ordering": "data_format"})
        if self.rank > 1 and len(args) >= 2 and args[1] in ("th", "tf", "default"):
            args = [args[0], dim_ordering(args[1]), *args[2:]]
        return args, kwargs

    def validate(self, cfg: Config) -> None:
        _unit_interval(cfg, "rate")

    def output_shape(self, cfg: Config, call: Call) -> tuple:
        shape = call.input
        require_rank(self.name, shape, self.rank + 2)
        if self.rank > 1:
            cfg.channels_first()  # validates the value
        return shape


class SpatialDropout1D(SpatialDropoutBase):
    name, rank = "SpatialDropout1D", 1
    params = Params("rate", seed=None, name=None, dtype=None)


class SpatialDropout2D(SpatialDropoutBase):
    name, rank = "SpatialDropout2D", 2
    params = Params("rate", data_format=None, seed=None, name=None, dtype=None)


class SpatialDropout3D(SpatialDropoutBase):
    name, rank = "SpatialDropout3D", 3
    params = Params("rate", data_format=None, seed=None, name=None, dtype=None)


class GaussianNoise(LayerSpec):
    name = "GaussianNoise"
    family = "regularization"
    params = Params("stddev", seed=None)

    def translate_legacy(self, args: list, kwargs: dict) -> tuple[list, dict]:
        return args, rename(kwargs, {"sigma": "stddev"})  # Keras 1

    def validate(self, cfg: Config) -> None:
        _unit_interval(cfg, "stddev")


class GaussianDropout(LayerSpec):
    name = "GaussianDropout"
    family = "regularization"
    params = Params("rate", seed=None)

    def translate_legacy(self, args: list, kwargs: dict) -> tuple[list, dict]:
        return args, rename(kwargs, {"p": "rate"})  # Keras 1

    def validate(self, cfg: Config) -> None:
        _unit_interval(cfg, "rate")


class AlphaDropout(LayerSpec):
    name = "AlphaDropout"
    family = "regularization"
    params = Params("rate", noise_shape=None, seed=None)

    def validate(self, cfg: Config) -> None:
        _unit_interval(cfg, "rate")


class ActivityRegularization(LayerSpec):
    name = "ActivityRegularization"
    family = "regularization"
    params = Params(l1=0.0, l2=0.0)
