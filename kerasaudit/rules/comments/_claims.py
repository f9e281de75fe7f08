"""Reading what a comment claims about a layer: kernel size, filters/units, strides, pool
size, dropout rate, input/output shape, parameter count.

Only recognisable statements become claims (``3x3 conv``, ``kernel 3``, ``k=5``, ``64
filters``, ``128 units``, ``stride 2``, ``/2``, ``pool 2x2``, ``dropout 0.5``, ``-> 28x28x64``,
``(None, 56, 56, 256)``, ``[56, 56, 64] ==> [56, 56, 256]``, ``output: 7x7x512``, ``9472
params``). A comment that hedges (``try 5x5``, ``TODO``, ``instead of``, ``?``), compares
(``vs``, ``or``), talks about history (``was``), or is commented-out code makes no claim:
precision first.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

_NUM = r"\d+"
_DIMS = r"\d+(?:\s*[x×X\*]\s*\d+)+"
_TUPLE = r"[\(\[]\s*(?:(?:None|\?|-1|batch|b|N)\s*,\s*)?\d+(?:\s*,\s*\d+)*\s*,?\s*[\)\]]"
_SHAPE = rf"(?:{_TUPLE}|{_DIMS})"
_ARROW = r"(?:-->|==>|=>|->|→|⟶|➜|to)"

# Words that make a comment about something other than what the code does.
_HEDGES = re.compile(
    r"(?i)(\btodo\b|\bfixme\b|\bxxx\b|\btry\b|\btried\b|\btrying\b|\bmaybe\b|\bperhaps\b|\binstead\b|\bcould\b|"
    r"\bshould\b|\bwould\b|\bwas\b|\bwere\b|\bused to\b|\boriginal(?:ly)?\b|\bprevious(?:ly)?\b|\bvs\.?\b|"
    r"\bversus\b|\bor\b|\bif\b|\bunless\b|\bdefault\b|\be\.g\.|\bi\.e\.|\bexample\b|\bpaper\b|\bnot\b|\bno\b|"
    r"\bexcept\b|\bcompare|\bthan\b|\bbefore\b|\bafter\b|\bnext\b|\bprev\b|\blater\b|\bother\b|\bsame as\b|"
    r"\bhttps?://|\?|\bnoqa\b|\btype:\s*ignore|\bpylint\b)")
# Expected-diagnostic markers of test fixtures (``# 3x3 conv  expect: KA101``) are not prose.
_MARKER = re.compile(r"\bexpect:\s*[A-Z]+\d+(?:\s*,\s*[A-Z]+\d+)*")


@dataclass(frozen=True)
class Claim:
    kind: str  # kernel | count | filters | units | strides | downsample | pool | rate | output | input | params | bare
    values: tuple  # ints (or a float for rate)
    text: str  # the words as written, for the message
    start: int  # span in the comment text
    end: int


def numbers(text: str) -> tuple[int, ...]:
    return tuple(int(n) for n in re.findall(r"\d+", text))


def shape_values(text: str) -> tuple:
    """``(None, 56, 56, 256)`` -> ``(None, 56, 56, 256)``; ``28x28x64`` -> ``(28, 28, 64)``."""
    body = text.strip()
    lead_none = bool(re.match(r"[\(\[]\s*(?:None|\?|-1|batch|b|N)\s*,", body))
    dims = numbers(re.sub(r"^[\(\[]\s*(?:None|\?|-1|batch|b|N)\s*,", "(", body)) if lead_none else numbers(body)
    return ((None,) if lead_none else ()) + dims


_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    # [56, 56, 64] ==> [56, 56, 256]: the input and the output
    ("arrow", re.compile(rf"(?P<a>{_SHAPE})\s*{_ARROW}\s*(?P<b>{_SHAPE})")),
    ("output", re.compile(rf"(?i)(?:{_ARROW}|\boutput(?:\s*shape)?\s*[:=]?|\bout\s*[:=]|\bshape\s*[:=])\s*"
                          rf"(?P<a>{_SHAPE})")),
    ("params", re.compile(r"(?i)(?P<a>\d{1,3}(?:,\d{3})+|\d+)\s*(?:trainable\s+)?(?:params|parameters|weights)\b")),
    ("params", re.compile(r"(?i)\b(?:params|parameters|param\s*#)\s*[:=#]?\s*(?P<a>\d{1,3}(?:,\d{3})+|\d+)\b")),
    ("kernel", re.compile(rf"(?i)(?:\b(?:kernel(?:[_ ]size)?|filter[_ ]size)\s*[:=]?|\bk\s*[:=])\s*"
                          rf"(?P<a>{_TUPLE}|{_DIMS}|{_NUM})\b")),
    ("kernel", re.compile(rf"(?i)(?P<a>{_DIMS})\s*(?:-\s*)?(?:conv\w*|kernels?|filters?|depthwise|separable|"
                          rf"transposed?\s+conv\w*|deconv\w*|up-?conv\w*)\b")),
    ("pool", re.compile(rf"(?i)\bpool(?:ing)?(?:[_ ]size)?\s*[:=]?\s*(?P<a>{_TUPLE}|{_DIMS}|{_NUM})\b")),
    ("pool", re.compile(rf"(?i)(?P<a>{_DIMS})\s*(?:max|avg|average|global)?\s*-?\s*pool")),
    ("strides", re.compile(rf"(?i)(?:\b(?:strides?|subsample)\s*[:=]?|\bs\s*[:=])\s*(?P<a>{_TUPLE}|{_DIMS}|{_NUM})\b")),
    ("strides", re.compile(rf"(?i)\b(?P<a>{_NUM})\s*strides?\b")),
    ("downsample", re.compile(r"(?<![\w/.])/\s*(?P<a>[2-9])\b(?![\w.]*/)")),
    ("filters", re.compile(r"(?i)(?<![x×X\*]\s)(?<![x×X\*])\b(?P<a>\d+)\s*(?:conv(?:olution(?:al)?)?\s+)?"
                           r"(?:filters|feature[ -]maps|channels|kernels)\b")),
    ("filters", re.compile(r"(?i)\b(?:filters|nb_filter|channels)\s*[:=]\s*(?P<a>\d+)\b")),
    ("units", re.compile(r"(?i)\b(?P<a>\d+)\s*(?:hidden\s+)?(?:units|neurons|nodes|hidden)\b")),
    ("units", re.compile(r"(?i)\b(?:units|neurons|output_dim)\s*[:=]\s*(?P<a>\d+)\b")),
    ("rate", re.compile(r"(?i)(?:\b(?:dropout|drop|rate)\s*(?:rate\s*)?[:=]?|\bp\s*[:=])\s*(?P<a>0?\.\d+|1\.0|0|1)\b")),
    ("rate", re.compile(r"(?i)\b(?:dropout|drop)\s*(?:of\s+)?(?P<p>\d{1,3})\s*%")),
    ("rate", re.compile(r"(?i)\b(?P<p>\d{1,3})\s*%\s*(?:dropout|drop)")),
    # A comment that is only a shape: "# (None, 56, 56, 256)" or "# 28x28x64".
    ("output", re.compile(rf"^\s*(?P<a>{_TUPLE}|\d+(?:\s*[x×X\*]\s*\d+){{2,}})\s*$")),
    ("bare", re.compile(rf"(?P<a>{_DIMS})")),
]


def is_code(comment: str) -> bool:
    """Commented-out code (``x = Conv2D(32, 5)(x)``) states nothing about the live code."""
    text = comment.strip()
    if not re.search(r"[=(]", text) or not re.match(r"[A-Za-z_]", text):
        return False
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return False
    return any(isinstance(n, ast.Call) for n in ast.walk(tree))


def claims(comment: str) -> list[Claim]:
    """The claims a comment makes (empty when it hedges or is code)."""
    comment = _MARKER.sub(lambda m: " " * len(m.group(0)), comment)
    if _HEDGES.search(comment) or is_code(comment.strip()):
        return []
    out: list[Claim] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= x or a >= y for x, y in taken)

    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(comment):
            if not free(m.start(), m.end()):
                continue
            if kind == "arrow":
                out.append(Claim("input", shape_values(m.group("a")), m.group("a"), m.start("a"), m.end("a")))
                out.append(Claim("output", shape_values(m.group("b")), m.group("b"), m.start("b"), m.end("b")))
            elif kind == "rate":
                if m.groupdict().get("p"):
                    value = int(m.group("p")) / 100
                    text = m.group(0)
                else:
                    value = float(m.group("a"))
                    text = m.group(0)
                out.append(Claim("rate", (value,), text.strip(), m.start(), m.end()))
            elif kind == "params":
                value = int(m.group("a").replace(",", ""))
                out.append(Claim("params", (value,), m.group(0).strip(), m.start(), m.end()))
            elif kind == "output":
                out.append(Claim("output", shape_values(m.group("a")), m.group("a").strip(), m.start("a"), m.end("a")))
            else:
                out.append(Claim(kind, numbers(m.group("a")), m.group("a").strip(), m.start("a"), m.end("a")))
            taken.append((m.start(), m.end()))
    return out
