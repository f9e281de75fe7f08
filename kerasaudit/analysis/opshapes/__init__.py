"""Output shapes of tensor operations (``keras.ops``, operators, ``tf.*``), on our dims.

Each function takes shapes (tuples of dims, batch axis first) and plain arguments and
returns the output shape exactly as Keras 3's ``compute_output_spec`` computes it, with
one refinement: where Keras prints ``None`` because an input size is unknown to it, a
symbolic size (:class:`Sym`) stays an exact expression when one exists. A symbolic size
is always something Keras prints as ``None``, so nothing here disagrees with Keras.

Where Keras would raise, these raise :class:`ShapeError`; where the analysis lacks a
fact (an unknown argument, an unknown dimension), :class:`Unknowable`.

The functions live in one module per family (:mod:`.arguments`, :mod:`.broadcasting`,
:mod:`.axes`, :mod:`.joining`, :mod:`.reshaping`, :mod:`.products`, :mod:`.gathering`).
This package gathers them into the one namespace the operation libraries
(``library/keras_ops.py``, ``tf_ops.py``, ``backend_ops.py``) look shapes up in, as
``from .. import opshapes as S``; other code imports from the family module.
"""

from __future__ import annotations

from .arguments import axis_arg, canonical_axis, flat_size, fmt, int_arg, is_int, known_shape, opaque
from .axes import check_axis, expand_dims, moveaxis, reduce, same, squeeze, swapaxes, transpose
from .broadcasting import broadcast, broadcast_dim, broadcast_to
from .gathering import one_hot, take, take_along_axis, top_k
from .joining import concatenate, split, stack, unstack
from .products import dot, kron, matmul, outer, tensordot
from .reshaping import flatten_all, pad, repeat, reshape, tile

__all__ = [
    "axis_arg", "canonical_axis", "flat_size", "fmt", "int_arg", "is_int", "known_shape", "opaque",
    "check_axis", "expand_dims", "moveaxis", "reduce", "same", "squeeze", "swapaxes", "transpose",
    "broadcast", "broadcast_dim", "broadcast_to",
    "one_hot", "take", "take_along_axis", "top_k",
    "concatenate", "split", "stack", "unstack",
    "dot", "kron", "matmul", "outer", "tensordot",
    "flatten_all", "pad", "repeat", "reshape", "tile",
]
