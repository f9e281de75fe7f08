"""EinsumDense: a dense layer described by an einsum equation.

The kernel, bias and output shapes follow Keras's ``_analyze_einsum_string`` step by
step, including its quirks: a ``None`` in ``output_shape`` stays ``None`` in the output
(Keras does not fill it from the input), and with a left ellipsis the elided axes come
out in reverse order.
"""

from __future__ import annotations

import re
from typing import Any

from ..analysis.dims import Sym, UnknownDim
from .spec import Call, Config, LayerSpec, Params, ShapeError, Unknowable, Weight

_FORMS = (
    (re.compile(r"^([a-zA-Z]+),([a-zA-Z]+)->([a-zA-Z]+)$"), False),
    (re.compile(r"^0([a-zA-Z]+),([a-zA-Z]+)->0([a-zA-Z]+)$"), True),
    (re.compile(r"^([a-zA-Z]{2,})0,([a-zA-Z]+)->([a-zA-Z]+)0$"), False),
)


def _same(a: Any, b: Any) -> bool:
    """Keras compares with ``!=``; a symbolic size is its None, equal to nothing but None."""
    if isinstance(a, Sym) or isinstance(b, Sym):
        return False
    return a == b


def analyze_einsum(equation: str, bias_axes: str | None, input_shape: tuple,
                   output_shape: Any) -> tuple[list, list | None, tuple]:
    """(kernel shape, bias shape or None, full output shape)."""
    text = equation.replace("...", "0")
    for pattern, left_elided in _FORMS:
        match = pattern.match(text)
        if match:
            break
    else:
        raise ShapeError(f"Invalid einsum equation '{equation}'. Equations must be in the form "
                         "[X],[Y]->[Z], ...[X],[Y]->...[Z], or [X]...,[Y]->[Z]....")
    input_spec, weight_spec, output_spec = match.groups()
    elided = len(input_shape) - len(input_spec)
    out = [output_shape] if isinstance(output_shape, int) else list(output_shape)
    out.insert(0, input_shape[0])
    if elided > 0 and left_elided:
        for i in range(1, elided):
            out.insert(1, input_shape[i])
    elif elided > 0:
        out.extend(input_shape[len(input_shape) - elided:])
    if left_elided:
        input_axis = {c: i + elided - len(input_shape) for i, c in enumerate(input_spec)}
        output_axis = {c: i + elided for i, c in enumerate(output_spec)}
    else:
        input_axis = {c: i for i, c in enumerate(input_spec)}
        output_axis = {c: i for i, c in enumerate(output_spec)}
    for c in input_spec:
        if c in output_axis:
            o, i = out[output_axis[c]], input_shape[input_axis[c]]
            if isinstance(i, UnknownDim):
                raise Unknowable(i.reason)
            if o is not None and not _same(o, i):
                raise ShapeError(f"Input shape and output shape do not match at shared dimension '{c}'. Input shape "
                                 f"is {i}, and output shape is {o}.")
    for c in output_spec:
        if c not in input_spec and c not in weight_spec:
            raise ShapeError(f"Dimension '{c}' was specified in the output '{output_spec}' but has no corresponding "
                             f"dim in the input spec '{input_spec}' or weight spec '{output_spec}'")
    kernel = []
    for c in weight_spec:
        if c in output_axis:
            kernel.append(out[output_axis[c]])
        elif c in input_axis:
            kernel.append(input_shape[input_axis[c]])
        else:
            raise ShapeError(f"Weight dimension '{c}' did not have a match in either the input spec '{input_spec}' "
                             f"or the output spec '{output_spec}'. For this layer, the weight must be fully specified.")
    bias = None
    if bias_axes is not None:
        shift = elided if left_elided else 0
        by_char = {c: out[i + shift] for i, c in enumerate(output_spec)}
        for c in bias_axes:
            if c not in output_spec:
                raise ShapeError(f"Bias dimension '{c}' was requested, but is not part of the output spec "
                                 f"'{output_spec}'")
        first = min(output_spec.find(c) for c in bias_axes)
        bias = [by_char[c] if c in bias_axes else 1 for c in output_spec[first:]]
        if not left_elided:
            bias.extend([1] * max(elided, 0))
    return kernel, bias, tuple(out)


def _fully_defined(name: str, shape: list) -> tuple:
    for d in shape:
        if isinstance(d, UnknownDim):
            raise Unknowable(d.reason)
        if d is None or isinstance(d, Sym):
            raise ShapeError(f"Shapes used to initialize variables must be fully-defined (no `None` dimensions). "
                             f"Received: shape={tuple(shape)} for variable {name}")
    return tuple(shape)


class EinsumDense(LayerSpec):
    name = "EinsumDense"
    family = "core"
    params = Params("equation", "output_shape", activation=None, bias_axes=None, kernel_initializer="glorot_uniform",
                    bias_initializer="zeros", kernel_regularizer=None, bias_regularizer=None, kernel_constraint=None,
                    bias_constraint=None, lora_rank=None, lora_alpha=None, gptq_unpacked_column_size=None,
                    quantization_config=None)
    call_params = Params("inputs", training=None)

    def _analyze(self, cfg: Config, call: Call) -> tuple[list, list | None, tuple]:
        output_shape = cfg.known("output_shape")
        if not isinstance(output_shape, (int, list, tuple)) or isinstance(output_shape, bool):
            raise Unknowable(f"EinsumDense output_shape {output_shape!r} is not known")
        bias_axes = cfg.known("bias_axes")
        equation, shape = cfg.str("equation"), call.input
        try:
            return analyze_einsum(equation, bias_axes, shape, output_shape)
        except IndexError as exc:
            # analyze_einsum indexes the shapes exactly where Keras's _analyze_einsum_string
            # does: past the input's rank, Keras raises this IndexError too.
            raise ShapeError(f"EinsumDense: the equation '{equation}' does not fit an input of rank {len(shape)} "
                             f"(Keras raises IndexError: {exc})") from None

    def output_shape(self, cfg: Config, call: Call) -> tuple:
        return self._analyze(cfg, call)[2]

    def weights(self, cfg: Config, call: Call) -> list[Weight]:
        kernel, bias, _ = self._analyze(cfg, call)
        kernel_shape = _fully_defined("kernel", kernel)
        rank = cfg.known("lora_rank")
        out = [Weight("kernel", kernel_shape, trainable=not rank, frozen_later=bool(rank))]
        if bias is not None:
            out.append(Weight("bias", _fully_defined("bias", bias)))
        if rank:
            r = cfg.int("lora_rank")
            out += [Weight("lora_kernel_a", (*kernel_shape[:-1], r)), Weight("lora_kernel_b", (r, kernel_shape[-1]))]
        return out
