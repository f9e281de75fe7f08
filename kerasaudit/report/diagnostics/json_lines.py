"""``--format json-lines``: one JSON object per diagnostic and line (the fields of the JSON
document's diagnostics, plus ``path``), for streaming into log tools and ``jq``."""

from __future__ import annotations

import json

from ...results import FileResult
from .. import ReportOptions
from ..jsondoc import diagnostic_json


def render(results: list[FileResult], options: ReportOptions) -> str:
    out = []
    for r in results:
        for d in r.diagnostics:
            out.append(json.dumps({"path": r.path, **diagnostic_json(d, r)}, ensure_ascii=False))
    return "".join(line + "\n" for line in out)
