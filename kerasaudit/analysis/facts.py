"""What the interpretation found, for rules and reporters to read (never to recompute)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .graph import LayerObj, Node, Site
from .models import ModelObj


@dataclass(eq=False)
class MethodCall:
    """A call of a model method the rules care about (compile, fit, evaluate, predict...)."""

    model: Any
    method: str
    args: list
    kwargs: dict
    site: Site


@dataclass(eq=False)
class LibraryCall:
    """A call of a library function by canonical name (optimizers, losses, legacy API...)."""

    name: str
    args: list
    kwargs: dict
    site: Site
    spelled: str = ""  # the dotted path as written (before canonicalisation)


@dataclass(eq=False)
class ArgumentProblem:
    """Keras would reject a constructor or call: unknown keyword, bad value."""

    layer_class: str
    message: str
    site: Site


@dataclass(eq=False)
class Facts:
    layers: list[LayerObj] = field(default_factory=list)  # every layer object created, in order
    calls: list[Node] = field(default_factory=list)  # every layer application, in order
    models: list[ModelObj] = field(default_factory=list)  # every model created, in order
    method_calls: list[MethodCall] = field(default_factory=list)
    library_calls: list[LibraryCall] = field(default_factory=list)
    argument_problems: list[ArgumentProblem] = field(default_factory=list)
    legacy_arguments: list[tuple[Site, str, str, str]] = field(default_factory=list)  # site, class, old, new
    unknown_layers: list[tuple[Site, str]] = field(default_factory=list)  # site, spelled name
