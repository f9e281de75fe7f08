"""kerasaudit: static analysis of Keras model code."""

__version__ = "0.1.0"
