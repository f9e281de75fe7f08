"""`kerasaudit check --fix` / `--diff`: mechanical rewrites of legacy Keras API that keep
everything else of the file (comments, spacing, line endings, encoding, permissions)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from conftest import run_cli

from kerasaudit.fixes import fix_text, write_fixed
from kerasaudit.rewrite import Edit, Fix, rewrite

LEGACY = """\
# A Keras 1 script.
from keras.models import Sequential, Model
from keras.layers import Input, Dense, Convolution2D, MaxPooling2D, Flatten, merge  # layers
from keras.optimizers import SGD
from keras import backend as K

K.set_image_dim_ordering('tf')

inp = Input(shape=(28, 28, 1))
x = Convolution2D(32, 3, 3,  # the first conv
                  border_mode='same', init='he_normal')(inp)
y = Convolution2D(32, 3, 3, border_mode='same')(inp)
z = merge([x, y], mode='concat', concat_axis=-1)
z = MaxPooling2D(pool_size=(2, 2), dim_ordering='tf')(z)
z = Flatten()(z)
out = Dense(output_dim=10, activation='softmax', W_regularizer=None)(z)
model = Model(input=inp, output=out)
model.compile(optimizer=SGD(lr=0.01, momentum=0.9), loss='categorical_crossentropy')
model.fit_generator(gen, steps_per_epoch=10, nb_epoch=3)
model.fit(x_train, y_train, nb_epoch=10)
"""

FIXED = """\
# A Keras 1 script.
from keras.models import Sequential, Model
from keras.layers import Input, Dense, Conv2D, MaxPooling2D, Flatten, concatenate  # layers
from keras.optimizers import SGD
from keras import backend as K

K.set_image_data_format('channels_last')

inp = Input(shape=(28, 28, 1))
x = Conv2D(32, (3, 3),  # the first conv
                  padding='same', kernel_initializer='he_normal')(inp)
y = Conv2D(32, (3, 3), padding='same')(inp)
z = concatenate([x, y], axis=-1)
z = MaxPooling2D(pool_size=(2, 2), data_format='channels_last')(z)
z = Flatten()(z)
out = Dense(units=10, activation='softmax', kernel_regularizer=None)(z)
model = Model(inputs=inp, outputs=out)
model.compile(optimizer=SGD(learning_rate=0.01, momentum=0.9), loss='categorical_crossentropy')
model.fit(gen, steps_per_epoch=10, epochs=3)
model.fit(x_train, y_train, epochs=10)
"""


@pytest.fixture
def legacy(tmp_path: Path) -> Path:
    path = tmp_path / "legacy.py"
    path.write_text(LEGACY)
    return path


def test_check_never_touches_a_file_without_fix(legacy: Path) -> None:
    before = legacy.stat().st_mtime_ns
    out = run_cli("check", "--format", "concise", str(legacy))
    assert out.returncode == 1
    assert legacy.read_text() == LEGACY and legacy.stat().st_mtime_ns == before


def test_diff_shows_the_fix_and_writes_nothing(legacy: Path) -> None:
    out = run_cli("check", "--diff", str(legacy))
    assert out.returncode == 1, out.stderr  # there is something to fix
    assert legacy.read_text() == LEGACY
    assert "\n-model = Model(input=inp, output=out)\n" in out.stdout
    assert "\n+model = Model(inputs=inp, outputs=out)\n" in out.stdout
    assert "+x = Conv2D(32, (3, 3),  # the first conv\n" in out.stdout
    assert out.stdout.startswith(f"--- {legacy}\n+++ {legacy}\n")


def test_fix_rewrites_the_mechanical_cases_and_reports_what_is_left(legacy: Path) -> None:
    mode = legacy.stat().st_mode
    out = run_cli("check", "--fix", "--format", "concise", str(legacy))
    assert legacy.read_text() == FIXED
    assert stat.S_IMODE(legacy.stat().st_mode) == stat.S_IMODE(mode)
    assert "Fixed 15 problems" in out.stderr
    # Nothing legacy is left; the rest of the check still runs on the fixed file.
    assert " KA5" not in out.stdout
    assert out.returncode == 0, out.stdout
    # Idempotent: a second run changes nothing.
    again = run_cli("check", "--diff", str(legacy))
    assert again.returncode == 0 and again.stdout == ""


def test_diff_exit_zero_when_nothing_to_fix(tmp_path: Path) -> None:
    clean = tmp_path / "clean.py"
    clean.write_text("from keras import layers\nx = layers.Dense(3)\n")
    out = run_cli("check", "--diff", str(clean))
    assert out.returncode == 0 and out.stdout == ""


def test_fix_keeps_crlf_line_endings_encoding_and_bom(tmp_path: Path) -> None:
    path = tmp_path / "win.py"
    source = "# -*- coding: latin-1 -*-\r\nfrom keras.optimizers import Adam\r\nopt = Adam(lr=0.1)  # caf\xe9\r\n"
    path.write_bytes(source.encode("latin-1"))
    run_cli("check", "--fix", str(path))
    assert path.read_bytes() == source.replace("lr=", "learning_rate=").encode("latin-1")
    bom = tmp_path / "bom.py"
    bom.write_bytes(b"\xef\xbb\xbffrom keras.optimizers import Adam\nopt = Adam(lr=0.1)\n")
    run_cli("check", "--fix", str(bom))
    assert bom.read_bytes() == b"\xef\xbb\xbffrom keras.optimizers import Adam\nopt = Adam(learning_rate=0.1)\n"


def test_fix_through_a_symlink_writes_the_target(tmp_path: Path) -> None:
    target = tmp_path / "real.py"
    target.write_text("from keras.optimizers import Adam\nopt = Adam(lr=0.1)\n")
    link = tmp_path / "link.py"
    link.symlink_to(target)
    run_cli("check", "--fix", str(link))
    assert link.is_symlink()
    assert target.read_text() == "from keras.optimizers import Adam\nopt = Adam(learning_rate=0.1)\n"


def test_fix_skips_an_edit_that_would_clash() -> None:
    # learning_rate= is already there: renaming lr= would repeat a keyword.
    source = "from keras.optimizers import Adam\nopt = Adam(lr=0.1, learning_rate=0.2)\n"
    outcome = fix_text("m.py", source, [Fix("x", 2, 6, (Edit("rename-keyword", "lr", "learning_rate"),))])
    assert not outcome.changed and outcome.applied == []


def test_rewrite_result_must_parse() -> None:
    # A fix anchored nowhere changes nothing; the result is always valid Python.
    text, applied = rewrite("f(a)\n", [Fix("x", 5, 0, (Edit("rename-callee", "f", "g"),))])
    assert text == "f(a)\n" and applied == []


def test_write_fixed_refuses_a_file_changed_since_it_was_read(tmp_path: Path) -> None:
    from kerasaudit.source import SourceError
    path = tmp_path / "m.py"
    path.write_text("a = 1\n")
    with pytest.raises(SourceError):
        write_fixed(path, "a = 0\n", "a = 2\n")
    assert path.read_text() == "a = 1\n"
    assert [p.name for p in tmp_path.iterdir()] == ["m.py"]  # no temporary file left


def test_fix_keeps_a_name_still_used_elsewhere_importable(tmp_path: Path) -> None:
    path = tmp_path / "m.py"
    path.write_text("from keras.layers import Convolution2D\n"
                    "a = Convolution2D(8, 3, 3)\n"
                    "b = Convolution2D(8, (3, 3))\n")
    run_cli("check", "--fix", str(path))
    assert path.read_text() == ("from keras.layers import Convolution2D, Conv2D\n"
                                "a = Conv2D(8, (3, 3))\n"
                                "b = Convolution2D(8, (3, 3))\n")


@pytest.mark.skipif(os.name == "nt", reason="POSIX permissions")
def test_fix_keeps_an_executable_bit(tmp_path: Path) -> None:
    path = tmp_path / "train.py"
    path.write_text("#!/usr/bin/env python\nfrom keras.optimizers import Adam\nopt = Adam(lr=0.1)\n")
    path.chmod(0o755)
    run_cli("check", "--fix", str(path))
    assert stat.S_IMODE(path.stat().st_mode) == 0o755 and "learning_rate" in path.read_text()


def test_fix_leaves_standard_input_alone_and_still_reports_it(legacy: Path) -> None:
    out = run_cli("check", "--fix", "--format", "concise", str(legacy), "-", "--stdin-filename", "s.py",
                  input="from keras.optimizers import Adam\nopt = Adam(lr=0.1)\n")
    assert legacy.read_text() == FIXED
    assert "s.py:2:12: KA505" in out.stdout
