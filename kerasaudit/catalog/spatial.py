"""Spatial reshaping layers: ZeroPadding, Cropping and UpSampling in 1D/2D/3D.

Family ``reshaping`` (Keras keeps them in ``layers/reshaping``). No weights. Each takes
``data_format`` (channels_first moves the spatial axes to 2..); Keras 1 spelled it
``dim_ordering='th'/'tf'`` and UpSampling1D's ``size`` was ``length``.
"""

from __future__ import annotations

from typing import Any

from ._args import checked, int_tuple, pairs
from ._legacy import dim_ordering, rename
from ..analysis.dims import is_known
from .spec import ArgumentError, Call, Config, LayerSpec, Params, ShapeError, fmt_shape, require_rank

_LEGACY_DIM_ORDERING = ("th", "tf", "default")


class SpatialBase(LayerSpec):
    """Shared plumbing: the spatial axes, data_format, Keras 1 arguments."""

    family = "reshaping"
    rank = 2
    legacy_names: dict[str, str] = {}

    def translate_legacy(self, args: list, kwargs: dict) -> tuple[list, dict]:
        kwargs = rename(kwargs, {"dim_ordering": "data_format", **self.legacy_names})
        # Keras 1 took dim_ordering positionally where Keras 3 takes data_format.
        if len(args) >= 2 and isinstance(args[1], str) and args[1] in _LEGACY_DIM_ORDERING:
            args = [args[0], dim_ordering(args[1]), *args[2:]]
        return args, kwargs

    def start(self, cfg: Config) -> int:
        return 2 if cfg.channels_first() else 1

    def check_rank(self, call: Call) -> tuple:
        shape = call.input
        require_rank(self.name, shape, self.rank + 2)
        return shape


# ------------------------------------------------------------------ ZeroPadding
def _padding_1d(cfg: Config) -> tuple[tuple[int, int], ...]:
    return (int_tuple(cfg.layer, cfg.get("padding"), 2, "padding", allow_zero=True),)  # type: ignore[return-value]


class ZeroPaddingBase(SpatialBase):
    def amounts(self, cfg: Config) -> tuple[tuple[int, int], ...]:
        if self.rank == 1:
            return _padding_1d(cfg)
        return pairs(cfg.layer, cfg.get("padding"), self.rank, "padding")

    def validate(self, cfg: Config) -> None:
        checked(self.amounts, cfg)

    def output_shape(self, cfg: Config, call: Call) -> tuple:
        shape = list(self.check_rank(call))
        start = self.start(cfg)
        for i, (a, b) in enumerate(self.amounts(cfg)):
            d = shape[start + i]
            shape[start + i] = None if d is None else d + a + b
        return tuple(shape)


class ZeroPadding1D(ZeroPaddingBase):
    name, rank = "ZeroPadding1D", 1
    params = Params(padding=1, data_format=None)


class ZeroPadding2D(ZeroPaddingBase):
    name, rank = "ZeroPadding2D", 2
    params = Params(padding=(1, 1), data_format=None)

    def translate_legacy(self, args: list, kwargs: dict) -> tuple[list, dict]:
        args, kwargs = super().translate_legacy(args, kwargs)
        # Keras 1.2 also took (top, bottom, left, right) or a dict of the four pads.
        if args:
            args = [_keras1_padding_2d(args[0]), *args[1:]]
        elif "padding" in kwargs:
            kwargs = {**kwargs, "padding": _keras1_padding_2d(kwargs["padding"])}
        return args, kwargs


def _keras1_padding_2d(value: Any) -> Any:
    if isinstance(value, (tuple, list)) and len(value) == 4 and all(is_known(v) for v in value):
        return ((value[0], value[1]), (value[2], value[3]))
    if isinstance(value, dict):
        keys = ("top_pad", "bottom_pad", "left_pad", "right_pad")
        if set(value) - set(keys):
            raise ArgumentError(f"Unexpected key found in `padding` dictionary: {sorted(set(value) - set(keys))}")
        top, bottom, left, right = (value.get(k, 0) for k in keys)
        return ((top, bottom), (left, right))
    return value


class ZeroPadding3D(ZeroPaddingBase):
    name, rank = "ZeroPadding3D", 3
    params = Params(padding=((1, 1), (1, 1), (1, 1)), data_format=None)


# ------------------------------------------------------------------ Cropping
class CroppingBase(SpatialBase):
    def amounts(self, cfg: Config) -> tuple[tuple[int, int], ...]:
        if self.rank == 1:
            return (int_tuple(cfg.layer, cfg.get("cropping"), 2, "cropping", allow_zero=True),)  # type: ignore
        return pairs(cfg.layer, cfg.get("cropping"), self.rank, "cropping")

    def validate(self, cfg: Config) -> None:
        checked(self.amounts, cfg)

    def start(self, cfg: Config) -> int:
        return 1 if self.rank == 1 else super().start(cfg)  # Cropping1D has no data_format

    def output_shape(self, cfg: Config, call: Call) -> tuple:
        shape = list(self.check_rank(call))
        start = self.start(cfg)
        for i, (a, b) in enumerate(self.amounts(cfg)):
            d = shape[start + i]
            if d is None:
                continue
            new = d - a - b
            if is_known(new) and new <= 0:
                raise ShapeError(f"{self.name}: `cropping` {self.amounts(cfg)} must be smaller than the spatial "
                                 f"dimensions of the input {fmt_shape(call.input)}")
            shape[start + i] = new
        return tuple(shape)


class Cropping1D(CroppingBase):
    name, rank = "Cropping1D", 1
    params = Params(cropping=(1, 1))


class Cropping2D(CroppingBase):
    name, rank = "Cropping2D", 2
    params = Params(cropping=((0, 0), (0, 0)), data_format=None)


class Cropping3D(CroppingBase):
    name, rank = "Cropping3D", 3
    params = Params(cropping=((1, 1), (1, 1), (1, 1)), data_format=None)


# ------------------------------------------------------------------ UpSampling
class UpSamplingBase(SpatialBase):
    def sizes(self, cfg: Config) -> tuple[int, ...]:
        if self.rank == 1:
            size = cfg.known("size")
            if not is_known(size):
                raise ArgumentError(f"Expected an integer value for `size`, got {type(size).__name__}.")
            if size <= 0:
                raise ArgumentError(f"Argument `size` should be a positive integer. Received: size={size}")
            return (size,)
        return int_tuple(cfg.layer, cfg.get("size"), self.rank, "size")

    def validate(self, cfg: Config) -> None:
        checked(self.sizes, cfg)

    def start(self, cfg: Config) -> int:
        return 1 if self.rank == 1 else super().start(cfg)  # UpSampling1D has no data_format

    def output_shape(self, cfg: Config, call: Call) -> tuple:
        shape = list(self.check_rank(call))
        start = self.start(cfg)
        for i, s in enumerate(self.sizes(cfg)):
            d = shape[start + i]
            shape[start + i] = None if d is None else d * s
        return tuple(shape)


class UpSampling1D(UpSamplingBase):
    name, rank = "UpSampling1D", 1
    params = Params(size=2)
    legacy_names = {"length": "size"}  # Keras 1: UpSampling1D(length=2)


class UpSampling2D(UpSamplingBase):
    name, rank = "UpSampling2D", 2
    params = Params(size=(2, 2), data_format=None, interpolation="nearest")


class UpSampling3D(UpSamplingBase):
    name, rank = "UpSampling3D", 3
    params = Params(size=(2, 2, 2), data_format=None)
