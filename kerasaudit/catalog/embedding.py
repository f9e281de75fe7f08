"""Embedding lookups: Embedding, ReversibleEmbedding."""

from __future__ import annotations

from ..analysis.values import Unknown
from .spec import ArgumentError, Call, Config, LayerSpec, Params, Unknowable, Weight

# Keras 1 spellings of Embedding arguments.
_KERAS1_NAMES = {"init": "embeddings_initializer", "W_regularizer": "embeddings_regularizer",
                 "W_constraint": "embeddings_constraint"}


def _positive(cfg: Config, *names: str) -> None:
    for name in names:
        value = cfg.get(name)
        if isinstance(value, int) and not isinstance(value, bool) and value <= 0:
            raise ArgumentError(f"Received an invalid value for `{name}`, expected a positive integer. "
                                f"Received: {name}={value}")


class Embedding(LayerSpec):
    name = "Embedding"
    family = "embedding"
    params = Params("input_dim", "output_dim", embeddings_initializer="uniform", embeddings_regularizer=None,
                    embeddings_constraint=None, mask_zero=False, weights=None, lora_rank=None, lora_alpha=None,
                    quantization_config=None)
    # Keras 3 accepts and ignores `input_length` (with a warning); translate_legacy gives it its
    # Keras 2 meaning first.
    extra_kwargs = ("input_length",)

    def translate_legacy(self, args: list, kwargs: dict) -> tuple[list, dict]:
        """Keras 1/2: ``input_length=10`` on the first layer meant ``input_shape=(10,)``, so the
        Sequential model was built. Keras 1's ``dropout=`` is gone."""
        kwargs = dict(kwargs)
        for old, new in _KERAS1_NAMES.items():
            if old in kwargs and new not in kwargs:
                kwargs[new] = kwargs.pop(old)
        kwargs.pop("dropout", None)
        if "input_length" in kwargs:
            length = kwargs.pop("input_length")
            if "input_shape" not in kwargs and "batch_input_shape" not in kwargs and length is not None:
                kwargs["input_shape"] = length if isinstance(length, Unknown) else (length,)
        return args, kwargs

    def validate(self, cfg: Config) -> None:
        _positive(cfg, "input_dim", "output_dim")

    def output_shape(self, cfg: Config, call: Call) -> tuple:
        return (*call.input, cfg.int("output_dim"))

    def weights(self, cfg: Config, call: Call) -> list[Weight]:
        table = (cfg.int("input_dim"), cfg.int("output_dim"))
        rank = cfg.known("lora_rank")
        if not rank:
            return [Weight("embeddings", table)]
        # enable_lora freezes the table and trains two low-rank factors instead.
        return [Weight("embeddings", table, trainable=False, frozen_later=True),
                Weight("lora_embeddings_a", (table[0], cfg.int("lora_rank"))),
                Weight("lora_embeddings_b", (cfg.int("lora_rank"), table[1]))]


class ReversibleEmbedding(Embedding):
    """An Embedding whose ``reverse=True`` call maps vectors back to vocabulary logits."""

    name = "ReversibleEmbedding"
    params = Params("input_dim", "output_dim", tie_weights=True, embeddings_initializer="uniform",
                    embeddings_regularizer=None, embeddings_constraint=None, mask_zero=False, reverse_dtype=None,
                    logit_soft_cap=None)
    extra_kwargs = ()
    call_params = Params("inputs", reverse=False)

    def translate_legacy(self, args: list, kwargs: dict) -> tuple[list, dict]:
        return args, kwargs

    def output_shape(self, cfg: Config, call: Call) -> tuple:
        reverse = call.get("reverse")
        if isinstance(reverse, Unknown):
            raise Unknowable(f"ReversibleEmbedding `reverse` is unknown: {reverse.reason}")
        if reverse:
            return (*call.input[:-1], cfg.int("input_dim"))
        return (*call.input, cfg.int("output_dim"))

    def weights(self, cfg: Config, call: Call) -> list[Weight]:
        out = [Weight("embeddings", (cfg.int("input_dim"), cfg.int("output_dim")))]
        if not cfg.flag("tie_weights"):
            out.append(Weight("reverse_embeddings", (cfg.int("output_dim"), cfg.int("input_dim"))))
        return out
