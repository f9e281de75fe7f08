"""Evaluating expressions over abstract values: the dispatch, literals, f-strings and the
arithmetic operators (on plain data, symbolic sizes, sequences and tensors)."""

from __future__ import annotations

import ast
import operator
from typing import TYPE_CHECKING, Any

from .arrays import Array
from .bindings import BindingsMixin
from .comparisons import ComparisonsMixin
from .dims import Sym, UnknownDim
from .plain import MAX_INT_BITS, MAX_SIZE, huge_format, is_plain, kind_of, weight
from .values import Tensor, Unknown

if TYPE_CHECKING:
    from .scope import Scope

_BINOPS = {
    ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv,
    ast.FloorDiv: operator.floordiv, ast.Mod: operator.mod, ast.Pow: operator.pow, ast.LShift: operator.lshift,
    ast.RShift: operator.rshift, ast.BitOr: operator.or_, ast.BitAnd: operator.and_, ast.BitXor: operator.xor,
    ast.MatMult: operator.matmul,
}


def first_unknown(*values: Any) -> Unknown | None:
    for v in values:
        if isinstance(v, Unknown):
            return v
    return None


class ExpressionsMixin(ComparisonsMixin, BindingsMixin):
    """Literals, f-strings and operators; conditions are in comparisons.py, iteration,
    assignment and subscripts in bindings.py."""

    # ------------------------------------------------------------------ dispatch
    def eval(self, node: ast.expr, scope: "Scope") -> Any:
        method = getattr(self, "expr_" + type(node).__name__, None)
        if method is None:
            return Unknown(f"expression {type(node).__name__} is not interpreted", getattr(node, "lineno", None))
        return method(node, scope)

    def expr_Constant(self, node: ast.Constant, scope: "Scope") -> Any:
        return node.value

    def expr_Name(self, node: ast.Name, scope: "Scope") -> Any:
        return self.lookup_name(node.id, scope, node)  # type: ignore[attr-defined]

    def expr_Tuple(self, node: ast.Tuple, scope: "Scope") -> Any:
        return tuple(self._elements(node.elts, scope))

    def expr_List(self, node: ast.List, scope: "Scope") -> Any:
        return list(self._elements(node.elts, scope))

    def expr_Set(self, node: ast.Set, scope: "Scope") -> Any:
        items = self._elements(node.elts, scope)
        try:
            return set(items)
        except TypeError:
            return Unknown("a set of unhashable values", node.lineno)

    def _elements(self, elts: list[ast.expr], scope: "Scope") -> list:
        out: list = []
        for elt in elts:
            if isinstance(elt, ast.Starred):
                items = self.iterate(self.eval(elt.value, scope), elt)
                if isinstance(items, Unknown):
                    out.append(items)
                else:
                    out.extend(items)
            else:
                out.append(self.eval(elt, scope))
        return out

    def expr_Dict(self, node: ast.Dict, scope: "Scope") -> Any:
        out: dict = {}
        for key, value in zip(node.keys, node.values):
            if key is None:
                other = self.eval(value, scope)
                if isinstance(other, dict):
                    out.update(other)
                else:
                    return Unknown("dict unpacking of an unknown value", node.lineno)
                continue
            k = self.eval(key, scope)
            v = self.eval(value, scope)
            try:
                out[k] = v
            except TypeError:
                return Unknown("a dict with unhashable keys", node.lineno)
        return out

    def expr_JoinedStr(self, node: ast.JoinedStr, scope: "Scope") -> Any:
        parts = []
        for value in node.values:
            if isinstance(value, ast.Constant):
                parts.append(str(value.value))
                continue
            assert isinstance(value, ast.FormattedValue)
            v = self.eval(value.value, scope)
            if not is_plain(v):
                return Unknown("an f-string with an unknown value", node.lineno)
            spec = ""
            if value.format_spec is not None:
                spec = self.eval(value.format_spec, scope)
                if not isinstance(spec, str):
                    return Unknown("an f-string with an unknown format", node.lineno)
                if huge_format(spec):
                    return Unknown("an f-string too large to compute", node.lineno)
            try:
                if value.conversion == ord("r"):
                    v = repr(v)
                elif value.conversion == ord("s"):
                    v = str(v)
                elif value.conversion == ord("a"):
                    v = ascii(v)
                parts.append(format(v, spec))
            except Exception:
                return Unknown("an f-string that would fail", node.lineno)
        return "".join(parts)

    def expr_FormattedValue(self, node: ast.FormattedValue, scope: "Scope") -> Any:
        return self.expr_JoinedStr(ast.JoinedStr(values=[node]), scope)

    def expr_NamedExpr(self, node: ast.NamedExpr, scope: "Scope") -> Any:
        value = self.eval(node.value, scope)
        self.assign(node.target, value, scope)
        return value

    def expr_Starred(self, node: ast.Starred, scope: "Scope") -> Any:
        return self.eval(node.value, scope)

    def expr_Lambda(self, node: ast.Lambda, scope: "Scope") -> Any:
        return self.make_function(node, scope, "<lambda>")  # type: ignore[attr-defined]

    def expr_Await(self, node: ast.Await, scope: "Scope") -> Any:
        return Unknown("await is not interpreted", node.lineno)

    def expr_Yield(self, node: Any, scope: "Scope") -> Any:
        return Unknown("generators are not interpreted", node.lineno)

    expr_YieldFrom = expr_Yield

    # ------------------------------------------------------------------ operators
    def expr_BinOp(self, node: ast.BinOp, scope: "Scope") -> Any:
        left = self.eval(node.left, scope)
        right = self.eval(node.right, scope)
        return self.binary_op(node.op, left, right, node)

    def binary_op(self, op: ast.operator, left: Any, right: Any, node: ast.AST, inplace: bool = False) -> Any:
        line = getattr(node, "lineno", None)
        if isinstance(left, Tensor) or isinstance(right, Tensor):
            return self.tensor_binary_op(op, left, right, node)  # type: ignore[attr-defined]
        if isinstance(left, Array) or isinstance(right, Array):
            from .array_ops import array_binary_op
            return array_binary_op(self, op, left, right, node)
        unknown = first_unknown(left, right)
        if unknown is not None:
            return unknown
        if isinstance(left, (Sym, UnknownDim)) or isinstance(right, (Sym, UnknownDim)):
            return self._dim_op(op, left, right, line)
        sequence = self._sequence_op(op, left, right, line, inplace)
        if sequence is not None:
            return sequence
        if not (is_plain(left) and is_plain(right)):
            return Unknown(f"operator {type(op).__name__} on {kind_of(left)} and {kind_of(right)}", line)
        guard = _size_guard(op, left, right)
        if guard:
            return Unknown(guard, line)
        fn = _BINOPS.get(type(op))
        if fn is None:
            return Unknown(f"operator {type(op).__name__}", line)
        if inplace and isinstance(left, list) and isinstance(op, ast.Add):
            if not isinstance(right, (list, tuple)):
                return Unknown("list += non-sequence", line)
            left.extend(right)
            return left
        try:
            return fn(left, right)
        except Exception as exc:
            return Unknown(f"the expression would fail: {type(exc).__name__}", line)

    def _sequence_op(self, op: ast.operator, left: Any, right: Any, line: int | None, inplace: bool) -> Any:
        """``[a] + [b]``, ``(x,) * 3`` on lists/tuples holding abstract values (layers, tensors)."""
        if isinstance(op, ast.Add) and type(left) is type(right) and isinstance(left, (list, tuple)):
            for side in (left, right):
                if self.tainted(side):  # type: ignore[attr-defined]
                    return Unknown("its contents depend on code the analysis cannot decide", line)
            if len(left) + len(right) > MAX_SIZE:
                return Unknown("a concatenation too large to compute", line)
            if inplace and isinstance(left, list):
                left.extend(right)
                return left
            return left + right
        if isinstance(op, ast.Mult):
            seq, n = (left, right) if isinstance(left, (list, tuple)) else (right, left)
            if isinstance(seq, (list, tuple)) and isinstance(n, int) and not isinstance(n, bool):
                if self.tainted(seq):  # type: ignore[attr-defined]
                    return Unknown("its contents depend on code the analysis cannot decide", line)
                if len(seq) * max(n, 0) > MAX_SIZE:
                    return Unknown("a repetition too large to compute", line)
                return seq * n
        return None

    def _dim_op(self, op: ast.operator, left: Any, right: Any, line: int | None) -> Any:
        for v in (left, right):
            if not isinstance(v, (int, Sym, UnknownDim)) or isinstance(v, bool):
                if isinstance(v, float) or v is None:
                    return Unknown("arithmetic with a symbolic size", line)
                return Unknown("arithmetic with a symbolic size", line)
        if isinstance(op, ast.Add):
            return left + right
        if isinstance(op, ast.Sub):
            return left - right
        if isinstance(op, ast.Mult):
            return left * right
        if isinstance(op, ast.FloorDiv):
            return left // right
        if isinstance(op, ast.Mod):
            return left % right
        return Unknown(f"{type(op).__name__} of a symbolic size", line)

    def expr_UnaryOp(self, node: ast.UnaryOp, scope: "Scope") -> Any:
        value = self.eval(node.operand, scope)
        if isinstance(node.op, ast.Not):
            t = self.truth(value)
            return Unknown("negation of an unknown condition", node.lineno) if t is None else not t
        if isinstance(value, Tensor):
            return self.tensor_unary_op(node.op, value, node)  # type: ignore[attr-defined]
        if isinstance(value, Array):
            from .array_ops import array_unary_op
            return array_unary_op(self, node.op, value, node)
        if isinstance(value, (Sym, UnknownDim)) and isinstance(node.op, ast.USub):
            return -value
        if not is_plain(value):
            return value if isinstance(value, Unknown) else Unknown("unary operator on an abstract value",
                                                                     node.lineno)
        try:
            if isinstance(node.op, ast.USub):
                return -value
            if isinstance(node.op, ast.UAdd):
                return +value
            if isinstance(node.op, ast.Invert):
                return ~value
        except Exception:
            return Unknown("a unary operation that would fail", node.lineno)
        return Unknown("unary operator", node.lineno)


def _size_guard(op: ast.operator, left: Any, right: Any) -> str | None:
    """Refuse computations whose result would be huge (``'a' * 10**9``, ``2 ** 10**8``,
    ``[[0] * 10**5] * 10**5``) before computing them."""
    if isinstance(op, ast.Pow) and isinstance(left, (int, float)) and isinstance(right, (int, float)):
        if isinstance(right, int) and abs(right) > 4096 and abs(left) > 1:
            return "an exponentiation too large to compute"
        if isinstance(left, int) and isinstance(right, int) and abs(left) > 1 \
                and left.bit_length() * abs(right) > MAX_INT_BITS:
            return "an exponentiation too large to compute"
    if isinstance(op, ast.LShift) and isinstance(right, int) and (
            right > 4096 or (isinstance(left, int) and left.bit_length() + right > MAX_INT_BITS)):
        return "a shift too large to compute"
    if isinstance(op, ast.Mod) and isinstance(left, (str, bytes)) and huge_format(left, right):
        return "a string formatting too large to compute"
    if isinstance(op, ast.Mult):
        for seq, n in ((left, right), (right, left)):
            if isinstance(seq, (str, bytes, list, tuple)) and isinstance(n, int):
                size = len(seq) if isinstance(seq, (str, bytes)) else max(len(seq), weight(seq, MAX_SIZE) - 1)
                if size * max(n, 0) > MAX_SIZE:
                    return "a repetition too large to compute"
    if isinstance(op, ast.Add):
        if isinstance(left, (str, bytes, list, tuple)) and isinstance(right, (str, bytes, list, tuple)):
            if len(left) + len(right) > 10 * MAX_SIZE:
                return "a concatenation too large to compute"
    if isinstance(left, int) and isinstance(right, int) and isinstance(op, ast.Mult):
        if left.bit_length() + right.bit_length() > 20_000:
            return "a product too large to compute"
    return None
