"""Audio preprocessing: spectrograms of waveforms (MelSpectrogram on (batch, samples),
STFTSpectrogram on (batch, samples, channels) or channels first)."""

from __future__ import annotations

from . import Ctx, entry, invalid_for


def waveform(c: Ctx) -> tuple:
    return (None, c.choice([None, c.int(16, 600), c.int(1000, 5000)]))


@entry("MelSpectrogram", ranks=(2,), input_shape=waveform)
def mel_spectrogram(c: Ctx) -> dict:
    fft = c.choice([64, 128, 256, 400, 512])
    return {"fft_length": fft, "sequence_stride": c.int(8, 300), "sequence_length": c.maybe(c.int(16, fft)),
            "num_mel_bins": c.int(1, 64), "sampling_rate": c.choice([8000, 16000, 22050]),
            "power_to_db": c.bool()}


def signal(c: Ctx) -> tuple:
    length = c.choice([None, c.int(8, 400), c.int(400, 3000)])
    return c.choice([(None, length, c.int(1, 3)), (None, c.int(1, 3), length)])


@entry("STFTSpectrogram", ranks=(3,), input_shape=signal)
def stft_spectrogram(c: Ctx) -> dict | None:
    first = c.shape[-1] is None or c.shape[-1] > 3
    samples = c.shape[2] if first else c.shape[1]
    hi = min(300, samples) if samples is not None else 300
    length = c.int(2, max(2, hi))
    return {"mode": c.choice(["log", "magnitude", "psd", "real", "imag", "angle", "stft"]),
            "frame_length": length, "frame_step": c.maybe(c.int(1, length)),
            "fft_length": c.maybe(length + c.int(0, 64)), "padding": c.choice(["valid", "same"]),
            "expand_dims": c.bool(), "data_format": "channels_first" if first else c.choice([None, "channels_last"])}


@invalid_for("STFTSpectrogram")
def stft_invalid(c: Ctx) -> dict:
    return c.choice([{"frame_length": 16, "frame_step": 32}, {"frame_length": 64, "fft_length": 32},
                     {"mode": "power"}, {"padding": "causal"}])
