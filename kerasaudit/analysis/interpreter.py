"""The abstract interpreter: runs the analysed module's statements over abstract values.

Nothing of the analysed program is executed: only its syntax tree is walked. Known
values are computed exactly; where a value depends on something the file does not
determine, it becomes :class:`Unknown` with the reason, and anything that a branch
we cannot decide might change is made unknown too ("havoc") rather than guessed.
"""

from __future__ import annotations

import ast
from typing import Any

from . import loopcut
from .calls import CallsMixin
from .context import BudgetExhausted, FileContext
from .expressions import ExpressionsMixin
from .graph import Site
from .havoc import HavocMixin, UndecidedExit
from .scope import Scope
from .tensor_ops import TensorOpsMixin
from .values import MISSING, ClassValue, Function, Ref, Tensor, Unknown


# A loop that has run this many steps without touching a layer or model is computing data: the
# rest of it is not followed (what it assigns becomes unknown), so the file's budget goes to
# its models.
MAX_DATA_LOOP_STEPS = 20_000
_DATA_LOOP = ("loop at line {line} only computes data (over 20,000 steps without a layer or model); "
              "the rest of it is not followed")


class ReturnSignal(Exception):
    def __init__(self, value: Any) -> None:
        self.value = value


class BreakSignal(Exception):
    pass


class ContinueSignal(Exception):
    pass


class UserRaise(Exception):
    """The analysed code raises (a `raise` statement reached on a known path)."""

    def __init__(self, value: Any, line: int) -> None:
        self.value = value
        self.line = line


class Interpreter(ExpressionsMixin, CallsMixin, HavocMixin, TensorOpsMixin):
    def __init__(self, ctx: FileContext, tree: ast.Module) -> None:
        self.ctx = ctx
        self.tree = tree
        self.module_scope = Scope(kind="module")
        self.module_scope.vars["__name__"] = "__main__"
        self.module_scope.vars["__file__"] = ctx.path
        self.function_stack: list[Function] = []
        self.scope_stack: list[Scope] = []  # the scope of each function on function_stack
        self.defined_functions: list[Function] = []

    # ------------------------------------------------------------------ driver
    def run(self) -> None:
        try:
            self.exec_block(self.tree.body, self.module_scope)
        except BudgetExhausted as exc:
            self.budget_exhausted(exc)
        except (ReturnSignal, BreakSignal, ContinueSignal):
            pass
        except UserRaise as exc:
            self.ctx.note(exc.line, 0, "the module raises an exception here; the analysis stops at this line")
        except UndecidedExit as exc:
            self.ctx.note(0, 0, f"the module may stop early: {exc.reason}")
        # Builders nobody calls get a budget of their own, so a slow script body cannot
        # starve them (and they cannot run forever either).
        self.ctx.renew_budget()
        try:
            self.run_uncalled_builders()
        except BudgetExhausted as exc:
            self.budget_exhausted(exc)

    def budget_exhausted(self, exc: BudgetExhausted) -> None:
        """Stop, keep what is complete, and mark what the rest of the file could still change.

        A functional model is complete when Model(...) returns. A Sequential (or subclassed)
        model could get more layers later in the file unless the file already used it as a
        finished model (compiled, fitted, summarised, called, saved...)."""
        self.ctx.note(exc.line, 0, f"{exc.reason}; results after line {exc.line} are incomplete", "budget")
        used = {id(call.model) for call in self.ctx.facts.method_calls}
        for model in self.ctx.facts.models:
            if model.kind == "functional" or id(model) in used or model.nodes or model.incomplete:
                continue
            model.incomplete = (f"the analysis stopped at line {exc.line} ({exc.reason}) before the file "
                                f"finished with this model")

    def run_uncalled_builders(self) -> None:
        """Library-style builders nobody calls are analysed with their default arguments."""
        from .builders import analyse_uncalled
        analyse_uncalled(self)

    # ------------------------------------------------------------------ statements
    def exec_block(self, body: list[ast.stmt], scope: Scope) -> None:
        for stmt in body:
            self.exec_stmt(stmt, scope)

    def exec_stmt(self, stmt: ast.stmt, scope: Scope) -> None:
        self.ctx.step(stmt.lineno)
        method = getattr(self, "stmt_" + type(stmt).__name__, None)
        if method is None:
            self.ctx.note(stmt.lineno, stmt.col_offset, f"statement {type(stmt).__name__} is not interpreted")
            self.havoc_statements([stmt], scope, f"line {stmt.lineno} is not interpreted")
            return
        method(stmt, scope)

    def stmt_Expr(self, stmt: ast.Expr, scope: Scope) -> None:
        self.eval(stmt.value, scope)

    def stmt_Pass(self, stmt: ast.Pass, scope: Scope) -> None:
        pass

    def stmt_Assign(self, stmt: ast.Assign, scope: Scope) -> None:
        value = self.eval(stmt.value, scope)
        if isinstance(value, Tensor):
            # For comments on `x = conv_block(x, 64)  # -> 56x56x64`: what the statement computed.
            self.ctx.facts.assigned_tensors.append((Site.of(stmt.value), value))
        for target in stmt.targets:
            self.assign(target, value, scope)

    def stmt_AnnAssign(self, stmt: ast.AnnAssign, scope: Scope) -> None:
        if stmt.value is not None:
            self.assign(stmt.target, self.eval(stmt.value, scope), scope)

    def stmt_AugAssign(self, stmt: ast.AugAssign, scope: Scope) -> None:
        current = self.eval(_as_load(stmt.target), scope)
        value = self.eval(stmt.value, scope)
        result = self.binary_op(stmt.op, current, value, stmt, inplace=True)
        self.assign(stmt.target, result, scope)

    def stmt_If(self, stmt: ast.If, scope: Scope) -> None:
        test = self.truth(self.eval(stmt.test, scope))
        if test is True:
            self.exec_block(stmt.body, scope)
        elif test is False:
            self.exec_block(stmt.orelse, scope)
        else:
            self.undecided_branches([stmt.body, stmt.orelse], scope, stmt)

    def stmt_For(self, stmt: ast.For, scope: Scope) -> None:
        iterable = self.eval(stmt.iter, scope)
        items = self.iterate(iterable, stmt.iter)
        if isinstance(items, Unknown):
            self.havoc_statements(stmt.body + stmt.orelse, scope, f"loop over {items.reason}", targets=[stmt.target])
            return
        count = 0
        broke = False
        start: tuple[int, int] | None = self._loop_start()
        for item in items:
            count += 1
            if count > self.ctx.limits.max_loop_iterations:
                self.havoc_statements(stmt.body + stmt.orelse, scope, f"loop at line {stmt.lineno} runs more "
                                      f"than {self.ctx.limits.max_loop_iterations} times", targets=[stmt.target])
                return
            if start is not None and self._only_data_so_far(start):
                if self._cut_data_loop(stmt, [stmt.target], scope):
                    return
                start = None  # its effects are not all visible here: follow it to the end
            self.assign(stmt.target, item, scope)
            try:
                self.exec_block(stmt.body, scope)
            except BreakSignal:
                broke = True
                break
            except ContinueSignal:
                continue
            except UndecidedExit as exc:
                if exc.kind == "return":
                    raise
                self.havoc_statements(stmt.body + stmt.orelse, scope, exc.reason, targets=[stmt.target])
                return
        if not broke:
            self.exec_block(stmt.orelse, scope)

    stmt_AsyncFor = stmt_For

    def _cut_data_loop(self, stmt: ast.For | ast.AsyncFor | ast.While, targets: list[ast.expr],
                       scope: Scope) -> bool:
        """Stop following a loop that only computes data, if all it can change is visible here."""
        nodes: list[ast.AST] = [*stmt.body, *stmt.orelse]
        if isinstance(stmt, ast.While):
            nodes.append(stmt.test)
        if not loopcut.cuttable(nodes, scope):
            return False
        reason = _DATA_LOOP.format(line=stmt.lineno)
        loopcut.deep_taint(self, nodes, scope, reason)
        self.havoc_statements(stmt.body + stmt.orelse, scope, reason, targets=targets)
        return True

    def _loop_start(self) -> tuple[int, int]:
        facts = self.ctx.facts
        return self.ctx.steps, len(facts.layers) + len(facts.calls) + len(facts.models)

    def _only_data_so_far(self, start: tuple[int, int]) -> bool:
        """Has this loop run for many steps without making or calling a single layer or model?
        Such loops crunch data (a naive matrix product over every element, a tokenizer...):
        following them to the end could spend the file's whole budget before its model."""
        facts = self.ctx.facts
        return (self.ctx.steps - start[0] > MAX_DATA_LOOP_STEPS
                and len(facts.layers) + len(facts.calls) + len(facts.models) == start[1])

    def stmt_While(self, stmt: ast.While, scope: Scope) -> None:
        count = 0
        start: tuple[int, int] | None = self._loop_start()
        walrus = [n.target for n in ast.walk(stmt.test) if isinstance(n, ast.NamedExpr)]
        while True:
            if start is not None and self._only_data_so_far(start):
                if self._cut_data_loop(stmt, walrus, scope):
                    return
                start = None  # its effects are not all visible here: follow it to the end
            test = self.truth(self.eval(stmt.test, scope))
            if test is None:
                self.havoc_statements(stmt.body + stmt.orelse, scope, f"loop condition at line {stmt.lineno} is "
                                                                      "not known")
                return
            if not test:
                self.exec_block(stmt.orelse, scope)
                return
            count += 1
            if count > self.ctx.limits.max_loop_iterations:
                self.havoc_statements(stmt.body + stmt.orelse, scope, f"loop at line {stmt.lineno} runs more "
                                      f"than {self.ctx.limits.max_loop_iterations} times", targets=walrus)
                return
            try:
                self.exec_block(stmt.body, scope)
            except BreakSignal:
                return
            except ContinueSignal:
                continue
            except UndecidedExit as exc:
                if exc.kind == "return":
                    raise
                self.havoc_statements(stmt.body + stmt.orelse, scope, exc.reason)
                return

    def stmt_Break(self, stmt: ast.Break, scope: Scope) -> None:
        raise BreakSignal()

    def stmt_Continue(self, stmt: ast.Continue, scope: Scope) -> None:
        raise ContinueSignal()

    def stmt_Return(self, stmt: ast.Return, scope: Scope) -> None:
        raise ReturnSignal(None if stmt.value is None else self.eval(stmt.value, scope))

    def stmt_Raise(self, stmt: ast.Raise, scope: Scope) -> None:
        raise UserRaise(None, stmt.lineno)

    def stmt_Assert(self, stmt: ast.Assert, scope: Scope) -> None:
        pass

    def stmt_Delete(self, stmt: ast.Delete, scope: Scope) -> None:
        for target in stmt.targets:
            if isinstance(target, ast.Name):
                scope.delete(target.id)
            elif isinstance(target, ast.Subscript):
                container = self.eval(target.value, scope)
                key = self.eval(target.slice, scope)
                if isinstance(container, (list, dict)) and not isinstance(key, Unknown):
                    try:
                        del container[key]
                    except Exception:
                        pass
                else:
                    self.havoc_value(container, f"del at line {stmt.lineno}")

    def stmt_Global(self, stmt: ast.Global, scope: Scope) -> None:
        scope.global_names.update(stmt.names)

    def stmt_Nonlocal(self, stmt: ast.Nonlocal, scope: Scope) -> None:
        scope.nonlocal_names.update(stmt.names)

    def stmt_With(self, stmt: ast.With, scope: Scope) -> None:
        for item in stmt.items:
            value = self.eval(item.context_expr, scope)
            if item.optional_vars is not None:
                self.assign(item.optional_vars, Unknown("value of a `with` statement", stmt.lineno)
                            if not isinstance(value, Ref) else value, scope)
        self.exec_block(stmt.body, scope)

    stmt_AsyncWith = stmt_With

    def stmt_Try(self, stmt: ast.Try, scope: Scope) -> None:
        try:
            self.exec_block(stmt.body, scope)
        except UserRaise as exc:
            if not stmt.handlers:
                self.exec_block(stmt.finalbody, scope)
                raise
            handler = stmt.handlers[0]
            if handler.name:
                scope.assign(handler.name, Unknown("the caught exception", exc.line))
            self.exec_block(handler.body, scope)
        else:
            self.exec_block(stmt.orelse, scope)
        self.exec_block(stmt.finalbody, scope)

    stmt_TryStar = stmt_Try

    def stmt_Import(self, stmt: ast.Import, scope: Scope) -> None:
        for alias in stmt.names:
            if alias.asname:
                scope.assign(alias.asname, Ref(alias.name))
            else:
                top = alias.name.split(".")[0]
                scope.assign(top, Ref(top))

    def stmt_ImportFrom(self, stmt: ast.ImportFrom, scope: Scope) -> None:
        module = stmt.module or ""
        if stmt.level:
            # A relative import of the user's own package: never imported, never followed.
            from .builders import keras_applications_import
            for alias in stmt.names:
                if alias.name != "*":
                    known = keras_applications_import(module, alias.name)
                    scope.assign(alias.asname or alias.name,
                                 known or Unknown(f"`{alias.name}` comes from a local module", stmt.lineno))
            return
        for alias in stmt.names:
            if alias.name == "*":
                scope.module.star_imports.append(module)
                continue
            scope.assign(alias.asname or alias.name, Ref(f"{module}.{alias.name}"))

    def stmt_FunctionDef(self, stmt: ast.FunctionDef, scope: Scope) -> None:
        func = self.make_function(stmt, scope)
        value: Any = func
        for decorator in reversed(stmt.decorator_list):
            value = self.apply_decorator(decorator, value, scope)
        scope.assign(stmt.name, value)

    stmt_AsyncFunctionDef = stmt_FunctionDef

    def stmt_ClassDef(self, stmt: ast.ClassDef, scope: Scope) -> None:
        from .classes import define_class
        value: Any = define_class(self, stmt, scope)
        for decorator in reversed(stmt.decorator_list):
            value = self.apply_decorator(decorator, value, scope)
        scope.assign(stmt.name, value)

    def stmt_Match(self, stmt: Any, scope: Scope) -> None:
        self.havoc_statements([c for case in stmt.cases for c in case.body], scope,
                              f"match statement at line {stmt.lineno} is not interpreted")

    # ------------------------------------------------------------------ functions
    def make_function(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda, scope: Scope,
                      name: str | None = None) -> Function:
        args = node.args
        positional = args.posonlyargs + args.args
        defaults = {}
        for arg, default in zip(positional[len(positional) - len(args.defaults):], args.defaults):
            defaults[arg.arg] = self.eval(default, scope)
        kw_defaults = {}
        for arg, default in zip(args.kwonlyargs, args.kw_defaults):
            if default is not None:
                kw_defaults[arg.arg] = self.eval(default, scope)
        fname = name or getattr(node, "name", "<lambda>")
        func = Function(node=node, scope=scope.function_parent(), name=fname, defaults=defaults,
                        kw_defaults=kw_defaults, qualname=fname)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            self.defined_functions.append(func)
        return func

    def apply_decorator(self, decorator: ast.expr, value: Any, scope: Scope) -> Any:
        if isinstance(decorator, ast.Name) and decorator.id in ("staticmethod", "classmethod", "property"):
            if isinstance(value, Function):
                value.kind = decorator.id
            return value
        deco = self.eval(decorator, scope)
        if isinstance(deco, Ref):
            # Library decorators (tf.function, register_keras_serializable, ...) keep the object.
            return value
        if isinstance(deco, Unknown):
            return value if isinstance(value, ClassValue) else Unknown(
                f"`{getattr(value, 'name', '?')}` is wrapped by a decorator the analysis cannot follow",
                decorator.lineno)
        return self.call_value(deco, [value], {}, decorator)

    # ------------------------------------------------------------------ names
    def lookup_name(self, name: str, scope: Scope, node: ast.AST) -> Any:
        value = scope.lookup(name)
        if value is not MISSING:
            return value
        from .builtins import BUILTINS
        if name in BUILTINS:
            return BUILTINS[name]
        # The last `from X import *` that binds the name wins, as in Python.
        from .names import is_keras, star_exports
        undecided = None
        for module in reversed(scope.module.star_imports):
            exported = star_exports(module, name)
            if exported:
                return Ref(f"{module}.{name}")
            if exported is None and undecided is None:
                undecided = module
        if undecided is not None:
            if is_keras(undecided):
                return Ref(f"{undecided}.{name}")
            return Unknown(f"`{name}` may come from `from {undecided} import *`", getattr(node, "lineno", None))
        keras_layers = [m for m in scope.module.star_imports if star_exports(m, "Dense")]
        if keras_layers and name[:1].isupper():
            return Ref(f"{keras_layers[-1]}.{name}")  # a layer class the catalog does not know
        return Unknown(f"name `{name}` is not defined", getattr(node, "lineno", None))


def _as_load(target: ast.expr) -> ast.expr:
    """The same expression in load context (for augmented assignment)."""
    return target


__all__ = ["Interpreter", "ReturnSignal", "BreakSignal", "ContinueSignal", "UserRaise"]
