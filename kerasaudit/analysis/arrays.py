"""Concrete data the analysed file builds: NumPy arrays, dataset splits, one-hot labels.

Only the *shape* (and dtype where known) of such data matters to the analysis: it is what
``fit``/``predict``/``evaluate`` get, what a model without an input shape is built with,
and what rules compare against the model's input and output. Values are never computed.

A data array's dimensions are ``int`` or :class:`UnknownDim` (with its reason); there is
no batch ``None`` here: a NumPy array always has a definite number of rows, the analysis
may just not know it.
"""

from __future__ import annotations

import math
from typing import Any

from .dims import UnknownDim


class Array:
    """A NumPy-like array of known rank: ``shape`` is a tuple of ints / UnknownDims."""

    __slots__ = ("shape", "dtype", "origin")

    def __init__(self, shape: tuple, dtype: str | None = None, origin: str = "") -> None:
        self.shape = tuple(shape)
        self.dtype = dtype
        self.origin = origin  # what made it, for messages ("numpy.zeros", "keras.datasets.mnist")

    def __repr__(self) -> str:
        return f"Array({self.shape!r}, {self.dtype!r})"

    @property
    def ndim(self) -> int:
        return len(self.shape)

    def with_shape(self, shape: tuple, dtype: str | None = "same") -> "Array":
        return Array(shape, self.dtype if dtype == "same" else dtype, self.origin)


def known_dim(d: Any) -> bool:
    return isinstance(d, int) and not isinstance(d, bool)


def size_of(shape: tuple) -> int | UnknownDim:
    total = 1
    for d in shape:
        if not known_dim(d):
            return d if isinstance(d, UnknownDim) else UnknownDim("a dimension of the array is unknown")
        total *= d
    return total


def dim_or_unknown(value: Any, what: str) -> int | UnknownDim:
    """A dimension from an abstract value: an int, or UnknownDim saying why not."""
    if known_dim(value):
        return value
    if isinstance(value, UnknownDim):
        return value
    reason = getattr(value, "reason", None)
    return UnknownDim(f"{what} is not known" + (f": {reason}" if reason else ""))


def shape_from(value: Any, what: str = "the shape") -> tuple | None:
    """A shape argument (``5``, ``(60000, 28, 28)``, ``[n, 3]``) as a tuple of dims;
    None when even its rank is unknown."""
    if known_dim(value) or isinstance(value, UnknownDim):
        return (value,)
    if isinstance(value, (tuple, list)):
        return tuple(dim_or_unknown(v, f"a dimension of {what}") for v in value)
    return None


def normalize_axis(axis: int, rank: int) -> int | None:
    if not isinstance(axis, int) or isinstance(axis, bool) or not -rank <= axis < rank:
        return None
    return axis % rank


def broadcast(a: tuple, b: tuple) -> tuple | None:
    """NumPy broadcasting of two shapes; None when NumPy would raise."""
    out = []
    for i in range(max(len(a), len(b))):
        x = a[len(a) - 1 - i] if i < len(a) else 1
        y = b[len(b) - 1 - i] if i < len(b) else 1
        if known_dim(x) and known_dim(y):
            if x == y or y == 1:
                out.append(x)
            elif x == 1:
                out.append(y)
            else:
                return None
        elif known_dim(x) and x == 1:
            out.append(y)
        elif known_dim(y) and y == 1:
            out.append(x)
        elif known_dim(x):
            out.append(x)  # the other side must be x (or 1) for NumPy to accept it
        elif known_dim(y):
            out.append(y)
        else:
            out.append(x)
    return tuple(reversed(out))


def reshape(shape: tuple, new: tuple) -> tuple | str:
    """``a.reshape(new)`` with at most one -1; an error message when NumPy would raise."""
    if sum(1 for d in new if d == -1) > 1:
        return "can only specify one unknown dimension"
    total = size_of(shape)
    known_part = 1
    unknown_part: UnknownDim | None = None
    for d in new:
        if d == -1:
            continue
        if not known_dim(d):
            unknown_part = d if isinstance(d, UnknownDim) else UnknownDim("a reshape dimension is unknown")
        else:
            known_part *= d
    if -1 not in new:
        if known_dim(total) and unknown_part is None and total != known_part:
            return f"cannot reshape array of size {total} into shape {new}"
        return new
    if known_dim(total) and unknown_part is None:
        if known_part == 0 or total % known_part:
            return f"cannot reshape array of size {total} into shape {new}"
        inferred: Any = total // known_part
    else:
        inferred = UnknownDim("the size inferred for -1 depends on an unknown dimension")
    return tuple(inferred if d == -1 else d for d in new)


def index_shape(shape: tuple, key: Any) -> tuple | None:
    """The shape of ``a[key]`` for ints, slices, ``None``/``np.newaxis`` and ``...``;
    None when the key is something else (fancy indexing with unknown masks...)."""
    keys = list(key) if isinstance(key, tuple) else [key]
    if sum(1 for k in keys if k is Ellipsis) > 1:
        return None
    consumed = sum(1 for k in keys if k is not None and k is not Ellipsis)
    if consumed > len(shape):
        return None
    if Ellipsis in keys:
        i = keys.index(Ellipsis)
        keys = keys[:i] + [slice(None)] * (len(shape) - consumed) + keys[i + 1:]
    out: list = []
    axis = 0
    for k in keys:
        if k is None:
            out.append(1)
            continue
        d = shape[axis]
        axis += 1
        if isinstance(k, bool):
            return None
        if isinstance(k, int):
            if known_dim(d) and not -d <= k < d:
                return None
            continue
        if isinstance(k, slice):
            out.append(_slice_len(d, k))
            continue
        if isinstance(k, Array) and k.ndim == 1 and k.dtype not in ("bool",):
            out.append(k.shape[0])
            continue
        return None
    out.extend(shape[axis:])
    return tuple(out)


def _slice_len(d: Any, k: slice) -> Any:
    parts = (k.start, k.stop, k.step)
    if not all(p is None or (isinstance(p, int) and not isinstance(p, bool)) for p in parts):
        return UnknownDim("a slice with unknown bounds")
    if known_dim(d):
        return len(range(*k.indices(d)))
    if k.step in (None, 1) and k.start is None and k.stop is None:
        return d
    if k.step in (None, 1) and (k.start is None or k.start >= 0) and k.stop is not None and k.stop >= 0:
        # a[:n] of an array of unknown length: n when it has at least n rows, which the file does not say
        return UnknownDim("slicing an array whose length is unknown")
    return UnknownDim("slicing an array whose length is unknown")


def reduce_shape(shape: tuple, axis: Any, keepdims: bool) -> tuple | None:
    """``a.sum(axis=...)`` and friends."""
    if axis is None:
        return tuple(1 for _ in shape) if keepdims else ()
    axes = axis if isinstance(axis, (tuple, list)) else (axis,)
    norm = set()
    for a in axes:
        n = normalize_axis(a, len(shape))
        if n is None:
            return None
        norm.add(n)
    return tuple((1 if i in norm else d) for i, d in enumerate(shape) if keepdims or i not in norm)


def ceil_int(x: float) -> int:
    return int(math.ceil(x))
