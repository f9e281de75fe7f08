"""Reshaping layers."""

from __future__ import annotations

import math

from . import Ctx, divisors, entry, image_shape, invalid_for


@entry("Flatten")
def flatten(c: Ctx) -> dict:
    return {"data_format": c.data_format()}


@entry("Reshape", keep=True)
def reshape(c: Ctx) -> dict | None:
    dims = c.shape[1:]
    if any(d is None for d in dims):
        return None
    if c.keep:
        return {"target_shape": tuple(dims)}
    total = math.prod(dims)
    target = []
    rest = total
    for _ in range(c.int(0, 2)):
        d = c.choice(divisors(rest))
        target.append(d)
        rest //= d
    target.append(rest)
    target = [target[i] for i in c.draw(_permutation(len(target)))]
    if c.bool():
        target[c.int(0, len(target) - 1)] = -1
    return {"target_shape": tuple(target)}


def _permutation(n: int):
    from hypothesis import strategies as st
    return st.permutations(list(range(n)))


@invalid_for("Reshape")
def reshape_invalid(c: Ctx) -> dict | None:
    dims = c.shape[1:]
    if any(d is None for d in dims):
        return None
    total = math.prod(dims)
    return {"target_shape": c.choice([(total + 1,), (total, 2), (-1, -1)])}


def pad_args(c: Ctx, rank: int) -> dict:
    options = []
    pairs = [(c.int(0, 3), c.int(0, 3)) for _ in range(rank)]
    options.append(c.int(0, 3))
    if rank == 1:
        options.append(pairs[0])
    else:
        options.append(tuple(a for a, _ in pairs))
        options.append(tuple(pairs))
    args = {"padding": c.choice(options)}
    if rank > 1:
        args["data_format"] = c.data_format()
    return args


def upsample_args(c: Ctx, rank: int) -> dict:
    if rank == 1:
        return {"size": c.int(1, 3)}
    args = {"size": c.tuple_or_int([c.int(1, 3) for _ in range(rank)]), "data_format": c.data_format()}
    if rank == 2:
        args["interpolation"] = c.choice(["nearest", "bilinear"])
    return args


for _rank in (1, 2, 3):
    def _pad(c: Ctx, rank: int = _rank) -> dict:
        return pad_args(c, rank)

    def _up(c: Ctx, rank: int = _rank) -> dict:
        return upsample_args(c, rank)

    def _shape(c: Ctx, rank: int = _rank) -> tuple:
        return image_shape(c, rank, hi=10 if rank < 3 else 5)

    entry(f"ZeroPadding{_rank}D", ranks=(_rank + 2,), input_shape=_shape)(_pad)
    entry(f"UpSampling{_rank}D", ranks=(_rank + 2,), input_shape=_shape)(_up)


def crop_args(c: Ctx, rank: int) -> dict | None:
    data_format = c.data_format() if rank > 1 else None
    first = data_format == "channels_first"
    spatial = c.shape[2:] if first else c.shape[1:1 + rank]
    pairs = []
    for d in spatial:
        room = (d - 1) if d is not None else 3  # keep at least one element
        a = c.int(0, max(0, room))
        b = c.int(0, max(0, room - a))
        pairs.append((a, b))
    if rank == 1:
        cropping = c.choice([pairs[0], pairs[0][0]]) if pairs[0][0] == pairs[0][1] else pairs[0]
    elif all(a == b for a, b in pairs) and c.bool():
        cropping = tuple(a for a, _ in pairs)
    else:
        cropping = tuple(pairs)
    args: dict = {"cropping": cropping}
    if rank > 1:
        args["data_format"] = data_format
    return args


def crop_invalid(c: Ctx, rank: int) -> dict | None:
    args = crop_args(c, rank)
    first = args.get("data_format") == "channels_first"
    spatial = c.shape[2:] if first else c.shape[1:1 + rank]
    if spatial[0] is None:
        return None
    big = (spatial[0], c.int(0, 2))
    pairs = [big] + [(0, 0)] * (rank - 1)
    args["cropping"] = big if rank == 1 else tuple(pairs)
    return args


for _rank in (1, 2, 3):
    def _crop(c: Ctx, rank: int = _rank) -> dict | None:
        return crop_args(c, rank)

    def _crop_invalid(c: Ctx, rank: int = _rank) -> dict | None:
        return crop_invalid(c, rank)

    def _crop_shape(c: Ctx, rank: int = _rank) -> tuple:
        return image_shape(c, rank, hi=10 if rank < 3 else 5)

    entry(f"Cropping{_rank}D", ranks=(_rank + 2,), input_shape=_crop_shape)(_crop)
    invalid_for(f"Cropping{_rank}D")(_crop_invalid)


@entry("Permute", keep=False)
def permute(c: Ctx) -> dict:
    dims = list(c.draw(_permutation(c.rank - 1)))
    return {"dims": tuple(d + 1 for d in dims)}


@invalid_for("Permute")
def permute_invalid(c: Ctx) -> dict:
    return {"dims": tuple(range(1, c.rank + 1))}


@entry("RepeatVector", ranks=(2,))
def repeat_vector(c: Ctx) -> dict:
    return {"n": c.int(1, 6)}
