"""Audio preprocessing: STFTSpectrogram (a strided convolution with fixed STFT kernels, which
Keras creates as weights) and MelSpectrogram (no weights)."""

from __future__ import annotations

import math

from .spec import (ArgumentError, Call, Config, LayerSpec, Params, Weight, check_positive_dims, conv_output_length,
                   known_axis, require_rank)

_STFT_MODES = ("log", "magnitude", "psd", "real", "imag", "angle", "stft")


class STFTSpectrogram(LayerSpec):
    name = "STFTSpectrogram"
    family = "preprocessing"
    params = Params(mode="log", frame_length=256, frame_step=None, fft_length=None, window="hann", periodic=False,
                    scaling="density", padding="valid", expand_dims=False, data_format=None)

    def validate(self, cfg: Config) -> None:
        length, step, fft = cfg.get("frame_length"), cfg.get("frame_step"), cfg.get("fft_length")
        if isinstance(step, int) and isinstance(length, int) and (step > length or step < 1):
            raise ArgumentError("`frame_step` should be a positive integer not greater than `frame_length`. "
                                f"Received frame_step={step}, frame_length={length}")
        if isinstance(fft, int) and isinstance(length, int) and fft < length:
            raise ArgumentError(f"`fft_length` should be not less than `frame_length`. Received fft_length={fft}, "
                                f"frame_length={length}")
        for name, choices in (("mode", _STFT_MODES), ("padding", ("valid", "same"))):
            value = cfg.get(name)
            if isinstance(value, str) and value not in choices:
                raise ArgumentError(f"Invalid `{name}`: expected one of {list(choices)}. Received: {name}={value}")

    def fft_length(self, cfg: Config) -> int:
        fft = cfg.known("fft_length")
        return cfg.int("fft_length") if fft else 2 ** int(math.ceil(math.log2(cfg.int("frame_length"))))

    def output_shape(self, cfg: Config, call: Call) -> tuple:
        shape = call.input
        require_rank(self.name, shape, 3)
        first = cfg.channels_first()
        channels = shape[1] if first else shape[-1]
        freq = self.fft_length(cfg) // 2 + 1
        if cfg.str("mode") == "stft":
            freq *= 2
        length = cfg.int("frame_length")
        step = cfg.int("frame_step") if cfg.known("frame_step") else length // 2
        time = conv_output_length(shape[2] if first else shape[1], length, cfg.str("padding"), step)
        if cfg.flag("expand_dims"):
            out = (shape[0], channels, time, freq) if first else (shape[0], time, freq, channels)
        else:
            out = (shape[0], freq * channels, time) if first else (shape[0], time, freq * channels)
        return check_positive_dims(self.name, out)

    def weights(self, cfg: Config, call: Call) -> list[Weight]:
        require_rank(self.name, call.input, 3)
        known_axis(self.name, call.input, 1 if cfg.channels_first() else -1)
        shape = (cfg.int("frame_length"), 1, self.fft_length(cfg) // 2 + 1)
        mode = cfg.str("mode")
        out = []
        if mode != "imag":
            out.append(Weight("real_kernel", shape))
        if mode != "real":
            out.append(Weight("imag_kernel", shape))
        return out


class MelSpectrogram(LayerSpec):
    name = "MelSpectrogram"
    family = "preprocessing"
    params = Params(fft_length=2048, sequence_stride=512, sequence_length=None, window="hann", sampling_rate=16000,
                    num_mel_bins=128, min_freq=20.0, max_freq=None, power_to_db=True, top_db=80.0, mag_exp=2.0,
                    min_power=1e-10, ref_power=1.0)

    def output_shape(self, cfg: Config, call: Call) -> tuple:
        shape = call.input
        stride, mels = cfg.int("sequence_stride"), cfg.int("num_mel_bins")

        def frames(n):
            return None if n is None else (n + stride + 1) // stride

        if len(shape) == 1:
            return (mels, frames(shape[0]))
        return (shape[0], mels, frames(shape[1]))
