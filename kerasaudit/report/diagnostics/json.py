"""``kerasaudit check --format json``: the same versioned document as the summary."""

from __future__ import annotations

import json

from ...results import FileResult
from .. import ReportOptions
from ..jsondoc import document


def render(results: list[FileResult], options: ReportOptions) -> str:
    return json.dumps(document(results), indent=2) + "\n"
