"""What to do with code whose execution the analysis cannot decide.

When a condition or a loop's iterable is unknown, the statements it guards are not
run. Instead everything they could change becomes unknown: names they assign, objects
they mutate (a Sequential they ``add`` to, a list they ``append`` to, attributes they
set), and values they pass to calls. Later results that depend on those are then
unknown with a reason, never a guess made by picking one path.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, Any, Iterable

from .values import Instance, Unknown

if TYPE_CHECKING:
    from .scope import Scope


class UndecidedExit(Exception):
    """A ``return``/``break``/``continue`` that runs only under an unknown condition."""

    def __init__(self, kind: str, reason: str) -> None:
        super().__init__(reason)
        self.kind = kind
        self.reason = reason


_NESTED = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)


def _walk_same_frame(nodes: Iterable[ast.AST]) -> Iterable[ast.AST]:
    """Every node under these, not descending into nested functions or classes."""
    stack = list(nodes)
    while stack:
        node = stack.pop()
        yield node
        for child in ast.iter_child_nodes(node):
            if not isinstance(child, _NESTED):
                stack.append(child)
            elif isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                yield child  # its name is bound here


def _exits(stmts: list[ast.stmt]) -> str | None:
    """'return', 'break' or 'continue' if one is reachable at this level (not in inner loops)."""
    stack: list[ast.AST] = list(stmts)
    found = None
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Return):
            return "return"
        if isinstance(node, (ast.Break, ast.Continue)):
            found = found or ("break" if isinstance(node, ast.Break) else "continue")
            continue
        if isinstance(node, _NESTED):
            continue
        if isinstance(node, (ast.For, ast.AsyncFor, ast.While)):
            # break/continue inside belong to that loop; a return still leaves the function
            for child in ast.walk(node):
                if isinstance(child, ast.Return):
                    return "return"
            continue
        stack.extend(ast.iter_child_nodes(node))
    return found


def _root_name(expr: ast.expr) -> ast.expr:
    """``model`` of ``model.get_layer("fc").attr`` or ``model.layers[i].attr``."""
    while isinstance(expr, (ast.Attribute, ast.Subscript, ast.Call)):
        expr = expr.func if isinstance(expr, ast.Call) else expr.value
    return expr


def _always_raises(stmts: list[ast.stmt]) -> bool:
    return bool(stmts) and isinstance(stmts[-1], ast.Raise)


def _simple(expr: ast.expr) -> bool:
    """A name or attribute chain of names: safe to evaluate again (no calls)."""
    while isinstance(expr, (ast.Attribute, ast.Subscript)):
        if isinstance(expr, ast.Subscript) and not isinstance(expr.slice, (ast.Constant, ast.Name)):
            return False
        expr = expr.value
    return isinstance(expr, ast.Name)


# Model methods that never change its layers or weights (their count, shapes or flags).
# Not get_layer: skipped code may freeze the layer it returns (`fc = model.get_layer("fc")`).
_READS_MODEL = frozenset({
    "summary", "save", "save_weights", "load_weights", "compile", "get_weights", "set_weights", "count_params",
    "to_json", "to_yaml", "get_config", "plot_model", "export", "reset_metrics",
    "get_compile_config", "get_build_config", "compute_loss", "compute_metrics",
})
# ... and those that do not once the model is built (called on data, they build an unbuilt one).
_RUNS_MODEL = frozenset({
    "fit", "evaluate", "predict", "train_on_batch", "test_on_batch", "predict_on_batch", "fit_generator",
    "evaluate_generator", "predict_generator",
})


def _leaves_model_as_is(owner: Any, method: str) -> bool:
    """A call of ``method`` on ``owner``, skipped as undecidable, cannot have changed the
    model: ``vae.decoder.predict(z)`` in a loop the analysis cannot follow."""
    from .models import FunctionalModel, ModelObj, SequentialModel
    if not isinstance(owner, ModelObj):
        return False
    if method in _READS_MODEL:
        return True
    if method in _RUNS_MODEL:
        return isinstance(owner, FunctionalModel) or (isinstance(owner, SequentialModel) and owner.output is not None)
    return False


class HavocMixin:
    def undecided_branches(self, branches: list[list[ast.stmt]], scope: "Scope", stmt: ast.stmt) -> None:
        live = [b for b in branches if not _always_raises(b)]
        if len(live) == 1:
            # The other path raises: code that continues took this one.
            self.exec_block(live[0], scope)  # type: ignore[attr-defined]
            return
        reason = f"it depends on a condition the analysis cannot decide (line {stmt.lineno})"
        if len(live) == 0:
            return
        self.havoc_statements([s for b in live for s in b], scope, reason)
        for branch in live:
            kind = _exits(branch)
            if kind:
                raise UndecidedExit(kind, reason)

    def havoc_statements(self, stmts: list[ast.stmt], scope: "Scope", reason: str,
                         targets: list[ast.expr] | None = None) -> None:
        line = stmts[0].lineno if stmts else None
        unknown = Unknown(reason, line)
        self.__dict__["havoc_count"] = self.__dict__.get("havoc_count", 0) + 1  # code was skipped, not followed
        names: set[str] = set()
        for target in targets or []:
            names |= _target_names(target)
        for node in _walk_same_frame(stmts):
            if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
                names.add(node.id)
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                names.add(node.name)
            elif isinstance(node, (ast.Import, ast.ImportFrom)):
                for alias in node.names:
                    if alias.name != "*":
                        names.add((alias.asname or alias.name).split(".")[0])
            elif isinstance(node, (ast.Attribute, ast.Subscript)) and isinstance(node.ctx, (ast.Store, ast.Del)):
                if _simple(node.value):
                    owner = self._quiet_eval(node.value, scope)
                    if isinstance(node, ast.Attribute):
                        self.havoc_attribute(owner, node.attr, unknown)
                    else:
                        self.havoc_value(owner, reason)
                else:
                    # model.get_layer("fc").trainable = False: whatever it reaches belongs to the root
                    self.havoc_value(self._quiet_eval(_root_name(node.value), scope), reason)
            elif isinstance(node, ast.Call):
                func = node.func
                if isinstance(func, ast.Attribute) and _simple(func.value):
                    owner = self._quiet_eval(func.value, scope)
                    if not _leaves_model_as_is(owner, func.attr):
                        self.havoc_value(owner, reason)
                for arg in list(node.args) + [k.value for k in node.keywords]:
                    if isinstance(arg, ast.Starred):
                        arg = arg.value
                    if _simple(arg):
                        self.havoc_value(self._quiet_eval(arg, scope), reason)
        self._havoc_through_locals(stmts, names, scope, unknown)
        for name in names:
            scope.assign(name, unknown)

    def _havoc_through_locals(self, stmts: list[ast.stmt], names: set[str], scope: "Scope",
                              unknown: Unknown) -> None:
        """``for layer in model.layers: layer.trainable = False`` (or ``layers_list[i].trainable``)
        skipped: the object changed depends on a name bound in that code, so every model or
        layer the code reads may be it."""
        attrs = {n.attr for n in _walk_same_frame(stmts)
                 if isinstance(n, ast.Attribute) and isinstance(n.ctx, (ast.Store, ast.Del))
                 and any(isinstance(x, ast.Name) and x.id in names for x in ast.walk(n.value))}
        if not attrs:
            return
        read = {n.id for n in _walk_same_frame(stmts)
                if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load) and n.id not in names}
        for name in sorted(read):
            self._havoc_reachable(self._quiet_eval(ast.Name(id=name, ctx=ast.Load()), scope), attrs, unknown, 3)

    def _havoc_reachable(self, value: Any, attrs: set[str], unknown: Unknown, depth: int) -> None:
        from .graph import LayerObj
        from .models import ModelObj
        if isinstance(value, ModelObj):
            self.havoc_value(value, unknown.reason)
        elif isinstance(value, LayerObj):
            for attr in attrs:
                self.havoc_attribute(value, attr, unknown)
        elif isinstance(value, (list, tuple, dict)) and depth > 0:
            for item in (value.values() if isinstance(value, dict) else value):
                self._havoc_reachable(item, attrs, unknown, depth - 1)

    def _quiet_eval(self, expr: ast.expr, scope: "Scope") -> Any:
        try:
            return self.eval(expr, scope)  # type: ignore[attr-defined]
        except Exception:
            return None

    def havoc_attribute(self, owner: Any, attr: str, unknown: Unknown) -> None:
        from .graph import LayerObj
        if isinstance(owner, LayerObj):
            if attr == "trainable":
                owner.trainable = unknown
            else:
                owner.attrs[attr] = unknown
            if hasattr(owner, "incomplete") and attr in ("layers", "_layers"):
                owner.incomplete = owner.incomplete or unknown.reason  # type: ignore[attr-defined]
        elif isinstance(owner, Instance):
            owner.attrs[attr] = unknown

    def havoc_value(self, value: Any, reason: str) -> None:
        from .graph import LayerObj
        from .models import ModelObj
        if isinstance(value, ModelObj):
            if not value.incomplete:
                value.incomplete = f"the model may be changed where {reason}"
        elif isinstance(value, LayerObj):
            pass  # calling a layer under a condition creates nodes the graph walk sees or not
        elif isinstance(value, (list, dict, set)):
            self.taint(value, reason)
        elif isinstance(value, Instance):
            for key in list(value.attrs):
                if isinstance(value.attrs[key], (list, dict, set)):
                    self.taint(value.attrs[key], reason)

    def taint(self, obj: Any, reason: str) -> None:
        tainted = self.__dict__.setdefault("_tainted", {})
        tainted[id(obj)] = (obj, reason)

    def tainted(self, obj: Any) -> str | None:
        tainted = self.__dict__.get("_tainted")
        if not tainted:
            return None
        entry = tainted.get(id(obj))
        return entry[1] if entry is not None and entry[0] is obj else None


def _target_names(target: ast.expr) -> set[str]:
    return {n.id for n in ast.walk(target) if isinstance(n, ast.Name)}
