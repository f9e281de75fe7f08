"""Convolutions."""

from __future__ import annotations

from . import REGISTRY, Ctx, divisors, entry, image_shape, invalid_for, split_channels, window


def conv_args(c: Ctx, rank: int) -> dict:
    data_format = c.data_format()
    spatial, channels = split_channels(c.shape, data_format == "channels_first")
    if c.keep:
        padding, strides, dilation = "same", 1, c.choice([1, 2])
    else:
        padding = c.choice(["valid", "same"] + (["causal"] if rank == 1 else []))
        strides = c.int(1, 3)
        dilation = 1 if strides > 1 else c.choice([1, 1, 2, 3])
    kernel = [window(c, d if padding == "valid" else None, 5, dilation) for d in spatial]
    groups = c.choice(divisors(channels)) if channels is not None and c.rarely(4) else 1
    filters = channels if c.keep and channels is not None else groups * c.int(1, 12 // groups + 1)
    args = {"filters": filters, "kernel_size": c.tuple_or_int(kernel),
            "strides": c.tuple_or_int([strides] * rank), "padding": padding, "data_format": data_format,
            "dilation_rate": c.tuple_or_int([dilation] * rank), "groups": groups,
            "activation": c.activation(), "use_bias": c.bool()}
    return args


def conv_invalid(c: Ctx, rank: int) -> dict:
    args = conv_args(c, rank)
    how = c.choice(["kernel", "stride+dilation", "groups", "filters"])
    spatial, _ = split_channels(c.shape, args["data_format"] == "channels_first")
    if how == "kernel" and any(d is not None for d in spatial):
        args.update(padding="valid", strides=1, dilation_rate=1,
                    kernel_size=tuple((d or 1) + c.int(1, 3) for d in spatial))
    elif how == "stride+dilation":
        args.update(strides=c.int(2, 3), dilation_rate=c.int(2, 3))
    elif how == "groups":
        args.update(groups=c.int(2, 4), filters=c.choice([1, 5, 7]))
        if args["filters"] % args["groups"] == 0:
            args["filters"] += 1
    else:
        args.update(filters=c.int(-1, 0))
    return args


for _rank in (1, 2, 3):
    def _draw(c: Ctx, rank: int = _rank) -> dict:
        return conv_args(c, rank)

    def _invalid(c: Ctx, rank: int = _rank) -> dict:
        return conv_invalid(c, rank)

    def _shape(c: Ctx, rank: int = _rank) -> tuple:
        return image_shape(c, rank, hi=14 if rank < 3 else 7)

    entry(f"Conv{_rank}D", ranks=(_rank + 2,), width="filters", keep=True, input_shape=_shape)(_draw)
    invalid_for(f"Conv{_rank}D")(_invalid)


# Keras 2 names that Keras 3 still exports as aliases of the same classes. Written with at most
# (filters, kernel_size) positional: `Convolution2D(32, 3, 3)` is read as Keras 1 code (a 3x3
# kernel), deliberately (kerasaudit/catalog/conv_legacy.py), where Keras 3 would read strides.
for _rank in (1, 2, 3):
    _base = REGISTRY[f"Conv{_rank}D"]
    entry(f"Convolution{_rank}D", ranks=_base.ranks, width="filters", keep=True, max_positional=2,
          input_shape=_base.input_shape)(_base.draw)


def transpose_args(c: Ctx, rank: int) -> dict:
    data_format = c.data_format()
    spatial, _ = split_channels(c.shape, data_format == "channels_first")
    padding = c.choice(["valid", "same"])
    strides = c.int(1, 3)
    dilation = 1 if strides > 1 else c.choice([1, 1, 2])
    kernel = [c.int(1, 4) for _ in spatial]
    output_padding = None
    if c.rarely(3):
        output_padding = c.tuple_or_int([c.int(0, strides - 1) for _ in spatial]) if strides > 1 else None
    return {"filters": c.int(1, 8), "kernel_size": c.tuple_or_int(kernel), "strides": c.tuple_or_int([strides] * rank),
            "padding": padding, "output_padding": output_padding, "data_format": data_format,
            "dilation_rate": c.tuple_or_int([dilation] * rank), "activation": c.activation(), "use_bias": c.bool()}


def transpose_invalid(c: Ctx, rank: int) -> dict:
    args = transpose_args(c, rank)
    stride = c.int(1, 2)
    return {**args, "strides": stride, "dilation_rate": 1, "output_padding": stride + c.int(0, 1)}


def depthwise_args(c: Ctx, rank: int) -> dict:
    data_format = c.data_format()
    spatial, _ = split_channels(c.shape, data_format == "channels_first")
    padding = "same" if c.keep else c.choice(["valid", "same"])
    strides = 1 if c.keep else c.int(1, 3)
    dilation = 1 if strides > 1 else c.choice([1, 1, 2])
    kernel = [window(c, d if padding == "valid" else None, 5, dilation) for d in spatial]
    return {"kernel_size": c.tuple_or_int(kernel), "strides": c.tuple_or_int([strides] * rank), "padding": padding,
            "depth_multiplier": 1 if c.keep else c.int(1, 3), "data_format": data_format,
            "dilation_rate": c.tuple_or_int([dilation] * rank), "activation": c.activation(), "use_bias": c.bool()}


def separable_args(c: Ctx, rank: int) -> dict:
    args = depthwise_args(c, rank)
    _, channels = split_channels(c.shape, args["data_format"] == "channels_first")
    args["filters"] = channels if c.keep and channels is not None else c.int(1, 12)
    return args


def _family(name: str, rank: int, draw, invalid=None, width: str | None = "filters", keep: bool = False) -> None:
    def _draw(c: Ctx) -> dict:
        return draw(c, rank)

    def _shape(c: Ctx) -> tuple:
        return image_shape(c, rank, hi=10 if rank < 3 else 6)

    entry(name, ranks=(rank + 2,), width=width, keep=keep, input_shape=_shape)(_draw)
    if invalid is not None:
        invalid_for(name)(lambda c: invalid(c, rank))


for _rank in (1, 2, 3):
    _family(f"Conv{_rank}DTranspose", _rank, transpose_args, transpose_invalid)
for _rank in (1, 2):
    _family(f"DepthwiseConv{_rank}D", _rank, depthwise_args, width=None, keep=True)
    _family(f"SeparableConv{_rank}D", _rank, separable_args, keep=True)
entry("SeparableConvolution2D", ranks=(4,), width="filters", max_positional=2,
      input_shape=REGISTRY["SeparableConv2D"].input_shape)(REGISTRY["SeparableConv2D"].draw)
