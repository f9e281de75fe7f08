"""How to configure each Keras layer class: one small entry per class.

An entry says which inputs a layer takes and how to draw *legal* constructor arguments
for a given input shape (hypothesis draws, so failures shrink). Real Keras is asked
whether a draw is accepted (``keras_oracle.apply``); an entry only has to make that
likely, never to compute a shape. Entries are grouped by family in the modules beside
this one and discovered automatically: covering a new layer is one ``@entry`` function.

    @entry("Dense", width="units")
    def dense(c: Ctx) -> dict:
        return {"units": c.int(1, 32), "use_bias": c.bool()}

An entry whose class has no catalog spec yet is inactive (the generator skips it).
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

from hypothesis import strategies as st

Shape = tuple  # batch axis first (None), then ints or None


class Ctx:
    """What an entry draws with: the input shape(s) and hypothesis's ``draw``."""

    def __init__(self, draw: Callable, shapes: Sequence[Shape], keep: bool = False) -> None:
        self._draw = draw
        self.shapes = list(shapes)
        self.keep = keep  # prefer arguments that keep the input shape (for residual merges)

    @property
    def shape(self) -> Shape:
        return self.shapes[0]

    @property
    def rank(self) -> int:
        return len(self.shape)

    # -- drawing
    def draw(self, strategy: st.SearchStrategy) -> Any:
        return self._draw(strategy)

    def int(self, lo: int, hi: int) -> int:
        return self._draw(st.integers(lo, max(lo, hi)))

    def bool(self) -> bool:
        return self._draw(st.booleans())

    def choice(self, options: Sequence[Any]) -> Any:
        return self._draw(st.sampled_from(list(options)))

    def rarely(self, n: int) -> bool:
        """True about 1 in n times (False is what hypothesis shrinks towards)."""
        return self._draw(st.integers(0, n - 1)) == n - 1

    def maybe(self, value: Any, default: Any = None) -> Any:
        """``value`` or ``default``: an optional argument, set or not."""
        return value if self.bool() else default

    def rate(self) -> float:
        return self.choice([0.0, 0.1, 0.25, 0.5, 0.8])

    def activation(self) -> Any:
        return self.choice([None, "relu", "linear", "sigmoid", "tanh", "softmax", "gelu", "elu", "swish"])

    def data_format(self) -> Any:
        """``data_format``: absent (None), or one of the two spellings."""
        return self.choice([None, "channels_last", "channels_first"])

    def axis(self, rank: int | None = None, batch: bool = False) -> int:
        """A valid axis of an input of ``rank`` (batch excluded unless ``batch``), negative or not."""
        rank = rank or self.rank
        i = self.int(0 if batch else 1, rank - 1)
        return i - rank if self.bool() else i

    def nested(self, names: Sequence[str], shape: Shape) -> Nested | None:
        """One of the layers ``names`` (those with a spec), configured for ``shape``."""
        options = [e for n, e in active_entries().items() if n in names and e.accepts(shape)]
        if not options:
            return None
        inner = self.choice(options)
        kwargs = inner.draw(Ctx(self._draw, [shape], self.keep))
        return None if kwargs is None else Nested.of(inner.name, kwargs)

    def tuple_or_int(self, values: Sequence[int]) -> Any:
        """Keras accepts an int for equal values; real code writes either."""
        if len(set(values)) == 1 and self.bool():
            return values[0]
        return tuple(values)


@dataclass(frozen=True)
class Nested:
    """A layer passed as an argument (a wrapped layer, an RNN cell): Keras gets the object,
    the script the constructor call."""

    name: str
    items: tuple  # the keyword arguments, as sorted (name, value) pairs

    @staticmethod
    def of(name: str, kwargs: dict) -> "Nested":
        return Nested(name, tuple(kwargs.items()))

    @property
    def kwargs(self) -> dict:
        return dict(self.items)


@dataclass(frozen=True)
class Code:
    """An argument written as code, such as a Lambda's function. ``{ops}`` in ``text`` stands
    for however the script reaches ``keras.ops``; real Keras gets the evaluated expression."""

    text: str

    def spell(self, ops: str = "keras.ops") -> str:
        return self.text.format(ops=ops)

    def __repr__(self) -> str:
        return self.spell()


@dataclass
class Entry:
    name: str  # the keras.layers class (and catalog spec) name
    draw: Callable[[Ctx], Any]  # legal keyword arguments for ctx.shape(s), or None: not applicable
    ranks: tuple[int, ...] = ()  # accepted input ranks, batch included; () = any rank >= 2
    inputs: str = "one"  # "one": a tensor; "merge": a list of tensors; "args": tensors as arguments
    invalid: Callable[[Ctx], Any] | None = None  # arguments Keras rejects for ctx.shape, or None
    dtype: str = "float32"  # dtype of the input the layer expects
    width: str | None = None  # an argument that may differ freely between loop iterations
    keep: bool = False  # honours ctx.keep (draws shape-preserving arguments)
    input_shape: Callable[[Ctx], Any] | None = None  # per-spec check: draw input shape(s)
    tags: set[str] = field(default_factory=set)
    max_positional: int | None = None  # at most this many arguments written positionally
    # A tensor operation between layers instead of a layer: how Keras computes it from the
    # input tensors and the drawn arguments, and how the script writes it (``spell(inputs,
    # kwargs, lit)`` with the inputs' variable names and the renderer's literal writer).
    compute: Callable[..., Any] | None = None
    spell: Callable[..., str] | None = None
    handler: str | None = None  # the canonical name kerasaudit must model for the entry to be active
    # For arguments drawn for another input (a loop's later iteration): are they still fit?
    still_fits: Callable[[Shape, dict], bool] | None = None

    @property
    def is_op(self) -> bool:
        return self.compute is not None

    def keras_inputs(self, tensors: list) -> Any:
        """How the layer is called on these tensors: ``x``, ``[a, b]`` or ``(a, b)`` as arguments."""
        if self.inputs == "one":
            return tensors[0]
        return list(tensors) if self.inputs == "merge" else tuple(tensors)

    def call_code(self, names: list[str], call_kwargs: list[str] = ()) -> str:  # type: ignore[assignment]
        if self.inputs == "one":
            args = [names[0]]
        elif self.inputs == "merge":
            args = ["[" + ", ".join(names) + "]"]
        else:
            args = list(names)
        return "(" + ", ".join(args + list(call_kwargs)) + ")"

    def accepts(self, shape: Shape, dtype: str = "float32") -> bool:
        if self.inputs != "one" or dtype != self.dtype:
            return False
        if self.ranks:
            return len(shape) in self.ranks
        return len(shape) >= 2


# The key of an entry's arguments under which it puts keyword arguments of the *call*
# (``return_attention_scores=True``); everything else goes to the constructor.
CALL = "__call__"


def split_call(kwargs: dict) -> tuple[dict, dict]:
    kwargs = dict(kwargs)
    return kwargs, kwargs.pop(CALL, {})


REGISTRY: dict[str, Entry] = {}
# Classes exercised only inside another entry's arguments (RNN cells inside ``RNN``).
COVERED_BY: dict[str, str] = {}

# Keras 3 builds these only with TensorFlow installed (their __init__ raises ImportError
# "Layer X requires TensorFlow" otherwise) and the test extra has the jax backend and no
# TensorFlow, so real Keras cannot judge them here. Their specs are checked instead by
# fixtures/catalog/text_preprocessing.py, whose golden was recorded once with TensorFlow
# installed (see tools/make_golden.py).
NEEDS_TENSORFLOW = ("HashedCrossing", "Hashing", "IntegerLookup", "StringLookup", "TextVectorization")
# Catalog specs that have no entry on purpose: name -> why.
WITHOUT_ENTRY: dict[str, str] = {
    **{name: "requires TensorFlow, which the test environment does not install" for name in NEEDS_TENSORFLOW},
    "InputLayer": "every case and script starts with one",
}


def entry(name: str, **options: Any) -> Callable[[Callable[[Ctx], Any]], Callable[[Ctx], Any]]:
    def register(fn: Callable[[Ctx], Any]) -> Callable[[Ctx], Any]:
        REGISTRY[name] = Entry(name, fn, **options)
        return fn
    return register


def invalid_for(name: str) -> Callable[[Callable[[Ctx], Any]], Callable[[Ctx], Any]]:
    """Attach a drawer of arguments Keras must reject to an existing entry."""
    def register(fn: Callable[[Ctx], Any]) -> Callable[[Ctx], Any]:
        REGISTRY[name].invalid = fn
        return fn
    return register


_loaded = False


def all_entries() -> dict[str, Entry]:
    global _loaded
    if not _loaded:
        _loaded = True
        for info in pkgutil.iter_modules(__path__):
            if not info.name.startswith("_"):
                importlib.import_module(f"{__name__}.{info.name}")
    return dict(REGISTRY)


def active_entries() -> dict[str, Entry]:
    """Entries whose class has a catalog spec: the ones the generators use."""
    from kerasaudit.catalog import all_specs

    from kerasaudit.analysis.library import handler_for

    specs = all_specs()
    return {n: e for n, e in all_entries().items()
            if (n in specs if not e.is_op else (e.handler is None or handler_for(e.handler) is not None))}


# -- shared drawing helpers ------------------------------------------------------------

def split_channels(shape: Shape, channels_first: bool) -> tuple[tuple, Any]:
    """(spatial sizes, channel size) of an image-like input."""
    if channels_first:
        return tuple(shape[2:]), shape[1]
    return tuple(shape[1:-1]), shape[-1]


def window(c: Ctx, size: Any, hi: int = 5, dilation: int = 1) -> int:
    """A kernel/pool size that fits a spatial size (any size up to ``hi`` when unknown)."""
    if size is None:
        return c.int(1, hi)
    limit = (size - 1) // dilation + 1 if dilation > 1 else size
    return c.int(1, max(1, min(hi, limit)))


def divisors(n: int) -> list[int]:
    return [d for d in range(1, n + 1) if n % d == 0]


def image_shape(c: Ctx, spatial_rank: int, lo: int = 1, hi: int = 12, channels_hi: int = 6,
                none_ok: bool = True) -> Shape:
    """A channels-last (or, read the other way, channels-first) input with small sizes."""
    dims = []
    for _ in range(spatial_rank):
        dims.append(None if none_ok and c.rarely(10) else c.int(lo, hi))
    return (None, *dims, c.int(1, channels_hi))
