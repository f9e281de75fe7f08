"""Merge layers: Add, Subtract, Multiply, Average, Maximum, Minimum, Concatenate, Dot."""

from __future__ import annotations

from ..analysis.dims import Sym, UnknownDim, dims_equal
from ..analysis.values import Unknown
from .spec import ArgumentError, Call, Config, LayerSpec, Params, ShapeError, Unknowable, fmt_shape, normalize_axis


def broadcast_merge(layer: str, shapes: list[tuple]) -> tuple:
    """Keras's ``Merge._compute_elemwise_op_output_shape`` over all inputs."""
    if len(shapes) < 1:
        raise ShapeError(f"A `{layer}` layer should be called on a list of inputs.")
    out = shapes[0]
    for other in shapes[1:]:
        out = _elemwise(layer, out, other)
    return out


def _elemwise(layer: str, a: tuple, b: tuple) -> tuple:
    """Keras compares the non-batch dims right-aligned, broadcasting 1s. A symbolic size
    behaves as Keras's None: it matches anything and what it yields is not known."""
    sa, sb = a[1:], b[1:]
    if len(sa) < len(sb):
        sa, sb = sb, sa
    out = list(sa[: len(sa) - len(sb)]) if sb else list(sa)
    for i, j in zip(sa[len(sa) - len(sb):] if sb else (), sb):
        if isinstance(i, UnknownDim) or isinstance(j, UnknownDim):
            out.append(i if isinstance(i, UnknownDim) else j)
        elif i is None or j is None:
            out.append(None)
        elif i == 1:
            out.append(j)
        elif j == 1:
            out.append(i)
        else:
            same = dims_equal(i, j)
            if same is False:
                raise ShapeError(f"Inputs have incompatible shapes. Received shapes {fmt_shape(a)} and "
                                 f"{fmt_shape(b)}")
            out.append(i if same else None)
    batches = {s[0] for s in (a, b) if s[0] is not None}
    batch = batches.pop() if len(batches) == 1 else None
    return (batch, *out)


class ElementwiseMerge(LayerSpec):
    family = "merge"
    params = Params()

    def output_shape(self, cfg: Config, call: Call) -> tuple:
        shapes = call.input_list
        if len(shapes) < self.min_inputs:
            raise ShapeError(f"A `{self.name}` layer should be called on a list of at least "
                             f"{self.min_inputs} inputs. Received: {len(shapes)} inputs.")
        return broadcast_merge(self.name, shapes)

    min_inputs = 1


class Add(ElementwiseMerge):
    name = "Add"


class Multiply(ElementwiseMerge):
    name = "Multiply"


class Average(ElementwiseMerge):
    name = "Average"


class Maximum(ElementwiseMerge):
    name = "Maximum"


class Minimum(ElementwiseMerge):
    name = "Minimum"


class Subtract(ElementwiseMerge):
    name = "Subtract"

    def output_shape(self, cfg: Config, call: Call) -> tuple:
        shapes = call.input_list
        if len(shapes) != 2:
            raise ShapeError(f"A `Subtract` layer should be called on exactly 2 inputs. Received: {len(shapes)}")
        return broadcast_merge(self.name, shapes)


class Concatenate(LayerSpec):
    name = "Concatenate"
    family = "merge"
    params = Params(axis=-1)

    def output_shape(self, cfg: Config, call: Call) -> tuple:
        shapes = call.input_list
        if len(shapes) < 1:
            raise ShapeError("A `Concatenate` layer should be called on a list of at least 1 input.")
        rank = len(shapes[0])
        if any(len(s) != rank for s in shapes):
            raise ShapeError("A `Concatenate` layer requires inputs with matching shapes except for the concatenation "
                             f"axis. Received: input_shape={[fmt_shape(s) for s in shapes]}")
        axis = normalize_axis(self.name, cfg.int("axis"), rank)
        out = list(shapes[0])
        for s in shapes[1:]:
            for i in range(rank):
                if i == axis:
                    continue
                if out[i] is None:
                    out[i] = s[i]
                elif s[i] is not None and dims_equal(out[i], s[i]) is False:
                    raise ShapeError("A `Concatenate` layer requires inputs with matching shapes except for the "
                                     f"concatenation axis. Received: input_shape="
                                     f"{[fmt_shape(x) for x in shapes]}")
        total = shapes[0][axis]
        for s in shapes[1:]:
            if total is None or s[axis] is None:
                total = None
                break
            total = total + s[axis]
        out[axis] = total
        return tuple(out)


class Dot(LayerSpec):
    """``batch_dot`` of two inputs along ``axes`` (the batch axis counts: ``axes=1`` is the
    first axis after it)."""

    name = "Dot"
    family = "merge"
    params = Params("axes", normalize=False)

    def validate(self, cfg: Config) -> None:
        axes = cfg.get("axes")
        if isinstance(axes, Unknown) or (isinstance(axes, int) and not isinstance(axes, bool)):
            return
        if not isinstance(axes, (list, tuple)):
            raise ArgumentError(f"Invalid type for argument `axes`: it should be a list or an int. Received: "
                                f"axes={axes}")
        if len(axes) != 2:
            raise ArgumentError(f"Invalid format for argument `axes`: it should contain two elements. Received: "
                                f"axes={axes}")
        if not all(isinstance(a, int) and not isinstance(a, bool) for a in axes):
            raise ArgumentError(f"Invalid format for argument `axes`: list elements should be integers. Received: "
                                f"axes={axes}")

    def _axes(self, cfg: Config, a: tuple, b: tuple) -> tuple[int, int]:
        axes = cfg.known("axes")
        if isinstance(axes, int):
            return (axes % len(a), axes % len(b)) if axes < 0 else (axes, axes)
        return axes[0], axes[1]

    def output_shape(self, cfg: Config, call: Call) -> tuple:
        shapes = call.input_list
        if len(shapes) != 2:
            raise ShapeError(f"A `Dot` layer should be called on a list of 2 inputs. Received: {len(shapes)} inputs")
        a, b = shapes
        i, j = self._axes(cfg, a, b)
        if not (-len(a) <= i < len(a) and -len(b) <= j < len(b)):
            raise ShapeError(f"Dot: axes {(i, j)} are out of range for inputs {fmt_shape(a)} and {fmt_shape(b)}")
        da, db = a[i], b[j]
        if isinstance(da, UnknownDim) or isinstance(db, UnknownDim):
            raise Unknowable((da if isinstance(da, UnknownDim) else db).reason)
        # Keras compares the two sizes as it knows them: a symbolic size is its None.
        known_a, known_b = (None if isinstance(d, Sym) else d for d in (da, db))
        if known_a != known_b:
            raise ShapeError(f"Incompatible input shapes: axis values {known_a} (at axis {i}) != {known_b} (at axis "
                             f"{j}). Full input shapes: {fmt_shape(a)}, {fmt_shape(b)}")
        left, right = list(a), list(b)
        left.pop(i)
        right.pop(j)
        right.pop(0)
        out = left + right
        if len(out) == 1:
            out.append(1)
        return tuple(out)
