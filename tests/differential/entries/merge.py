"""Merge layers: called on a list of tensors (ctx.shapes)."""

from __future__ import annotations

from hypothesis import strategies as st

from . import Ctx, entry, image_shape, invalid_for


def same_shapes(c: Ctx) -> dict | None:
    first = c.shapes[0]
    return {} if all(s == first for s in c.shapes) else None


def elementwise_inputs(c: Ctx) -> list:
    """2-3 inputs of one shape, some axes of some inputs 1 (Keras broadcasts those)."""
    base = image_shape(c, c.int(0, 2), hi=6)
    out = [base]
    for _ in range(c.int(1, 2)):
        out.append(tuple(1 if i and c.rarely(5) else d for i, d in enumerate(base)))
    return out


for _name in ("Add", "Multiply", "Average", "Maximum", "Minimum"):
    entry(_name, inputs="merge", input_shape=elementwise_inputs, tags={"elementwise"})(same_shapes)


def two_inputs(c: Ctx) -> list:
    return elementwise_inputs(c)[:2]


entry("Subtract", inputs="merge", input_shape=two_inputs, tags={"elementwise", "pair"})(same_shapes)


@entry("Concatenate", inputs="merge", tags={"concat"})
def concatenate(c: Ctx) -> dict | None:
    """An axis along which every other size agrees (None if there is none)."""
    rank = len(c.shapes[0])
    if any(len(s) != rank for s in c.shapes):
        return None
    axes = [a for a in range(1, rank)
            if all(s[:a] + s[a + 1:] == c.shapes[0][:a] + c.shapes[0][a + 1:] for s in c.shapes)]
    if not axes:
        return None
    a = c.choice(axes)
    return {"axis": a - rank if c.bool() else a}


def _concat_inputs(c: Ctx) -> list:
    base = image_shape(c, c.int(0, 2), hi=6)
    axis = c.int(1, len(base) - 1)
    return [base[:axis] + (c.draw(st.integers(1, 6)),) + base[axis + 1:] for _ in range(c.int(2, 3))]


from . import REGISTRY  # noqa: E402

REGISTRY["Concatenate"].input_shape = _concat_inputs


def _dot_inputs(c: Ctx) -> list:
    """Two inputs of rank 2 or 3 sharing the size of one axis each (so some axes pair up)."""
    shared = c.int(1, 6)
    out = []
    for _ in range(2):
        rank = c.choice([2, 3])
        dims = [c.int(1, 6) for _ in range(rank - 1)]
        dims[c.int(0, rank - 2)] = shared
        out.append((None, *dims))
    return out


def _dot_pairs(c: Ctx) -> list[tuple[int, int]]:
    a, b = c.shapes[:2]
    return [(i, j) for i in range(1, len(a)) for j in range(1, len(b)) if a[i] == b[j] and a[i] is not None]


@entry("Dot", inputs="merge", input_shape=_dot_inputs, tags={"pair"})
def dot(c: Ctx) -> dict | None:
    """``axes`` as one int (both inputs) or a pair, negative or not, where the sizes agree."""
    if len(c.shapes) != 2 or any(len(s) not in (2, 3) for s in c.shapes):
        return None
    pairs = _dot_pairs(c)
    if not pairs:
        return None
    i, j = c.choice(pairs)
    a, b = c.shapes
    if i == j and len(a) == len(b) and c.bool():
        axes: object = i - len(a) if c.bool() else i
    else:
        axes = (i - len(a) if c.bool() else i, j - len(b) if c.bool() else j)
    return {"axes": axes, "normalize": c.bool()}


@invalid_for("Dot")
def dot_invalid(c: Ctx) -> dict | None:
    """Axes whose sizes differ."""
    a, b = c.shapes[:2]
    bad = [(i, j) for i in range(1, len(a)) for j in range(1, len(b))
           if a[i] is not None and b[j] is not None and a[i] != b[j]]
    return {"axes": c.choice(bad)} if bad else None
