"""Pooling: Max/Average pooling 1D/2D/3D and their global versions."""

from __future__ import annotations

from .spec import (Call, Config, LayerSpec, Params, ShapeError, check_positive_dims, normalize_axis,
                   require_rank)


def pooling_output_length(length, pool: int, padding: str, stride: int):
    """Keras's ``compute_pooling_output_shape`` for one spatial axis."""
    if length is None:
        return None
    if padding == "valid":
        return (length - pool) // stride + 1
    if padding == "same":
        return (length - 1) // stride + 1
    raise ShapeError(f"Argument `padding` must be either 'valid' or 'same'. Received: padding={padding!r}")


class PoolingBase(LayerSpec):
    rank = 2
    family = "pooling"

    def output_shape(self, cfg: Config, call: Call) -> tuple:
        shape = call.input
        require_rank(self.name, shape, self.rank + 2)
        pool = cfg.ints("pool_size", self.rank)
        strides = pool if cfg.get("strides") is None else cfg.ints("strides", self.rank)
        padding = cfg.lower("padding")
        first = cfg.channels_first()
        spatial = shape[2:] if first else shape[1:-1]
        out = tuple(pooling_output_length(d, p, padding, s) for d, p, s in zip(spatial, pool, strides))
        result = (shape[0], shape[1], *out) if first else (shape[0], *out, shape[-1])
        return check_positive_dims(self.name, result)


def _pool_params(rank: int, required: bool = False) -> Params:
    """Keras 3's MaxPooling defaults ``pool_size`` to 2; its AveragePooling requires it."""
    if required:
        return Params("pool_size", strides=None, padding="valid", data_format=None, name=None)
    default = 2 if rank == 1 else (2,) * rank
    return Params(pool_size=default, strides=None, padding="valid", data_format=None, name=None)


class MaxPooling1D(PoolingBase):
    name, aliases, rank, params = "MaxPooling1D", ("MaxPool1D",), 1, _pool_params(1)


class MaxPooling2D(PoolingBase):
    name, aliases, rank, params = "MaxPooling2D", ("MaxPool2D",), 2, _pool_params(2)


class MaxPooling3D(PoolingBase):
    name, aliases, rank, params = "MaxPooling3D", ("MaxPool3D",), 3, _pool_params(3)


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

    def output_shape(self, cfg: Config, call: Call) -> tuple:
        shape = call.input
        require_rank(self.name, shape, self.rank + 2)
        first = cfg.channels_first()
        keepdims = cfg.flag("keepdims")
        channel_axis = normalize_axis(self.name, 1 if first else -1, len(shape))
        if keepdims:
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
