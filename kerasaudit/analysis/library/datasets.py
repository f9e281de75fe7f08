"""``keras.datasets.*.load_data()`` and the label/sequence utilities that go with them.

The shapes of Keras's bundled datasets are public facts (each loader's documentation
states them); the data itself is never read.
"""

from __future__ import annotations

import ast
from typing import Any

from ..arrays import Array, known_dim
from ..dims import UnknownDim
from ..values import Unknown
from . import handles

DS = "keras.datasets"

# name -> (train rows, test rows, sample shape, label shape after the row axis, x dtype, y dtype)
_FIXED = {
    "mnist": (60000, 10000, (28, 28), (), "uint8", "uint8"),
    "fashion_mnist": (60000, 10000, (28, 28), (), "uint8", "uint8"),
    "cifar10": (50000, 10000, (32, 32, 3), (1,), "uint8", "uint8"),
    "cifar100": (50000, 10000, (32, 32, 3), (1,), "uint8", None),
}
# Datasets split by ``test_split``: total rows, sample shape.
_SPLIT = {
    "boston_housing": (506, (13,)),
    "reuters": (11228, ()),
}


def _line(node: ast.AST) -> int | None:
    return getattr(node, "lineno", None)


def _pair(x_shape: tuple, y_shape: tuple, x_dtype: str | None, y_dtype: str | None, origin: str) -> tuple:
    return Array(x_shape, x_dtype, origin), Array(y_shape, y_dtype, origin)


@handles(*(f"{DS}.{n}.load_data" for n in _FIXED))
def fixed(interp: Any, args: list, kwargs: dict, node: ast.AST, name: str) -> Any:
    ds = name.split(".")[2]
    train, test, sample, label, xd, yd = _FIXED[ds]
    origin = f"{DS}.{ds}"
    return (_pair((train, *sample), (train, *label), xd, yd, origin),
            _pair((test, *sample), (test, *label), xd, yd, origin))


def _test_split(args: list, kwargs: dict, position: int) -> Any:
    return args[position] if len(args) > position else kwargs.get("test_split", 0.2)


@handles(f"{DS}.boston_housing.load_data", f"{DS}.california_housing.load_data")
def housing(interp: Any, args: list, kwargs: dict, node: ast.AST, name: str) -> Any:
    ds = name.split(".")[2]
    origin = f"{DS}.{ds}"
    if ds == "boston_housing":
        total, features = 506, 13
        split = _test_split(args, kwargs, 1)
    else:
        version = args[0] if args else kwargs.get("version", "large")
        total = {"large": 20640, "small": 600}.get(version) if isinstance(version, str) else None
        features = 8
        split = _test_split(args, kwargs, 2)
    rows = _split_rows(total, split)
    if rows is None:
        n_train: Any = UnknownDim(f"the split of {origin} depends on arguments the analysis does not know")
        n_test: Any = n_train
    else:
        n_train, n_test = rows
    return (_pair((n_train, features), (n_train,), "float64", "float64", origin),
            _pair((n_test, features), (n_test,), "float64", "float64", origin))


def _split_rows(total: int | None, split: Any) -> tuple[int, int] | None:
    if total is None or not isinstance(split, (int, float)) or isinstance(split, bool) or not 0 <= split < 1:
        return None
    n_train = int(total * (1 - split))
    return n_train, total - n_train


@handles(f"{DS}.imdb.load_data", f"{DS}.reuters.load_data")
def sequences(interp: Any, args: list, kwargs: dict, node: ast.AST, name: str) -> Any:
    """Lists of word indices (an object array of variable-length sequences) and labels."""
    ds = name.split(".")[2]
    origin = f"{DS}.{ds}"
    maxlen = args[3] if len(args) > 3 else kwargs.get("maxlen")
    if ds == "imdb":
        rows: Any = (25000, 25000)
    else:
        rows = _split_rows(11228, _test_split(args, kwargs, 4))
    if maxlen is not None or rows is None:
        why = "sequences longer than maxlen are dropped" if maxlen is not None else "the test split is unknown"
        unknown = UnknownDim(f"the number of {origin} samples is not known: {why}")
        rows = (unknown, unknown)
    n_train, n_test = rows
    return (_pair((n_train,), (n_train,), "object", "int64", origin),
            _pair((n_test,), (n_test,), "object", "int64", origin))


@handles("keras.utils.to_categorical", "keras.utils.np_utils.to_categorical")
def to_categorical(interp: Any, args: list, kwargs: dict, node: ast.AST, name: str) -> Any:
    """One-hot labels: ``y.shape`` (a trailing axis of 1 dropped) plus ``num_classes``."""
    y = args[0] if args else kwargs.get("x", kwargs.get("y"))
    n = args[1] if len(args) > 1 else kwargs.get("num_classes")
    if not isinstance(y, Array):
        return Unknown("to_categorical() of labels whose shape is not known", _line(node))
    shape = y.shape
    if len(shape) > 1 and shape[-1] == 1:
        shape = shape[:-1]
    classes: Any = n if known_dim(n) else UnknownDim(
        "to_categorical() without a known num_classes (Keras uses max(y) + 1)")
    return Array((*shape, classes), "float32" if n is not None else None, y.origin)


@handles("keras.preprocessing.sequence.pad_sequences", "keras.utils.pad_sequences",
         "keras.preprocessing.sequence.pad_sequences")
def pad_sequences(interp: Any, args: list, kwargs: dict, node: ast.AST, name: str) -> Any:
    seqs = args[0] if args else kwargs.get("sequences")
    maxlen = args[1] if len(args) > 1 else kwargs.get("maxlen")
    dtype = args[2] if len(args) > 2 else kwargs.get("dtype", "int32")
    if isinstance(seqs, Array):
        rows: Any = seqs.shape[0]
    elif isinstance(seqs, (list, tuple)) and not interp.tainted(seqs):
        rows = len(seqs)
    else:
        return Unknown("pad_sequences() of sequences whose number is not known", _line(node))
    length: Any = maxlen if known_dim(maxlen) else UnknownDim(
        "pad_sequences() without a known maxlen pads to the longest sequence")
    return Array((rows, length), dtype if isinstance(dtype, str) else None, "pad_sequences")


@handles("sklearn.model_selection.train_test_split")
def train_test_split(interp: Any, args: list, kwargs: dict, node: ast.AST, name: str) -> Any:
    """scikit-learn's documented split sizes: ceil(test_size * n) test rows, the rest train."""
    import math
    if not args:
        return Unknown("train_test_split() without arrays", _line(node))
    test_size = kwargs.get("test_size")
    train_size = kwargs.get("train_size")
    rows = [a.shape[0] if isinstance(a, Array) and a.shape else None for a in args]
    out: list = []
    for a, n in zip(args, rows):
        if not isinstance(a, Array) or not known_dim(n):
            unknown = Unknown("train_test_split() of data whose length is not known", _line(node))
            out.extend([unknown, unknown])
            continue
        n_test = _sklearn_size(test_size, n, math.ceil)
        n_train = _sklearn_size(train_size, n, math.floor)
        if n_test is None and n_train is None:
            n_test = math.ceil(0.25 * n)
        if n_test is None and n_train is not None:
            n_test = n - n_train
        if n_train is None and n_test is not None:
            n_train = n - n_test
        if n_train is None or n_test is None:
            unknown = Unknown("train_test_split() with sizes the analysis does not know", _line(node))
            out.extend([unknown, unknown])
            continue
        out.append(a.with_shape((n_train, *a.shape[1:])))
        out.append(a.with_shape((n_test, *a.shape[1:])))
    return out


def _sklearn_size(size: Any, n: int, rounding: Any) -> int | None:
    if size is None or isinstance(size, bool):
        return None
    if isinstance(size, float):
        return int(rounding(size * n))
    if isinstance(size, int):
        return size
    return None
