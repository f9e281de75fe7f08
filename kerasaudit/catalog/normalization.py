"""Normalization layers."""

from __future__ import annotations

from .spec import Call, Config, LayerSpec, Params, Weight, known_axis, normalize_axis


class BatchNormalization(LayerSpec):
    name = "BatchNormalization"
    family = "normalization"
    params = Params(axis=-1, momentum=0.99, epsilon=0.001, center=True, scale=True, beta_initializer="zeros",
                    gamma_initializer="ones", moving_mean_initializer="zeros", moving_variance_initializer="ones",
                    beta_regularizer=None, gamma_regularizer=None, beta_constraint=None, gamma_constraint=None,
                    renorm=False, renorm_clipping=None, renorm_momentum=0.99, synchronized=False)

    def output_shape(self, cfg: Config, call: Call) -> tuple:
        shape = call.input
        normalize_axis(self.name, cfg.int("axis"), len(shape))
        return shape

    def weights(self, cfg: Config, call: Call) -> list[Weight]:
        shape = call.input
        axis = normalize_axis(self.name, cfg.int("axis"), len(shape))
        size = (known_axis(self.name, shape, axis, f"axis {axis}"),)
        out = []
        if cfg.flag("scale"):
            out.append(Weight("gamma", size))
        if cfg.flag("center"):
            out.append(Weight("beta", size))
        out += [Weight("moving_mean", size, trainable=False), Weight("moving_variance", size, trainable=False)]
        if cfg.flag("renorm"):
            out += [Weight("moving_stddev", size, trainable=False), Weight("renorm_mean", size, trainable=False),
                    Weight("renorm_stddev", size, trainable=False)]
        return out
