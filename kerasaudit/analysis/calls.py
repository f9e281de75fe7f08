"""Calls and attribute access: user functions at their call sites, library calls by name,
layer objects applied to tensors."""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, Any

from .arrays import Array
from .graph import LayerObj
from .values import (MISSING, AbstractObject, BoundMethod, Builtin, ClassValue, Function, Instance,
                     LibraryObject, Ref, Tensor, Unknown, contains)

if TYPE_CHECKING:
    from .scope import Scope


class CallsMixin:
    # ------------------------------------------------------------------ call expressions
    def expr_Call(self, node: ast.Call, scope: "Scope") -> Any:
        self.ctx.step(node.lineno)  # type: ignore[attr-defined]
        func = self.eval(node.func, scope)  # type: ignore[attr-defined]
        args: list = []
        for arg in node.args:
            if isinstance(arg, ast.Starred):
                items = self.iterate(self.eval(arg.value, scope), arg)  # type: ignore[attr-defined]
                if isinstance(items, Unknown):
                    return self.unknown_result(func, [items], {}, node,
                                               f"arguments unpacked from {items.reason}")
                args.extend(items)
            else:
                args.append(self.eval(arg, scope))  # type: ignore[attr-defined]
        kwargs: dict = {}
        for kw in node.keywords:
            value = self.eval(kw.value, scope)  # type: ignore[attr-defined]
            if kw.arg is None:
                if isinstance(value, dict) and all(isinstance(k, str) for k in value) and not self.tainted(value):
                    kwargs.update(value)
                else:
                    reason = value.reason if isinstance(value, Unknown) else "an unknown **kwargs"
                    return self.unknown_result(func, args, kwargs, node, f"keyword arguments from {reason}")
            else:
                kwargs[kw.arg] = value
        return self.call_value(func, args, kwargs, node)

    def call_value(self, func: Any, args: list, kwargs: dict, node: ast.AST) -> Any:
        if isinstance(func, AbstractObject):
            return func.call(self, args, kwargs, node)
        if isinstance(func, Function):
            return self.call_function(func, args, kwargs, node)
        if isinstance(func, BoundMethod):
            if func.function.kind == "staticmethod":
                return self.call_function(func.function, args, kwargs, node)
            return self.call_function(func.function, [func.self_value, *args], kwargs, node)
        if isinstance(func, Builtin):
            if func.self_value is not None:
                return func.impl(self, [func.self_value, *args], kwargs, node)
            return func.impl(self, args, kwargs, node)
        if isinstance(func, Ref):
            from .library import call_library
            return call_library(self, func, args, kwargs, node)
        if isinstance(func, LayerObj):
            from .layercall import call_layer_object
            return call_layer_object(self, func, args, kwargs, node)
        if isinstance(func, ClassValue):
            from .classes import instantiate
            return instantiate(self, func, args, kwargs, node)
        if isinstance(func, Instance):
            method = self.get_attribute(func, "__call__", node)
            if not isinstance(method, Unknown):
                return self.call_value(method, args, kwargs, node)
        if isinstance(func, Unknown):
            return self.unknown_result(func, args, kwargs, node, func.reason)
        return self.unknown_result(func, args, kwargs, node, f"calling {type(func).__name__} is not modelled")

    def unknown_result(self, func: Any, args: list, kwargs: dict, node: ast.AST, reason: str) -> Any:
        """The result of a call the analysis cannot follow. Tensors passed in stay connected
        through an unknown operation, so the layers before it are still found."""
        from .layercall import unknown_operation
        tensors = [a for a in list(args) + list(kwargs.values()) if contains(a, Tensor)]
        if tensors:
            return unknown_operation(self, args, kwargs, node, reason)
        return Unknown(reason, getattr(node, "lineno", None))

    # ------------------------------------------------------------------ user functions
    def call_function(self, func: Function, args: list, kwargs: dict, node: ast.AST) -> Any:
        from .havoc import UndecidedExit
        from .interpreter import ReturnSignal
        from .scope import Scope

        line = getattr(node, "lineno", None)
        limits = self.ctx.limits  # type: ignore[attr-defined]
        if len(self.function_stack) >= limits.max_call_depth:  # type: ignore[attr-defined]
            return Unknown(f"calls nested deeper than {limits.max_call_depth} (recursion?)", line)
        func.called = True
        scope = Scope(parent=func.scope, kind="function", name=func.name)
        problem = self.bind_arguments(func, args, kwargs, scope)
        if problem is not None:
            return Unknown(f"call of `{func.name}` would fail: {problem}", line)
        self.function_stack.append(func)  # type: ignore[attr-defined]
        self.scope_stack.append(scope)  # type: ignore[attr-defined]  # zero-argument super() reads `self`
        try:
            if isinstance(func.node, ast.Lambda):
                return self.eval(func.node.body, scope)  # type: ignore[attr-defined]
            if _is_generator(func.node):
                return Unknown(f"`{func.name}` is a generator", line)
            self.exec_block(func.node.body, scope)  # type: ignore[attr-defined]
            return None
        except ReturnSignal as ret:
            return ret.value
        except UndecidedExit as exc:
            self.havoc_statements(func.node.body, scope, exc.reason)  # type: ignore[attr-defined]
            return Unknown(f"the result of `{func.name}` {exc.reason}", line)
        finally:
            self.function_stack.pop()  # type: ignore[attr-defined]
            self.scope_stack.pop()  # type: ignore[attr-defined]

    def bind_arguments(self, func: Function, args: list, kwargs: dict, scope: "Scope") -> str | None:
        a = func.node.args
        positional = [p.arg for p in a.posonlyargs + a.args]
        kwargs = dict(kwargs)
        for name, value in zip(positional, args):
            scope.vars[name] = value
        extra = args[len(positional):]
        if a.vararg is not None:
            scope.vars[a.vararg.arg] = tuple(extra)
        elif extra:
            return f"{len(args)} positional arguments given, {len(positional)} accepted"
        posonly = {p.arg for p in a.posonlyargs}
        for name in positional[len(args):]:
            if name in kwargs and name not in posonly:
                scope.vars[name] = kwargs.pop(name)
            elif name in func.defaults:
                scope.vars[name] = func.defaults[name]
            else:
                return f"missing argument `{name}`"
        for p in a.kwonlyargs:
            if p.arg in kwargs:
                scope.vars[p.arg] = kwargs.pop(p.arg)
            elif p.arg in func.kw_defaults:
                scope.vars[p.arg] = func.kw_defaults[p.arg]
            else:
                return f"missing keyword argument `{p.arg}`"
        if a.kwarg is not None:
            scope.vars[a.kwarg.arg] = kwargs
        elif kwargs:
            return f"unexpected keyword argument `{next(iter(kwargs))}`"
        return None

    # ------------------------------------------------------------------ attributes
    def expr_Attribute(self, node: ast.Attribute, scope: "Scope") -> Any:
        value = self.eval(node.value, scope)  # type: ignore[attr-defined]
        return self.get_attribute(value, node.attr, node)

    def get_attribute(self, value: Any, name: str, node: ast.AST) -> Any:
        line = getattr(node, "lineno", None)
        if isinstance(value, AbstractObject):
            return value.attribute(self, name, node)
        if isinstance(value, Ref):
            return value.attr(name)
        if isinstance(value, Unknown):
            return value
        if isinstance(value, LayerObj):
            from .layer_attributes import layer_attribute
            return layer_attribute(self, value, name, node)
        if isinstance(value, Tensor):
            from .tensor_attributes import tensor_attribute
            return tensor_attribute(self, value, name, node)
        if isinstance(value, Array):
            from .array_ops import array_attribute
            return array_attribute(self, value, name, node)
        if isinstance(value, Instance):
            if name in value.attrs:
                return value.attrs[name]
            return self._class_attribute(value.cls, value, name, node)
        if isinstance(value, ClassValue):
            found = value.lookup(name)
            if found is MISSING:
                return Unknown(f"class `{value.name}` has no attribute `{name}` the analysis knows", line)
            if isinstance(found, Function) and found.kind == "classmethod":
                return BoundMethod(value, found)
            return found
        if isinstance(value, LibraryObject):
            if name in value.attrs:
                return value.attrs[name]
            if name in value.kwargs:
                return value.kwargs[name]
            return Unknown(f"attribute `{name}` of {value.name}", line)
        from .plain_methods import method_of
        return method_of(self, value, name, node)

    def _class_attribute(self, cls: ClassValue, instance: Any, name: str, node: ast.AST) -> Any:
        found = cls.lookup(name)
        if found is MISSING:
            return Unknown(f"`{cls.name}` object has no attribute `{name}` the analysis knows",
                           getattr(node, "lineno", None))
        if isinstance(found, Function):
            if found.kind == "staticmethod":
                return found
            if found.kind == "classmethod":
                return BoundMethod(cls, found)
            if found.kind == "property":
                return self.call_function(found, [instance], {}, node)
            return BoundMethod(instance, found)
        return found

    def set_attribute(self, owner: Any, name: str, value: Any, node: ast.AST) -> None:
        if isinstance(owner, AbstractObject):
            owner.set_attribute(self, name, value, node)
        elif isinstance(owner, LayerObj):
            from .layer_attributes import set_layer_attribute
            set_layer_attribute(self, owner, name, value, node)
        elif isinstance(owner, Instance):
            owner.attrs[name] = value
        elif isinstance(owner, ClassValue):
            owner.namespace[name] = value
        elif isinstance(owner, LibraryObject):
            owner.attrs[name] = value


_GENERATOR_CACHE: dict[int, tuple[ast.AST, bool]] = {}


def _is_generator(node: ast.AST) -> bool:
    """Whether the function's own body yields (nested functions don't count); cached per node."""
    cached = _GENERATOR_CACHE.get(id(node))
    if cached is not None and cached[0] is node:
        return cached[1]
    found = False
    stack = list(ast.iter_child_nodes(node))
    while stack and not found:
        child = stack.pop()
        if isinstance(child, (ast.Yield, ast.YieldFrom)):
            found = True
        elif not isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            stack.extend(ast.iter_child_nodes(child))
    if len(_GENERATOR_CACHE) > 10000:
        _GENERATOR_CACHE.clear()
    _GENERATOR_CACHE[id(node)] = (node, found)
    return found
