"""Evaluating expressions over abstract values."""

from __future__ import annotations

import ast
import operator
import re
from typing import TYPE_CHECKING, Any

from .arrays import Array
from .dims import Sym, UnknownDim
from .graph import LayerObj
from .values import (MISSING, BoundMethod, Builtin, ClassValue, Function, Instance, LibraryObject, Ref, Tensor,
                     Unknown)

if TYPE_CHECKING:
    from .scope import Scope

_BINOPS = {
    ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv,
    ast.FloorDiv: operator.floordiv, ast.Mod: operator.mod, ast.Pow: operator.pow, ast.LShift: operator.lshift,
    ast.RShift: operator.rshift, ast.BitOr: operator.or_, ast.BitAnd: operator.and_, ast.BitXor: operator.xor,
    ast.MatMult: operator.matmul,
}
_CMPOPS = {
    ast.Eq: operator.eq, ast.NotEq: operator.ne, ast.Lt: operator.lt, ast.LtE: operator.le, ast.Gt: operator.gt,
    ast.GtE: operator.ge, ast.In: lambda a, b: a in b, ast.NotIn: lambda a, b: a not in b,
}
_PLAIN = (int, float, complex, str, bytes, bool, type(None))
MAX_SIZE = 100_000
# How much plain data (elements plus characters, shared parts counted each time they
# appear, as repr() or == would visit them) the interpreter hands to real Python
# operations. Values built by repetition can share structure ([[0] * 10**5] * 10**5 is
# cheap to build but not to print); beyond this they are treated as not known.
MAX_WEIGHT = 2_000_000
MAX_INT_BITS = 100_000


def weight(value: Any, limit: int = MAX_WEIGHT) -> int:
    """The size of plain data as repr() would visit it; stops counting past ``limit``.
    Iterative, so deeply nested data cannot exhaust the stack."""
    total = 0
    stack = [value]
    while stack:
        v = stack.pop()
        if isinstance(v, (str, bytes)):
            total += 1 + len(v)
        elif isinstance(v, (list, tuple, set, frozenset)):
            total += 1
            stack.extend(v)
        elif isinstance(v, dict):
            total += 1
            stack.extend(v.keys())
            stack.extend(v.values())
        else:
            total += 1
        if total > limit:
            break
    return total


def is_plain(value: Any) -> bool:
    """Fully known plain data (no abstract values anywhere inside), small enough to
    compute with (see MAX_WEIGHT). Iterative: nesting depth cannot overflow the stack."""
    if isinstance(value, _PLAIN):
        return True
    if not isinstance(value, (tuple, list, set, frozenset, dict)):
        return False
    budget = MAX_WEIGHT
    stack = [value]
    while stack:
        v = stack.pop()
        budget -= 1
        if budget < 0:
            return False
        if isinstance(v, _PLAIN):
            if isinstance(v, (str, bytes)):
                budget -= len(v)
            continue
        if isinstance(v, (tuple, list, set, frozenset)):
            stack.extend(v)
        elif isinstance(v, dict):
            stack.extend(v.keys())
            stack.extend(v.values())
        else:
            return False
    return True


_HUGE_NUMBER = re.compile(r"\d{6,}")


def huge_format(fmt: Any, args: Any = ()) -> bool:
    """A format string (``'{:99999999}'``, ``'%*d'`` with a huge argument) whose result
    would be enormous: refused before formatting rather than after."""
    if not isinstance(fmt, (str, bytes)):
        return False
    text = fmt if isinstance(fmt, str) else fmt.decode("latin-1")
    if _HUGE_NUMBER.search(text):
        return True
    if "*" in text or "{" in text:
        stack = list(args) if isinstance(args, (list, tuple)) else [args]
        if isinstance(args, dict):
            stack = list(args.values())
        return any(isinstance(a, int) and abs(a) > MAX_SIZE for a in stack)
    return False


def first_unknown(*values: Any) -> Unknown | None:
    for v in values:
        if isinstance(v, Unknown):
            return v
    return None


class ExpressionsMixin:
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
            return Unknown(f"operator {type(op).__name__} on {_kind(left)} and {_kind(right)}", line)
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

    # ------------------------------------------------------------------ truth, iteration
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

    def iterate(self, value: Any, node: ast.AST) -> list | Unknown:
        line = getattr(node, "lineno", None)
        if isinstance(value, Unknown):
            return value
        reason = self.tainted(value)  # type: ignore[attr-defined]
        if reason:
            return Unknown(f"its contents depend on code the analysis cannot decide ({reason})", line)
        if isinstance(value, (list, tuple, str, set, frozenset)):
            return list(value)
        if isinstance(value, dict):
            return list(value)
        if isinstance(value, range):
            if len(value) > MAX_SIZE:
                return Unknown(f"range of {len(value)} items is too long to unroll", line)
            return list(value)
        if isinstance(value, LayerObj) and hasattr(value, "summary_layers"):
            return Unknown("iterating over a model", line)
        return Unknown(f"cannot iterate over {_kind(value)}", line)

    # ------------------------------------------------------------------ assignment
    def assign(self, target: ast.expr, value: Any, scope: "Scope") -> None:
        if isinstance(target, ast.Name):
            self.note_binding(target.id, value)
            scope.assign(target.id, value)
        elif isinstance(target, (ast.Tuple, ast.List)):
            self._unpack(target, value, scope)
        elif isinstance(target, ast.Attribute):
            owner = self.eval(target.value, scope)
            self.set_attribute(owner, target.attr, value, target)  # type: ignore[attr-defined]
        elif isinstance(target, ast.Subscript):
            owner = self.eval(target.value, scope)
            key = self.eval(target.slice, scope)
            self._set_item(owner, key, value, target)
        elif isinstance(target, ast.Starred):
            self.assign(target.value, value, scope)

    def note_binding(self, name: str, value: Any) -> None:
        """The first variable a model is bound to names it in the report."""
        if isinstance(value, LayerObj) and hasattr(value, "var_name") and value.var_name is None:  # type: ignore
            value.var_name = name  # type: ignore[attr-defined]

    def _unpack(self, target: ast.Tuple | ast.List, value: Any, scope: "Scope") -> None:
        items = self.iterate(value, target)
        star = next((i for i, e in enumerate(target.elts) if isinstance(e, ast.Starred)), None)
        if isinstance(items, Unknown):
            for elt in target.elts:
                self.assign(elt, items, scope)
            return
        n = len(target.elts)
        if star is None:
            if len(items) != n:
                unknown = Unknown(f"unpacking {len(items)} values into {n} names would fail",
                                  getattr(target, "lineno", None))
                for elt in target.elts:
                    self.assign(elt, unknown, scope)
                return
            for elt, item in zip(target.elts, items):
                self.assign(elt, item, scope)
            return
        after = n - star - 1
        if len(items) < n - 1:
            unknown = Unknown("unpacking too few values", getattr(target, "lineno", None))
            for elt in target.elts:
                self.assign(elt, unknown, scope)
            return
        for elt, item in zip(target.elts[:star], items[:star]):
            self.assign(elt, item, scope)
        self.assign(target.elts[star], list(items[star:len(items) - after]), scope)
        for elt, item in zip(target.elts[star + 1:], items[len(items) - after:]):
            self.assign(elt, item, scope)

    def _set_item(self, owner: Any, key: Any, value: Any, node: ast.AST) -> None:
        if isinstance(owner, (list, dict)) and not isinstance(key, Unknown):
            try:
                if isinstance(owner, list) and isinstance(key, slice):
                    owner[key] = list(value) if isinstance(value, (list, tuple)) else value
                else:
                    owner[key] = value
                return
            except Exception:
                pass
        self.havoc_value(owner, f"an item assignment at line {getattr(node, 'lineno', '?')}")  # type: ignore

    # ------------------------------------------------------------------ subscripts
    def expr_Subscript(self, node: ast.Subscript, scope: "Scope") -> Any:
        value = self.eval(node.value, scope)
        key = self.eval(node.slice, scope)
        return self.subscript(value, key, node)

    def expr_Slice(self, node: ast.Slice, scope: "Scope") -> Any:
        parts = [None if p is None else self.eval(p, scope) for p in (node.lower, node.upper, node.step)]
        if any(isinstance(p, Unknown) for p in parts):
            return Unknown("a slice with unknown bounds", node.lineno)
        return slice(*parts)

    def expr_Index(self, node: Any, scope: "Scope") -> Any:  # Python < 3.9
        return self.eval(node.value, scope)

    def subscript(self, value: Any, key: Any, node: ast.AST) -> Any:
        line = getattr(node, "lineno", None)
        if isinstance(value, Tensor):
            return self.tensor_subscript(value, key, node)  # type: ignore[attr-defined]
        if isinstance(value, Unknown):
            return value
        if isinstance(key, Unknown):
            return key
        reason = self.tainted(value)  # type: ignore[attr-defined]
        if reason:
            return Unknown(f"its contents depend on code the analysis cannot decide ({reason})", line)
        if isinstance(value, (list, tuple, str, dict, range)):
            try:
                return value[key]
            except Exception:
                return Unknown("an index that would fail", line)
        getitem = self.get_attribute(value, "__getitem__", node)  # type: ignore[attr-defined]
        if not isinstance(getitem, Unknown):
            return self.call_value(getitem, [key], {}, node)  # type: ignore[attr-defined]
        return Unknown(f"indexing {_kind(value)}", line)

    # ------------------------------------------------------------------ comprehensions
    def expr_ListComp(self, node: ast.ListComp, scope: "Scope") -> Any:
        out = self._comprehension(node.generators, scope, lambda s: [self.eval(node.elt, s)])
        return out

    def expr_SetComp(self, node: ast.SetComp, scope: "Scope") -> Any:
        out = self._comprehension(node.generators, scope, lambda s: [self.eval(node.elt, s)])
        if isinstance(out, Unknown):
            return out
        try:
            return set(out)
        except TypeError:
            return Unknown("a set of unhashable values", node.lineno)

    def expr_GeneratorExp(self, node: ast.GeneratorExp, scope: "Scope") -> Any:
        return self.expr_ListComp(node, scope)  # type: ignore[arg-type]

    def expr_DictComp(self, node: ast.DictComp, scope: "Scope") -> Any:
        out = self._comprehension(node.generators, scope,
                                  lambda s: [(self.eval(node.key, s), self.eval(node.value, s))])
        if isinstance(out, Unknown):
            return out
        try:
            return dict(out)
        except TypeError:
            return Unknown("a dict with unhashable keys", node.lineno)

    def _comprehension(self, generators: list[ast.comprehension], scope: "Scope", produce: Any) -> Any:
        from .scope import Scope
        inner = Scope(parent=scope, kind="function", name="<comprehension>")
        out: list = []

        def loop(i: int) -> Unknown | None:
            if i == len(generators):
                out.extend(produce(inner))
                if len(out) > MAX_SIZE:
                    return Unknown("a comprehension producing too many items")
                return None
            gen = generators[i]
            items = self.iterate(self.eval(gen.iter, inner), gen.iter)
            if isinstance(items, Unknown):
                return items
            for item in items:
                self.ctx.step(getattr(gen.iter, "lineno", 0))  # type: ignore[attr-defined]
                self.assign(gen.target, item, inner)
                skip = False
                for cond in gen.ifs:
                    t = self.truth(self.eval(cond, inner))
                    if t is None:
                        return Unknown("a comprehension filter the analysis cannot decide",
                                       getattr(cond, "lineno", None))
                    if not t:
                        skip = True
                        break
                if skip:
                    continue
                problem = loop(i + 1)
                if problem is not None:
                    return problem
            return None

        problem = loop(0)
        return problem if problem is not None else out


def _kind(value: Any) -> str:
    if isinstance(value, Unknown):
        return "an unknown value"
    if isinstance(value, Tensor):
        return "a tensor"
    if isinstance(value, LayerObj):
        return f"a {value.class_name} object"
    if isinstance(value, Ref):
        return f"`{value.path}`"
    return f"a {type(value).__name__}"


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
