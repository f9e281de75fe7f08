"""Conditions over abstract values: comparisons, ``and``/``or``, ``x if c else y`` and the
truth of a value. Each answers True, False or "cannot say" (None / Unknown): an undecided
condition is never resolved by picking a branch."""

from __future__ import annotations

import ast
import operator
from typing import TYPE_CHECKING, Any

from .dims import Sym, UnknownDim
from .graph import LayerObj
from .plain import is_plain
from .values import (MISSING, BoundMethod, Builtin, ClassValue, Function, Instance, LibraryObject, Ref, Tensor,
                     Unknown)

if TYPE_CHECKING:
    from .scope import Scope

_CMPOPS = {
    ast.Eq: operator.eq, ast.NotEq: operator.ne, ast.Lt: operator.lt, ast.LtE: operator.le, ast.Gt: operator.gt,
    ast.GtE: operator.ge, ast.In: lambda a, b: a in b, ast.NotIn: lambda a, b: a not in b,
}


class ComparisonsMixin:
    def expr_BoolOp(self, node: ast.BoolOp, scope: "Scope") -> Any:
        is_and = isinstance(node.op, ast.And)
        value: Any = None
        for expr in node.values:
            value = self.eval(expr, scope)
            t = self.truth(value)
            if t is None:
                return Unknown("a condition the analysis cannot decide", node.lineno)
            if is_and and not t:
                return value
            if not is_and and t:
                return value
        return value

    def expr_Compare(self, node: ast.Compare, scope: "Scope") -> Any:
        left = self.eval(node.left, scope)
        result: Any = True
        for op, comp in zip(node.ops, node.comparators):
            right = self.eval(comp, scope)
            r = self.compare(op, left, right, node)
            if isinstance(r, Tensor):
                # A tensor comparison; chaining another would need its truth value (TypeError in Keras).
                if len(node.ops) == 1:
                    return r
                return Unknown("a chained comparison of symbolic tensors (Keras raises TypeError)", node.lineno)
            if r is False:
                return False
            if isinstance(r, Unknown):
                result = r
            left = right
        return result

    def compare(self, op: ast.cmpop, left: Any, right: Any, node: ast.AST) -> Any:
        line = getattr(node, "lineno", None)
        if isinstance(left, Tensor) or isinstance(right, Tensor):
            if isinstance(op, (ast.Lt, ast.LtE, ast.Gt, ast.GtE, ast.NotEq)):
                return self.tensor_compare(op, left, right, node)  # type: ignore[attr-defined]
            if isinstance(op, ast.Eq) and isinstance(left, Tensor) and isinstance(right, Tensor):
                return left is right  # Keras tensors do not overload ==: identity
        if isinstance(op, (ast.Is, ast.IsNot)):
            same = self._identity(left, right)
            if same is None:
                return Unknown("identity of an unknown value", line)
            return same if isinstance(op, ast.Is) else not same
        if isinstance(op, (ast.Eq, ast.NotEq)):
            eq = self._equal(left, right)
            if eq is None:
                return Unknown("comparison with an unknown value", line)
            return eq if isinstance(op, ast.Eq) else not eq
        if isinstance(op, (ast.In, ast.NotIn)):
            found = self._contains(right, left)
            if found is None:
                return Unknown("membership in an unknown container", line)
            return found if isinstance(op, ast.In) else not found
        if is_plain(left) and is_plain(right):
            try:
                return _CMPOPS[type(op)](left, right)
            except Exception:
                return Unknown("a comparison that would fail", line)
        return Unknown("ordering comparison with an unknown value", line)

    def _identity(self, left: Any, right: Any) -> bool | None:
        if isinstance(left, Unknown) or isinstance(right, Unknown):
            return None
        if isinstance(left, UnknownDim) or isinstance(right, UnknownDim):
            return None
        if isinstance(left, Sym) or isinstance(right, Sym):
            # A symbolic size is what Keras holds as None: `x.shape[1] is None` is True there.
            other = right if isinstance(left, Sym) else left
            return other is None or isinstance(other, Sym)
        if left is None or right is None or isinstance(left, bool) or isinstance(right, bool):
            return left is right
        if isinstance(left, Ref) and isinstance(right, Ref):
            from .names import canonical
            return canonical(left.path) == canonical(right.path)
        return left is right

    def _equal(self, left: Any, right: Any) -> bool | None:
        if isinstance(left, Unknown) or isinstance(right, Unknown):
            return None
        if isinstance(left, UnknownDim) or isinstance(right, UnknownDim):
            return None
        if isinstance(left, Sym) or isinstance(right, Sym):
            if isinstance(left, Sym) and isinstance(right, Sym) and left == right:
                return True
            if left is None or right is None:
                return True  # Keras holds a symbolic size as None
            if isinstance(left, str) or isinstance(right, str):
                return False
            return None
        if is_plain(left) and is_plain(right):
            try:
                return bool(left == right)
            except Exception:
                return None
        if isinstance(left, (tuple, list)) and isinstance(right, (tuple, list)):
            if type(left) is not type(right) or len(left) != len(right):
                return False
            result: bool | None = True
            for a, b in zip(left, right):
                e = self._equal(a, b)
                if e is False:
                    return False
                if e is None:
                    result = None
            return result
        if isinstance(left, Ref) and isinstance(right, Ref):
            from .names import canonical
            return canonical(left.path) == canonical(right.path)
        if isinstance(left, (str, int, float, type(None))) and isinstance(right, (LayerObj, Tensor, Function,
                                                                                   ClassValue)):
            return False
        if isinstance(right, (str, int, float, type(None))) and isinstance(left, (LayerObj, Tensor, Function,
                                                                                   ClassValue)):
            return False
        if isinstance(left, (LayerObj, Function, ClassValue)) and isinstance(right, (LayerObj, Function,
                                                                                      ClassValue)):
            return left is right
        return None

    def _contains(self, container: Any, item: Any) -> bool | None:
        if isinstance(container, Unknown) or self.tainted(container):  # type: ignore[attr-defined]
            return None
        if isinstance(container, str):
            return item in container if isinstance(item, str) else None
        if isinstance(container, dict):
            container = list(container)
        if isinstance(container, (list, tuple, set, frozenset)):
            undecided = False
            for element in container:
                e = self._equal(element, item)
                if e is True:
                    return True
                if e is None:
                    undecided = True
            return None if undecided else False
        return None

    def expr_IfExp(self, node: ast.IfExp, scope: "Scope") -> Any:
        t = self.truth(self.eval(node.test, scope))
        if t is True:
            return self.eval(node.body, scope)
        if t is False:
            return self.eval(node.orelse, scope)
        return Unknown(f"it depends on a condition the analysis cannot decide (line {node.lineno})", node.lineno)

    # ------------------------------------------------------------------ truth
    def truth(self, value: Any) -> bool | None:
        if isinstance(value, Unknown) or isinstance(value, (Sym, UnknownDim)):
            return None
        if is_plain(value):
            return bool(value)
        if isinstance(value, (list, tuple, dict, set)):
            if self.tainted(value):  # type: ignore[attr-defined]
                return None
            return bool(value)
        if isinstance(value, Tensor):
            return None
        if isinstance(value, (LayerObj, Function, BoundMethod, Builtin, ClassValue, Ref, LibraryObject)):
            return True
        if isinstance(value, Instance):
            return None if value.cls.lookup("__bool__") is not MISSING or value.cls.lookup(
                "__len__") is not MISSING else True
        return None
