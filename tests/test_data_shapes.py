"""Shapes of data arrays the file builds, checked against real NumPy running the same snippet,
and the facts ``fit``/``predict``/``evaluate`` record (what the data-vs-model rules read)."""

from __future__ import annotations

import ast
import json
import os

import numpy as np
import pytest

from conftest import FIXTURES, run_cli
from kerasaudit.analysis.arrays import Array
from kerasaudit.analysis.context import FileContext
from kerasaudit.analysis.dims import UnknownDim
from kerasaudit.analysis.interpreter import Interpreter
from kerasaudit.api import check_source


def interpret(code: str) -> Interpreter:
    interp = Interpreter(FileContext(path="<test>"), ast.parse(code))
    interp.run()
    return interp


NUMPY_CASES = [
    "x = np.zeros((100, 28, 28))",
    "x = np.ones([7, 3], dtype='float32')",
    "x = np.empty(5)",
    "x = np.full((2, 3), 7)",
    "x = np.random.rand(10, 4)",
    "x = np.random.randn(3, 2, 2)",
    "x = np.random.random((64, 32))",
    "x = np.random.uniform(0, 1, size=(8, 5))",
    "x = np.random.normal(0, 1, (8, 5))",
    "x = np.random.randint(0, 10, size=(100,))",
    "x = np.random.randint(10, size=(4, 4))",
    "x = np.array([[1, 2, 3], [4, 5, 6]])",
    "x = np.array([[1.0, 2], [3, 4]], dtype='float32')",
    "x = np.asarray([1, 2, 3])",
    "x = np.zeros((60000, 28, 28)).reshape(-1, 784)",
    "x = np.zeros((60000, 28, 28)).reshape(60000, 28, 28, 1)",
    "x = np.zeros((60000, 28, 28)).reshape((60000, -1))",
    "a = np.zeros((60000, 28, 28)); x = a.reshape(a.shape[0], 28, 28, 1)",
    "x = np.zeros((60000, 28, 28)).astype('float32') / 255",
    "x = np.zeros((10, 28, 28))[..., np.newaxis]",
    "x = np.zeros((10, 28, 28))[:, :, :, None]",
    "x = np.expand_dims(np.zeros((10, 28, 28)), -1)",
    "x = np.expand_dims(np.zeros((10, 28, 28)), axis=1)",
    "x = np.zeros((100, 5))[:80]",
    "x = np.zeros((100, 5))[-20:]",
    "x = np.zeros((100, 5))[10:90:2, 1:]",
    "x = np.zeros((100, 5))[:, 0]",
    "x = np.zeros((100, 5)).T",
    "x = np.zeros((3, 4, 5)).transpose(0, 2, 1)",
    "x = np.transpose(np.zeros((3, 4, 5)))",
    "x = np.concatenate([np.zeros((10, 3)), np.ones((5, 3))])",
    "x = np.concatenate([np.zeros((10, 3)), np.ones((10, 2))], axis=1)",
    "x = np.stack([np.zeros((4, 3))] * 6)",
    "x = np.vstack([np.zeros((4, 3)), np.zeros((2, 3))])",
    "x = np.hstack([np.zeros(4), np.zeros(2)])",
    "x = np.zeros((5, 1, 3)).squeeze(1)",
    "x = np.squeeze(np.zeros((5, 1, 3)))",
    "x = np.zeros((10, 4)).sum(axis=1)",
    "x = np.zeros((10, 4)).mean(axis=0, keepdims=True)",
    "x = np.argmax(np.zeros((10, 4)), axis=-1)",
    "x = np.zeros((10, 4)) - np.zeros((4,))",
    "x = np.zeros((10, 1)) * np.zeros((1, 6))",
    "x = -np.ones((3, 3))",
    "x = np.arange(12).reshape(3, 4)",
    "x = np.linspace(0, 1, 7)",
    "x = np.eye(4)",
    "x = np.zeros_like(np.ones((3, 2)))",
    "x = np.random.permutation(10)",
    "x = np.zeros((6, 2)).flatten()",
    "x = np.swapaxes(np.zeros((2, 3, 4)), 0, 2)",
    "x = np.pad(np.zeros((28, 28)), 2)",
    "x = np.pad(np.zeros((10, 28, 28)), ((0, 0), (2, 2), (2, 2)), 'constant')",
    "x = np.pad(np.zeros((3, 4)), (1, 2), mode='edge')",
    "x = np.pad(np.zeros((3, 4)), [(1,)])",
]


@pytest.mark.parametrize("code", NUMPY_CASES)
def test_array_shapes_equal_numpy(code: str) -> None:
    expected = {"np": np}
    exec(code, expected)  # our own snippet, run by real NumPy for the expected shape
    value = interpret("import numpy as np\n" + code).module_scope.vars["x"]
    assert isinstance(value, Array), value
    assert value.shape == expected["x"].shape


def test_array_dtypes_follow_numpy() -> None:
    for code in ("x = np.zeros((2, 2)).astype('float32') / 255", "x = np.zeros((2,), dtype='uint8') / 255.0",
                 "x = np.random.randint(0, 3, size=(4,))", "x = np.array([[1, 2], [3, 4]])"):
        expected = {"np": np}
        exec(code, expected)
        value = interpret("import numpy as np\n" + code).module_scope.vars["x"]
        assert value.dtype == str(expected["x"].dtype), code


def test_len_and_shape_of_arrays() -> None:
    interp = interpret("import numpy as np\nx = np.zeros((60000, 28, 28))\nn = len(x)\ns = x.shape[1:]\n"
                       "d = x.ndim\n")
    assert interp.module_scope.vars["n"] == 60000
    assert interp.module_scope.vars["s"] == (28, 28)
    assert interp.module_scope.vars["d"] == 3


def test_reshape_numpy_would_reject_is_unknown_not_guessed() -> None:
    interp = interpret("import numpy as np\nx = np.zeros((10, 3)).reshape(7, -1)\n")
    value = interp.module_scope.vars["x"]
    assert not isinstance(value, Array) and "NumPy would raise" in value.reason


@pytest.mark.parametrize("name,train_x,train_y,test_x,test_y", [
    ("mnist", (60000, 28, 28), (60000,), (10000, 28, 28), (10000,)),
    ("fashion_mnist", (60000, 28, 28), (60000,), (10000, 28, 28), (10000,)),
    ("cifar10", (50000, 32, 32, 3), (50000, 1), (10000, 32, 32, 3), (10000, 1)),
    ("cifar100", (50000, 32, 32, 3), (50000, 1), (10000, 32, 32, 3), (10000, 1)),
    ("boston_housing", (404, 13), (404,), (102, 13), (102,)),
    ("imdb", (25000,), (25000,), (25000,), (25000,)),
    ("reuters", (8982,), (8982,), (2246,), (2246,)),
])
def test_dataset_shapes_are_the_documented_ones(name, train_x, train_y, test_x, test_y) -> None:
    # The expected shapes are those stated in each loader's documentation (keras/src/datasets).
    code = f"from tensorflow.keras.datasets import {name}\n(a, b), (c, d) = {name}.load_data()\n"
    v = interpret(code).module_scope.vars
    assert (v["a"].shape, v["b"].shape, v["c"].shape, v["d"].shape) == (train_x, train_y, test_x, test_y)


def test_imdb_with_maxlen_has_an_unknown_number_of_rows() -> None:
    v = interpret("import keras\n(a, b), _ = keras.datasets.imdb.load_data(num_words=20000, maxlen=80)\n"
                  "a = keras.utils.pad_sequences(a, maxlen=80)\n").module_scope.vars
    assert isinstance(v["a"].shape[0], UnknownDim) and v["a"].shape[1] == 80


def test_to_categorical_matches_keras() -> None:
    os.environ.setdefault("KERAS_BACKEND", "jax")
    import keras
    y = np.zeros((50, 1), dtype="uint8")
    expected = keras.utils.to_categorical(y, 10).shape
    v = interpret("import numpy as np\nfrom keras.utils import to_categorical\n"
                  "y = to_categorical(np.zeros((50, 1), dtype='uint8'), 10)\n").module_scope.vars
    assert v["y"].shape == expected


def test_fit_predict_evaluate_record_data_uses() -> None:
    code = (FIXTURES / "realworld" / "data" / "mnist_mlp_fit.py").read_text()
    result = check_source(code, "mnist_mlp_fit.py")
    uses = result.analysis.facts.data_uses
    assert [u.method for u in uses] == ["fit", "evaluate"]
    fit = uses[0]
    assert fit.x.shape == (60000, 784) and fit.y.shape == (60000, 10) and fit.batch_size == 128
    assert fit.validation_data[0].shape == (10000, 784) and fit.site.line == 21
    assert fit.model is result.models[0].model


def test_predict_returns_an_array_of_the_model_output() -> None:
    v = interpret("import numpy as np, keras\nm = keras.Sequential([keras.Input((8,)), keras.layers.Dense(3)])\n"
                  "p = m.predict(np.zeros((20, 8)))\n").module_scope.vars
    assert v["p"].shape == (20, 3)


def test_cli_summary_of_a_sequential_built_by_fit() -> None:
    out = run_cli("summary", "--format", "json", str(FIXTURES / "realworld" / "data" / "mnist_mlp_fit.py"))
    assert out.returncode == 0, out.stderr
    (model,) = json.loads(out.stdout)["files"][0]["models"]
    assert model["total_params"] == 669706
    assert model["layers"][0]["output_shape"][1:] == [512]
