"""Operations that rearrange or resize elements: ``reshape`` (with an exact size for its -1 where
one exists), flattening, ``tile``, ``repeat`` and ``pad``.
"""

from __future__ import annotations

from typing import Any

from ...catalog.spec import ShapeError, Unknowable
from ..dims import Dim, Sym, UnknownDim, is_known
from .arguments import axis_arg, canonical_axis, flat_size, fmt, int_arg, is_int, opaque


def flatten_all(shape: tuple) -> tuple:
    return (flat_size(shape),)


def reshape(shape: tuple, newshape: Any) -> tuple:
    """``keras.ops.reshape``: the new shape includes the batch axis."""
    if is_int(newshape):
        newshape = (newshape,)
    if not isinstance(newshape, (list, tuple)):
        raise Unknowable("the new shape is not known")
    dims: list = []
    for d in newshape:
        if isinstance(d, UnknownDim) or hasattr(d, "reason"):
            raise Unknowable(f"a dimension of the new shape is unknown: {d.reason}")
        if not (is_int(d) or isinstance(d, Sym) or d is None):
            raise Unknowable(f"a dimension of the new shape is not a known size ({d!r})")
        dims.append(d)
    if dims.count(-1) > 1:
        raise ShapeError("There must be at most one unknown dimension (-1) in newshape.")
    for d in dims:
        if is_int(d) and d < -1:
            raise ShapeError(f"Negative dimensions are not allowed in newshape: {tuple(newshape)}")
    total = flat_size(shape)
    if isinstance(total, UnknownDim):
        if -1 in dims:
            dims[dims.index(-1)] = total
        return tuple(dims)
    if -1 not in dims:
        new_total = flat_size(tuple(dims))
        if is_known(total) and is_known(new_total) and total != new_total:
            raise ShapeError(f"The total size of the tensor must be unchanged. Received: input_shape={fmt(shape)}, "
                             f"newshape={tuple(newshape)}")
        return tuple(dims)
    i = dims.index(-1)
    known = flat_size(tuple(d for d in dims if d != -1))
    if total is None or known is None:
        dims[i] = _none_quotient(shape, dims, i)
        return tuple(dims)
    if is_known(total) and is_known(known):
        if known == 0 or total % known:
            raise ShapeError(f"The total size of the tensor must be unchanged, however, the input size cannot by "
                             f"divided by the specified dimensions in newshape. Received: input_shape={fmt(shape)}, "
                             f"newshape={tuple(newshape)}")
        dims[i] = total // known
        return tuple(dims)
    dims[i] = _sym_quotient(total, known)
    return tuple(dims)


def _none_quotient(shape: tuple, dims: list, i: int) -> Dim:
    """The -1 of a reshape when the batch size is involved. Keras prints None; it is the batch
    axis itself at position 0, and an exact size when the batch axis is passed through
    (``reshape(x, (batch, -1, C))`` with ``batch = ops.shape(x)[0]``)."""
    if i != 0 and shape and shape[0] is None and dims and dims[0] is None and dims.count(None) == 1:
        rest = flat_size(shape[1:])
        known = flat_size(tuple(d for j, d in enumerate(dims) if j not in (0, i)))
        if rest is not None and known is not None:
            return _sym_quotient(rest, known)
    return None


def _sym_quotient(total: Dim, known: Dim) -> Dim:
    if isinstance(total, UnknownDim):
        return total
    if isinstance(known, UnknownDim):
        return known
    if is_known(known) and known > 0:
        if is_known(total) and total % known:
            raise ShapeError(f"cannot reshape {total} elements into a multiple of {known}")
        return total // known  # type: ignore[operator]
    if isinstance(known, Sym) and isinstance(total, Sym):
        quotient = _divide_sym(total, known)
        return quotient if quotient is not None else opaque(f"({total}) / ({known})")
    return UnknownDim("the size a reshape infers for -1 is not known")


def _divide_sym(total: Sym, known: Sym) -> Dim | None:
    """Exact division of two symbolic products (``3*H*W / (H*W)`` -> 3)."""
    if len(known.terms) != 1 or known.const:
        return None
    (mono, coef), = known.terms.items()
    out: dict = {}
    for m, c in total.terms.items():
        rest = list(m)
        for atom in mono:
            if atom not in rest:
                return None
            rest.remove(atom)
        if c % coef:
            return None
        out[tuple(rest)] = out.get(tuple(rest), 0) + c // coef
    if total.const:
        return None
    const = out.pop((), 0)
    return Sym(out, const).simplified()


def tile(shape: tuple, repeats: Any) -> tuple:
    if is_int(repeats):
        repeats = [repeats]
    if not isinstance(repeats, (list, tuple)):
        raise Unknowable("`repeats` is not known")
    reps = [int_arg(r, "repeats") for r in repeats]
    dims = list(shape)
    if len(dims) > len(reps):
        reps = [1] * (len(dims) - len(reps)) + reps
    else:
        dims = [1] * (len(reps) - len(dims)) + dims
    return tuple(_times(d, r) for d, r in zip(dims, reps))


def _times(d: Dim, r: int) -> Dim:
    if d is None:
        return None
    if r == 1:
        return d
    return d * r  # type: ignore[operator]


def repeat(shape: tuple, repeats: Any, axis: Any = None) -> tuple:
    if is_int(repeats):
        reps = [repeats]
    elif isinstance(repeats, (list, tuple)):
        reps = [int_arg(r, "repeats") for r in repeats]
    else:
        raise Unknowable("`repeats` is not known")
    axis = axis_arg(axis)
    if axis is None:
        size = flat_size(shape)
        if len(reps) == 1:
            return (_times(size, reps[0]),)
        if is_known(size) and size != len(reps):
            raise ShapeError(f"Size of `repeats` and dimensions of `x` after flattening should be compatible. "
                             f"Received: {len(reps)} and {size}")
        return (sum(reps),)
    ax = canonical_axis(axis, len(shape))
    out = list(shape)
    d = shape[ax]
    if len(reps) == 1:
        out[ax] = _times(d, reps[0])
    else:
        if is_known(d) and d != len(reps):
            raise ShapeError(f"Size of `repeats` and dimensions of `axis {axis} of x` should be compatible.")
        out[ax] = sum(reps)
    return tuple(out)


def pad(shape: tuple, pad_width: Any) -> tuple:
    if is_int(pad_width):
        widths = [(pad_width, pad_width)]
    elif isinstance(pad_width, (list, tuple)):
        widths = []
        items = list(pad_width)
        if items and all(is_int(v) for v in items):
            if len(items) == 2:
                items = [tuple(items)]
            elif len(items) == 1:
                items = [(items[0], items[0])]
        for w in items:
            if is_int(w):
                widths.append((w, w))
            elif isinstance(w, (list, tuple)) and len(w) == 2:
                widths.append((int_arg(w[0], "pad_width"), int_arg(w[1], "pad_width")))
            elif isinstance(w, (list, tuple)) and len(w) == 1:
                widths.append((int_arg(w[0], "pad_width"),) * 2)
            else:
                raise Unknowable("`pad_width` is not known")
    else:
        raise Unknowable("`pad_width` is not known")
    if len(widths) == 1:
        widths = widths * len(shape)
    if len(widths) != len(shape):
        raise ShapeError(f"`pad_width` must have the same length as `x.shape`. Received: pad_width of length "
                         f"{len(widths)} and x.shape={fmt(shape)}")
    return tuple(d if d is None else d + a + b for d, (a, b) in zip(shape, widths))  # type: ignore[operator]

