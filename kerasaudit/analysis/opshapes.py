"""Output shapes of tensor operations (``keras.ops``, operators, ``tf.*``), on our dims.

Each function takes shapes (tuples of dims, batch axis first) and plain arguments and
returns the output shape exactly as Keras 3's ``compute_output_spec`` computes it, with
one refinement: where Keras prints ``None`` because an input size is unknown to it, a
symbolic size (:class:`Sym`) stays an exact expression when one exists. A symbolic size
is always something Keras prints as ``None``, so nothing here disagrees with Keras.

Where Keras would raise, these raise :class:`ShapeError`; where the analysis lacks a
fact (an unknown argument, an unknown dimension), :class:`Unknowable`.
"""

from __future__ import annotations

from typing import Any

from ..catalog.spec import ShapeError, Unknowable
from .dims import Dim, Sym, UnknownDim, is_known
from .shapes import UnknownShape, shape_text


def known_shape(shape: Any, what: str = "input") -> tuple:
    """A shape that must be at least rank-known."""
    if isinstance(shape, UnknownShape):
        raise Unknowable(shape.reason)
    if isinstance(shape, list):
        raise ShapeError(f"expected a single tensor as {what}, got a list of {len(shape)}")
    if not isinstance(shape, tuple):
        raise Unknowable(f"the {what} is not a known tensor")
    return shape


def fmt(shape: Any) -> str:
    return shape_text(shape)


def is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def int_arg(value: Any, what: str) -> int:
    if is_int(value):
        return value
    if hasattr(value, "reason"):
        raise Unknowable(f"`{what}` is unknown: {value.reason}")
    raise Unknowable(f"`{what}` is not a known integer ({value!r})")


def axis_arg(value: Any, what: str = "axis") -> Any:
    """None, an int, or a tuple of ints; raises Unknowable for anything else."""
    if value is None or is_int(value):
        return value
    if isinstance(value, (list, tuple)):
        return tuple(int_arg(v, what) for v in value)
    return int_arg(value, what)


def canonical_axis(axis: Any, rank: int) -> int:
    axis = int_arg(axis, "axis")
    if not -rank <= axis < rank:
        raise ShapeError(f"axis {axis} is out of bounds for an array with dimension {rank}.")
    return axis % rank


def opaque(text: str) -> Sym:
    """A size Keras prints as None that is fixed by the input sizes but has no polynomial
    form (``min(H, 3)``): an exact, named symbol."""
    return Sym.name(text)


# ----------------------------------------------------------------- broadcasting
def broadcast_dim(a: Dim, b: Dim) -> Dim:
    if a == 1 and is_int(a):
        return b
    if b == 1 and is_int(b):
        return a
    if isinstance(a, UnknownDim) or isinstance(b, UnknownDim):
        other = b if isinstance(a, UnknownDim) else a
        # A known size other than 1 is the result whenever broadcasting succeeds at all.
        return other if is_known(other) else (a if isinstance(a, UnknownDim) else b)
    if is_known(a) and is_known(b):
        if a != b:
            raise ShapeError(f"Cannot broadcast shape, the failure dim has value {a}, which cannot be "
                             f"broadcasted to {b}.")
        return a
    if is_known(a):
        return a  # b is None or symbolic: Keras takes the known size
    if is_known(b):
        return b
    if a is None or b is None:
        return None
    if a == b:
        return a
    return opaque(f"max({a}, {b})")


def broadcast(*shapes: tuple) -> tuple:
    out: list = []
    for shape in shapes:
        s1, s2 = list(out), list(shape)
        if len(s1) < len(s2):
            s1 = [1] * (len(s2) - len(s1)) + s1
        if len(s2) < len(s1):
            s2 = [1] * (len(s1) - len(s2)) + s2
        try:
            out = [broadcast_dim(a, b) for a, b in zip(s1, s2)]
        except ShapeError as exc:
            raise ShapeError(f"{exc.message} Input shapes are: {', '.join(fmt(s) for s in shapes)}.") from None
    return tuple(out)


# ----------------------------------------------------------------- reductions and axes
def reduce(shape: tuple, axis: Any = None, keepdims: Any = False) -> tuple:
    axis = axis_arg(axis)
    if not isinstance(keepdims, bool):
        raise Unknowable("`keepdims` is not a known boolean")
    if axis is None:
        return tuple(1 for _ in shape) if keepdims else ()
    axes = (axis,) if is_int(axis) else axis
    axes = tuple(canonical_axis(a, len(shape)) for a in axes)
    if keepdims:
        return tuple(1 if i in axes else d for i, d in enumerate(shape))
    return tuple(d for i, d in enumerate(shape) if i not in axes)


def check_axis(shape: tuple, axis: Any) -> tuple:
    """Operations that keep the shape but validate an axis (softmax, sort, flip...)."""
    axis = axis_arg(axis)
    if axis is not None:
        for a in ((axis,) if is_int(axis) else axis):
            canonical_axis(a, len(shape))
    return shape


def flat_size(shape: tuple) -> Dim:
    """The number of elements: exact when every size is known or symbolic."""
    total: Dim = 1
    for d in shape:
        if isinstance(d, UnknownDim):
            return d
        if d is None:
            return None
        total = total * d  # type: ignore[operator]
    return total


def flatten_all(shape: tuple) -> tuple:
    return (flat_size(shape),)


def expand_dims(shape: tuple, axis: Any) -> tuple:
    axis = axis_arg(axis)
    if axis is None:
        axis = len(shape)
    axes = (axis,) if is_int(axis) else axis
    rank = len(axes) + len(shape)
    axes = [canonical_axis(a, rank) for a in axes]
    it = iter(shape)
    return tuple(1 if i in axes else next(it) for i in range(rank))


def squeeze(shape: tuple, axis: Any = None) -> tuple:
    axis = axis_arg(axis)
    if axis is None:
        if any(isinstance(d, UnknownDim) for d in shape):
            raise Unknowable("squeeze without an axis on a shape with an unknown dimension")
        return tuple(d for d in shape if not (is_int(d) and d == 1))
    axes = (axis,) if is_int(axis) else axis
    axes = [canonical_axis(a, len(shape)) for a in axes]
    for a in axes:
        d = shape[a]
        if isinstance(d, UnknownDim):
            raise Unknowable(d.reason)
        if d != 1 or not is_int(d):
            raise ShapeError(f"Cannot squeeze axis {a}, because the dimension is not 1.")
    return tuple(d for i, d in enumerate(shape) if i not in axes)


def transpose(shape: tuple, axes: Any = None) -> tuple:
    if axes is None:
        return tuple(reversed(shape))
    axes = axis_arg(axes, "axes")
    if is_int(axes):
        axes = (axes,)
    rank = len(shape)
    if len(axes) != rank:
        raise ShapeError(f"axis must be a list of the same length as the input shape, expected {rank}, but "
                         f"received {len(axes)}.")
    norm = []
    for a in axes:
        if not -rank <= a < rank:
            raise ShapeError(f"Each axis in `axes` must be an integer in [-{rank}, {rank}). Received: axes={list(axes)}.")
        norm.append(a % rank)
    if len(set(norm)) != rank:
        raise ShapeError(f"`axes` must be a valid permutation of the input dimensions. Received: axes={list(axes)}")
    return tuple(shape[a] for a in norm)


def swapaxes(shape: tuple, axis1: Any, axis2: Any) -> tuple:
    a, b = canonical_axis(axis1, len(shape)), canonical_axis(axis2, len(shape))
    out = list(shape)
    out[a], out[b] = out[b], out[a]
    return tuple(out)


def moveaxis(shape: tuple, source: Any, destination: Any) -> tuple:
    src = axis_arg(source, "source")
    dst = axis_arg(destination, "destination")
    src = (src,) if is_int(src) else tuple(src)
    dst = (dst,) if is_int(dst) else tuple(dst)
    if len(src) != len(dst):
        raise ShapeError("`source` and `destination` arguments must have the same number of elements")
    rank = len(shape)
    src = tuple(canonical_axis(a, rank) for a in src)
    dst = tuple(canonical_axis(a, rank) for a in dst)
    order = [i for i in range(rank) if i not in src]
    for d, s in sorted(zip(dst, src)):
        order.insert(d, s)
    return tuple(shape[i] for i in order)


# ----------------------------------------------------------------- joining and splitting
def concatenate(shapes: list, axis: Any = 0) -> tuple:
    if axis is None:
        raise ShapeError("`axis` cannot be None for `concatenate`.")
    if not shapes:
        raise ShapeError("concatenate needs at least one tensor")
    first = shapes[0]
    ax = canonical_axis(axis, len(first))
    total: Dim = 0
    for s in shapes:
        if len(s) != len(first):
            raise ShapeError(f"Every value in `xs` must have the same shape except on the `axis` dim. But found "
                             f"element of shape {fmt(s)}, which is different from the first element's shape "
                             f"{fmt(first)}.")
        for i, (a, b) in enumerate(zip(s, first)):
            if i != ax and is_known(a) and is_known(b) and a != b:
                raise ShapeError(f"Every value in `xs` must have the same shape except on the `axis` dim. But "
                                 f"found element of shape {fmt(s)}, which is different from the first element's "
                                 f"shape {fmt(first)}.")
        d = s[ax]
        if isinstance(total, UnknownDim):
            continue
        if isinstance(d, UnknownDim):
            total = d
        elif d is None or total is None:
            total = None
        else:
            total = total + d  # type: ignore[operator]
    out = list(first)
    out[ax] = total
    return tuple(out)


def stack(shapes: list, axis: Any = 0) -> tuple:
    if not shapes:
        raise ShapeError("stack needs at least one tensor")
    first = shapes[0]
    ax = canonical_axis(axis, len(first) + 1)
    for s in shapes:
        if len(s) != len(first) or any(is_known(a) and is_known(b) and a != b for a, b in zip(s, first)):
            raise ShapeError(f"Every value in `x` must have the same shape. But found element of shape {fmt(s)}, "
                             f"which is different from the first element's shape {fmt(first)}.")
    out = list(first)
    out.insert(ax, len(shapes))
    return tuple(out)


def split(shape: tuple, indices_or_sections: Any, axis: Any = 0) -> list:
    ax = canonical_axis(axis, len(shape))
    size = shape[ax]
    if is_int(indices_or_sections):
        n = indices_or_sections
        if n <= 0:
            raise ShapeError("number sections must be larger than 0.")
        if isinstance(size, UnknownDim):
            part: Dim = size
        elif size is None:
            part = None
        elif is_known(size):
            if size % n:
                raise ShapeError(f"`x` size on given `axis` must be divisible by `indices_or_sections` when "
                                 f"`indices_or_sections` is an int. But received {size} and {n}.")
            part = size // n
        else:
            part = size // n  # symbolic: exact floor division (Keras: None)
        return [tuple(part if i == ax else d for i, d in enumerate(shape)) for _ in range(n)]
    if not isinstance(indices_or_sections, (list, tuple)):
        raise Unknowable("the split points are not known")
    points = [int_arg(p, "indices_or_sections") for p in indices_or_sections]
    bounds: list = [0, *points, size]
    out = []
    for start, end in zip(bounds, bounds[1:]):
        if end is None or isinstance(end, UnknownDim):
            length: Dim = end
        elif is_int(end):
            length = max(end - start, 0)
        else:
            length = end - start  # symbolic end: exact when the split point lies inside
        out.append(tuple(length if i == ax else d for i, d in enumerate(shape)))
    return out


def unstack(shape: tuple, num: Any = None, axis: Any = 0) -> list:
    ax = canonical_axis(axis, len(shape))
    n = shape[ax] if num is None else num
    if not is_int(n):
        raise Unknowable("unstack needs a known size along the axis (or `num=`)")
    rest = tuple(d for i, d in enumerate(shape) if i != ax)
    return [rest for _ in range(n)]


# ----------------------------------------------------------------- reshaping
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


def broadcast_to(shape: tuple, target: Any) -> tuple:
    if is_int(target):
        target = (target,)
    if not isinstance(target, (list, tuple)):
        raise Unknowable("the target shape is not known")
    for d in target:
        if not (is_int(d) or isinstance(d, Sym) or d is None or isinstance(d, UnknownDim)):
            raise Unknowable("a dimension of the target shape is not known")
    broadcast(shape, tuple(target))
    return tuple(target)


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


# ----------------------------------------------------------------- products
def matmul(s1: tuple, s2: tuple) -> tuple:
    if len(s1) == 0 or len(s2) == 0:
        raise ShapeError("matmul: both operands must have at least one dimension")
    one1, one2 = len(s1) == 1, len(s2) == 1
    if one1:
        s1 = (1, s1[0])
    if one2:
        s2 = (s2[0], 1)
    a, b = s1[-1], s2[-2]
    if is_known(a) and is_known(b) and a != b:
        raise ShapeError(f"Inner dimensions (`x1.shape[-1]` and `x2.shape[-2]`) must be equal, but received "
                         f"`x1.shape={fmt(s1)}` and `x2.shape={fmt(s2)}`.")
    out = list(broadcast(s1[:-2], s2[:-2])) + [s1[-2], s2[-1]]
    if one1:
        del out[-2]
    if one2:
        del out[-1]
    return tuple(out)


def dot(s1: tuple, s2: tuple) -> tuple:
    if s1 == () or s2 == ():
        return broadcast(s1, s2)
    if len(s1) == 1 and len(s2) == 1:
        return ()
    if len(s2) == 1:
        if is_known(s1[-1]) and is_known(s2[0]) and s1[-1] != s2[0]:
            raise ShapeError(f"Shape must match on the last axis of `x1` and `x2`: {fmt(s1)} and {fmt(s2)}")
        return s1[:-1]
    if is_known(s1[-1]) and is_known(s2[-2]) and s1[-1] != s2[-2]:
        raise ShapeError(f"Shape must match on the last axis of `x1` and second last axis of `x2`: {fmt(s1)} "
                         f"and {fmt(s2)}")
    return s1[:-1] + s2[:-2] + s2[-1:]


def tensordot(s1: tuple, s2: tuple, axes: Any = 2) -> tuple:
    if is_int(axes):
        if axes <= 0:
            return s1 + s2
        return s1[:-axes] + s2[axes:]
    if not (isinstance(axes, (list, tuple)) and len(axes) == 2):
        raise Unknowable("`axes` is not known")
    a1, a2 = axes
    a1 = [a1] if is_int(a1) else [int_arg(a, "axes") for a in a1]
    a2 = [a2] if is_int(a2) else [int_arg(a, "axes") for a in a2]
    for i, j in zip(a1, a2):
        if is_known(s1[i]) and is_known(s2[j]) and s1[i] != s2[j]:
            raise ShapeError(f"Shape mismatch on `x1[axes[0]]` and `x2[axes[1]]`: {fmt(s1)} and {fmt(s2)}")
    k1 = {i % len(s1) for i in a1}
    k2 = {j % len(s2) for j in a2}
    return tuple(d for i, d in enumerate(s1) if i not in k1) + tuple(d for j, d in enumerate(s2) if j not in k2)


def outer(s1: tuple, s2: tuple) -> tuple:
    return (flat_size(s1), flat_size(s2))


def kron(s1: tuple, s2: tuple) -> tuple:
    n = max(len(s1), len(s2))
    a = (1,) * (n - len(s1)) + tuple(s1)
    b = (1,) * (n - len(s2)) + tuple(s2)
    return tuple(None if x is None or y is None else x * y for x, y in zip(a, b))  # type: ignore[operator]


def take(shape: tuple, indices_shape: tuple, axis: Any = None) -> tuple:
    axis = axis_arg(axis)
    if axis is None:
        return indices_shape
    ax = canonical_axis(axis, len(shape))
    return shape[:ax] + tuple(indices_shape) + shape[ax + 1:]


def take_along_axis(shape: tuple, indices_shape: tuple, axis: Any = None) -> tuple:
    axis = axis_arg(axis)
    if axis is None:
        return (flat_size(indices_shape),)
    if len(shape) != len(indices_shape):
        raise ShapeError(f"`x` and `indices` must have the same number of dimensions, but receive shape "
                         f"{fmt(shape)} and {fmt(indices_shape)}.")
    ax = canonical_axis(axis, len(shape))
    out = []
    for i, (d, k) in enumerate(zip(shape, indices_shape)):
        out.append(k if i == ax else broadcast_dim(d, k))
    return tuple(out)


def one_hot(shape: tuple, num_classes: Any, axis: Any = -1) -> tuple:
    n = int_arg(num_classes, "num_classes")
    out = list(shape)
    ax = int_arg(axis, "axis")
    if ax < 0:
        ax = len(out) + ax + 1
    out.insert(ax, n)
    return tuple(out)


def top_k(shape: tuple, k: Any) -> list:
    k = int_arg(k, "k")
    out = shape[:-1] + (k,)
    return [out, out]


def same(shape: tuple) -> tuple:
    return shape
