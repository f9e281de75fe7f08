"""The shape of ``x[key]`` on a symbolic tensor, as Keras 3's ``GetItem`` computes it.

Keras supports basic indexing only: ints, slices, ``None`` (new axis) and one ``...``;
anything else (a tensor as index) makes it raise. A slice of a size Keras does not know
prints as ``None``; here a symbolic size keeps an exact form where there is one
(``H - 1`` for ``[1:]``) and an exact named one otherwise (``min(H, 3)``).
"""

from __future__ import annotations

from typing import Any

from ..catalog.spec import ShapeError, Unknowable
from .dims import Dim, Sym, UnknownDim, is_known
from .opshapes.arguments import fmt, is_int, opaque
from .values import Tensor, Unknown


def getitem_shape(shape: tuple, key: Any) -> tuple:
    if isinstance(key, Unknown):
        raise Unknowable(f"the index is unknown: {key.reason}")
    if isinstance(key, Tensor):
        raise ShapeError("Unsupported key type for array slice: a tensor (Keras 3 symbolic indexing supports ints, "
                         "slices, None and ...)")
    if is_int(key) or key is None or key is Ellipsis or isinstance(key, slice):
        keys = [key]
    elif isinstance(key, (tuple, list)):
        keys = list(key)
    else:
        raise Unknowable(f"indexing with {type(key).__name__} is not modelled")
    for k in keys:
        if isinstance(k, Unknown):
            raise Unknowable(f"an index is unknown: {k.reason}")
        if isinstance(k, Tensor):
            raise ShapeError("Unsupported key type for array slice: a tensor (Keras 3 symbolic indexing supports "
                             "ints, slices, None and ...)")
        if not (is_int(k) or k is None or k is Ellipsis or isinstance(k, slice)):
            raise Unknowable(f"an index of type {type(k).__name__} is not modelled")
    if keys.count(Ellipsis) > 1:
        raise ShapeError(f"Slice should only have one ellipsis. Received: `{key}`")
    if Ellipsis not in keys:
        keys.append(Ellipsis)
    remaining = list(shape)
    out: list = []
    while keys:
        k = keys.pop(0)
        if k is Ellipsis:
            needed = len(keys) - sum(1 for r in keys if r is None)
            consumed = len(remaining) - needed
            if consumed < 0:
                raise ShapeError(f"Array has shape {fmt(shape)} but slice has too many indices. Received: `{key}`")
            out += remaining[:consumed]
            remaining = remaining[consumed:]
            continue
        if k is None:
            out.append(1)
            continue
        if not remaining:
            raise ShapeError(f"Array has shape {fmt(shape)} but slice has too many indices. Received: `{key}`")
        length = remaining.pop(0)
        if is_int(k):
            if is_known(length) and not -length <= k < length:
                raise ShapeError(f"Array has shape {fmt(shape)} but out-of-bounds index {k} was requested.")
            continue
        out.append(slice_length(length, k))
    return tuple(out)


def slice_length(length: Dim, s: slice) -> Dim:
    parts = (s.start, s.stop, s.step)
    if any(isinstance(p, UnknownDim) for p in parts):
        bad = next(p for p in parts if isinstance(p, UnknownDim))
        return bad
    if length is None:
        return None  # the batch axis: Keras keeps None
    if isinstance(length, UnknownDim):
        return length if parts == (None, None, None) else length
    if all(p is None or is_int(p) for p in parts):
        if is_known(length):
            if s.step == 0:
                raise ShapeError("slice step cannot be zero")
            return len(range(*s.indices(length)))
        return _symbolic_slice(length, s)
    # bounds that are themselves symbolic sizes (x[:, :n] with n = x.shape[1])
    if s.step in (None, 1) and s.start in (None, 0) and isinstance(s.stop, Sym) and s.stop == length:
        return length
    return opaque(f"len({length}[{_slice_text(s)}])")


def _symbolic_slice(length: Any, s: slice) -> Dim:
    """A slice of a symbolic size with int bounds, exact where the result is a polynomial of
    the size (assuming the size is at least as large as the bounds, as any working model has)."""
    start, stop, step = s.start, s.stop, s.step
    if step is not None and step > 1 and start in (None, 0) and stop is None:
        return (length + (step - 1)) // step
    if step in (None, 1):
        if stop is None:
            if start is None or start == 0:
                return length
            if start > 0:
                return length - start
            return opaque(f"min({length}, {-start})")
        if start is None or start == 0:
            if stop < 0:
                return length - (-stop)
            return opaque(f"min({length}, {stop})")
        if start > 0 and stop < 0:
            return length - start - (-stop)
        if start >= 0 and stop >= 0:
            return opaque(f"len({length}[{_slice_text(s)}])")
    return opaque(f"len({length}[{_slice_text(s)}])")


def _slice_text(s: slice) -> str:
    parts = ["" if p is None else str(p) for p in (s.start, s.stop)]
    text = ":".join(parts)
    if s.step is not None:
        text += f":{s.step}"
    return text
