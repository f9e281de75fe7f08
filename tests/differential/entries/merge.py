"""Merge layers: called on a list of tensors (ctx.shapes)."""

from __future__ import annotations

from hypothesis import strategies as st

from . import Ctx, entry, image_shape


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
