"""Run the abstract interpreter on a snippet and look at its module variables."""

from __future__ import annotations

import ast
import textwrap
from typing import Any

from kerasaudit.analysis.context import FileContext
from kerasaudit.analysis.interpreter import Interpreter
from kerasaudit.analysis.values import Unknown


def run(source: str) -> dict[str, Any]:
    text = textwrap.dedent(source)
    interp = Interpreter(FileContext(path="snippet.py"), ast.parse(text))
    interp.run()
    return interp.module_scope.vars


def unknown(value: Any) -> bool:
    return isinstance(value, Unknown)
