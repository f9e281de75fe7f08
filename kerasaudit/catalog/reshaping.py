"""Reshaping layers: Flatten, Reshape, Permute, RepeatVector.

(Padding, cropping and up-sampling live in ``resizing``.) No weights; the shape
formulas are Keras 3's ``compute_output_shape``.
"""

from __future__ import annotations

from ..analysis.dims import Sym, UnknownDim, is_known, product
from .spec import ArgumentError, Call, Config, LayerSpec, Params, ShapeError, Unknowable, require_rank


class Flatten(LayerSpec):
    name = "Flatten"
    family = "reshaping"
    params = Params(data_format=None)

    def translate_legacy(self, args: list, kwargs: dict) -> tuple[list, dict]:
        from ._legacy import rename
        return args, rename(kwargs, {"dim_ordering": "data_format"})

    def output_shape(self, cfg: Config, call: Call) -> tuple:
        # data_format only changes the order of the flattened values, not the shape.
        shape = call.input
        rest = shape[1:]
        if not rest:
            return (shape[0], 1)
        if any(d is None for d in rest):
            return (shape[0], None)
        return (shape[0], product(rest))


def _target(cfg: Config) -> tuple:
    target = cfg.known("target_shape")
    if not isinstance(target, (tuple, list)):
        # Keras 3 does ``tuple(target_shape)``: Reshape(10) is a TypeError.
        raise ArgumentError(f"Reshape target_shape must be a tuple, got {target!r}")
    for d in target:
        if d is not None and not is_known(d):
            raise Unknowable(f"Reshape target_shape {tuple(target)!r} is not known")
    return tuple(target)


class Reshape(LayerSpec):
    name = "Reshape"
    family = "reshaping"
    params = Params("target_shape")

    def validate(self, cfg: Config) -> None:
        try:
            target = _target(cfg)
        except Unknowable:
            return
        if any(d is not None and d < -1 for d in target):
            raise ArgumentError(f"Each dimension in `target_shape` must be a non-negative integer, or `-1` for a "
                                f"single unknown dimension. Received: target_shape={target}.")
        if sum(1 for d in target if d == -1) > 1:
            raise ArgumentError(f"There must be at most one unknown dimension (-1) in target_shape. "
                                f"Received: target_shape={target}.")

    def output_shape(self, cfg: Config, call: Call) -> tuple:
        shape = call.input
        target = _target(cfg)
        rest = shape[1:]
        if None in target:
            # A None in the target is a dynamic size: Keras cannot resolve -1 either.
            return (shape[0], *[None if d in (-1, None) else d for d in target])
        total = product(rest)
        if isinstance(total, UnknownDim) and any(d is None for d in rest):
            return (shape[0], *[None if d == -1 else d for d in target])
        known = 1
        for d in target:
            if d != -1:
                known *= d
        if -1 not in target:
            if is_known(total) and total != known:
                raise ShapeError(f"The total size of the tensor must be unchanged. Received: input_shape="
                                 f"{tuple(rest)}, target_shape={target}")
            return (shape[0], *target)
        if is_known(total):
            if known == 0 or total % known:
                raise ShapeError(f"The total size of the tensor must be unchanged, however, the input size cannot "
                                 f"by divided by the specified dimensions in target_shape. Received: input_shape="
                                 f"{tuple(rest)}, target_shape={target}")
            fill = total // known
        elif isinstance(total, Sym) and known > 0:
            fill = total // known
        else:
            fill = UnknownDim(getattr(total, "reason", "the input size is not known"))
        return (shape[0], *[fill if d == -1 else d for d in target])


class Permute(LayerSpec):
    name = "Permute"
    family = "reshaping"
    params = Params("dims")

    def _dims(self, cfg: Config) -> tuple[int, ...]:
        dims = cfg.known("dims")
        if not isinstance(dims, (tuple, list)) or not all(is_known(d) for d in dims):
            raise ArgumentError(f"Permute dims must be a tuple of ints, got {dims!r}")
        return tuple(dims)

    def validate(self, cfg: Config) -> None:
        try:
            dims = self._dims(cfg)
        except Unknowable:
            return
        if sorted(dims) != list(range(1, len(dims) + 1)):
            raise ArgumentError(f"Invalid permutation argument `dims` for Permute Layer. The set of indices in "
                                f"`dims` must be consecutive and start from 1. Received dims={dims}")

    def output_shape(self, cfg: Config, call: Call) -> tuple:
        shape = call.input
        dims = self._dims(cfg)
        require_rank(self.name, shape, len(dims) + 1)
        return (shape[0], *[shape[d] for d in dims])


class RepeatVector(LayerSpec):
    name = "RepeatVector"
    family = "reshaping"
    params = Params("n")

    def validate(self, cfg: Config) -> None:
        n = cfg.get("n")
        if isinstance(n, bool) or isinstance(n, (float, str)) or n is None:
            raise ArgumentError(f"Expected an integer value for `n`, got {type(n).__name__}.")
        if is_known(n) and n <= 0:
            raise ArgumentError(f"Argument `n` should be a positive integer. Received: n={n}")

    def output_shape(self, cfg: Config, call: Call) -> tuple:
        shape = call.input
        require_rank(self.name, shape, 2)
        return (shape[0], cfg.int("n"), shape[1])

