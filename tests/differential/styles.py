"""How a generated script spells Keras: the import styles real code uses."""

from __future__ import annotations

# Import styles: header lines, then how layers / Input / Model / Sequential are spelled.
STYLES: dict[str, tuple[list[str], str, str, str, str]] = {
    "keras": (["import keras", "from keras import layers"], "layers.{}", "keras.Input", "keras.Model",
              "keras.Sequential"),
    "keras-dotted": (["import keras"], "keras.layers.{}", "keras.layers.Input", "keras.models.Model",
                     "keras.models.Sequential"),
    "star": (["from keras.layers import *", "from keras.models import Model, Sequential"], "{}", "Input", "Model",
             "Sequential"),
    "tf": (["import tensorflow as tf"], "tf.keras.layers.{}", "tf.keras.Input", "tf.keras.Model",
           "tf.keras.Sequential"),
    "tf-from": (["from tensorflow import keras", "from tensorflow.keras import layers"], "layers.{}",
                "keras.Input", "keras.Model", "keras.Sequential"),
    "tf-L": (["from tensorflow.keras import layers as L", "from tensorflow.keras import models"], "L.{}",
             "L.Input", "models.Model", "models.Sequential"),
    "names": ([], "{}", "Input", "Model", "Sequential"),  # from keras.layers import Conv2D, ...
    "alias": ([], "{}", "Inp", "KModel", "KSequential"),  # from keras.layers import Conv2D as C0, ...
    "assign": (["import tensorflow as tf"], "{}", "Input", "Model", "Sequential"),  # Conv2D = tf.keras.layers.Conv2D
}


class Names:
    """Spells Keras names in one import style and writes the header it needs."""

    def __init__(self, style: str) -> None:
        self.style = style
        self.header, self.layer_fmt, self.input, self.model, self.sequential = STYLES[style]
        self.used: list[str] = []
        self.ops_used = False

    @property
    def ops(self) -> str:
        """How the style reaches keras.ops (imported on first use)."""
        self.ops_used = True
        return {"keras": "keras.ops", "keras-dotted": "keras.ops", "tf": "tf.keras.ops",
                "tf-from": "keras.ops"}.get(self.style, "ops")

    def layer(self, cls: str) -> str:
        if cls not in self.used:
            self.used.append(cls)
        if self.style == "alias":
            return f"C{self.used.index(cls)}"
        return self.layer_fmt.format(cls)

    def header_lines(self) -> list[str]:
        lines = self._header_lines()
        if self.ops_used and self.style not in ("keras", "keras-dotted", "tf", "tf-from"):
            lines.append("from tensorflow.keras import ops" if self.style in ("tf-L", "assign") else "from keras import ops")
        return lines

    def _header_lines(self) -> list[str]:
        if self.style == "names":
            return [f"from keras.layers import {', '.join(self.used + ['Input'])}",
                    "from keras.models import Model, Sequential"]
        if self.style == "alias":
            imported = ", ".join(f"{c} as C{i}" for i, c in enumerate(self.used))
            return ([f"from keras.layers import {imported}"] if imported else []) + [
                "from keras import Input as Inp, Model as KModel, Sequential as KSequential"]
        if self.style == "assign":
            return self.header + [f"{c} = tf.keras.layers.{c}" for c in self.used] + [
                "Input = tf.keras.Input", "Model = tf.keras.Model", "Sequential = tf.keras.Sequential"]
        return list(self.header)
