"""Name scopes of the interpreted program (module, function, class bodies)."""

from __future__ import annotations

from typing import Any

from .values import MISSING


class Scope:
    """One namespace. Functions see their enclosing function scopes and the module scope;
    class bodies are skipped by the functions defined in them, as in Python."""

    __slots__ = ("vars", "parent", "module", "kind", "name", "global_names", "nonlocal_names", "star_imports")

    def __init__(self, parent: "Scope | None" = None, kind: str = "module", name: str = "<module>") -> None:
        self.vars: dict[str, Any] = {}
        self.parent = parent
        self.module: Scope = parent.module if parent is not None else self
        self.kind = kind
        self.name = name
        self.global_names: set[str] = set()
        self.nonlocal_names: set[str] = set()
        self.star_imports: list[str] = []  # module paths of `from X import *` (module scope only)

    def lookup(self, name: str) -> Any:
        if name in self.global_names:
            return self.module.vars.get(name, MISSING)
        scope: Scope | None = self
        while scope is not None:
            if name in scope.vars:
                return scope.vars[name]
            scope = scope.parent
        return MISSING

    def assign(self, name: str, value: Any) -> None:
        if name in self.global_names:
            self.module.vars[name] = value
            return
        if name in self.nonlocal_names:
            scope = self.parent
            while scope is not None and scope.kind != "module":
                if name in scope.vars:
                    scope.vars[name] = value
                    return
                scope = scope.parent
        self.vars[name] = value

    def delete(self, name: str) -> None:
        target = self.module if name in self.global_names else self
        target.vars.pop(name, None)

    def function_parent(self) -> "Scope":
        """The scope a function defined here closes over (class bodies are not closures)."""
        scope: Scope = self
        while scope.kind == "class" and scope.parent is not None:
            scope = scope.parent
        return scope
