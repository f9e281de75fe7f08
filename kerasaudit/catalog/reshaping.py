"""Reshaping layers: Flatten, Reshape, ZeroPadding, UpSampling."""

from __future__ import annotations

from ..analysis.dims import Sym, UnknownDim, is_known, product
from .spec import Call, Config, LayerSpec, Params, ShapeError, Unknowable, fmt_shape, require_min_rank, require_rank


class Flatten(LayerSpec):
    name = "Flatten"
    family = "reshaping"
    params = Params(data_format=None)

    def output_shape(self, cfg: Config, call: Call) -> tuple:
        shape = call.input
        rest = shape[1:]
        if not rest:
            return (shape[0], 1)
        if any(d is None for d in rest):
            return (shape[0], None)
        return (shape[0], product(rest))


class Reshape(LayerSpec):
    name = "Reshape"
    family = "reshaping"
    params = Params("target_shape")

    def output_shape(self, cfg: Config, call: Call) -> tuple:
        shape = call.input
        target = cfg.known("target_shape")
        if isinstance(target, int) and not isinstance(target, bool):
            target = (target,)
        if not isinstance(target, (tuple, list)) or not all(isinstance(d, int) and not isinstance(d, bool)
                                                             for d in target):
            raise Unknowable(f"Reshape target_shape {target!r} is not known")
        if sum(1 for d in target if d == -1) > 1:
            raise ShapeError(f"Reshape: there must be at most one unknown (-1) dimension in target_shape {target}")
        total = product(shape[1:])
        known = 1
        for d in target:
            if d != -1:
                known *= d
        if -1 in target:
            if isinstance(total, int):
                if known == 0 or total % known:
                    raise ShapeError(f"Reshape: total size of the input {fmt_shape(shape)} is not divisible by "
                                     f"the known target dimensions {tuple(target)}")
                fill = total // known
            elif isinstance(total, Sym):
                fill = total // known
            else:
                fill = UnknownDim(getattr(total, "reason", "input size unknown"))
            return (shape[0], *[fill if d == -1 else d for d in target])
        if isinstance(total, int) and total != known:
            raise ShapeError(f"Reshape: total size of the new array must be unchanged, input_shape = "
                             f"{list(shape[1:])}, output_shape = {list(target)}")
        return (shape[0], *target)


def _pad_pairs(cfg: Config, name: str, rank: int, layer: str) -> list[tuple[int, int]]:
    value = cfg.known(name)
    if isinstance(value, int) and not isinstance(value, bool):
        return [(value, value)] * rank
    if isinstance(value, (tuple, list)) and len(value) == rank:
        pairs = []
        for v in value:
            if isinstance(v, int) and not isinstance(v, bool):
                pairs.append((v, v))
            elif isinstance(v, (tuple, list)) and len(v) == 2 and all(isinstance(x, int) for x in v):
                pairs.append((v[0], v[1]))
            else:
                raise Unknowable(f"{layer} {name} {value!r} is not known")
        return pairs
    if rank == 1 and isinstance(value, (tuple, list)) and len(value) == 2 and all(isinstance(x, int) for x in value):
        return [(value[0], value[1])]
    raise ShapeError(f"{layer}: `{name}` should be an int or a tuple of {rank} ints or pairs, got {value!r}")


class ZeroPaddingBase(LayerSpec):
    family = "reshaping"
    rank = 2

    def output_shape(self, cfg: Config, call: Call) -> tuple:
        shape = call.input
        require_rank(self.name, shape, self.rank + 2)
        pairs = _pad_pairs(cfg, "padding", self.rank, self.name)
        first = self.rank > 1 and cfg.channels_first()
        out = list(shape)
        start = 2 if first else 1
        for i, (a, b) in enumerate(pairs):
            d = out[start + i]
            out[start + i] = None if d is None else d + a + b
        return tuple(out)


class ZeroPadding1D(ZeroPaddingBase):
    name, rank = "ZeroPadding1D", 1
    params = Params(padding=1, data_format=None)


class ZeroPadding2D(ZeroPaddingBase):
    name, rank = "ZeroPadding2D", 2
    params = Params(padding=(1, 1), data_format=None)


class ZeroPadding3D(ZeroPaddingBase):
    name, rank = "ZeroPadding3D", 3
    params = Params(padding=((1, 1), (1, 1), (1, 1)), data_format=None)


class UpSampling1D(LayerSpec):
    name = "UpSampling1D"
    family = "reshaping"
    params = Params(size=2)

    def output_shape(self, cfg: Config, call: Call) -> tuple:
        shape = call.input
        require_rank(self.name, shape, 3)
        size = cfg.int("size")
        return (shape[0], None if shape[1] is None else shape[1] * size, shape[2])


class UpSamplingND(LayerSpec):
    family = "reshaping"
    rank = 2

    def output_shape(self, cfg: Config, call: Call) -> tuple:
        shape = call.input
        require_rank(self.name, shape, self.rank + 2)
        size = cfg.ints("size", self.rank)
        first = cfg.channels_first()
        out = list(shape)
        start = 2 if first else 1
        for i, s in enumerate(size):
            d = out[start + i]
            out[start + i] = None if d is None else d * s
        return tuple(out)


class UpSampling2D(UpSamplingND):
    name, rank = "UpSampling2D", 2
    params = Params(size=(2, 2), data_format=None, interpolation="nearest")


class UpSampling3D(UpSamplingND):
    name, rank = "UpSampling3D", 3
    params = Params(size=(2, 2, 2), data_format=None)


__all__ = ["Flatten", "Reshape", "is_known", "require_min_rank"]
