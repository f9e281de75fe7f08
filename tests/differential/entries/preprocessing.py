"""Image preprocessing and augmentation layers (on batches of images)."""

from __future__ import annotations

from . import Ctx, entry, image_shape, invalid_for


def images(c: Ctx) -> tuple:
    return image_shape(c, 2, lo=2, hi=16, channels_hi=4, none_ok=False)


def _hw(c: Ctx) -> tuple[int, int]:
    """Height and width of the input, whichever data_format the layer will use."""
    return c.shape[1] or 8, c.shape[2] or 8


@entry("Rescaling", keep=True)
def rescaling(c: Ctx) -> dict:
    return {"scale": c.choice([1 / 255, 2.0, 0.5]), "offset": c.choice([0.0, -1.0])}


@entry("Resizing", ranks=(4,), input_shape=images)
def resizing(c: Ctx) -> dict:
    return {"height": c.int(1, 20), "width": c.int(1, 20), "interpolation": c.choice(["bilinear", "nearest"]),
            "crop_to_aspect_ratio": c.rarely(3), "data_format": c.choice([None, "channels_last"])}


@entry("CenterCrop", ranks=(4,), input_shape=images)
def center_crop(c: Ctx) -> dict:
    h, w = _hw(c)
    return {"height": c.int(1, h), "width": c.int(1, w)}


@entry("RandomCrop", ranks=(4,), input_shape=images, tags={"untraceable"})
def random_crop(c: Ctx) -> dict:
    h, w = _hw(c)
    return {"height": c.int(1, h), "width": c.int(1, w), "seed": c.maybe(c.int(0, 9))}


@invalid_for("RandomCrop")
def random_crop_invalid(c: Ctx) -> dict:
    return {"height": c.int(-2, 0), "width": 1}


@entry("RandomFlip", ranks=(4,), keep=True, input_shape=images)
def random_flip(c: Ctx) -> dict:
    return {"mode": c.choice(["horizontal", "vertical", "horizontal_and_vertical"]), "seed": c.maybe(c.int(0, 9))}


@invalid_for("RandomFlip")
def random_flip_invalid(c: Ctx) -> dict:
    return {"mode": "diagonal"}


def _factor(c: Ctx) -> object:
    return c.choice([0.1, 0.2, (-0.2, 0.3), 0.5])


@entry("RandomRotation", ranks=(4,), keep=True, input_shape=images)
def random_rotation(c: Ctx) -> dict:
    return {"factor": _factor(c), "fill_mode": c.choice(["reflect", "constant", "nearest"])}


@entry("RandomZoom", ranks=(4,), keep=True, input_shape=images)
def random_zoom(c: Ctx) -> dict:
    return {"height_factor": _factor(c), "width_factor": c.choice([None, 0.2])}


@entry("RandomTranslation", ranks=(4,), keep=True, input_shape=images)
def random_translation(c: Ctx) -> dict:
    return {"height_factor": _factor(c), "width_factor": _factor(c)}


@entry("RandomContrast", ranks=(4,), keep=True, input_shape=images)
def random_contrast(c: Ctx) -> dict:
    return {"factor": c.choice([0.1, 0.5, (0.2, 0.4)])}


@entry("RandomBrightness", ranks=(4,), keep=True, input_shape=images)
def random_brightness(c: Ctx) -> dict:
    return {"factor": c.choice([0.1, 0.5, (-0.2, 0.3)])}


# Keras cannot trace these inside a subclassed model's call on symbolic inputs (JAX refuses their
# random permutations of a dynamic batch), so calling such a model on keras.Input raises.
UNTRACEABLE = {"MixUp", "CutMix", "RandomElasticTransform"}

# Augmentations that keep the shape and need no arguments to be valid.
for _name in ("AutoContrast", "Equalization", "RandomGrayscale", "RandomInvert", "Solarization",
              "RandomGaussianBlur", "RandomErasing", "RandomPerspective", "RandomShear", "RandomElasticTransform",
              "RandomColorJitter", "AugMix", "RandAugment", "CutMix", "MixUp",
              "ContrastLimitedAdaptiveHistogramEqualization"):
    def _plain(c: Ctx) -> dict:
        return {}

    entry(_name, ranks=(4,), keep=True, input_shape=images,
          tags={"untraceable"} if _name in UNTRACEABLE else set())(_plain)

# ... and those whose `factor` is required.
for _name in ("RandomSharpness", "RandomColorDegeneration", "RandomSaturation", "RandomHue"):
    def _factor_only(c: Ctx) -> dict:
        return {"factor": c.choice([0.5, (0.2, 0.6)])}

    entry(_name, ranks=(4,), keep=True, input_shape=images)(_factor_only)


@entry("RandomPosterization", ranks=(4,), keep=True, input_shape=images)
def random_posterization(c: Ctx) -> dict:
    return {"factor": c.choice([4, (2, 6)])}


@entry("MaxNumBoundingBoxes", ranks=(4,), keep=True, input_shape=images)
def max_num_bounding_boxes(c: Ctx) -> dict:
    """On an image tensor (not a dict with bounding boxes) it passes the images through."""
    return {"max_number": c.int(1, 10), "fill_value": c.choice([-1, 0])}


# Layers a Pipeline may chain: before its last step only shape-keeping ones (drawn with
# ctx.keep), so each step's input shape is the Pipeline's.
_PIPELINE_STEPS = ("Rescaling", "RandomFlip", "RandomContrast", "RandomRotation", "Dropout", "Activation",
                   "Identity", "Dense", "GaussianNoise", "LayerNormalization")
_PIPELINE_LAST = _PIPELINE_STEPS + ("Flatten", "Resizing", "CenterCrop", "Conv2D", "GlobalAveragePooling2D")


@entry("Pipeline", tags={"sublayers"})
def pipeline(c: Ctx) -> dict | None:
    keep = Ctx(c.draw, [c.shape], keep=True)
    steps = [keep.nested(_PIPELINE_STEPS, c.shape) for _ in range(c.int(0, 2))]
    steps.append((keep if c.keep else c).nested(_PIPELINE_LAST, c.shape))
    if any(s is None for s in steps):
        return None
    return {"layers": steps}
