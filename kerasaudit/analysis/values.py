"""The abstract values the interpreter computes with.

Known Python data is represented by itself (``int``, ``str``, ``tuple``, ``list``,
``dict``, ...), so ordinary code paths need no wrapping. Everything else is one of the
small classes here. ``Unknown`` is the honest answer whenever the source does not
determine a value; it always carries the reason.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable

from .dims import MAX_DIM, UnknownDim
from .shapes import OutputShapes, UnknownShape

if TYPE_CHECKING:
    from .graph import Node
    from .scope import Scope


class Unknown:
    """A value the analysis cannot know. ``reason`` says why, ``line`` where it arose."""

    __slots__ = ("reason", "line")

    def __init__(self, reason: str, line: int | None = None) -> None:
        self.reason = reason
        self.line = line

    def __repr__(self) -> str:
        return f"Unknown({self.reason!r})"

    def where(self) -> str:
        return f"{self.reason} (line {self.line})" if self.line else self.reason


class OpaqueObject(Unknown):
    """What a call the analysis does not model returned (``keras.models.clone_model(net)``,
    ``hub.KerasLayer(...)``): unknown, and possibly a layer or a model. A custom layer or
    model holding one in an attribute may own weights the analysis cannot count."""

    __slots__ = ()


def first_of(value: object, kinds: type | tuple[type, ...]) -> Any:
    """The first of ``kinds`` in ``value`` (itself, or in its lists, tuples and dict values), or None."""
    if isinstance(value, kinds):
        return value
    if isinstance(value, (list, tuple, dict)):
        for item in (value.values() if isinstance(value, dict) else value):
            found = first_of(item, kinds)
            if found is not None:
                return found
    return None


def contains(value: object, kinds: type | tuple[type, ...]) -> bool:
    """Whether ``value``, or anything in its lists, tuples and dict values, is one of ``kinds``."""
    return first_of(value, kinds) is not None


def is_unknown(value: object) -> bool:
    return isinstance(value, Unknown)


def _impossible(d: int) -> Any:
    what = f"a negative size ({d})" if d < 0 else "a size larger than any tensor can have"
    return UnknownDim(f"{what}: Keras would fail before making this tensor")


class Tensor:
    """A symbolic tensor: its shape and the layer call (node) that produced it."""

    __slots__ = ("shape", "node", "index", "dtype", "mask")

    def __init__(self, shape: OutputShapes, node: "Node | None" = None, index: int = 0,
                 dtype: str | None = None) -> None:
        if type(shape) is tuple and any(type(d) is int and not 0 <= d <= MAX_DIM for d in shape):
            # No tensor has a negative size, or one past int64 (Keras fails before making
            # one); a shape computed from bad arguments must not print or count as one.
            shape = tuple(_impossible(d) if type(d) is int and not 0 <= d <= MAX_DIM else d for d in shape)
        self.shape = shape
        self.node = node
        self.index = index
        self.dtype = dtype
        self.mask: "Tensor | None" = None  # Keras's _keras_mask (see analysis/masks.py)

    def __repr__(self) -> str:
        return f"Tensor({self.shape!r})"

    @staticmethod
    def unknown(reason: str) -> "Tensor":
        return Tensor(UnknownShape(reason))


@dataclass(eq=False)
class Ref:
    """A reference to a library object by its dotted path, e.g. ``keras.layers.Conv2D``
    or ``numpy.zeros``. Resolved to a canonical Keras name only when it is used."""

    path: str

    def attr(self, name: str) -> "Ref":
        return Ref(f"{self.path}.{name}")


@dataclass(eq=False)
class LibraryObject:
    """An object a modelled library call returned that matters only by what it was
    (an optimizer, a loss, a regularizer...): canonical name and its arguments."""

    name: str
    args: tuple = ()
    kwargs: dict = field(default_factory=dict)
    line: int | None = None
    attrs: dict = field(default_factory=dict)


@dataclass(eq=False)
class Function:
    """A user function or lambda, interpreted at its call sites."""

    node: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda
    scope: "Scope"
    name: str
    defaults: dict[str, Any]
    kw_defaults: dict[str, Any]
    qualname: str = ""
    owner: "ClassValue | None" = None
    kind: str = "function"  # function | staticmethod | classmethod | property

    called: bool = False


@dataclass(eq=False)
class BoundMethod:
    self_value: Any
    function: Function


@dataclass(eq=False)
class Builtin:
    """A modelled Python or library callable: ``impl(interp, args, kwargs, node)``."""

    name: str
    impl: Callable[..., Any]
    self_value: Any = None


@dataclass(eq=False)
class ClassValue:
    """A class defined in the analysed file."""

    name: str
    bases: list
    namespace: dict
    node: ast.ClassDef
    keras_base: str | None = None  # canonical Keras base ("keras.Model", "keras.layers.Layer") if any

    def lookup(self, name: str) -> Any:
        if name in self.namespace:
            return self.namespace[name]
        for base in self.bases:
            if isinstance(base, ClassValue):
                found = base.lookup(name)
                if found is not _MISSING:
                    return found
        return _MISSING

    def mro(self) -> list["ClassValue"]:
        out = [self]
        for base in self.bases:
            if isinstance(base, ClassValue):
                for c in base.mro():
                    if c not in out:
                        out.append(c)
        return out


@dataclass(eq=False)
class Instance:
    """An instance of a user class that is not a Keras layer or model."""

    cls: ClassValue
    attrs: dict = field(default_factory=dict)


class AbstractObject:
    """An object of the analysed program with behaviour of its own (a subclassed Keras layer or
    model, a ``super()`` proxy): the interpreter asks it for attributes, assignments and calls."""

    def attribute(self, interp: Any, name: str, node: ast.AST) -> Any:  # pragma: no cover - interface
        raise NotImplementedError

    def set_attribute(self, interp: Any, name: str, value: Any, node: ast.AST) -> None:
        raise NotImplementedError(name)

    def call(self, interp: Any, args: list, kwargs: dict, node: ast.AST) -> Any:
        return Unknown(f"calling {type(self).__name__} is not modelled", getattr(node, "lineno", None))


class _Missing:
    def __repr__(self) -> str:
        return "<missing>"


_MISSING = _Missing()
MISSING = _MISSING
