"""``keras.applications`` models rebuilt from the recorded table (kerasaudit/data/applications.json.gz).

The table (written by ``tools/make_applications_table.py`` from real Keras) holds, for every
application and every structural variant (``include_top``, ``pooling``, ``alpha``...), its
layers as data: class, the constructor arguments the catalog specs need, what each layer is
called on, and the order in which Keras handed out automatic names. Here that graph is
rebuilt with kerasaudit's own layer catalog on the input the file gives, so shapes follow
any input size (``ZeroPadding2D`` layers Keras sizes with ``imagenet_utils.correct_pad``
are re-derived from their actual input), and ``classes``/``classifier_activation`` are
substituted where the table recorded them. The table is loaded only when an application
is used.

This module is the entry point (:func:`build_application`) and the table itself; choosing
the variant a call selects is :mod:`.application_variants`, rebuilding it
:mod:`.application_rebuild`, and the Keras utilities involved :mod:`.application_utils`.
"""

from __future__ import annotations

import ast
import gzip
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from .application_rebuild import _rebuild
from .application_utils import InputShapeError, correct_pad, obtain_input_shape, source_inputs
from .application_variants import NotRecorded, _check_other_arguments, _validate, _variant, bind
from .values import Unknown


TABLE = Path(__file__).resolve().parent.parent / "data" / "applications.json.gz"


@lru_cache(maxsize=1)
def load_table() -> dict:
    with gzip.open(TABLE, "rb") as fh:
        return json.loads(fh.read())


def application_names() -> list[str]:
    return sorted(load_table()["apps"])


def _line(node: ast.AST) -> int | None:
    return getattr(node, "lineno", None)


def build_application(interp: Any, name: str, args: list, kwargs: dict, node: ast.AST) -> Any:
    """The model ``keras.applications.<name>(*args, **kwargs)`` makes, or Unknown with the reason."""
    table = load_table()
    app = table["apps"].get(name)
    if app is None:
        return Unknown(f"keras.applications.{name} is not in kerasaudit's table", _line(node))
    try:
        bound = bind(app, name, args, kwargs)
        variant = _variant(app, name, bound, interp)
        _check_other_arguments(app, bound, name)
        _validate(name, bound)
        return _rebuild(interp, table, app, name, variant, bound, node)
    except NotRecorded as exc:
        return Unknown(str(exc), _line(node))
    except InputShapeError as exc:
        return Unknown(f"Keras would raise building {name}: {exc}", _line(node))


def recorded_counts(name: str, variant_key_text: str) -> dict | None:
    """What real Keras counted for a variant at its default input (for the table's own test)."""
    app = load_table()["apps"].get(name)
    if app is None:
        return None
    return app["variants"].get(variant_key_text, {}).get("keras")


__all__ = ["build_application", "load_table", "application_names", "correct_pad", "obtain_input_shape",
           "source_inputs", "InputShapeError"]

