"""Layer objects, the nodes their calls create, and the weights they own.

As in Keras, a layer object called twice is one layer with two nodes; its weights are
created once, on the first call, from that call's input shapes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterable, Iterator, TypeVar

from ..catalog.spec import ArgumentError, Call, Config, LayerSpec, ShapeError, Unknowable, Weight
from .shapes import OutputShapes, UnknownShape
from .values import Tensor, Unknown

if TYPE_CHECKING:
    from .models import ModelObj


@dataclass(frozen=True)
class Site:
    """A source range: 1-based lines, 0-based columns (as ``ast`` gives them)."""

    line: int
    col: int
    end_line: int
    end_col: int

    @staticmethod
    def of(node: Any) -> "Site":
        line = getattr(node, "lineno", 1) or 1
        col = getattr(node, "col_offset", 0) or 0
        end_line = getattr(node, "end_lineno", None) or line
        end_col = getattr(node, "end_col_offset", None)
        return Site(line, col, end_line, col if end_col is None else end_col)


NOWHERE = Site(1, 0, 1, 0)


class Node:
    """One application of a layer to inputs."""

    __slots__ = ("layer", "inputs", "input_tensors", "outputs", "site", "is_input", "error", "call", "unknown_input",
                 "call_args", "error_kind", "mask_doubt")

    def __init__(self, layer: "LayerObj", inputs: Any, input_tensors: list[Tensor], site: Site,
                 is_input: bool = False) -> None:
        self.layer = layer
        self.inputs = inputs  # the structure as passed (for Connected to)
        self.input_tensors = input_tensors
        self.outputs: Any = None  # Tensor or list of Tensors
        self.site = site
        self.is_input = is_input
        self.error: str | None = None  # what Keras would raise here
        self.error_kind: str = ""  # ShapeError.kind: "rank", "non-positive", or ""
        self.call: Call | None = None
        self.unknown_input: str | None = None  # why an input is not a known tensor
        self.call_args: dict = {}  # the bound call arguments with tensors in place
        self.mask_doubt: str | None = None  # why the mask inputs Keras records here are unknown (masks.py)

    def unknown_inputs(self) -> str | None:
        return self.unknown_input

    @property
    def index(self) -> int:
        return self.layer.nodes.index(self)

    def parent_nodes(self) -> list["Node"]:
        return [t.node for t in self.input_tensors if t.node is not None]

    def output_list(self) -> list[Tensor]:
        return flatten_tensors(self.outputs)

    def output_shapes(self) -> OutputShapes:
        if isinstance(self.outputs, Tensor):
            return self.outputs.shape
        return [t.shape for t in self.output_list()]


class LayerObj:
    """A layer object created by the analysed code."""

    kind = "layer"

    def __init__(self, spec: LayerSpec | None, class_name: str, cfg: Config | None, name: Any,
                 site: Site, explicit_name: bool = False) -> None:
        self.spec = spec
        self.class_name = class_name
        self.cfg = cfg
        self.name = name  # str, or Unknown when name= is not known
        self.site = site
        self.explicit_name = explicit_name
        self.nodes: list[Node] = []
        self.weights: list[Weight] | None = None
        self.weights_unknown: str | None = None  # reason the weights are unknown, once tried
        self.trainable: Any = True
        self.trainable_set_later = False  # by `layer.trainable = ...`, which reaches existing sublayers
        self.trainable_set_when_built = False
        self.input_shape_arg: Any = None  # from input_shape= / input_dim= / batch_input_shape=
        self.unknown_class_reason: str | None = None
        self.attrs: dict[str, Any] = {}
        self.inner_layers: list[LayerObj] = []  # layers it holds (wrapped layer, RNN cells)

    def __repr__(self) -> str:
        return f"<{self.class_name} {self.display_name}>"

    @property
    def display_name(self) -> str:
        return self.name if isinstance(self.name, str) else "?"

    # -- building and calling -------------------------------------------------
    @property
    def built(self) -> bool:
        return self.weights is not None or self.weights_unknown is not None

    def build(self, call: Call) -> None:
        """Create the weights from the first call's input shapes."""
        if self.built:
            return
        if self.spec is None:
            self.weights_unknown = self.unknown_class_reason or f"layer class {self.class_name} is not known"
            return
        try:
            weights = list(self.spec.weights(self.cfg, call))  # type: ignore[arg-type]
            for w in weights:
                # No variable can have a negative dimension: Keras fails creating it. A spec
                # that computed one from bad arguments must not turn it into a parameter count.
                if any(isinstance(d, int) and not isinstance(d, bool) and d < 0 for d in w.shape):
                    raise ShapeError(f"weight `{w.name}` would have the shape {tuple(w.shape)}: negative dimensions "
                                     "are impossible")
            self.weights = weights
        except Unknowable as exc:
            self.weights_unknown = exc.reason
        except ShapeError as exc:
            self.weights_unknown = f"Keras would fail to build this layer: {exc.message}"
            raise
        except ArgumentError as exc:
            self.weights_unknown = f"Keras would fail to build this layer: {exc}"
            raise

    def compute_output(self, call: Call) -> OutputShapes:
        if self.spec is None:
            return UnknownShape(self.unknown_class_reason or f"layer class {self.class_name} is not known")
        return self.spec.output_shape(self.cfg, call)  # type: ignore[arg-type]

    # -- weights ----------------------------------------------------------------
    def sublayers(self) -> list["LayerObj"]:
        return self.inner_layers

    def own_weights(self) -> list[Weight] | None:
        return self.weights

    def weights_reason(self) -> str | None:
        """Why the weights (and so the parameter count) are unknown, or None."""
        if self.weights is None:
            return self.weights_unknown or "the layer is never built: no known input shape reaches it"
        for w in self.weights:
            reason = w.unknown_reason()
            if reason:
                return reason
        for sub in self.sublayers():
            reason = sub.weights_reason()
            if reason:
                return reason
        return None

    def all_weights(self) -> list[Weight]:
        out: list[Weight] = list(self.weights or [])
        for sub in self.sublayers():
            out.extend(sub.all_weights())
        return dedupe(out)

    def is_trainable(self) -> bool | None:
        if isinstance(self.trainable, Unknown):
            return None
        return bool(self.trainable)

    def own_weights_frozen(self) -> bool | None:
        """Are the variables of the weights this layer lists non-trainable? Keras freezes the
        variables a layer creates while its own ``trainable`` is False, and the setter freezes
        those of every sublayer that exists when it runs."""
        flag = self.is_trainable()
        if flag is None:
            return None
        if flag:
            return False
        where = self.spec.weights_in_sublayers if self.spec is not None else ""
        if not self.trainable_set_later:
            return where == ""
        return where != "build" or self.trainable_set_when_built

    def trained_variables(self) -> list[Weight] | None:
        """The weights whose variables are trainable: how a model counts its trainable
        parameters (Keras's ``Model.trainable_weights``), whatever the flag of the layer
        holding them says (Bidirectional(LSTM(2), trainable=False) still trains its LSTMs)."""
        frozen = self.own_weights_frozen()
        if frozen is None:
            return None
        out = [] if frozen else [w for w in (self.weights or []) if w.trainable]
        for sub in self.sublayers():
            sub_w = sub.trained_variables()
            if sub_w is None:
                return None
            out.extend(sub_w)
        return dedupe(out)

    def trainable_weights(self) -> list[Weight] | None:
        """Keras's ``layer.trainable_weights``: nothing when the layer itself is not
        trainable, else its trainable variables."""
        flag = self.is_trainable()
        if flag is None:
            return None
        return self.trained_variables() if flag else []

    def non_trainable_weights(self) -> list[Weight] | None:
        trainable = self.trainable_weights()
        if trainable is None:
            return None
        ids = {id(w) for w in trainable}
        return [w for w in self.all_weights() if id(w) not in ids]

    def param_counts(self) -> tuple[int | None, int | None, int | None, str | None]:
        """(total, trainable, non-trainable, reason-if-unknown)."""
        reason = self.weights_reason()
        if reason:
            return None, None, None, reason
        total = count(self.all_weights())
        tw = self.trainable_weights()
        ntw = self.non_trainable_weights()
        if tw is None or ntw is None:
            return total, None, None, "whether the layer is trainable is unknown"
        return total, count(tw), count(ntw), None

    # -- what the summary shows ------------------------------------------------
    def summary_output_shape(self) -> OutputShapes:
        """Keras prints the outputs of the layer's last node."""
        if not self.nodes:
            return UnknownShape("the layer is never called")
        return self.nodes[-1].output_shapes()


_T = TypeVar("_T")


def dedupe(items: Iterable[_T]) -> list[_T]:
    """Each object once (by identity: a shared layer or weight is one object), in first order."""
    seen: set[int] = set()
    out = []
    for item in items:
        if id(item) not in seen:
            seen.add(id(item))
            out.append(item)
    return out


def count(weights: list[Weight]) -> int:
    return sum(w.count() or 0 for w in weights)


def flatten_tensors(structure: Any) -> list[Tensor]:
    out: list[Tensor] = []
    _flatten(structure, out)
    return out


def _flatten(value: Any, out: list) -> None:
    if isinstance(value, Tensor):
        out.append(value)
    elif isinstance(value, (list, tuple)):
        for v in value:
            _flatten(v, out)
    elif isinstance(value, dict):
        for k in sorted(value, key=str):
            _flatten(value[k], out)


def iter_structure(value: Any) -> Iterator[Any]:
    """Every leaf of a list/tuple/dict structure (Keras's ``tree.flatten``)."""
    if isinstance(value, (list, tuple)):
        for v in value:
            yield from iter_structure(v)
    elif isinstance(value, dict):
        for k in sorted(value, key=str):
            yield from iter_structure(value[k])
    else:
        yield value
