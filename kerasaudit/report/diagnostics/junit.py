"""``--format junit``: JUnit XML, which CI systems (GitLab, Jenkins, Azure, CircleCI) show
as a test report. One test suite per file, one test case per diagnostic; errors and
warnings are failures, ``info`` diagnostics pass (they never fail the run either) with
the message as output. A file without findings is one passing test case, so the report
also shows what was checked."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from ...results import FileResult
from .. import ReportOptions
from ..positions import span


def _clean(text: str) -> str:
    """XML 1.0 cannot carry most control characters, even escaped."""
    return "".join(c if c in "\t\n\r" or ord(c) >= 0x20 else f"\\x{ord(c):02x}" for c in text)


def render(results: list[FileResult], options: ReportOptions) -> str:
    root = ET.Element("testsuites", name="kerasaudit")
    total = failures = 0
    for r in results:
        suite = ET.SubElement(root, "testsuite", name=_clean(r.path))
        cases = fails = 0
        if not r.diagnostics:
            ET.SubElement(suite, "testcase", name="kerasaudit", classname=_clean(r.path))
            cases = 1
        for d in r.diagnostics:
            where = span(r, d)
            case = ET.SubElement(suite, "testcase", name=f"{d.code} {d.name} at line {where.line}",
                                 classname=_clean(r.path), file=_clean(r.path), line=str(where.line))
            text = _clean(f"{r.path}:{where.line}:{where.column}: {d.code} {d.message}")
            cases += 1
            if d.severity in ("error", "warning"):
                failure = ET.SubElement(case, "failure", message=_clean(d.message), type=d.code)
                failure.text = text
                fails += 1
            else:
                ET.SubElement(case, "system-out").text = text
        suite.set("tests", str(cases))
        suite.set("failures", str(fails))
        suite.set("errors", "0")
        total += cases
        failures += fails
    root.set("tests", str(total))
    root.set("failures", str(failures))
    root.set("errors", "0")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
