"""Reading a file's bytes into text the way Python would (PEP 263, BOM), or saying why not."""

from __future__ import annotations

import codecs
import io
import re
import tokenize
from dataclasses import dataclass

_CODING = re.compile(rb"^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)")


class SourceError(Exception):
    def __init__(self, message: str, line: int = 1, col: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.col = col


@dataclass
class SourceText:
    text: str
    encoding: str
    newline: str
    bom: bool


def decode(data: bytes) -> SourceText:
    """Decode Python source bytes; raise SourceError with a precise location when impossible."""
    nul = data.find(b"\x00")
    if 0 <= nul < 8192:
        raise SourceError("the file looks binary (it contains NUL bytes)")
    if nul >= 0:  # Python refuses these too ("source code cannot contain null bytes")
        line = data.count(b"\n", 0, nul) + 1
        raise SourceError("source code cannot contain null bytes", line, nul - (data.rfind(b"\n", 0, nul) + 1))
    bom = data.startswith(codecs.BOM_UTF8)
    encoding = "utf-8"
    head = data[len(codecs.BOM_UTF8):] if bom else data
    for line_no, line in enumerate(head.split(b"\n", 2)[:2], start=1):
        match = _CODING.match(line)
        if match:
            declared = match.group(1).decode("ascii", "replace")
            encoding = _source_encoding(declared, line_no)
            break
        if line.strip() and not line.lstrip().startswith(b"#"):
            break
    if bom and encoding not in ("utf-8", "utf_8"):
        raise SourceError(f"encoding problem: {encoding} with a UTF-8 BOM (Python refuses this file)")
    try:
        text = data.decode("utf-8-sig" if bom else encoding)
    except (LookupError, ValueError, TypeError) as exc:
        if not isinstance(exc, UnicodeDecodeError):
            raise SourceError(f"encoding problem: {encoding}: {exc}") from None
        line = data[: exc.start].count(b"\n") + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1)
        raise SourceError(f"the file is not valid {encoding}: byte 0x{data[exc.start]:02x} cannot be decoded "
                          f"(declare the encoding with a PEP 263 coding line)", line, col) from None
    newline = "\r\n" if "\r\n" in text[:10000] else "\n"
    return SourceText(text=text, encoding=encoding, newline=newline, bom=bom)


def _source_encoding(declared: str, line_no: int) -> str:
    """The codec a PEP 263 declaration names, refused (as Python refuses it) when it is
    unknown, not a text encoding (``rot13``) or not ASCII-compatible (``utf-16``)."""
    try:
        info = codecs.lookup(declared)
    except LookupError:
        raise SourceError(f"encoding problem: unknown encoding {declared!r} declared", line_no) from None
    probe = "# -*- coding: x -*-\nx = 1\n"
    try:
        compatible = getattr(info, "_is_text_encoding", True) and probe.encode(info.name) == probe.encode("ascii")
    except Exception:  # noqa: BLE001 - any failure of the codec means Python cannot use it either
        compatible = False
    if not compatible:
        raise SourceError(f"encoding problem: {declared} (Python cannot read source code in this encoding)", line_no)
    return info.name


__all__ = ["decode", "SourceError", "SourceText", "tokenize", "io"]
