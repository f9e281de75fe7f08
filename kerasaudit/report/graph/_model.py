"""A model's layer graph as plain data: a node per layer (name, class, parameters, line), an
edge per tensor passed between layers, labelled with its shape, and an edge from each output
layer to an output marker so the final shapes show too."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ...analysis.graph import dedupe
from ...analysis.shapes import shape_text
from ...results import ModelSummary


@dataclass
class GraphNode:
    id: str
    name: str
    class_name: str
    params: int | None
    line: int
    kind: str = "layer"  # layer | output


@dataclass
class GraphEdge:
    source: str
    target: str
    label: str


@dataclass
class ModelGraph:
    title: str
    nodes: list[GraphNode] = field(default_factory=list)
    edges: list[GraphEdge] = field(default_factory=list)


def _members(model: Any) -> list[Any]:
    from ...analysis.models import SequentialModel

    layers = list(model.summary_layers())
    if isinstance(model, SequentialModel) and model.input_layer is not None:
        layers.insert(0, model.input_layer)
    return dedupe(layers)


def _outputs(model: Any) -> list[Any]:
    from ...analysis.graph import flatten_tensors
    from ...analysis.models import FunctionalModel, SequentialModel

    if isinstance(model, FunctionalModel):
        return flatten_tensors(model.outputs)
    if isinstance(model, SequentialModel) and model.output is not None:
        return [model.output]
    return []


def model_graph(summary: ModelSummary, prefix: str) -> ModelGraph:
    from ...cost import model_nodes

    model = summary.model
    title = f"{summary.name} ({summary.kind}, line {summary.line})"
    graph = ModelGraph(title)
    if model is None:
        return graph
    params = {id(row.layer): row.params for row in summary.layers if row.layer is not None}
    ids: dict[int, str] = {}
    for i, layer in enumerate(_members(model)):
        ids[id(layer)] = f"{prefix}n{i}"
        graph.nodes.append(GraphNode(ids[id(layer)], layer.display_name, layer.class_name,
                                     params.get(id(layer), 0 if layer.class_name == "InputLayer" else None),
                                     layer.site.line))
    for layer in _members(model):
        for node in model_nodes(model, layer):
            if node.is_input:
                continue
            for t in node.input_tensors:
                if t.node is not None and id(t.node.layer) in ids:
                    graph.edges.append(GraphEdge(ids[id(t.node.layer)], ids[id(layer)], shape_text(t.shape)))
    for k, t in enumerate(_outputs(model)):
        if t.node is None or id(t.node.layer) not in ids:
            continue
        out_id = f"{prefix}out{k}"
        graph.nodes.append(GraphNode(out_id, "output" if k == 0 and len(_outputs(model)) == 1 else f"output {k}",
                                     "", None, 0, kind="output"))
        graph.edges.append(GraphEdge(ids[id(t.node.layer)], out_id, shape_text(t.shape)))
    return graph


def graphs_of(results: list) -> list[ModelGraph]:
    out = []
    for r in results:
        for m in r.models:
            g = model_graph(m, f"m{len(out)}_")
            if len(results) > 1:
                g.title = f"{r.path}: {g.title}"
            out.append(g)
    return out


def node_lines(node: GraphNode) -> list[str]:
    """The text of a node: name, class, parameters."""
    if node.kind == "output":
        return [node.name]
    params = "? params" if node.params is None else f"{node.params:,} params"
    return [node.name, node.class_name, params]
