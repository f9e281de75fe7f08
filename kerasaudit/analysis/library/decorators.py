"""Library calls that make a decorator returning what it decorates, unchanged:
``@keras.saving.register_keras_serializable(package="mine")`` registers the class and gives
it back; ``@tf.function(jit_compile=True)`` keeps a function the analysis can follow."""

from __future__ import annotations

import ast
from typing import Any

from ..values import Builtin
from . import handles


def _identity(interp: Any, args: list, kwargs: dict, node: ast.AST) -> Any:
    return args[0] if args else kwargs.get("arg")


@handles("keras.saving.register_keras_serializable", "keras.utils.register_keras_serializable",
         "keras.saving.object_registration.register_keras_serializable", "tensorflow.function",
         "tensorflow.autograph.experimental.do_not_convert")
def decorator_factory(interp: Any, args: list, kwargs: dict, node: ast.AST, name: str) -> Any:
    if len(args) == 1 and not kwargs and not isinstance(args[0], (str, bool, int)):
        return args[0]  # used bare: @tf.function / do_not_convert(fn) decorate at once
    return Builtin(f"{name}(...)", _identity)
