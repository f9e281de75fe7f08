from __future__ import annotations

import ast
from typing import Iterable

from ...results import Diagnostic
from ..base import Invalid, Rule, RuleContext
from ..view import describe_layer
from ._compiled import CATEGORICAL, compiled_models

_CLASS_NAMES = ("num_classes", "nb_classes", "n_classes", "number_of_classes", "num_labels", "n_labels",
                "classes_num", "num_class", "nclasses")


def stated_class_counts(ctx: RuleContext) -> dict[int, str]:
    """Class counts the file states: ``to_categorical(y, 10)`` (or ``num_classes=10``) with a
    literal, and module-level ``num_classes = 10``-style constants assigned once."""
    out: dict[int, str] = {}
    for call in ctx.facts.library_calls:
        if call.name != "keras.utils.to_categorical":
            continue
        n = call.args[1] if len(call.args) > 1 else call.kwargs.get("num_classes")
        if isinstance(n, int) and not isinstance(n, bool):
            out.setdefault(n, f"to_categorical(..., {n}) (line {call.site.line})")
    assigned: dict[str, list[ast.Assign]] = {}
    for stmt in ctx.tree.body:
        if isinstance(stmt, ast.Assign):
            for target in stmt.targets:
                if isinstance(target, ast.Name) and target.id.lower() in _CLASS_NAMES:
                    assigned.setdefault(target.id, []).append(stmt)
        elif isinstance(stmt, ast.AugAssign) and isinstance(stmt.target, ast.Name) and \
                stmt.target.id.lower() in _CLASS_NAMES:
            assigned.setdefault(stmt.target.id, []).extend([stmt, stmt])  # changed later: not a constant
    for name, stmts in assigned.items():
        if len(stmts) != 1:
            continue
        value = stmts[0].value
        if isinstance(value, ast.Constant) and isinstance(value.value, int) and not isinstance(value.value, bool):
            out.setdefault(value.value, f"{name} = {value.value} (line {stmts[0].lineno})")
    return out


class ClassCountMismatch(Rule):
    """
    ## What it does
    Reports a classifier (a softmax output or a categorical cross-entropy loss) whose
    final layer has a different number of units than the number of classes the file
    states: `num_classes = 10` (a module-level constant set once) or
    `to_categorical(y, 10)`. Nothing is reported when the file states several different
    counts.

    ## Why is this bad
    The model predicts a different number of classes than the data has: with one-hot
    labels Keras raises a shape error in `fit`; with integer labels and
    `sparse_categorical_crossentropy` labels beyond the last unit are silently wrong (or
    a crash on some backends).

    ## Example
    ```python
    num_classes = 10
    model.add(Dense(5, activation="softmax"))
    ```

    ## Use instead
    ```python
    model.add(Dense(num_classes, activation="softmax"))
    ```
    """

    code = "KA407"
    name = "class-count-mismatch"
    severity = "warning"
    summary = "A classifier's final units differ from the class count the file states"

    VALID = ["""
        import keras
        from keras import layers
        num_classes = 10
        m = keras.Sequential([keras.Input((8,)), layers.Dense(num_classes, activation="softmax")])
        m.compile(loss="categorical_crossentropy", optimizer="adam")
        d = keras.Sequential([keras.Input((8,)), layers.Dense(1, activation="sigmoid")])
        d.compile(loss="binary_crossentropy", optimizer="adam")  # a discriminator: not a 10-class model
        """]
    INVALID = [Invalid("""
        import keras
        from keras import layers
        num_classes = 10
        m = keras.Sequential([keras.Input((8,)), layers.Dense(5, activation="softmax")])
        m.compile(loss="categorical_crossentropy", optimizer="adam")
        """, line=4, message="has 5 units but the file states 10 classes (num_classes = 10 (line 3))")]

    def check(self, ctx: RuleContext) -> Iterable[Diagnostic]:
        counts = stated_class_counts(ctx)
        if len(counts) != 1:
            return
        (classes, where), = counts.items()
        seen: set[int] = set()
        for c in compiled_models(ctx):
            classifier = c.activation == "softmax" or (c.loss is not None and c.loss.name in CATEGORICAL)
            if not classifier or c.units is None or c.last is None or id(c.last) in seen:
                continue
            if c.units == classes or (c.units == 1 and classes == 2):
                continue
            seen.add(id(c.last))
            yield self.at(c.last.site, f"the final layer {describe_layer(c.last)} has {c.units} units but the file "
                                       f"states {classes} classes ({where})")
