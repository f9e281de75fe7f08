"""Categorical and text preprocessing: CategoryEncoding, Hashing, HashedCrossing,
Discretization, StringLookup, IntegerLookup, TextVectorization.

None of them has weights Keras counts. Their output depth is often a vocabulary size: known
from ``max_tokens`` with ``pad_to_max_tokens=True`` or from a literal ``vocabulary=``, but set
by ``adapt()`` on data otherwise, which the analysis cannot know (Keras computes it from the
adapted vocabulary at the first call).
"""

from __future__ import annotations

from typing import Any

from ..analysis.values import Unknown
from .spec import ArgumentError, Call, Config, LayerSpec, Params, ShapeError, Unknowable, fmt_shape

_ENCODINGS = ("int", "one_hot", "multi_hot", "count")


def _check_choice(cfg: Config, name: str, choices: tuple) -> None:
    value = cfg.get(name)
    if isinstance(value, str) and value not in choices:
        raise ArgumentError(f"Invalid value for argument `{name}`. Expected one of {list(choices)}. "
                            f"Received: {name}={value}")


def one_hot_or_flat(shape: tuple, depth: Any, one_hot: bool) -> tuple:
    """Keras's categorical encodings: one_hot adds a depth axis (replacing a last axis of 1);
    multi_hot/count/tf_idf replace the last axis by the depth."""
    if one_hot:
        if len(shape) > 1 and shape[-1] == 1:
            return (*shape[:-1], depth)
        return (*shape, depth)
    return (*shape[:-1], depth)


class CategoryEncoding(LayerSpec):
    name = "CategoryEncoding"
    family = "preprocessing"
    params = Params(num_tokens=None, output_mode="multi_hot", sparse=False)
    call_params = Params("inputs", count_weights=None)

    def validate(self, cfg: Config) -> None:
        mode = cfg.get("output_mode")
        if isinstance(mode, str) and mode not in ("count", "one_hot", "multi_hot", "binary"):
            raise ArgumentError(f"Unknown arg for output_mode: {mode}")
        tokens = cfg.get("num_tokens")
        if tokens is None:
            raise ArgumentError("num_tokens must be set to use this layer. If the number of tokens is not known "
                                "beforehand, use the IntegerLookup layer instead.")
        if isinstance(tokens, int) and tokens < 1:
            raise ArgumentError(f"`num_tokens` must be >= 1. Received: num_tokens={tokens}.")

    def output_shape(self, cfg: Config, call: Call) -> tuple:
        shape, tokens = call.input, cfg.int("num_tokens")
        if not shape:
            return (tokens,)
        mode = cfg.str("output_mode")
        if mode == "one_hot" and (shape[-1] != 1 or len(shape) == 1):
            return (*shape, tokens)
        return (*shape[:-1], tokens)


class Hashing(LayerSpec):
    name = "Hashing"
    family = "preprocessing"
    params = Params("num_bins", mask_value=None, salt=None, output_mode="int", sparse=False)

    def validate(self, cfg: Config) -> None:
        bins = cfg.get("num_bins")
        if bins is None or (isinstance(bins, int) and bins <= 0):
            raise ArgumentError(f"The `num_bins` for `Hashing` cannot be `None` or non-positive values. "
                                f"Received: num_bins={bins}.")
        _check_choice(cfg, "output_mode", _ENCODINGS)

    def output_shape(self, cfg: Config, call: Call) -> tuple:
        shape = call.input
        if cfg.str("output_mode") == "int":
            return shape
        return (*shape[:-1], cfg.int("num_bins"))


class HashedCrossing(LayerSpec):
    name = "HashedCrossing"
    family = "preprocessing"
    params = Params("num_bins", output_mode="int", sparse=False, name=None, dtype=None)

    def validate(self, cfg: Config) -> None:
        _check_choice(cfg, "output_mode", ("int", "one_hot"))

    def output_shape(self, cfg: Config, call: Call) -> tuple:
        shapes = call.input_list
        if len(shapes) != 2:
            raise ShapeError(f"Expected as input a list/tuple of 2 tensors. Received {len(shapes)} inputs")
        first, second = shapes
        if first[-1] != second[-1]:
            raise ShapeError(f"Expected the two input tensors to have identical shapes. Received input_shape="
                             f"{[fmt_shape(first), fmt_shape(second)]}")
        if cfg.str("output_mode") == "int":
            return first
        bins = cfg.int("num_bins")
        return (*first, bins) if first[-1] != 1 else (*first[:-1], bins)


class Discretization(LayerSpec):
    name = "Discretization"
    family = "preprocessing"
    params = Params(bin_boundaries=None, num_bins=None, epsilon=0.01, output_mode="int", sparse=False, dtype=None,
                    name=None)
    base_kwargs = ()  # Keras 3's __init__ takes no **kwargs: not even trainable= or input_shape=

    def validate(self, cfg: Config) -> None:
        _check_choice(cfg, "output_mode", _ENCODINGS)
        bins, bounds = cfg.get("num_bins"), cfg.get("bin_boundaries")
        if isinstance(bins, int) and bins < 0:
            raise ArgumentError(f"`num_bins` must be greater than or equal to 0. Received: `num_bins={bins}`")
        if bins is not None and bounds is not None:
            raise ArgumentError("Both `num_bins` and `bin_boundaries` should not be set.")
        if bins is None and bounds is None:
            raise ArgumentError("You need to set either `num_bins` or `bin_boundaries`.")

    def output_shape(self, cfg: Config, call: Call) -> tuple:
        shape = call.input
        if cfg.str("output_mode") == "int":
            return shape
        bounds = cfg.known("bin_boundaries")
        if bounds is not None:
            if not isinstance(bounds, (list, tuple)):
                raise Unknowable("Discretization bin_boundaries are not a known list")
            depth = len(bounds) + 1
        else:
            depth = cfg.int("num_bins")
        if cfg.str("output_mode") == "one_hot":
            return one_hot_or_flat(shape, depth, True)
        # Keras drops axis 1, not the last one, for multi_hot and count.
        return (shape[0], *shape[2:], depth) if len(shape) >= 2 else (depth,)


class IndexLookup(LayerSpec):
    """StringLookup / IntegerLookup: ``int`` keeps the shape; the other modes need the vocabulary size."""

    family = "preprocessing"
    modes = ("int", "one_hot", "multi_hot", "count", "tf_idf")

    def validate(self, cfg: Config) -> None:
        _check_choice(cfg, "output_mode", self.modes)

    def depth(self, cfg: Config) -> int:
        """``max_tokens`` when padded to it, else the size of a literal vocabulary plus the OOV
        indices (what Keras freezes at the first call)."""
        if cfg.flag("pad_to_max_tokens"):
            return cfg.int("max_tokens")
        vocabulary = cfg.known("vocabulary")
        if vocabulary is None:
            raise Unknowable(f"{self.name}'s output size is its vocabulary size, set by adapt() on data at run time "
                             "(pass vocabulary= or pad_to_max_tokens=True with max_tokens to make it static)")
        if not isinstance(vocabulary, (list, tuple)):
            raise Unknowable(f"{self.name}'s vocabulary is not a literal list (a file is read at run time)")
        mask, oov = cfg.known("mask_token"), cfg.known("oov_token")
        if len(set(vocabulary)) != len(vocabulary) or mask in vocabulary or oov in vocabulary:
            raise Unknowable(f"{self.name}'s vocabulary repeats a token or holds the mask/OOV token")
        # The mask token takes an index only in "int" mode, which never asks for a depth.
        return len(vocabulary) + cfg.int("num_oov_indices")

    def output_shape(self, cfg: Config, call: Call) -> tuple:
        shape = call.input
        mode = cfg.str("output_mode")
        if mode == "int" or cfg.flag("invert"):
            return shape
        return one_hot_or_flat(shape, self.depth(cfg), mode == "one_hot")


class StringLookup(IndexLookup):
    name = "StringLookup"
    params = Params(max_tokens=None, num_oov_indices=1, mask_token=None, oov_token="[UNK]", vocabulary=None,
                    idf_weights=None, invert=False, output_mode="int", pad_to_max_tokens=False, sparse=False,
                    encoding="utf-8", name=None, salt=None)


class IntegerLookup(IndexLookup):
    name = "IntegerLookup"
    params = Params(max_tokens=None, num_oov_indices=1, mask_token=None, oov_token=-1, vocabulary=None,
                    vocabulary_dtype="int64", idf_weights=None, invert=False, output_mode="int", sparse=False,
                    pad_to_max_tokens=False, oov_method="floormod", salt=None, name=None)


class TextVectorization(LayerSpec):
    name = "TextVectorization"
    family = "preprocessing"
    params = Params(max_tokens=None, standardize="lower_and_strip_punctuation", split="whitespace", ngrams=None,
                    output_mode="int", output_sequence_length=None, pad_to_max_tokens=False, vocabulary=None,
                    idf_weights=None, sparse=False, ragged=False, encoding="utf-8", name=None)

    def internal_layers(self, cfg: Config) -> list[str]:
        return ["StringLookup"]  # its lookup table, made in __init__ with an automatic name

    def validate(self, cfg: Config) -> None:
        _check_choice(cfg, "output_mode", ("int", "multi_hot", "count", "tf_idf"))
        length, mode = cfg.get("output_sequence_length"), cfg.get("output_mode")
        if length is not None and not isinstance(length, Unknown) and mode != "int":
            raise ArgumentError("`output_sequence_length` must not be set if `output_mode` is not 'int'. "
                                f"Received output_sequence_length={length}.")

    def output_shape(self, cfg: Config, call: Call) -> tuple:
        shape = call.input
        if cfg.str("output_mode") == "int":
            length = cfg.known("output_sequence_length")
            if length is not None and not isinstance(length, int):
                raise Unknowable("TextVectorization output_sequence_length is not a known integer")
            return (shape[0], length)
        lookup = (*shape, 1) if len(shape) <= 1 else shape
        if cfg.known("split") is not None:
            lookup = (*shape, None)
        # The internal StringLookup has mask_token "" and one OOV index.
        if cfg.flag("pad_to_max_tokens"):
            depth = cfg.int("max_tokens")
        else:
            depth = StringLookup().depth(Config(self.name, {
                "pad_to_max_tokens": False, "vocabulary": cfg.get("vocabulary"), "mask_token": "",
                "oov_token": "[UNK]", "num_oov_indices": 1}))
        return (*lookup[:-1], depth)
