"""Pooling: Max/Average pooling 1D/2D/3D, their global and adaptive versions.

No weights. Output sizes are Keras 3's ``compute_pooling_output_shape``. Keras 1 spelled
the arguments ``pool_length``/``stride``/``border_mode``/``dim_ordering``.
"""

from __future__ import annotations

from ..analysis.dims import is_known
from ._args import checked, int_tuple
from ._legacy import POOL_KEYWORDS, dim_ordering, rename
from .spec import ArgumentError, Call, Config, LayerSpec, Params, ShapeError, Unknowable, check_positive_dims, \
    require_rank

_DIM_ORDERINGS = ("th", "tf", "default")


def pooling_output_length(length, pool: int, padding: str, stride: int):
    """Keras's ``compute_pooling_output_shape`` for one spatial axis."""
    if length is None:
        return None
    if padding == "valid":
        return (length - pool) // stride + 1
    if padding == "same":
        return (length - 1) // stride + 1
    raise ShapeError(f"Argument `padding` must be either 'valid' or 'same'. Received: padding={padding!r}")


def _legacy_positional_format(args: list, index: int) -> list:
    """Keras 1 passed dim_ordering positionally where Keras 3 has data_format."""
    if len(args) > index and isinstance(args[index], str) and args[index] in _DIM_ORDERINGS:
        return [*args[:index], dim_ordering(args[index]), *args[index + 1:]]
    return args


class PoolingBase(LayerSpec):
    rank = 2
    family = "pooling"

    def translate_legacy(self, args: list, kwargs: dict) -> tuple[list, dict]:
        return _legacy_positional_format(args, 3), rename(kwargs, POOL_KEYWORDS)

    def geometry(self, cfg: Config) -> tuple[tuple[int, ...], tuple[int, ...], str]:
        pool = int_tuple(cfg.layer, cfg.get("pool_size"), self.rank, "pool_size")
        strides_arg = cfg.get("strides")
        strides = pool if strides_arg is None else int_tuple(cfg.layer, strides_arg, self.rank, "strides",
                                                             allow_zero=True)
        # Keras 3 compares padding as given (no lower-casing): 'SAME' fails when the layer is called.
        padding = cfg.str("padding")
        return pool, strides, padding

    def validate(self, cfg: Config) -> None:
        checked(self.geometry, cfg)
        checked(cfg.channels_first)

    def output_shape(self, cfg: Config, call: Call) -> tuple:
        shape = call.input
        require_rank(self.name, shape, self.rank + 2)
        pool, strides, padding = self.geometry(cfg)
        if 0 in strides:
            raise ShapeError(f"{self.name}: strides of 0 divide by zero")
        first = cfg.channels_first()
        spatial = shape[2:] if first else shape[1:-1]
        out = tuple(pooling_output_length(d, p, padding, s) for d, p, s in zip(spatial, pool, strides))
        result = (shape[0], shape[1], *out) if first else (shape[0], *out, shape[-1])
        return check_positive_dims(self.name, result)


def _pool_params(rank: int, required: bool) -> Params:
    if required:  # Keras 3's AveragePooling*D have no default pool size
        return Params("pool_size", strides=None, padding="valid", data_format=None, name=None)
    default = 2 if rank == 1 else (2,) * rank
    return Params(pool_size=default, strides=None, padding="valid", data_format=None, name=None)


class MaxPooling1D(PoolingBase):
    name, aliases, rank, params = "MaxPooling1D", ("MaxPool1D",), 1, _pool_params(1, False)


class MaxPooling2D(PoolingBase):
    name, aliases, rank, params = "MaxPooling2D", ("MaxPool2D",), 2, _pool_params(2, False)


class MaxPooling3D(PoolingBase):
    name, aliases, rank, params = "MaxPooling3D", ("MaxPool3D",), 3, _pool_params(3, False)


class AveragePooling1D(PoolingBase):
    name, aliases, rank, params = "AveragePooling1D", ("AvgPool1D",), 1, _pool_params(1, True)


class AveragePooling2D(PoolingBase):
    name, aliases, rank, params = "AveragePooling2D", ("AvgPool2D",), 2, _pool_params(2, True)


class AveragePooling3D(PoolingBase):
    name, aliases, rank, params = "AveragePooling3D", ("AvgPool3D",), 3, _pool_params(3, True)


class GlobalPoolingBase(LayerSpec):
    rank = 2
    family = "pooling"
    params = Params(data_format=None, keepdims=False)

    def translate_legacy(self, args: list, kwargs: dict) -> tuple[list, dict]:
        # Keras 1: GlobalMaxPooling2D(dim_ordering='default')
        return _legacy_positional_format(args, 0), rename(kwargs, {"dim_ordering": "data_format"})

    def output_shape(self, cfg: Config, call: Call) -> tuple:
        shape = call.input
        require_rank(self.name, shape, self.rank + 2)
        channel_axis = 1 if cfg.channels_first() else len(shape) - 1
        if cfg.flag("keepdims"):
            return tuple(d if i in (0, channel_axis) else 1 for i, d in enumerate(shape))
        return (shape[0], shape[channel_axis])


class GlobalMaxPooling1D(GlobalPoolingBase):
    name, aliases, rank = "GlobalMaxPooling1D", ("GlobalMaxPool1D",), 1


class GlobalMaxPooling2D(GlobalPoolingBase):
    name, aliases, rank = "GlobalMaxPooling2D", ("GlobalMaxPool2D",), 2


class GlobalMaxPooling3D(GlobalPoolingBase):
    name, aliases, rank = "GlobalMaxPooling3D", ("GlobalMaxPool3D",), 3


class GlobalAveragePooling1D(GlobalPoolingBase):
    name, aliases, rank = "GlobalAveragePooling1D", ("GlobalAvgPool1D",), 1


class GlobalAveragePooling2D(GlobalPoolingBase):
    name, aliases, rank = "GlobalAveragePooling2D", ("GlobalAvgPool2D",), 2


class GlobalAveragePooling3D(GlobalPoolingBase):
    name, aliases, rank = "GlobalAveragePooling3D", ("GlobalAvgPool3D",), 3


class AdaptivePoolingBase(LayerSpec):
    """Any input size pooled to ``output_size`` (Keras 3.12+)."""

    rank = 2
    family = "pooling"
    params = Params("output_size", data_format=None)

    def sizes(self, cfg: Config) -> tuple[int, ...]:
        value = cfg.known("output_size")
        if is_known(value):
            return (value,) * self.rank
        if isinstance(value, (tuple, list)) and len(value) == self.rank:
            if not all(is_known(v) for v in value):
                raise Unknowable(f"{self.name} output_size {value!r} is not known")
            return tuple(value)
        raise ArgumentError(f"`output_size` must be an integer or a tuple of {self.rank}. Received: {value!r}")

    def validate(self, cfg: Config) -> None:
        checked(self.sizes, cfg)

    def output_shape(self, cfg: Config, call: Call) -> tuple:
        shape = call.input
        sizes = self.sizes(cfg)
        if cfg.channels_first():
            return (shape[0], shape[1], *sizes)
        return (shape[0], *sizes, shape[-1])


class AdaptiveAveragePooling1D(AdaptivePoolingBase):
    name, rank = "AdaptiveAveragePooling1D", 1


class AdaptiveAveragePooling2D(AdaptivePoolingBase):
    name, rank = "AdaptiveAveragePooling2D", 2


class AdaptiveAveragePooling3D(AdaptivePoolingBase):
    name, rank = "AdaptiveAveragePooling3D", 3


class AdaptiveMaxPooling1D(AdaptivePoolingBase):
    name, rank = "AdaptiveMaxPooling1D", 1


class AdaptiveMaxPooling2D(AdaptivePoolingBase):
    name, rank = "AdaptiveMaxPooling2D", 2


class AdaptiveMaxPooling3D(AdaptivePoolingBase):
    name, rank = "AdaptiveMaxPooling3D", 3
