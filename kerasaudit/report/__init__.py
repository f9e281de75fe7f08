"""Reporters: the only code that prints. One module per format, discovered by name.

``report/diagnostics/<format>.py`` renders check results, ``report/summary/<format>.py``
renders model summaries. Each defines ``render(results, options) -> str``; a module
named ``json_lines`` is the format ``json-lines``.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any


@dataclass
class ReportOptions:
    color: bool = False
    show_source: bool = True
    statistics: bool = False
    quiet: bool = False
    weights: bool = False
    expand_nested: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


def formats(kind: str) -> list[str]:
    package = importlib.import_module(f"{__name__}.{kind}")
    return sorted(m.name.replace("_", "-") for m in pkgutil.iter_modules(package.__path__)
                  if not m.name.startswith("_"))


def reporter(kind: str, fmt: str) -> ModuleType:
    return importlib.import_module(f"{__name__}.{kind}.{fmt.replace('-', '_')}")
