"""Giving up on a loop that only computes data, without guessing what it computed.

A loop that runs many steps without making or calling a layer or model (a naive NumPy
benchmark, a tokenizer written by hand) would spend the file's whole step budget before its
model is reached. Such a loop is cut: the rest of it is not followed, and everything it
could still change becomes unknown. That is only sound when everything it can change is
visible here, so a loop is cut only if

- its body has no ``return``/``yield``/``await``/``global``/``nonlocal`` and defines no
  function, lambda or class (their effects are not visible from the loop);
- every name it reads holds plain data -- immutable values, arrays, library objects,
  unknowns, and containers of only those -- so no method of user code can run, or
- a user function that (transitively) declares no ``global``/``nonlocal``, has no mutable
  default, and reads from enclosing scopes only immutable values, library objects and other
  such functions: it can change nothing but what it is given, which is plain data
  reachable from the loop's names.

Otherwise it is followed as before (the step budget still bounds it). When cut, the names
it assigns (loop target and walrus targets included) become unknown, and so does every
container reachable from a name it reads (a mutation through ``C[i][j] = ...`` or
through a function it calls can land anywhere in them).
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, Any

from .arrays import Array
from .builtins import BUILTINS
from .values import MISSING, Builtin, Function, Ref, Unknown

if TYPE_CHECKING:
    from .scope import Scope

_UNSAFE_IN_BODY = (ast.Return, ast.Yield, ast.YieldFrom, ast.Await, ast.Global, ast.Nonlocal,
                   ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)
_UNSAFE_IN_FUNCTION = (ast.Yield, ast.YieldFrom, ast.Await, ast.Global, ast.Nonlocal, ast.ClassDef)
_MAX_DEPTH = 4


def _immutable(value: Any) -> bool:
    if value is None or isinstance(value, (bool, int, float, complex, str, bytes, range)):
        return True
    if isinstance(value, (tuple, frozenset)):
        return all(_immutable(v) for v in value)
    return False


def _plain(value: Any, seen: set[int]) -> bool:
    """Data through which no user code can run: immutable values, arrays, library references,
    unknowns, and lists/dicts/sets of those (walked once each)."""
    if _immutable(value) or isinstance(value, (Array, Unknown, Ref, Builtin)):
        return True
    if id(value) in seen:
        return True
    if isinstance(value, (list, tuple, set, frozenset)):
        seen.add(id(value))
        return all(_plain(v, seen) for v in value)
    if isinstance(value, dict):
        seen.add(id(value))
        return all(_plain(k, seen) and _plain(v, seen) for k, v in value.items())
    return False


def _local_names(fn: ast.AST) -> set[str]:
    args = fn.args  # type: ignore[attr-defined]
    names = {a.arg for a in args.posonlyargs + args.args + args.kwonlyargs}
    names |= {a.arg for a in (args.vararg, args.kwarg) if a is not None}
    for node in ast.walk(fn):
        if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            names.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node is not fn:
            names.add(node.name)
        elif isinstance(node, ast.Lambda):
            names |= {a.arg for a in node.args.args + node.args.kwonlyargs}
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names |= {(a.asname or a.name).split(".")[0] for a in node.names}
        elif isinstance(node, ast.ExceptHandler) and node.name:
            names.add(node.name)
    return names


class _Checker:
    def __init__(self) -> None:
        self.safe_functions: set[int] = set()

    def function(self, fn: Function, depth: int) -> bool:
        """Can this user function change nothing but its arguments and its own locals?"""
        if id(fn) in self.safe_functions:
            return True
        if depth > _MAX_DEPTH or fn.kind != "function" or fn.owner is not None:
            return False
        node = fn.node
        if any(isinstance(n, _UNSAFE_IN_FUNCTION) for n in ast.walk(node)):
            return False
        if not all(_immutable(v) for v in [*fn.defaults.values(), *fn.kw_defaults.values()]):
            return False  # a mutable default keeps what one call puts in it for the next
        self.safe_functions.add(id(fn))  # recursion: assume safe while checking
        local = _local_names(node)
        for n in ast.walk(node):
            if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load) and n.id not in local:
                if not self.free_value(fn.scope.lookup(n.id), n.id, depth):
                    self.safe_functions.discard(id(fn))
                    return False
        return True

    def free_value(self, value: Any, name: str, depth: int) -> bool:
        if value is MISSING:
            return name in BUILTINS
        if isinstance(value, Function):
            return self.function(value, depth + 1)
        return _immutable(value) or isinstance(value, (Ref, Builtin, Unknown))


def _walk(nodes: list[ast.AST]) -> list[ast.AST]:
    out: list[ast.AST] = []
    for root in nodes:
        out.extend(ast.walk(root))
    return out


def _read_names(walked: list[ast.AST]) -> list[str]:
    return sorted({n.id for n in walked if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)})


def cuttable(nodes: list[ast.AST], scope: "Scope") -> bool:
    """Is every effect of running these loop statements (and loop test) visible to the havoc?

    Every name the loop reads holds plain data (deeply: no instance, class, method, layer or
    model hides in a list) or a function that changes nothing but its arguments. Then the
    arguments a call gets are plain data too, its effects land in containers reachable from
    the loop's names, and attribute reads run no user code (no property of a user class)."""
    walked = _walk(nodes)
    if any(isinstance(n, _UNSAFE_IN_BODY) for n in walked):
        return False
    checker = _Checker()
    seen: set[int] = set()
    for name in _read_names(walked):
        value = scope.lookup(name)
        if isinstance(value, Function):
            if not checker.function(value, 0):
                return False
        elif value is MISSING:
            if name not in BUILTINS:
                return False
        elif not _plain(value, seen):
            return False
    return True


def deep_taint(interp: Any, nodes: list[ast.AST], scope: "Scope", reason: str) -> None:
    """Every container reachable from a name the loop reads may have been changed (``C[i][j] = v``
    changes a row of C; a function the loop calls may change what it is given)."""
    seen: set[int] = set()
    for name in _read_names(_walk(nodes)):
        stack = [scope.lookup(name)]
        while stack:
            value = stack.pop()
            if id(value) in seen or not isinstance(value, (list, dict, set, tuple)):
                continue
            seen.add(id(value))
            if not isinstance(value, tuple):
                interp.taint(value, reason)
            stack.extend(value.values() if isinstance(value, dict) else value)
