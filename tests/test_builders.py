"""Builders the file never calls are analysed with their defaults; functions that build no model
leave no trace. Expected numbers come from real Keras (the golden files, or Keras run here)."""

from __future__ import annotations

import json
import os

from conftest import FIXTURES, run_cli
from kerasaudit.api import check_source

KERAS_APPLICATIONS_VGG = '''
"""A copy of keras-applications' vgg16.py, relative imports and all."""
from . import get_submodules_from_kwargs
from . import imagenet_utils
from .imagenet_utils import decode_predictions
from .imagenet_utils import _obtain_input_shape

backend = None
layers = None
models = None
keras_utils = None


def VGG16(include_top=True, weights=None, input_tensor=None, input_shape=None, pooling=None, classes=1000,
          **kwargs):
    global backend, layers, models, keras_utils
    backend, layers, models, keras_utils = get_submodules_from_kwargs(kwargs)
    input_shape = _obtain_input_shape(input_shape, default_size=224, min_size=32,
                                      data_format=backend.image_data_format(),
                                      require_flatten=include_top, weights=weights)
    if input_tensor is None:
        img_input = layers.Input(shape=input_shape)
    else:
        if not backend.is_keras_tensor(input_tensor):
            img_input = layers.Input(tensor=input_tensor, shape=input_shape)
        else:
            img_input = input_tensor
    x = img_input
    for block, (filters, convs) in enumerate([(64, 2), (128, 2), (256, 3), (512, 3), (512, 3)], start=1):
        for i in range(1, convs + 1):
            x = layers.Conv2D(filters, (3, 3), activation='relu', padding='same',
                              name='block%d_conv%d' % (block, i))(x)
        x = layers.MaxPooling2D((2, 2), strides=(2, 2), name='block%d_pool' % block)(x)
    if include_top:
        x = layers.Flatten(name='flatten')(x)
        x = layers.Dense(4096, activation='relu', name='fc1')(x)
        x = layers.Dense(4096, activation='relu', name='fc2')(x)
        x = layers.Dense(classes, activation='softmax', name='predictions')(x)
    if input_tensor is not None:
        inputs = keras_utils.get_source_inputs(input_tensor)
    else:
        inputs = img_input
    model = models.Model(inputs, x, name='vgg16')
    return model
'''


def test_keras_applications_style_file_matches_real_keras() -> None:
    os.environ.setdefault("KERAS_BACKEND", "jax")
    import keras
    with keras.StatelessScope(initialize_variables=False):
        real = keras.applications.VGG16(weights=None)
        expected = sum(int(__import__("math").prod(w.shape)) for w in real.weights)
    (model,) = check_source(KERAS_APPLICATIONS_VGG, "vgg16.py").models
    assert model.builder == "VGG16" and model.keras_name == "vgg16"
    assert model.total_params == expected == 138357544
    assert [r.name for r in model.layers][-3:] == ["fc1", "fc2", "predictions"]


def test_functions_that_build_no_model_leave_no_trace() -> None:
    code = '''
import keras
from keras import layers

def helper(x, filters):
    return layers.Conv2D(filters, 3)(x)

def describe(verbose=True):
    probe = layers.Dense(3)
    return "a string"

def make(units=4):
    inp = keras.Input((8,))
    return keras.Model(inp, layers.Dense(units)(inp))

model = keras.Sequential([keras.Input((2,)), layers.Dense(1)])
'''
    models = check_source(code, "t.py").models
    # Keras 3 names make()'s model functional_1 (checked: the built Sequential's inner
    # Functional takes "functional" first)
    assert [(m.keras_name, m.builder) for m in models] == [("sequential", None), ("functional_1", "make")]
    # the trial of describe() created a Dense named dense_1; forgotten, so make() gets it
    assert [r.name for r in models[1].layers] == ["input_layer_1", "dense_1"]


def test_cli_reports_the_builder() -> None:
    path = str(FIXTURES / "realworld" / "builders" / "resnet_library.py")
    doc = json.loads(run_cli("summary", "--format", "json", path).stdout)
    models = doc["files"][0]["models"]
    assert [(m["builder"], m["total_params"]) for m in models] == [("ResNet50", 25636712),
                                                                  ("ResNet50", 23587712)]
    conv1 = next(layer for layer in models[1]["layers"] if layer["name"] == "conv1")
    assert conv1["output_shape"] == [None, "(H + 1) // 2", "(W + 1) // 2", 64] and conv1["params"] == 9472
    text = run_cli("summary", "--no-color", path).stdout
    assert "built in ResNet50()" in text and "(None, (H + 1) // 2, (W + 1) // 2, 64)" in text
