"""Where values go and come from: iterating, assigning to names, tuples, attributes and
items, subscripts, and comprehensions."""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, Any

from .arrays import Array
from .graph import LayerObj
from .plain import MAX_SIZE, kind_of
from .values import Tensor, Unknown

if TYPE_CHECKING:
    from .scope import Scope


class BindingsMixin:
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
        if isinstance(value, Array):
            return _array_rows(value, line)
        if isinstance(value, LayerObj) and hasattr(value, "summary_layers"):
            return Unknown("iterating over a model", line)
        return Unknown(f"cannot iterate over {kind_of(value)}", line)

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
        return Unknown(f"indexing {kind_of(value)}", line)

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


def _array_rows(array: Array, line: int | None) -> list | Unknown:
    """Iterating a NumPy array of known length: its rows, of the known shape (values unknown)."""
    if not array.shape:
        return Unknown("iterating over a 0-d array (NumPy raises TypeError)", line)
    n = array.shape[0]
    if not isinstance(n, int) or isinstance(n, bool):
        return Unknown("iterating over an array whose length is not known", line)
    if n > MAX_SIZE:
        return Unknown(f"an array of {n} rows is too long to unroll", line)
    if len(array.shape) == 1:
        return [Unknown(f"an element of {array.origin or 'an array'} (its value is not known)", line)] * n
    return [array.with_shape(array.shape[1:]) for _ in range(n)]
