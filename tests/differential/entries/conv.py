"""Convolutions."""

from __future__ import annotations

from . import Ctx, divisors, entry, image_shape, invalid_for, split_channels, window


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
