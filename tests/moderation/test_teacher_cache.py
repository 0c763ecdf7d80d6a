"""The teacher-score cache: numpy-only reading and writing, keyed by the exact text."""

from __future__ import annotations

import hashlib
import subprocess
import sys
import zipfile

import numpy as np
import pytest

from salon.training.teacher_cache import HEADS, load_teacher_scores, save_teacher_scores, text_key

TEXTS = ["You are a moron.", "Thanks for the article.", "Thanks for the article. ", "Ça va très bien."]


def _write(path, texts=TEXTS):
    rng = np.random.default_rng(7)
    a = rng.random((len(texts), 6), dtype=np.float32)
    b = rng.random((len(texts), 6), dtype=np.float32)
    b[1] = np.nan  # the second teacher did not score the second text
    save_teacher_scores(path, [text_key(t) for t in texts], {"a": a, "b": b}, {"a": "a 1.0", "b": "b 2.0"})
    return a, b


def test_key_is_sha1_of_exact_utf8_text():
    assert text_key("Ça va") == hashlib.sha1("Ça va".encode()).hexdigest()
    assert text_key("x") != text_key("x ")  # no normalisation: the exact text


def test_round_trip_by_text(tmp_path):
    path = tmp_path / "teachers.npz"
    a, b = _write(path)
    cache = load_teacher_scores(path)
    assert cache.heads == HEADS
    assert cache.teachers == ("a", "b")
    assert cache.versions == {"a": "a 1.0", "b": "b 2.0"}
    assert len(cache) == 4
    got = cache.for_text("Thanks for the article. ")
    assert got is not None
    np.testing.assert_array_equal(got["a"], a[2])
    np.testing.assert_array_equal(got["b"], b[2])
    assert cache.for_text("never scored") is None
    called = cache("Thanks for the article. ")  # the lookup training calls: plus the head names
    assert called is not None and list(called["heads"]) == list(HEADS)
    np.testing.assert_array_equal(called["b"], b[2])
    assert cache("never scored") is None
    assert "Ça va très bien." in cache and "ça va très bien." not in cache


def test_matrix_and_mean_mark_missing_rows(tmp_path):
    path = tmp_path / "teachers.npz"
    a, b = _write(path)
    cache = load_teacher_scores(path)
    texts = ["Thanks for the article.", "not in the cache", "You are a moron."]
    m = cache.matrix(texts, "a")
    assert m.dtype == np.float32 and m.shape == (3, 6)
    np.testing.assert_array_equal(m[0], a[1])
    assert np.isnan(m[1]).all()
    mean = cache.mean(texts)
    np.testing.assert_allclose(mean[0], a[1])  # only "a" scored it: its scores, not a NaN
    assert np.isnan(mean[1]).all()
    np.testing.assert_allclose(mean[2], (a[0] + b[0]) / 2, rtol=1e-6)


def test_file_has_no_pickled_objects(tmp_path):
    path = tmp_path / "teachers.npz"
    _write(path)
    with zipfile.ZipFile(path) as z:
        assert sorted(z.namelist()) == sorted(
            f"{n}.npy" for n in ("keys", "heads", "teachers", "versions", "a", "b")
        )
    with np.load(path, allow_pickle=False) as data:
        assert data["keys"].dtype.kind == "U" and data["a"].dtype == np.float32


def test_rejects_files_that_are_not_a_cache(tmp_path):
    other = tmp_path / "other.npz"
    np.savez(other, weights=np.zeros(3))
    with pytest.raises(ValueError, match="not a teacher cache"):
        load_teacher_scores(other)
    bad = tmp_path / "bad.npz"
    with pytest.raises(ValueError, match="shape"):
        save_teacher_scores(bad, ["k"], {"a": np.zeros((2, 6), np.float32)})
    assert not bad.exists()


def test_reader_and_teach_module_do_not_import_tensorflow():
    code = (
        "import sys, salon.training.teacher_cache, salon.training.teachers, salon.training.cli;"
        "print(any(m.split('.')[0] in {'tensorflow', 'keras', 'tf_keras'} for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_collect_texts_reads_comment_files_dedupes_and_drops_held_out_rows(tmp_path, monkeypatch):
    from salon.training import datasets
    from salon.training.teachers import collect_texts

    # The labelled loaders are tested with the real data elsewhere; here only what teach adds to them.
    def load_all(root):
        assert root == tmp_path
        ex = datasets.Example
        return [ex("Fine work.", (0,) * 7, "x"), ex("train text", (0,) * 7, "x")], [
            ex("test text", (0,) * 7, "x")
        ]

    monkeypatch.setattr(datasets, "load_all", load_all)

    spans = tmp_path / "toxic-spans-civil-comments"
    (spans / "semeval2021").mkdir(parents=True)
    (spans / "comments.csv").write_text(
        'comment_id,comment_text\n1,"A long, civil\ncomment."\n2,You\'re an idiot.\n3,Fine work.\n',
        encoding="utf-8",
    )
    (spans / "semeval2021" / "tsd_train.csv").write_text(
        'spans,text\n"[0, 1]",Fine work.\n[],Good point.\n', encoding="utf-8"
    )
    (spans / "heldout_overlap.csv").write_text(
        "file,key,value\ncomments.csv,comment_id,2\nsemeval2021/tsd_train.csv,row_index_0based,1\n",
        encoding="utf-8",
    )
    (tmp_path / "ethos").mkdir()
    (tmp_path / "ethos" / "Ethos_Dataset_Binary.csv").write_text(
        "comment;isHate\nThey are vermin;1.0\nFine work.;0.0\n", encoding="utf-8"
    )
    texts = collect_texts(tmp_path)
    assert texts == ["Fine work.", "train text", "test text", "A long, civil\ncomment.", "They are vermin"]


def test_merge_is_incremental(tmp_path):
    from salon.training.teachers import TEACHERS, _merge, _missing

    path = tmp_path / "teachers.npz"
    texts = ["one", "two", "three"]
    names = list(TEACHERS)
    assert _missing(path, texts) == {n: [0, 1, 2] for n in names}
    rows = np.arange(12, dtype=np.float32).reshape(2, 6) / 12
    _merge(path, texts, {names[0]: ([0, 2], rows)}, {names[0]: TEACHERS[names[0]][0]})
    assert _missing(path, texts) == {names[0]: [1], names[1]: [0, 1, 2]}
    _merge(path, texts, {names[1]: ([1], rows[:1])}, {names[1]: TEACHERS[names[1]][0]})
    assert _missing(path, texts) == {names[0]: [1], names[1]: [0, 2]}
    cache = load_teacher_scores(path)
    np.testing.assert_array_equal(cache.for_text("three")[names[0]], rows[1])
    np.testing.assert_array_equal(cache.for_text("two")[names[1]], rows[0])
    assert np.isnan(cache.for_text("two")[names[0]]).all()
    assert len(cache) == 3


def test_teach_without_the_extra_says_how_to_install_it(tmp_path):
    from click.testing import CliRunner

    from salon.training.cli import model
    from salon.training.teachers import missing_packages

    if not missing_packages():
        pytest.skip("this environment has the teachers extra")
    out = tmp_path / "teachers.npz"
    result = CliRunner().invoke(model, ["teach", "--data", str(tmp_path), "--out", str(out)])
    assert result.exit_code == 1
    assert "pip install -e '.[teachers]'" in result.output and "missing: " in result.output
    assert not out.exists()
