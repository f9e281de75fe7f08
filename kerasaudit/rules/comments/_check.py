"""Which layer a comment talks about, and whether the code contradicts it.

A comment talks about a layer when it is on a line the layer's constructor or call
covers (a trailing comment), or in the block of comment lines directly above the line
a layer's constructor or call starts on. Among the layers found there, a claim is about
a layer only when exactly one of them is of a kind the claim can describe (a kernel
size: a convolution; a rate: a dropout; an output shape: the outermost call). Values
are read from the facts: the arguments as bound, the inferred shapes, the parameter
counts. A layer created by a function called several times contradicts a comment only
if every one of its instances does.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable

from ...analysis.graph import LayerObj, Node, Site
from ...analysis.shapes import shape_text
from ._claims import Claim, claims

if TYPE_CHECKING:
    from ..base import RuleContext

CONV = ("Conv1D", "Conv2D", "Conv3D", "SeparableConv1D", "SeparableConv2D", "DepthwiseConv1D", "DepthwiseConv2D",
        "Conv1DTranspose", "Conv2DTranspose", "Conv3DTranspose", "ConvLSTM1D", "ConvLSTM2D", "ConvLSTM3D",
        "LocallyConnected1D", "LocallyConnected2D")
POOL = ("MaxPooling1D", "MaxPooling2D", "MaxPooling3D", "AveragePooling1D", "AveragePooling2D", "AveragePooling3D")
DROPOUT = ("Dropout", "SpatialDropout1D", "SpatialDropout2D", "SpatialDropout3D", "AlphaDropout", "GaussianDropout")
_RANK = {"1D": 1, "2D": 2, "3D": 3}


@dataclass
class Finding:
    kind: str  # the claim kind: kernel, count, strides, pool, rate, shape, params
    line: int
    col: int  # characters
    end_col: int
    message: str


def spatial_rank(layer: LayerObj) -> int | None:
    for suffix, rank in _RANK.items():
        if layer.class_name.endswith(suffix):
            return rank
    return None


def _ints(value: Any, rank: int | None) -> tuple[int, ...] | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return (value,) * rank if rank else (value,)
    if isinstance(value, (tuple, list)) and all(isinstance(v, int) and not isinstance(v, bool) for v in value):
        return tuple(value)
    return None


def _arg(layer: LayerObj, name: str) -> Any:
    return layer.cfg.values.get(name) if layer.cfg is not None else None


# --------------------------------------------------------------------------- values the code has
def kernel_of(layer: LayerObj) -> tuple[int, ...] | None:
    if layer.class_name not in CONV:
        return None
    return _ints(_arg(layer, "kernel_size"), spatial_rank(layer))


def pool_of(layer: LayerObj) -> tuple[int, ...] | None:
    if layer.class_name not in POOL:
        return None
    return _ints(_arg(layer, "pool_size"), spatial_rank(layer))


def strides_of(layer: LayerObj) -> tuple[int, ...] | None:
    if layer.class_name in POOL and _arg(layer, "strides") is None:
        return pool_of(layer)
    if layer.class_name not in CONV + POOL:
        return None
    return _ints(_arg(layer, "strides"), spatial_rank(layer))


def count_of(layer: LayerObj) -> tuple[str, int] | None:
    for name in ("filters", "units"):
        value = _arg(layer, name)
        if isinstance(value, int) and not isinstance(value, bool):
            return name, value
    return None


def rate_of(layer: LayerObj) -> float | None:
    if layer.class_name not in DROPOUT:
        return None
    value = _arg(layer, "rate")
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def params_of(layer: LayerObj) -> int | None:
    total, _, _, reason = layer.param_counts()
    return total if reason is None else None


def fmt(values: tuple) -> str:
    return f"({', '.join(str(v) for v in values)})" if len(values) > 1 else f"{values[0]}"


# --------------------------------------------------------------------------- association
@dataclass
class Target:
    site: Site  # where the layer(s) were created
    layers: list[LayerObj]
    nodes: list[tuple[Node, Site]]  # the calls there (for shape claims), with where each call is


def _covers(site: Site, line: int) -> bool:
    return site.line <= line <= site.end_line


def _targets(ctx: "RuleContext", line: int, starts_only: bool) -> list[Target]:
    """Layers created or called at ``line`` (covering it, or starting on it)."""
    by_site: dict[tuple[int, int], Target] = {}

    def hit(site: Site) -> bool:
        return site.line == line if starts_only else _covers(site, line)

    for layer in ctx.facts.layers:
        if hit(layer.site):
            t = by_site.setdefault((layer.site.line, layer.site.col), Target(layer.site, [], []))
            t.layers.append(layer)
    from ..view import call_site

    for node in ctx.facts.calls:
        if node.is_input or node.layer.attrs.get("unknown_operation"):
            continue
        where = call_site(ctx, node)  # a Sequential's layers are "called" on their own line
        if not hit(where):
            continue
        layer = node.layer
        key = (layer.site.line, layer.site.col)
        t = by_site.setdefault(key, Target(layer.site, [], []))
        if layer not in t.layers:
            t.layers.append(layer)
        t.nodes.append((node, where))
    for t in by_site.values():
        if not t.nodes:
            # Created here, called elsewhere: all its calls.
            t.nodes = [(n, call_site(ctx, n)) for layer in t.layers for n in layer.nodes]
    return list(by_site.values())


def _assigned(ctx: "RuleContext", line: int, starts_only: bool) -> list[Any]:
    """Tensors computed by `x = <expression>` statements there (a user function's result)."""
    return [t for site, t in getattr(ctx.facts, "assigned_tensors", [])
            if (site.line == line if starts_only else _covers(site, line))]


def _comment_blocks(ctx: "RuleContext") -> list[tuple[int, int, str, list[Target], list[Any]]]:
    """(line, column of the comment text, comment, layer targets, assigned tensors) for
    every comment near a layer or a tensor-valued assignment."""
    lines = ctx.lines
    positions = ctx.comment_positions
    out = []
    for line, (col, text) in sorted(positions.items()):
        code = lines[line - 1][:col].strip() if 0 < line <= len(lines) else ""
        if code:
            targets = _targets(ctx, line, starts_only=False)
            tensors = _assigned(ctx, line, starts_only=False)
        else:
            below = line + 1
            while below in positions and not lines[below - 1][:positions[below][0]].strip():
                below += 1  # the rest of the comment block
            if below > len(lines) or not lines[below - 1].strip():
                continue
            targets = _targets(ctx, below, starts_only=True)
            tensors = _assigned(ctx, below, starts_only=True)
        if targets or tensors:
            raw = lines[line - 1][col + 1:]
            out.append((line, col + 1 + len(raw) - len(raw.lstrip()), text, targets, tensors))
    return out


# --------------------------------------------------------------------------- checking
def _only(targets: list[Target], eligible: Callable[[LayerObj], bool]) -> Target | None:
    chosen = [t for t in targets if any(eligible(layer) for layer in t.layers)]
    return chosen[0] if len(chosen) == 1 else None


def _contradicted(values: list[Any], claim: Any) -> bool:
    known = [v for v in values if v is not None]
    return bool(known) and len(known) == len(values) and all(v != claim for v in known)


def _expand(claim: Claim, rank: int | None) -> tuple | None:
    values = claim.values
    if rank is None:
        return None
    if len(values) == 1:
        return values * rank
    return values if len(values) == rank else None


def _shape_target(targets: list[Target], outermost: bool) -> tuple[Target, list[Node]] | None:
    """For shape claims: the call whose result the statement produces (the call that
    contains all the others), or for an input claim the innermost one. Calls that are
    side by side (two layers applied on one line) are ambiguous."""
    from ..view import contains

    nodes = [(t, n, where) for t in targets for n, where in t.nodes]
    if not nodes:
        return None
    for t, n, site in nodes:
        if outermost and all(contains(site, other) for _, _, other in nodes):
            break
        if not outermost and all(contains(other, site) for _, _, other in nodes):
            break
    else:
        return None
    # A layer object created by a function called several times: all its calls here.
    return t, [m for u, m, other in nodes if u is t and other == site]


def _shape_claim(claim: Claim, shapes: list[Any], what: str) -> str | None:
    dims = tuple(v for v in claim.values if v is not None)
    texts = []
    for shape in shapes:
        if not isinstance(shape, tuple) or len(shape) < 2:
            return None
        actual = shape[1:]
        if not all(isinstance(d, int) and not isinstance(d, bool) for d in actual):
            return None
        if len(dims) == len(actual):
            compare = actual
        elif len(dims) == len(actual) - 1 and len(actual) >= 3:
            compare = actual[:-1]  # "-> 28x28" for a (None, 28, 28, 64) feature map
        else:
            return None
        if tuple(compare) == dims:
            return None
        texts.append(shape_text(shape))
    if not texts:
        return None
    return f"comment says the {what} is {claim.text} but it is {texts[0]}"


def check_claim(claim: Claim, targets: list[Target]) -> tuple[str, str] | None:
    """(finding kind, message) when the code contradicts the claim."""
    kind = claim.kind
    if kind in ("kernel", "bare"):
        t = _only(targets, lambda la: la.class_name in CONV)
        if t is None and kind == "bare":
            t = _only(targets, lambda la: la.class_name in POOL)
            if t is not None:
                return check_claim(Claim("pool", claim.values, claim.text, claim.start, claim.end), targets)
            return None
        if t is None:
            return None
        if kind == "bare" and (len(claim.values) < 2 or max(claim.values) > 11):
            return None
        wanted = _expand(claim, spatial_rank(t.layers[0]))
        kernels = [kernel_of(la) for la in t.layers]
        if wanted is None or not _contradicted(kernels, wanted):
            return None
        if kind == "bare" and any(strides_of(la) == wanted for la in t.layers):
            return None  # "2x2" may describe the stride
        return "kernel", f"comment says {claim.text} but kernel_size is {fmt(kernels[0])}"  # type: ignore[arg-type]
    if kind in ("filters", "units"):
        t = _only(targets, lambda la: count_of(la) is not None)
        if t is None:
            return None
        counts = [count_of(la) for la in t.layers]
        if not _contradicted([c[1] if c else None for c in counts], claim.values[0]):
            return None
        name, value = counts[0]  # type: ignore[misc]
        return "count", f"comment says {claim.values[0]} {kind} but {name} is {value}"
    if kind in ("strides", "downsample"):
        t = _only(targets, lambda la: strides_of(la) is not None)
        if t is None:
            return None
        wanted = _expand(claim, spatial_rank(t.layers[0]))
        strides = [strides_of(la) for la in t.layers]
        if wanted is None or not _contradicted(strides, wanted):
            return None
        said = f"/{claim.values[0]}" if kind == "downsample" else claim.text
        return "strides", f"comment says {'stride ' if kind == 'strides' else ''}{said} but strides is " \
                          f"{fmt(strides[0])}"  # type: ignore[arg-type]
    if kind == "pool":
        t = _only(targets, lambda la: la.class_name in POOL)
        if t is None:
            return None
        wanted = _expand(claim, spatial_rank(t.layers[0]))
        pools = [pool_of(la) for la in t.layers]
        if wanted is None or not _contradicted(pools, wanted):
            return None
        return "pool", f"comment says pool {claim.text} but pool_size is {fmt(pools[0])}"  # type: ignore[arg-type]
    if kind == "rate":
        t = _only(targets, lambda la: la.class_name in DROPOUT)
        if t is None:
            return None
        rates = [rate_of(la) for la in t.layers]
        if not _contradicted(rates, claim.values[0]):
            return None
        return "rate", f"comment says {claim.text} but the dropout rate is {rates[0]:g}"
    if kind in ("output", "input"):
        picked = _shape_target(targets, outermost=kind == "output")
        if picked is None:
            return None
        _, nodes = picked
        if kind == "output":
            shapes = [n.output_shapes() for n in nodes]
        else:
            shapes = [n.input_tensors[0].shape if len(n.input_tensors) == 1 else None for n in nodes]
        message = _shape_claim(claim, shapes, f"{kind} of {nodes[0].layer.class_name} '"
                                              f"{nodes[0].layer.display_name}'")
        return ("shape", message) if message else None
    if kind == "params":
        zero = claim.values[0] == 0
        t = _only(targets, lambda la: (params_of(la) == 0) == zero and params_of(la) is not None)
        if t is None:
            return None
        counts = [params_of(la) for la in t.layers]
        if not _contradicted(counts, claim.values[0]):
            return None
        layer = t.layers[0]
        return "params", f"comment says {claim.values[0]:,} parameters but {layer.class_name} " \
                         f"'{layer.display_name}' has {counts[0]:,}"
    return None


def findings(ctx: "RuleContext") -> list[Finding]:
    key = "comment_findings"
    if key in ctx.cache:
        return ctx.cache[key]
    out: list[Finding] = []
    for line, text_col, text, targets, tensors in _comment_blocks(ctx):
        reported: set[str] = set()
        for claim in claims(text):
            if targets:
                result = check_claim(claim, targets)
            elif claim.kind == "output":
                # No layer on the line (`x = conv_block(x, 64)`): the statement's result.
                message = _shape_claim(claim, [t.shape for t in tensors], "result")
                result = ("shape", message) if message else None
            else:
                result = None
            if result is not None and result[0] not in reported:  # "kernel 3 (3x3)": one finding
                kind, message = result
                reported.add(kind)
                out.append(Finding(kind, line, text_col + claim.start, text_col + claim.end, message))
    ctx.cache[key] = out
    return out
