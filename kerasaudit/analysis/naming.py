"""Keras's automatic object names (``conv2d``, ``conv2d_1``, ``input_layer``...).

Keras keeps one counter per snake-case prefix for the whole process; the analysis keeps
one per file, as if the file ran on its own.
"""

from __future__ import annotations

import re
from collections import defaultdict


def to_snake_case(name: str) -> str:
    name = re.sub(r"\W+", "", name)
    name = re.sub("(.)([A-Z][a-z]+)", r"\1_\2", name)
    name = re.sub("([a-z])([A-Z])", r"\1_\2", name).lower()
    return name


class NameRegistry:
    def __init__(self) -> None:
        self._uids: dict[str, int] = defaultdict(int)

    def auto(self, prefix: str) -> str:
        """``auto_name``: snake-case the prefix, then uniquify it."""
        return self.uniquify(to_snake_case(prefix))

    def uniquify(self, name: str) -> str:
        count = self._uids[name]
        self._uids[name] += 1
        return name if count == 0 else f"{name}_{count}"
