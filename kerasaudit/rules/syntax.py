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


@dataclass
class SourceIndex:
    """One walk over the syntax tree, shared by every rule that reads the source."""

    calls: list[ast.Call]
    table: dict[str, str]  # local name -> imported dotted path
    stars: list[str]  # modules star-imported
    loads: dict[str, int]  # how often each name is read (or declared global/nonlocal)
    dynamic: bool  # eval/exec/locals/globals/vars is called: names may be read invisibly
    statements: list[ast.stmt]
    in_class_body: set[int]  # ids of statements directly in a class body
    in_function: set[int]  # ids of statements inside a function


def source_index(ctx: "RuleContext") -> SourceIndex:
    key = "source_index"
    if key in ctx.cache:
        return ctx.cache[key]
    idx = SourceIndex([], {}, [], {}, False, [], set(), set())
    stack: list[tuple[ast.AST, bool]] = [(ctx.tree, False)]
    while stack:
        node, in_function = stack.pop()
        if isinstance(node, ast.Call):
            idx.calls.append(node)
            if isinstance(node.func, ast.Name) and node.func.id in ("eval", "exec", "locals", "globals", "vars"):
                idx.dynamic = True
        elif isinstance(node, ast.Name):
            if not isinstance(node.ctx, ast.Store):
                idx.loads[node.id] = idx.loads.get(node.id, 0) + 1
        elif isinstance(node, (ast.Global, ast.Nonlocal)):
            for n in node.names:
                idx.loads[n] = idx.loads.get(n, 0) + 1
        elif isinstance(node, ast.Import):
            for a in node.names:
                if a.asname:
                    idx.table[a.asname] = a.name
                else:
                    top = a.name.split(".")[0]
                    idx.table.setdefault(top, top)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            for a in node.names:
                if a.name == "*":
                    idx.stars.append(node.module)
                else:
                    idx.table[a.asname or a.name] = f"{node.module}.{a.name}"
        if isinstance(node, ast.stmt):
            idx.statements.append(node)
            if in_function:
                idx.in_function.add(id(node))
        if isinstance(node, ast.ClassDef):
            idx.in_class_body.update(id(s) for s in node.body)
        inner = in_function or isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
        for child in ast.iter_child_nodes(node):
            stack.append((child, inner))
    idx.calls.sort(key=lambda c: (c.lineno, c.col_offset))
    ctx.cache[key] = idx
    return idx


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
    idx = source_index(ctx)
    interpreted = ctx.cache.get("interpreted_calls")
    if interpreted is None:
        interpreted = ctx.cache["interpreted_calls"] = {(c.site.line, c.site.col): c.name
                                                        for c in ctx.facts.library_calls}
    out = []
    for node in idx.calls:
        written = dotted(node.func)
        name = interpreted.get((node.lineno, node.col_offset))
        if name is None and written is not None:
            name = resolve(written, idx.table, idx.stars, star_names)
        out.append(CallInfo(node, name, written))
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
