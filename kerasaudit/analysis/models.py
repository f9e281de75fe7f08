"""Models: functional graphs, Sequential stacks and subclassed models.

The functional graph is ordered exactly as Keras 3 orders ``model._operations``
(``keras/src/ops/function.py: map_graph``): a depth-first walk back from the outputs
numbers the operations, nodes get depths, operations are listed deepest first and in
walk order within a depth. The walk is iterative so a 2,000-layer model cannot blow
the stack.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any, NamedTuple

from .graph import LayerObj, Node, Site, dedupe, flatten_tensors
from .shapes import UnknownShape
from .values import Tensor


class GraphError(Exception):
    """Keras would refuse to build this model (disconnected graph, duplicate names...)."""


class ModelObj(LayerObj):
    """A model. As in Keras, a model is also a layer that can be called."""

    def __init__(self, kind: str, name: Any, site: Site, explicit_name: bool = False) -> None:
        super().__init__(None, "Functional" if kind == "functional" else kind.capitalize(), None, name, site,
                         explicit_name)
        self.kind = kind
        self.builder: str | None = None  # the enclosing function, if any
        self.var_name: str | None = None  # the variable it was first bound to
        self.incomplete: str | None = None  # why the layer list may be incomplete
        self.error: str | None = None  # what Keras would raise building this model
        self.error_kind: str = ""  # "disconnected", "duplicate-name", "cycle", or ""
        self.weights = []  # a model owns no weights itself; its layers do

    # What the summary lists, in Keras's order.
    def summary_layers(self) -> list[LayerObj]:
        raise NotImplementedError

    def sublayers(self) -> list[LayerObj]:
        return self.summary_layers()

    def weights_reason(self) -> str | None:
        if self.incomplete:
            return self.incomplete
        if self.error:
            return f"Keras would refuse to build this model: {self.error}"
        failed = self.failed_node()
        if failed is not None:
            # Keras never finishes building this model, so it has no parameter count to claim.
            return (f"Keras would raise building this model: {failed.layer.display_name} (line {failed.site.line}): "
                    f"{failed.error}")
        for layer in self.summary_layers():
            reason = layer.weights_reason()
            if reason:
                return f"{layer.display_name}: {reason}"
        return None

    def display_kind(self) -> str:
        return self.kind

    def model_nodes(self) -> list[Node]:
        """The layer applications that make up this model."""
        return [n for layer in self.summary_layers() for n in layer.nodes]

    def failed_node(self) -> Node | None:
        """The first application in this model that Keras would reject, if any."""
        failed = [n for n in self.model_nodes() if n.error]
        return min(failed, key=lambda n: (n.site.line, n.site.col)) if failed else None


class FunctionalModel(ModelObj):
    def __init__(self, name: Any, site: Site, inputs: Any, outputs: Any, explicit_name: bool = False) -> None:
        super().__init__("functional", name, site, explicit_name)
        self.class_name = "Functional"
        self.inputs = inputs
        self.outputs = outputs
        self.operations: list[LayerObj] = []
        self.nodes_by_depth: dict[int, list[Node]] = {}
        self.graph_nodes: set[Node] = set()
        self._map_graph()

    def summary_layers(self) -> list[LayerObj]:
        return self.operations

    def model_nodes(self) -> list[Node]:
        return list(self.graph_nodes)

    def sequential_like(self) -> bool:
        """Keras prints no "Connected to" column for a model that is a plain chain."""
        nodes: set[Node] = set()
        for depth in self.nodes_by_depth:
            v = self.nodes_by_depth[depth]
            if len(v) > 1 or (len(v) == 1 and len(v[0].input_tensors) > 1):
                return False
            nodes.update(v)
        for layer in self.operations:
            seen = False
            for node in layer.nodes:
                if node in nodes:
                    if seen:
                        return False
                    seen = True
        return True

    def _map_graph(self) -> None:
        input_list = flatten_tensors(self.inputs)
        output_list = flatten_tensors(self.outputs)
        if not output_list:
            self.incomplete = "the model's outputs are not known tensors"
            return
        input_ids = {id(t) for t in input_list}
        finished: set[Node] = set()
        in_progress: set[Node] = set()
        order: list[Node] = []
        op_index: dict[LayerObj, int] = {}

        for out in output_list:
            stack: list[list[Any]] = [[out, None]]
            while stack:
                frame = stack[-1]
                tensor, children = frame
                if children is None:
                    node = tensor.node
                    if node is None:
                        self.incomplete = "an output does not come from a layer the analysis could follow"
                        stack.pop()
                        continue
                    if node in finished:
                        stack.pop()
                        continue
                    if not node.is_input and id(tensor) in input_ids:
                        finished.add(node)
                        stack.pop()
                        continue
                    if node in in_progress:
                        self.error = f"tensor from layer '{node.layer.display_name}' is part of a cycle"
                        self.error_kind = "cycle"
                        return
                    op_index.setdefault(node.layer, len(op_index))
                    in_progress.add(node)
                    frame[1] = children = iter([] if node.is_input else node.input_tensors)
                nxt = next(children, None)
                if nxt is not None:
                    stack.append([nxt, None])
                    continue
                node = tensor.node
                finished.add(node)
                in_progress.discard(node)
                order.append(node)
                stack.pop()

        in_graph = set(order)
        node_depth: dict[Node, int] = {}
        op_depth: dict[LayerObj, int] = {}
        for node in reversed(order):
            depth = node_depth.setdefault(node, 0)
            depth = max(depth, op_depth.get(node.layer, 0))
            op_depth[node.layer] = depth
            node_depth[node] = depth
            for parent in node.parent_nodes():
                if parent in in_graph:
                    node_depth[parent] = max(depth + 1, node_depth.get(parent, 0))
        for t in input_list:
            node = t.node
            if node is not None and node.layer not in op_depth and node.is_input:
                op_depth[node.layer] = 0
                op_index[node.layer] = -1
                node_depth[node] = 0

        by_depth: dict[int, list[Node]] = defaultdict(list)
        for node, depth in node_depth.items():
            by_depth[depth].append(node)
        ops_by_depth: dict[int, list[LayerObj]] = defaultdict(list)
        for op, depth in op_depth.items():
            ops_by_depth[depth].append(op)
        operations: list[LayerObj] = []
        for depth in sorted(ops_by_depth, reverse=True):
            operations.extend(sorted(ops_by_depth[depth], key=lambda op: op_index[op]))
        self.operations = operations
        self.nodes_by_depth = {d: by_depth[d] for d in sorted(by_depth, reverse=True)}
        self.graph_nodes = set(node_depth)

        # Every node's inputs must be computable from the model's inputs.
        computable = set(id(t) for t in input_list)
        for depth in sorted(by_depth, reverse=True):
            for node in by_depth[depth]:
                if node.unknown_inputs():
                    self.incomplete = (f"the input of '{node.layer.display_name}' (line {node.site.line}) "
                                       f"is not known")
                for t in node.input_tensors:
                    if id(t) not in computable and not self.incomplete and not self.error:
                        self.error = (f"graph disconnected: cannot reach the input of layer "
                                      f"'{node.layer.display_name}' (line {node.site.line}) from the model's inputs")
                        self.error_kind = "disconnected"
                if node.is_input and not any(id(t) in input_ids for t in node.output_list()):
                    # An Input the model is not given: what depends on it is not computable.
                    if node.layer in self.operations and not self.incomplete and not self.error and \
                            any(t is o for t in node.output_list() for o in output_list):
                        self.error = (f"output from Input '{node.layer.display_name}' (line {node.site.line}) "
                                      f"is not one of the model's inputs")
                        self.error_kind = "disconnected"
                    continue
                for t in node.output_list():
                    computable.add(id(t))
        counts = Counter(op.name for op in operations if isinstance(op.name, str))  # not list.count: O(n²)
        dup = sorted(n for n, c in counts.items() if c > 1)
        if dup and not self.error:
            self.error = f'the name "{dup[0]}" is used {counts[dup[0]]} times in the model'
            self.error_kind = "duplicate-name"


class Gap(NamedTuple):
    """An item of a Sequential the analysis cannot take as a layer: before ``layers[index]``."""
    index: int
    reason: str
    line: int


class SequentialModel(ModelObj):
    def __init__(self, name: Any, site: Site, explicit_name: bool = False) -> None:
        super().__init__("sequential", name, site, explicit_name)
        self.class_name = "Sequential"
        self.input_layer: LayerObj | None = None
        self.layers: list[LayerObj] = []
        self.output: Tensor | None = None  # the last layer's output once an input shape is known
        self.built_by: str | None = None  # how the input shape became known
        # Items the analysis could not take as layers, as (index in `layers` they precede,
        # reason): the layers after one take ITS output, never the previous layer's.
        self.gaps: list[Gap] = []  # items added that the analysis cannot take as layers

    def summary_layers(self) -> list[LayerObj]:
        return self.layers

    def sublayers(self) -> list[LayerObj]:
        return ([self.input_layer] if self.input_layer else []) + self.layers

    def weights_reason(self) -> str | None:
        if self.output is None and self.layers and not all(layer.built for layer in self.layers):
            return "the model is never built: no input shape is given (Keras prints 0 (unbuilt))"
        return super().weights_reason()

    def failed_node(self) -> Node | None:
        """Keras's Sequential.build stops quietly at a layer whose call raises NotImplementedError
        (a Lambda whose function its trace cannot follow): the model exists, built up to there,
        and the layers after it stay unbuilt. Only other errors make building it fail."""
        failed = super().failed_node()
        return None if failed is not None and failed.error_kind == "trace" else failed


def unique_layers(model: ModelObj) -> list[LayerObj]:
    seen: set[int] = set()
    out = []
    for layer in model.summary_layers():
        if id(layer) not in seen:
            seen.add(id(layer))
            out.append(layer)
    return out


__all__ = ["ModelObj", "FunctionalModel", "SequentialModel", "GraphError", "unique_layers", "dedupe",
           "UnknownShape"]
