"""Operations on symbolic tensors: the rows Keras 3 adds to a functional model for
``x + y``, ``x[:, 0]`` or ``keras.ops.mean(x)`` (and tf.keras 2's ``TFOpLambda`` rows).

An operation is a layer-like object without weights. Each application creates a new
operation object with its own automatic name (Keras instantiates the ``Operation``
subclass for every call), named from the same per-prefix counters as layers: ``x + y``
takes ``add`` and a later ``layers.Add()`` becomes ``add_1``.
"""

from __future__ import annotations

import ast
from typing import Any, Callable

from ..catalog.spec import Call, ShapeError, Unknowable
from .graph import LayerObj, Node, Site, flatten_tensors
from .shapes import OutputShapes, UnknownShape
from .values import Tensor

ShapeFn = Callable[[], OutputShapes]


class OperationObj(LayerObj):
    """One Keras 3 ``Operation`` (or tf.keras 2 ``TFOpLambda``) instance: no weights, one node."""

    kind = "operation"

    def __init__(self, class_name: str, name: str, site: Site, origin: str) -> None:
        super().__init__(None, class_name, None, name, site)
        self.weights = []
        self.origin = origin  # what the source wrote: "operator +", "keras.ops.mean", "tf.concat"
        # The shape function of the input shapes, where known (mask operations): a nested model
        # re-run on new input shapes recomputes this operation's output with it.
        self.rerun: Callable[[list], OutputShapes] | None = None

    def compute_output(self, call: Call) -> OutputShapes:
        if self.rerun is None:
            return super().compute_output(call)
        try:
            return self.rerun(list(call.values.get("inputs") or []))
        except Unknowable as exc:
            return UnknownShape(exc.reason)
        except ShapeError as exc:
            return UnknownShape(f"Keras would raise here: {exc.message}")


def symbolic_tensors(structure: Any) -> list[Tensor]:
    """The tensors of a call's arguments that are graph tensors (Keras's ``KerasTensor``s),
    in Keras's flattening order; constants computed eagerly are not graph inputs."""
    return [t for t in flatten_tensors(structure) if t.node is not None]


def has_symbolic(structure: Any) -> bool:
    return bool(symbolic_tensors(structure))


def in_traced_call(interp: Any) -> bool:
    """Is the interpreter following a custom layer's or model's ``call()`` (custom_calls.trace)?"""
    return bool(interp.__dict__.get("tracing"))


def apply_operation(interp: Any, class_name: str, inputs: Any, node: ast.AST, compute: ShapeFn,
                    origin: str, name: str | None = None) -> Any:
    """Record one operation applied to ``inputs`` (its call arguments, tensors in place) and
    return its output tensor(s); ``compute`` gives the output shape(s). The row is named
    ``name`` made unique (tf.keras 2's ``tf.concat_1``), or automatically from the class.

    Inside a Lambda's function (the sandbox) Keras traces without creating operations:
    the shape is computed, but no row, name or fact is recorded. Inside a custom layer's
    ``call()`` Keras traces on backend tensors too: no operation, so no automatic name is
    taken (a later ``layers.Add()`` is still ``add``), but what Keras would raise there is
    kept as a fact."""
    ctx = interp.ctx
    site = Site.of(node)
    scratch = bool(getattr(ctx, "sandbox", 0))
    if scratch:
        name = f"<{class_name} in a Lambda>"
    elif in_traced_call(interp):
        name = f"<{class_name} in a call()>"
    elif name is None:
        name = ctx.names.auto(class_name)
    else:
        name = ctx.names.uniquify(name)
    op = OperationObj(class_name, name, site, origin)
    tensors = symbolic_tensors(inputs)
    new = Node(op, inputs, tensors, site)
    new.call = Call(class_name, {"inputs": [t.shape for t in tensors]})
    out: OutputShapes
    try:
        out = compute()
    except Unknowable as exc:
        out = UnknownShape(exc.reason)
    except ShapeError as exc:
        new.error = exc.message
        new.error_kind = exc.kind
        out = UnknownShape(f"Keras would raise here: {exc.message}")
    except (ArithmeticError, ValueError, TypeError, IndexError, KeyError, AttributeError) as exc:
        out = UnknownShape(f"{origin}: shape computation failed ({type(exc).__name__}: {exc})")
    if isinstance(out, list):
        new.outputs = [Tensor(s, new, i) for i, s in enumerate(out)]
    else:
        new.outputs = Tensor(out, new, 0)
    op.nodes.append(new)
    if not scratch:
        ctx.facts.calls.append(new)
    return new.outputs
