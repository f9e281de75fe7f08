"""Library calls by canonical name: Keras functions, the Python standard library, NumPy...

A handler module registers functions with :func:`handles` (exact canonical names) or
:func:`handles_prefix`. Modules in this package are discovered automatically, so a new
family of modelled functions is one new module.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
from typing import Any, Callable

from ...catalog import lookup
from ..facts import LibraryCall
from ..graph import Site, iter_structure
from ..names import canonical, layer_class_name
from ..values import LibraryObject, OpaqueObject, Ref, Tensor, Unknown

Handler = Callable[[Any, list, dict, ast.AST, str], Any]

HANDLERS: dict[str, Handler] = {}
PREFIX_HANDLERS: list[tuple[str, Handler]] = []
_loaded = False


def handles(*names: str) -> Callable[[Handler], Handler]:
    def register(fn: Handler) -> Handler:
        for name in names:
            HANDLERS[name] = fn
        return fn

    return register


def handles_prefix(prefix: str) -> Callable[[Handler], Handler]:
    def register(fn: Handler) -> Handler:
        PREFIX_HANDLERS.append((prefix, fn))
        PREFIX_HANDLERS.sort(key=lambda p: -len(p[0]))
        return fn

    return register


def _load() -> None:
    global _loaded
    if _loaded:
        return
    _loaded = True
    for info in pkgutil.iter_modules(__path__):
        if not info.name.startswith("_"):
            importlib.import_module(f"{__name__}.{info.name}")


def handler_for(name: str) -> Handler | None:
    _load()
    handler = HANDLERS.get(name)
    if handler is not None:
        return handler
    for prefix, fn in PREFIX_HANDLERS:
        if name.startswith(prefix):
            return fn
    return None


def has_tensor(values: list) -> bool:
    return any(isinstance(v, Tensor) for v in iter_structure(values))


def call_library(interp: Any, ref: Ref, args: list, kwargs: dict, node: ast.AST) -> Any:
    name = canonical(ref.path)
    site = Site.of(node)
    if name.startswith(("keras", "tensorflow")):
        interp.ctx.facts.library_calls.append(LibraryCall(name, args, kwargs, site, ref.path))
    handler = handler_for(name)
    if handler is not None:
        return handler(interp, args, kwargs, node, name)
    class_name = layer_class_name(name)
    if class_name and class_name[:1].isupper():
        from ..layercall import create_layer
        spec = lookup(class_name)
        if spec is None:
            interp.ctx.facts.unknown_layers.append((site, ref.path))
        # create_layer reports the spec's Keras class (MaxPool2D is a MaxPooling2D) and keeps
        # the spelling written, for the legacy-API rules.
        return create_layer(interp, spec, class_name, args, kwargs, node,
                            None if spec else f"layer class {class_name} is not in kerasaudit's catalog")
    if has_tensor(list(args) + list(kwargs.values())):
        from ..layercall import unknown_operation
        return unknown_operation(interp, args, kwargs, node, f"`{ref.path}` is not modelled")
    if name.startswith("keras.") and not name.startswith(_MAKES_MODELS_OR_LAYERS):
        return LibraryObject(name, tuple(args), dict(kwargs), site.line)
    return OpaqueObject(f"`{ref.path}(...)` is not modelled", site.line)


# Keras functions that return a model or a layer the analysis does not rebuild.
_MAKES_MODELS_OR_LAYERS = ("keras.models.", "keras.saving.", "keras.layers.", "keras.utils.deserialize",
                           "keras.utils.get_registered_object", "keras.Model.from_config",
                           "keras.Sequential.from_config")
