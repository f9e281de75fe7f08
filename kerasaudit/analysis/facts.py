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
    keywords: tuple[str, ...] = ()  # the keyword arguments Keras does not recognise, if that is the problem


@dataclass(eq=False)
class DataUse:
    """Data a model is given: ``fit``/``evaluate``/``predict``/``train_on_batch``/``test_on_batch``/
    ``predict_on_batch``, or the model called directly on arrays (method ``"__call__"``).

    The data values are the abstract values as passed (after argument binding, Keras 3 signatures):

    - an :class:`~kerasaudit.analysis.arrays.Array`: ``shape`` is a tuple of ``int`` or
      :class:`~kerasaudit.analysis.dims.UnknownDim` (rows first, no batch ``None``), ``dtype`` a NumPy
      dtype name or None, ``origin`` what made it (``"keras.datasets.mnist"``, ``"numpy.zeros"``...);
    - a list/tuple/dict of those for multi-input or multi-output models;
    - :class:`~kerasaudit.analysis.values.Unknown` (with the reason) when the data is only known at run
      time (a ``tf.data.Dataset``, a generator, a file read...);
    - ``None`` when the argument is not given.

    ``validation_data`` is the tuple as passed (``(x_val, y_val)`` or ``(x_val, y_val, weights)``) or
    None; ``validation_split`` and ``batch_size`` are as passed (``batch_size`` None means Keras's default
    of 32 for arrays). ``model`` is the model object (its input/output shapes are in the summaries).
    """

    model: Any
    method: str
    x: Any
    y: Any
    sample_weight: Any
    validation_data: Any
    validation_split: Any
    batch_size: Any
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
    # tf.* / K.* functions applied to symbolic tensors: Keras 3 raises there (site, function, message)
    keras3_refusals: list[tuple[Site, str, str]] = field(default_factory=list)
    data_uses: list[DataUse] = field(default_factory=list)  # data given to fit/evaluate/predict..., in order
    # (site of the right-hand side, tensor) of every `name = <expression giving a tensor>`, in order:
    # what a statement like `x = conv_block(x, 64)` computed, for comments about it.
    assigned_tensors: list[tuple[Site, Any]] = field(default_factory=list)
