"""Layer graphs of models (``kerasaudit graph``): one module per text format (mermaid, dot),
each with ``render(graphs) -> str``; svg and png are Graphviz's rendering of the dot text."""
