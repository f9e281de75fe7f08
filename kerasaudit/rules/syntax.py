"""What each call in the file calls, read from the source (``ast``) rather than from the
interpretation, for rules about spellings: legacy API names and arguments are found in
functions that are never called and in code the interpreter could not follow too.

A callee is resolved through the file's imports (``from keras.layers import Conv2D``,
``import tensorflow as tf``, ``from keras.layers import *``) and the canonical-name
table; where the interpreter evaluated the call, its canonical name is preferred (it
also knows ``Dense = tf.keras.layers.Dense``).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterator

from ..analysis.names import canonical

if TYPE_CHECKING:
    from .base import RuleContext


@dataclass(frozen=True)
class CallInfo:
    node: ast.Call
    name: str | None  # canonical dotted name (keras.layers.Conv2D), None when unknown
    written: str | None  # the callee as written (layers.Conv2D, Conv2D, model.fit)

    @property
    def last(self) -> str:
        """The last part of the callee as written: ``Conv2D``, ``fit``."""
        func = self.node.func
        if isinstance(func, ast.Name):
            return func.id
        if isinstance(func, ast.Attribute):
            return func.attr
        return ""

    def keyword(self, name: str) -> ast.keyword | None:
        for kw in self.node.keywords:
            if kw.arg == name:
                return kw
        return None

    def keywords(self) -> list[str]:
        return [kw.arg for kw in self.node.keywords if kw.arg is not None]


def dotted(expr: ast.AST) -> str | None:
    """``a.b.c`` for a Name/Attribute chain, else None."""
    parts = []
    while isinstance(expr, ast.Attribute):
        parts.append(expr.attr)
        expr = expr.value
    if not isinstance(expr, ast.Name):
        return None
    parts.append(expr.id)
    return ".".join(reversed(parts))


def import_table(tree: ast.Module) -> tuple[dict[str, str], list[str]]:
    """Local name -> imported dotted path, and the modules star-imported, anywhere in the file."""
    table: dict[str, str] = {}
    stars: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                if a.asname:
                    table[a.asname] = a.name
                else:
                    top = a.name.split(".")[0]
                    table.setdefault(top, top)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            for a in node.names:
                if a.name == "*":
                    stars.append(node.module)
                else:
                    table[a.asname or a.name] = f"{node.module}.{a.name}"
    return table, stars


def resolve(written: str, table: dict[str, str], stars: list[str], star_names: tuple[str, ...] = ()) -> str | None:
    head, _, rest = written.partition(".")
    if head in table:
        full = table[head] + ("." + rest if rest else "")
        return canonical(full)
    if not rest and head in star_names:
        for module in stars:
            name = canonical(f"{module}.{head}")
            if name.startswith("keras"):
                return name
    return None


def calls(ctx: "RuleContext", star_names: tuple[str, ...] = ()) -> list[CallInfo]:
    """Every call in the file with its callee resolved where the source says what it is.

    ``star_names`` are bare names that may come from ``from keras.layers import *``."""
    key = ("calls", star_names)
    if key in ctx.cache:
        return ctx.cache[key]
    interpreted = {(c.site.line, c.site.col): c.name for c in ctx.facts.library_calls}
    table, stars = import_table(ctx.tree)
    out = []
    for node in ast.walk(ctx.tree):
        if not isinstance(node, ast.Call):
            continue
        written = dotted(node.func)
        name = interpreted.get((node.lineno, node.col_offset))
        if name is None and written is not None:
            name = resolve(written, table, stars, star_names)
        out.append(CallInfo(node, name, written))
    out.sort(key=lambda c: (c.node.lineno, c.node.col_offset))
    ctx.cache[key] = out
    return out


def keras_calls(ctx: "RuleContext", star_names: tuple[str, ...] = ()) -> Iterator[CallInfo]:
    for c in calls(ctx, star_names):
        if c.name is not None and c.name.startswith("keras"):
            yield c


def method_calls(ctx: "RuleContext", *methods: str) -> Iterator[CallInfo]:
    """``<something>.method(...)`` calls (the receiver is not resolved: the method names
    asked for are specific to Keras models)."""
    for c in calls(ctx):
        if isinstance(c.node.func, ast.Attribute) and c.node.func.attr in methods:
            yield c
