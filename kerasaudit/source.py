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
    if b"\x00" in data[:8192]:
        raise SourceError("the file looks binary (it contains NUL bytes)")
    bom = data.startswith(codecs.BOM_UTF8)
    encoding = "utf-8"
    for line_no, line in enumerate(data.split(b"\n", 2)[:2], start=1):
        match = _CODING.match(line)
        if match:
            declared = match.group(1).decode("ascii", "replace")
            try:
                encoding = codecs.lookup(declared).name
            except LookupError:
                raise SourceError(f"unknown encoding declared: {declared!r}", line_no) from None
            break
        if line.strip() and not line.lstrip().startswith(b"#"):
            break
    if bom and encoding not in ("utf-8", "utf_8"):
        raise SourceError(f"encoding problem: {encoding} with a UTF-8 BOM")
    try:
        text = data.decode("utf-8-sig" if bom else encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1)
        raise SourceError(f"the file is not valid {encoding}: byte 0x{data[exc.start]:02x} cannot be decoded "
                          f"(declare the encoding with a PEP 263 coding line)", line, col) from None
    newline = "\r\n" if "\r\n" in text[:10000] else "\n"
    return SourceText(text=text, encoding=encoding, newline=newline, bom=bom)


__all__ = ["decode", "SourceError", "SourceText", "tokenize", "io"]
