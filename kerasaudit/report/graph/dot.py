"""``graph --format dot``: Graphviz DOT; ``dot -Tsvg`` (what ``--format svg``/``png`` run)
draws it. Each model is a cluster; shapes label the edges, parameters the nodes."""

from __future__ import annotations

from ._model import ModelGraph, node_lines


def quote(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def render(graphs: list[ModelGraph]) -> str:
    out = ["digraph kerasaudit {", "  rankdir=TB;", '  fontname="Helvetica";',
           '  node [shape=box, style="rounded", fontname="Helvetica"];', '  edge [fontname="Helvetica", fontsize=10];']
    for i, g in enumerate(graphs):
        out.append(f"  subgraph cluster_{i} {{")
        out.append(f"    label={quote(g.title)};")
        for node in g.nodes:
            label = quote("\n".join(node_lines(node)))
            extra = ", shape=ellipse" if node.kind == "output" else ""
            out.append(f"    {node.id} [label={label}{extra}];")
        out.append("  }")
        for e in g.edges:
            out.append(f"  {e.source} -> {e.target} [label={quote(e.label)}];")
    out.append("}")
    return "\n".join(out) + "\n"
