"""``--fix`` never loses data, as properties over generated legacy scripts: whatever the
mix of fixable calls, comments, encoding, line endings and permissions,

- the fixed file parses, keeps every comment, its encoding (declared coding, BOM), its
  line endings and its permission bits;
- fixing is stable: ``--diff`` after ``--fix`` shows nothing and a second ``--fix``
  leaves the bytes as they are;
- a file whose fixed text would not parse is left untouched.

``KERASAUDIT_FUZZ_EXAMPLES`` raises the number of examples (see tests/fuzzing.py).
"""

from __future__ import annotations

import ast
import codecs
import os
import stat
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from fuzzing import examples
from kerasaudit.cli import main
from kerasaudit.source import decode

PRELUDE = ["from keras.models import Sequential, Model",
           "from keras.layers import Input, Dense, Convolution2D, Conv2D, MaxPooling2D, Flatten, merge",
           "from keras.optimizers import SGD, Adam",
           "inp = Input(shape=(28, 28, 1))"]
STATEMENTS = [
    "x{i} = Convolution2D(32, 3, 3, border_mode='same')(inp)",
    "x{i} = Convolution2D(16, 5, 5,{nl}subsample=(2, 2), init='he_normal')(inp)",
    "x{i} = Dense(output_dim=10,{nl}activation='relu')(Flatten()(inp))",
    "x{i} = MaxPooling2D(pool_size=(2, 2), dim_ordering='tf')(inp)",
    "opt{i} = SGD(lr=0.01, momentum=0.9)",
    "opt{i} = Adam(lr=1e-3)",
    "m{i} = Model(input=inp, output=Flatten()(inp))",
    "m{i}.fit(xs, ys, nb_epoch=3)",
    "m{i}.fit_generator(gen, steps_per_epoch=10,{nl}nb_epoch=2)",
    "z{i} = merge([inp, inp], mode='sum')",
    "x{i} = Conv2D(8, 3, padding='valid')(inp)",
    "y{i} = Dense(4)(Flatten()(inp))",
]
ENCODINGS = {  # name -> (header line or None, codec, BOM)
    "utf-8": (None, "utf-8", False),
    "utf-8 with BOM": (None, "utf-8", True),
    "latin-1 declared": ("# -*- coding: latin-1 -*-", "latin-1", False),
    "cp1252 declared": ("# vim: set fileencoding=cp1252 :", "cp1252", False),
}


@st.composite
def scripts(draw: st.DrawFn) -> dict:
    picks = draw(st.lists(st.sampled_from(STATEMENTS), min_size=1, max_size=8))
    lines: list[str] = []
    comments: list[str] = []
    for i, template in enumerate(picks):
        if draw(st.booleans()):
            comment = f"# note {i}: café — {draw(st.sampled_from(['3x3 conv', 'legacy', 'keep me']))}"
            comment = comment.replace("—", "-")  # encodable in latin-1 too
            lines.append(comment)
            comments.append(comment)
        nl = draw(st.sampled_from([" ", "\n    ", "  # continued\n    "]))
        if "# continued" in nl and "{nl}" in template:
            comments.append("# continued")
        statement = template.format(i=i, nl=nl)
        if draw(st.booleans()):
            trailing = f"  # after {i}"
            statement += trailing
            comments.append(trailing.strip())
        lines.append(statement)
    encoding = draw(st.sampled_from(sorted(ENCODINGS)))
    return {"lines": lines, "comments": comments, "encoding": encoding,
            "newline": draw(st.sampled_from(["\n", "\r\n"])),
            "mode": draw(st.sampled_from([0o644, 0o600, 0o755]))}


def _write(path: Path, script: dict) -> bytes:
    header, codec, bom = ENCODINGS[script["encoding"]]
    lines = ([header] if header else []) + PRELUDE + script["lines"]
    text = ("\n".join(lines) + "\n").replace("\n", script["newline"])
    data = (codecs.BOM_UTF8 if bom else b"") + text.encode(codec)
    path.write_bytes(data)
    path.chmod(script["mode"])
    return data


def _cli(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


FIX_PROPERTIES = settings(max_examples=examples(20), deadline=None, database=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@FIX_PROPERTIES
@given(scripts())
def test_fix_keeps_everything_but_the_fixed_calls_and_is_stable(script: dict) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "legacy.py"
        before = _write(path, script)
        note(before.decode("latin-1"))
        header, codec, bom = ENCODINGS[script["encoding"]]
        code, _ = _cli("check", "--fix", "--format", "concise", str(path))
        assert code in (0, 1)
        after = path.read_bytes()
        assert stat.S_IMODE(path.stat().st_mode) == script["mode"]
        assert after.startswith(codecs.BOM_UTF8) == bom
        source = decode(after)
        assert source.encoding == codecs.lookup(codec).name
        text = source.text
        ast.parse(text)
        if script["newline"] == "\r\n":
            assert "\n" not in text.replace("\r\n", "")
        else:
            assert "\r" not in text
        for comment in script["comments"]:
            assert comment in text, comment
        if header:
            assert text.splitlines()[0] == header
        # Stable: nothing left to change.
        code, output = _cli("check", "--diff", str(path))
        assert code == 0 and "@@" not in output, output
        _cli("check", "--fix", str(path))
        assert path.read_bytes() == after
        assert stat.S_IMODE(path.stat().st_mode) == script["mode"]
        if after != before:  # a fix happened: the legacy spellings it targets are gone
            assert "border_mode=" not in text and "nb_epoch=" not in text and "Convolution2D(" not in text


def test_a_fix_whose_result_would_not_parse_leaves_the_file_untouched(monkeypatch: pytest.MonkeyPatch,
                                                                        tmp_path: Path) -> None:
    import kerasaudit.cst_rewrite as cst_rewrite

    real = cst_rewrite.apply_fixes

    def broken(text: str, fixes: list) -> tuple[str, list]:
        fixed, applied = real(text, fixes)
        return fixed.replace("padding=", "padding=)(", 1), applied  # what a buggy edit could produce

    monkeypatch.setattr(cst_rewrite, "apply_fixes", broken)
    path = tmp_path / "legacy.py"
    data = ("from keras.layers import Conv2D\r\n# keep\r\nx = Conv2D(32, 3, border_mode='same')\r\n").encode()
    path.write_bytes(data)
    os.chmod(path, 0o640)
    code, output = _cli("check", "--fix", "--format", "concise", str(path))
    assert path.read_bytes() == data and stat.S_IMODE(path.stat().st_mode) == 0o640
    assert "would not be valid Python" in output and "nothing changed" in output
    assert code == 1  # the finding is still reported
    assert not [p for p in tmp_path.iterdir() if p.name != "legacy.py"]  # no temporary file left behind
