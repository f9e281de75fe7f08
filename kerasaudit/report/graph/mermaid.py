"""``graph --format mermaid``: a Mermaid flowchart (GitHub renders it in Markdown inside a
```` ```mermaid ```` block). Each model is a subgraph; shapes label the edges."""

from __future__ import annotations

from ._model import ModelGraph, node_lines


def text(value: str) -> str:
    """Mermaid label text inside double quotes: quotes and angle brackets as entities."""
    return value.replace("&", "#amp;").replace('"', "#quot;").replace("<", "#lt;").replace(">", "#gt;")


def render(graphs: list[ModelGraph]) -> str:
    out = ["flowchart TD"]
    for i, g in enumerate(graphs):
        out.append(f'  subgraph g{i} ["{text(g.title)}"]')
        out.append("    direction TB")
        for node in g.nodes:
            label = "<br/>".join(text(line) for line in node_lines(node))
            out.append(f'    {node.id}(["{label}"])' if node.kind == "output" else f'    {node.id}["{label}"]')
        out.append("  end")
        for e in g.edges:
            out.append(f'  {e.source} -- "{text(e.label)}" --> {e.target}')
    return "\n".join(out) + "\n"
