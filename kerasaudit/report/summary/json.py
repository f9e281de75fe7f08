"""``kerasaudit summary --format json``: the versioned JSON document."""

from __future__ import annotations

import json

from ...results import FileResult
from .. import ReportOptions
from ..jsondoc import document


def render(results: list[FileResult], options: ReportOptions) -> str:
    return json.dumps(document(results, weights=options.weights), indent=2) + "\n"
