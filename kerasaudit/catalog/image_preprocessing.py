"""Image preprocessing and augmentation layers of ``keras.layers`` (Keras 3.15).

None has weights. Most keep their input's shape; Resizing, CenterCrop and RandomCrop
set the height and width (axes -3/-2, or -2/-1 with channels_first; a rank-3 input is one
unbatched image, as Keras treats it). ``Pipeline`` applies its layers in order.
Keras 2's ``layers.experimental.preprocessing.X`` spellings resolve to these classes.
"""

from __future__ import annotations

from typing import Any

from ..analysis.dims import is_known
from .spec import (Call, Config, LayerSpec, Params, ShapeError, Unknowable, Weight, fmt_shape,
                   require_rank)

_VR = (0, 255)  # the default value_range


class ImageLayer(LayerSpec):
    """A ``BaseImagePreprocessingLayer``: shape-preserving unless it says otherwise."""

    family = "image_preprocessing"
    extra_kwargs = ("bounding_box_format",)

    def output_shape(self, cfg: Config, call: Call) -> Any:
        if "data_format" in self.params.order:
            cfg.channels_first()  # validates the value
        return call.input


def _image(name: str, params: Params, doc: str = "") -> type[ImageLayer]:
    """One shape-preserving image layer spec (they differ only in their signature)."""
    return type(name, (ImageLayer,), {"name": name, "params": params, "__doc__": doc or f"keras.layers.{name}"})


_GEOMETRIC = ["RandomShear", "RandomTranslation", "RandomRotation"]
_COLOR = ["RandomBrightness", "RandomColorDegeneration", "RandomContrast", "RandomSharpness"]
_TONE = ["Solarization", "RandomPosterization", "AutoContrast", "Equalization"]


class AugMix(ImageLayer):
    name = "AugMix"
    params = Params(value_range=_VR, num_chains=3, chain_depth=3, factor=0.3, alpha=1.0, all_ops=True,
                    interpolation="bilinear", seed=None, data_format=None)

    def internal_layers(self, cfg: Config) -> list[str]:
        if cfg.get("name") is not None:
            return []  # its **kwargs, name included, go to every internal layer
        return _GEOMETRIC + _TONE + (_COLOR if cfg.flag("all_ops") else [])


class RandAugment(ImageLayer):
    name = "RandAugment"
    params = Params(value_range=_VR, num_ops=2, factor=0.5, interpolation="bilinear", seed=None, data_format=None)

    def internal_layers(self, cfg: Config) -> list[str]:
        return [] if cfg.get("name") is not None else _GEOMETRIC + _COLOR + _TONE


class RandomColorJitter(ImageLayer):
    name = "RandomColorJitter"
    params = Params(value_range=_VR, brightness_factor=None, contrast_factor=None, saturation_factor=None,
                    hue_factor=None, seed=None, data_format=None)

    def internal_layers(self, cfg: Config) -> list[str]:
        parts = (("brightness_factor", "RandomBrightness"), ("contrast_factor", "RandomContrast"),
                 ("saturation_factor", "RandomSaturation"), ("hue_factor", "RandomHue"))
        return [cls for arg, cls in parts if cfg.known(arg) is not None]
AutoContrast = _image("AutoContrast", Params(value_range=_VR))
ContrastLimitedAdaptiveHistogramEqualization = _image(
    "ContrastLimitedAdaptiveHistogramEqualization",
    Params(value_range=_VR, clip_limit=4.0, tile_grid_size=(8, 8), data_format=None))
CutMix = _image("CutMix", Params(factor=1.0, seed=None, data_format=None))


class Equalization(ImageLayer):
    name = "Equalization"
    params = Params(value_range=_VR, bins=256, data_format=None)

    def output_shape(self, cfg: Config, call: Call) -> Any:
        # Keras 3.15's Equalization.compute_output_spec returns its input tensor itself, so the
        # model graph gets a cycle: Sequential and Model(...) through it raise "is part of a cycle".
        raise ShapeError("Equalization returns its input tensor when called on a symbolic tensor (Keras 3.15), "
                         "so a model built through it has a cycle and Keras fails to build it")

MixUp = _image("MixUp", Params(alpha=0.2, data_format=None, seed=None))
RandomBrightness = _image("RandomBrightness", Params("factor", value_range=_VR, seed=None))
RandomContrast = _image("RandomContrast", Params("factor", value_range=_VR, seed=None))
RandomElasticTransform = _image("RandomElasticTransform", Params(
    factor=1.0, scale=1.0, interpolation="bilinear", fill_mode="reflect", fill_value=0.0, value_range=_VR, seed=None,
    data_format=None))
RandomErasing = _image("RandomErasing", Params(factor=1.0, scale=(0.02, 0.33), fill_value=None, value_range=_VR,
                                               seed=None, data_format=None))
RandomFlip = _image("RandomFlip", Params(mode="horizontal_and_vertical", seed=None, data_format=None))
RandomGaussianBlur = _image("RandomGaussianBlur", Params(factor=1.0, kernel_size=3, sigma=1.0, value_range=_VR,
                                                         data_format=None, seed=None))
RandomGrayscale = _image("RandomGrayscale", Params(factor=0.5, data_format=None, seed=None))
RandomHue = _image("RandomHue", Params("factor", value_range=_VR, data_format=None, seed=None))
RandomInvert = _image("RandomInvert", Params(factor=1.0, value_range=_VR, seed=None, data_format=None))
RandomPerspective = _image("RandomPerspective", Params(factor=1.0, scale=1.0, interpolation="bilinear",
                                                       fill_value=0.0, seed=None, data_format=None))
RandomPosterization = _image("RandomPosterization", Params("factor", value_range=_VR, data_format=None, seed=None))
RandomRotation = _image("RandomRotation", Params("factor", fill_mode="reflect", interpolation="bilinear", seed=None,
                                                 fill_value=0.0, data_format=None))
RandomSaturation = _image("RandomSaturation", Params("factor", value_range=_VR, data_format=None, seed=None))
RandomSharpness = _image("RandomSharpness", Params("factor", value_range=_VR, data_format=None, seed=None))
RandomShear = _image("RandomShear", Params(x_factor=0.0, y_factor=0.0, interpolation="bilinear", fill_mode="reflect",
                                           fill_value=0.0, data_format=None, seed=None))
RandomTranslation = _image("RandomTranslation", Params("height_factor", "width_factor", fill_mode="reflect",
                                                       interpolation="bilinear", seed=None, fill_value=0.0,
                                                       data_format=None))
RandomZoom = _image("RandomZoom", Params("height_factor", width_factor=None, fill_mode="reflect",
                                         interpolation="bilinear", seed=None, fill_value=0.0, data_format=None))
Solarization = _image("Solarization", Params(addition_factor=0.0, threshold_factor=0.0, value_range=_VR, seed=None))


class RandomColorDegeneration(ImageLayer):
    name = "RandomColorDegeneration"
    params = Params("factor", value_range=_VR, data_format=None, seed=None)

    def output_shape(self, cfg: Config, call: Call) -> Any:
        shape = call.input
        require_rank(self.name, shape, 3, 4)
        channels = shape[-3 if cfg.channels_first() else -1]
        if is_known(channels) and channels != 3:
            raise ShapeError(f"Input images must have 3 channels, but received images with {channels} channels.")
        return shape


class MaxNumBoundingBoxes(ImageLayer):
    """Pads/clips bounding boxes; an image tensor passes through unchanged."""

    name = "MaxNumBoundingBoxes"
    params = Params("max_number", fill_value=-1)


class Rescaling(LayerSpec):
    name = "Rescaling"
    family = "image_preprocessing"
    params = Params("scale", offset=0.0)


class SizedImageLayer(ImageLayer):
    """Sets the height and width of its input: Resizing, CenterCrop, RandomCrop."""

    def size(self, cfg: Config) -> tuple[int, int]:
        return cfg.int("height"), cfg.int("width")

    def output_shape(self, cfg: Config, call: Call) -> Any:
        shape = list(call.input)
        height, width = self.size(cfg)
        if height < 0 or width < 0:
            # Keras builds the layer, then fails making the output: "Cannot convert ... to a shape".
            raise ShapeError(f"{self.name}: height and width must not be negative, got {height} and {width}")
        first = cfg.channels_first()
        if self.name == "RandomCrop":
            # RandomCrop indexes from the end: (-3, -2), or (-2, -1) with channels_first.
            if len(shape) < 3:
                raise ShapeError(f"{self.name} expects images of rank 3 or 4, got {fmt_shape(call.input)}")
            axes = (-2, -1) if first else (-3, -2)
        else:
            if len(shape) not in (3, 4):
                raise ShapeError(f"{self.name}: `input_shape` must be of rank 3 (unbatched) or 4 (batched), got "
                                 f"{fmt_shape(call.input)}")
            offset = 1 if len(shape) == 4 else 0
            axes = (offset + 1, offset + 2) if first else (offset, offset + 1)
        shape[axes[0]], shape[axes[1]] = height, width
        return tuple(shape)


class Resizing(SizedImageLayer):
    name = "Resizing"
    params = Params("height", "width", interpolation="bilinear", crop_to_aspect_ratio=False,
                    pad_to_aspect_ratio=False, fill_mode="constant", fill_value=0.0, antialias=False,
                    data_format=None)


class CenterCrop(SizedImageLayer):
    name = "CenterCrop"
    params = Params("height", "width", data_format=None)


class RandomCrop(SizedImageLayer):
    name = "RandomCrop"
    params = Params("height", "width", seed=None, data_format=None, name=None)


class Pipeline(LayerSpec):
    """``Pipeline(layers)``: applies the layers in order; their weights are its weights."""

    name = "Pipeline"
    family = "image_preprocessing"
    params = Params("layers", name=None)
    base_kwargs = ()  # Pipeline(layers, name=None) takes nothing else

    def _layers(self, cfg: Config) -> list:
        layers = cfg.known("layers")
        if not isinstance(layers, (list, tuple)):
            raise Unknowable("Pipeline layers are not a known list")
        for layer in layers:
            if not (hasattr(layer, "build") and hasattr(layer, "compute_output")):
                raise Unknowable(f"a Pipeline element is not a known layer ({type(layer).__name__})")
        return list(layers)

    def _run(self, cfg: Config, call: Call, build: bool) -> tuple[Any, list[Weight]]:
        shape: Any = call.input
        weights: list[Weight] = []
        for layer in self._layers(cfg):
            sub = Call(layer.class_name, {"inputs": shape})
            _check_traceable(layer, shape)
            if build and not layer.built:
                layer.build(sub)
            if layer.weights is None:
                raise Unknowable(layer.weights_reason() or f"{layer.class_name} in a Pipeline is not known")
            weights.extend(layer.weights)
            shape = layer.compute_output(sub)
            if not isinstance(shape, tuple):
                raise Unknowable(f"the output of {layer.class_name} in a Pipeline is not one known tensor")
        return shape, weights

    def weights(self, cfg: Config, call: Call) -> list[Weight]:
        return self._run(cfg, call, build=True)[1]

    def output_shape(self, cfg: Config, call: Call) -> Any:
        return self._run(cfg, call, build=True)[0]


def _check_traceable(layer: Any, shape: Any) -> None:
    """Keras has no output-shape rule for a Pipeline: it traces its steps' ``call`` with every
    unknown size a JAX symbol. Resizing(crop_to_aspect_ratio=True) computes its crop box from
    the height and width in Python (``float(height)``), which fails on a symbol: the Pipeline
    raises where the same Resizing alone, which has a shape rule, works."""
    cfg = getattr(layer, "cfg", None)
    if layer.class_name != "Resizing" or cfg is None or not isinstance(shape, tuple) or len(shape) < 3:
        return
    if not cfg.flag("crop_to_aspect_ratio"):
        return
    axes = (-2, -1) if cfg.channels_first() else (-3, -2)
    if not all(is_known(shape[a]) for a in axes):
        raise ShapeError("Pipeline: Keras traces Resizing(crop_to_aspect_ratio=True) on symbolic sizes and cannot "
                         f"crop an input whose height or width is not known ({fmt_shape(shape)})")
