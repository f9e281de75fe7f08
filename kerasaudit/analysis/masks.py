"""Keras masks: the tensor's ``_keras_mask`` carried through the graph, and the operation rows
Keras 3 adds to a functional model where a layer consumes a mask.

A tensor's mask is part of its abstract value (``Tensor.mask``): ``None`` (no mask), the mask
tensor itself, or :class:`MaybeMask` when the analysis cannot know whether Keras attaches one
(an unknown layer, a ``mask_zero`` that is not known...). ``Layer.__call__`` in Keras 3
(``keras/src/layers/layer.py``) does, around every call:

1. *populate*: when ``call`` takes ``mask``, the mask is not given, and exactly one call argument
   holds tensors, ``kwargs["mask"]`` becomes that argument's mask(s). When the layer was called as
   ``layer(x)`` on one tensor of its own compute dtype with no keyword argument (or the layer does
   not convert its inputs, as a Functional model), ``kwargs`` is the very dict the graph node
   records: the mask tensors become inputs of the node, and so the operations that computed
   them become rows of the model (``not_equal`` before an LSTM that follows a masking Embedding);
2. *previous mask*: the populated or given ``mask``, else the mask(s) of the first argument;
3. *propagate*: when the layer supports masking, ``compute_mask(first_arg, previous_mask)`` (which
   may create operations: ``logical_or`` for Add, ``concatenate``/``any`` for Concatenate...)
   gives the outputs' masks, in flattened order.

What each layer class does in 3 is in :mod:`.mask_rules`. Operations on tensors (``x + y``,
``keras.ops.*``) never carry a mask; neither do models called as layers.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import Any, Callable

from .values import Tensor, Unknown


class MaybeMask:
    """The analysis cannot know whether Keras attaches a mask here (or which)."""

    __slots__ = ("reason",)

    def __init__(self, reason: str) -> None:
        self.reason = reason

    def __repr__(self) -> str:
        return f"MaybeMask({self.reason!r})"


def get_mask(value: Any) -> Any:
    """``tree.map_structure(backend.get_keras_mask, value)``."""
    if isinstance(value, Tensor):
        return value.mask
    if isinstance(value, (list, tuple)):
        return [get_mask(v) for v in value]
    if isinstance(value, dict):
        return {k: get_mask(v) for k, v in value.items()}
    return None


def flat_masks(structure: Any) -> list:
    """``tree.flatten`` of a mask structure: None and MaybeMask stay as leaves."""
    if isinstance(structure, (list, tuple)):
        return [leaf for item in structure for leaf in flat_masks(item)]
    if isinstance(structure, dict):
        return [leaf for k in sorted(structure, key=str) for leaf in flat_masks(structure[k])]
    return [structure]


def doubt_of(structure: Any) -> str | None:
    """Why some mask in this structure is not known, if one is not."""
    for m in flat_masks(structure):
        if isinstance(m, MaybeMask):
            return m.reason
    return None


def _is_tensor_argument(value: Any) -> bool:
    """Keras's CallSpec counts an argument as a tensor argument when it is a tensor, or a
    non-empty structure whose leaves are all tensors or None."""
    if isinstance(value, Tensor):
        return True
    if isinstance(value, (list, tuple)) and value:
        leaves = _leaves(value)
        return all(v is None or isinstance(v, Tensor) for v in leaves) and any(isinstance(v, Tensor)
                                                                                for v in leaves)
    return False


def _leaves(value: Any) -> list:
    if isinstance(value, (list, tuple)):
        return [leaf for v in value for leaf in _leaves(v)]
    if isinstance(value, dict):
        return [leaf for v in value.values() for leaf in _leaves(v)]
    return [value]


@dataclass
class MaskCall:
    """What Keras's ``__call__`` works out about masks before calling the layer."""

    record: list[Tensor] = field(default_factory=list)  # masks the node records as inputs
    previous: Any = None  # ``previous_mask`` handed to ``compute_mask``
    first: Any = None  # the first call argument
    doubt: str | None = None  # why the recorded masks (so the model's rows) are not known


def before_call(interp: Any, layer: Any, args: list, kwargs: dict, bound: dict) -> MaskCall:
    """Steps 1 and 2 above for ``layer(*args, **kwargs)``; ``bound`` is the call's arguments by name."""
    from . import mask_rules
    first = args[0] if args else next(iter(bound.values()), None)
    mc = MaskCall(first=first)
    behaviour = mask_rules.call_behaviour(layer)
    given = bound.get("mask")
    populated: Any = None
    if behaviour.has_mask_arg and given is None:
        tensor_args = [v for k, v in bound.items() if k != "mask" and _is_tensor_argument(v)]
        if len(tensor_args) == 1:
            populated = get_mask(tensor_args[0])
    if given is not None:
        mc.previous = given
    elif populated is not None:
        mc.previous = populated
    else:
        mc.previous = get_mask(first)
    if populated is None or all(m is None for m in flat_masks(populated)):
        return mc
    same_dict: Any = not behaviour.converts_inputs
    if not same_dict and not kwargs and len(args) == 1 and isinstance(args[0], Tensor):
        same_dict = mask_rules.same_dtype(interp, args[0], layer)
    if same_dict is False:
        return mc
    if isinstance(same_dict, Unknown):
        mc.doubt = (f"whether Keras records the mask of its input as an input of {layer.display_name} "
                    f"(adding the operations that compute it as rows) is unknown: {same_dict.reason}")
        return mc
    mc.record = [m for m in flat_masks(populated) if isinstance(m, Tensor)]
    reason = doubt_of(populated)
    if reason:
        mc.doubt = (f"Keras may list operations computing the mask {layer.display_name} receives; whether "
                    f"its input carries a mask is unknown: {reason}")
    return mc


def after_call(interp: Any, layer: Any, mc: MaskCall, outputs: Any, node: ast.AST) -> None:
    """Step 3 above: ``_set_mask_metadata`` on the layer's outputs."""
    from . import mask_rules
    flat_out = _leaves(outputs) if isinstance(outputs, (list, tuple, dict)) else [outputs]
    if not any(isinstance(t, Tensor) for t in flat_out):
        return
    supports = mask_rules.supports_masking(interp, layer)
    if supports is False:
        return
    if isinstance(supports, MaybeMask):
        masks: Any = supports
    else:
        masks = mask_rules.compute_mask(MaskOps(interp, node, layer), layer, mc.first, mc.previous)
    if isinstance(masks, MaybeMask):
        # Keras may set a mask on any output; Unknown where it would not is still honest.
        for t in flat_out:
            if isinstance(t, Tensor) and t.mask is None:
                t.mask = masks
        return
    for t, m in zip(flat_out, flat_masks(masks)):
        if isinstance(t, Tensor) and t.mask is None and m is not None:
            t.mask = m


def call_with_masks(interp: Any, layer: Any, args: list, kwargs: dict, bound: dict, node: ast.AST,
                    apply: Callable[[list | None], Any]) -> Any:
    """Call a layer the way Keras's ``Layer.__call__`` handles masks around ``apply``, which
    records the node (with the masks it is given as extra inputs) and returns the outputs."""
    mc = before_call(interp, layer, args, kwargs, bound)
    outputs = apply(mc.record or None)
    if mc.doubt:
        for t in _leaves(outputs) if isinstance(outputs, (list, tuple)) else [outputs]:
            if isinstance(t, Tensor) and t.node is not None:
                t.node.mask_doubt = mc.doubt
                break
    after_call(interp, layer, mc, outputs, node)
    return outputs


class MaskOps:
    """The ``keras.ops`` functions ``compute_mask`` implementations call, each recorded as an
    operation (a row, when something the model contains consumes it) at the layer call's line."""

    def __init__(self, interp: Any, node: ast.AST, layer: Any) -> None:
        self.interp = interp
        self.node = node
        self.origin = f"mask of {layer.display_name}"

    def op(self, class_name: str, inputs: list[Tensor], shape_fn: Callable[[list], Any]) -> Tensor:
        from ..catalog.spec import Unknowable
        from .operations import apply_operation
        from .shapes import UnknownShape

        def compute(shapes: list) -> Any:
            for s in shapes:
                if isinstance(s, UnknownShape):
                    raise Unknowable(s.reason)
            return shape_fn(shapes)

        if self.interp.__dict__.get("tracing"):
            # Inside a subclassed layer's call(), traced on backend tensors: no operation, no name.
            from .lambda_follow import Sandbox
            with Sandbox(self.interp.ctx):
                return apply_operation(self.interp, class_name, list(inputs), self.node,
                                       lambda: compute([t.shape for t in inputs]), self.origin)
        out = apply_operation(self.interp, class_name, list(inputs), self.node,
                              lambda: compute([t.shape for t in inputs]), self.origin)
        if isinstance(out, Tensor) and out.node is not None:
            out.dtype = "bool"  # every mask operation computes booleans
            out.node.call_args = {"inputs": list(inputs)}
            out.node.layer.rerun = compute  # a nested model re-run on new shapes recomputes it
        return out

    def not_equal(self, x: Tensor) -> Tensor:
        return self.op("NotEqual", [x], lambda s: s[0])

    def any(self, x: Tensor, axis: int = -1) -> Tensor:
        from .opshapes.axes import reduce
        return self.op("Any", [x], lambda s: reduce(s[0], axis))

    def logical_or(self, a: Tensor, b: Tensor) -> Tensor:
        from .opshapes.broadcasting import broadcast
        return self.op("LogicalOr", [a, b], lambda s: broadcast(s[0], s[1]))

    def expand_dims(self, x: Tensor, axis: int) -> Tensor:
        from .opshapes.axes import expand_dims
        return self.op("ExpandDims", [x], lambda s: expand_dims(s[0], axis))

    def zeros_like(self, x: Tensor) -> Tensor:
        return self.op("ZerosLike", [x], lambda s: s[0])

    def ones_like(self, x: Tensor) -> Tensor:
        return self.op("OnesLike", [x], lambda s: s[0])

    def concatenate(self, xs: list[Tensor], axis: Any) -> Tensor:
        from .opshapes.joining import concatenate
        return self.op("Concatenate", xs, lambda s: concatenate(list(s), axis))

    def convert_to_tensor(self, x: Tensor) -> Tensor:
        return self.op("ConvertToTensor", [x], lambda s: s[0])
