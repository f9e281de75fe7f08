"""Pooling and global pooling."""

from __future__ import annotations

from . import Ctx, entry, image_shape, invalid_for, split_channels, window


def pool_args(c: Ctx, rank: int) -> dict:
    data_format = c.data_format()
    spatial, _ = split_channels(c.shape, data_format == "channels_first")
    if c.keep:
        padding, strides = "same", 1
    else:
        padding = c.choice(["valid", "same"])
        strides = c.choice([None, 1, 2, 3])
    pool = [window(c, d if padding == "valid" else None, 4) for d in spatial]
    return {"pool_size": c.tuple_or_int(pool),
            "strides": None if strides is None else c.tuple_or_int([strides] * rank),
            "padding": padding, "data_format": data_format}


def pool_invalid(c: Ctx, rank: int) -> dict:
    args = pool_args(c, rank)
    spatial, _ = split_channels(c.shape, args["data_format"] == "channels_first")
    if all(d is None for d in spatial):
        return {**args, "padding": "full"}
    args.update(padding="valid", pool_size=tuple((d or 1) + c.int(1, 2) for d in spatial))
    return args


def global_args(c: Ctx) -> dict:
    return {"data_format": c.data_format(), "keepdims": c.bool()}


for _rank in (1, 2, 3):
    def _pool(c: Ctx, rank: int = _rank) -> dict:
        return pool_args(c, rank)

    def _invalid(c: Ctx, rank: int = _rank) -> dict:
        return pool_invalid(c, rank)

    def _shape(c: Ctx, rank: int = _rank) -> tuple:
        return image_shape(c, rank, hi=12 if rank < 3 else 6)

    for _kind in ("Max", "Average"):
        entry(f"{_kind}Pooling{_rank}D", ranks=(_rank + 2,), keep=True, input_shape=_shape)(_pool)
        invalid_for(f"{_kind}Pooling{_rank}D")(_invalid)
        entry(f"Global{_kind}Pooling{_rank}D", ranks=(_rank + 2,), input_shape=_shape)(global_args)


def adaptive_args(c: Ctx, rank: int) -> dict:
    data_format = c.data_format()
    spatial, _ = split_channels(c.shape, data_format == "channels_first")
    sizes = [c.int(1, d if d is not None else 6) for d in spatial]
    return {"output_size": c.tuple_or_int(sizes) if rank > 1 else c.choice([sizes[0], tuple(sizes)]),
            "data_format": data_format}


for _rank in (1, 2, 3):
    def _adaptive(c: Ctx, rank: int = _rank) -> dict:
        return adaptive_args(c, rank)

    def _shape(c: Ctx, rank: int = _rank) -> tuple:
        return image_shape(c, rank, hi=12 if rank < 3 else 6)

    for _kind in ("Max", "Average"):
        entry(f"Adaptive{_kind}Pooling{_rank}D", ranks=(_rank + 2,), input_shape=_shape)(_adaptive)
