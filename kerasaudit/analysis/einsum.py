"""The output shape of ``einsum``, computed the way Keras 3's ``Einsum`` does.

Keras maps every operand onto the output subscripts (letters the operand lacks become 1,
dimensions under ``...`` go where the output's ``...`` is) and broadcasts the results;
it does not check that contracted letters agree, so neither does this.
"""

from __future__ import annotations

from ..catalog.spec import ShapeError, Unknowable
from .dims import Dim
from .opshapes.broadcasting import broadcast


def einsum_shape(subscripts: object, shapes: list[tuple]) -> tuple:
    if not isinstance(subscripts, str):
        raise Unknowable("the einsum subscripts are not a known string")
    spec = subscripts.replace(" ", "")
    parts = spec.split("->")
    if len(parts) > 2:
        raise ShapeError(f"At most one '->' is supported in `einsum` subscripts, but received {subscripts}.")
    inputs = parts[0].split(",")
    if len(inputs) != len(shapes):
        raise ShapeError(f"Number of operands ({len(shapes)}) does not match the number of input specs "
                         f"({len(inputs)}) in `einsum`, received subscripts={subscripts}.")
    if len(parts) == 2:
        target = parts[1]
    else:
        counts: dict[str, int] = {}
        for ch in parts[0]:
            if ch.isalpha():
                counts[ch] = counts.get(ch, 0) + 1
        target = "..." + "".join(sorted(c for c, n in counts.items() if n == 1))
    expanded = [_expand(inp, shape, target, subscripts) for inp, shape in zip(inputs, shapes)]
    return broadcast(*expanded)


def _expand(spec: str, shape: tuple, target: str, subscripts: str) -> tuple:
    sizes: dict[str, Dim] = {}
    if "..." not in spec:
        if len(spec) != len(shape):
            raise ShapeError(f"Number of dimensions in the subscript does not match the number of dimensions in "
                             f"the operand, received subscript `{spec}` and operand of shape {list(shape)}.")
        wildcard: tuple = ()
        for letter, size in zip(spec, shape):
            sizes.setdefault(letter, size)
    else:
        head, tail = spec.split("...", 1)
        if len(head) + len(tail) > len(shape):
            raise ShapeError(f"einsum subscript `{spec}` has more letters than the operand has dimensions "
                             f"({len(shape)}), received subscripts={subscripts}.")
        for i, letter in enumerate(head):
            sizes.setdefault(letter, shape[i])
        for i in range(len(tail)):
            sizes.setdefault(tail[-i - 1], shape[-i - 1])
        wildcard = tuple(shape[len(head):len(shape) - len(tail)])
    out: list = []
    i = 0
    while i < len(target):
        if target.startswith("...", i):
            out.extend(wildcard)
            i += 3
            continue
        out.append(sizes.get(target[i], 1))
        i += 1
    return tuple(out)
