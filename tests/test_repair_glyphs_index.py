"""The dropped-glyph filler's look-up shortcuts agree with their plain definitions: a pattern's
fits (per-position letter sets vs. a scan of the inventory), completability, scalar trigram
look-ups (vs. the model's vectorised back-off), and the memos stay bounded."""

from __future__ import annotations

import re

import numpy as np
import pytest

from notice_parser.repair import glyphs
from notice_parser.repair.damage import _toolkit, model_path
from notice_parser.repair.glyphs import SyllableIndex, fill_line
from notice_parser.repair.offsets import apply_edits


@pytest.fixture(scope="module")
def kit():
    return _toolkit(model_path())


def _inventory(index: SyllableIndex) -> list[str]:
    return [w for n in sorted(index._by_len) for w in index._by_len[n]]


def _rx(pattern: str) -> re.Pattern:
    return re.compile("".join("." if ch == "?" else re.escape(ch) for ch in pattern))


PATTERNS = ["th?ng", "?", "??", "ng??i", "?ư?c", "qu?n", "đ?", "x?ng", "?h?", "???ng", "k?", "zz?", "ph?t",
            "??????", "tr??ng", "ngh?", "c?a", "??a", "ưu", "q??"]


@pytest.mark.parametrize("pattern", PATTERNS)
def test_fits_are_the_inventory_words_the_pattern_matches_most_frequent_first(kit, pattern):
    index, model = kit.index, kit.model
    expected = [w for w in _inventory(index) if len(w) == len(pattern) and _rx(pattern).fullmatch(w)]
    expected.sort(key=lambda w: -model.count(w))  # stable: ties keep the inventory's order
    assert list(index.fits(pattern)) == expected
    assert index.match(pattern) == tuple(expected[: index.max_cands])


@pytest.mark.parametrize("pattern", PATTERNS + ["đã?chủ", "nh?n?", "tr?", "khô?g", "?ng", "a?b"])
def test_completable_means_some_syllable_starts_with_the_pattern(kit, pattern):
    index = kit.index
    words = _inventory(index)
    prefix = any(len(w) >= len(pattern) and _rx(pattern).fullmatch(w[: len(pattern)]) for w in words)
    whole = any(len(w) == len(pattern) and _rx(pattern).fullmatch(w) for w in words)
    assert index.completable(pattern) == prefix
    assert index.completable(pattern, whole=True) == whole


def test_words_in_capitals_are_always_completable(kit):
    # an acronym or a heading's word: the syllable inventory is not the judge
    assert kit.index.completable("QH?P") and kit.index.completable("BN?", whole=True)


def test_match_after_ranks_the_fits_by_how_often_they_follow(kit):
    index, model = kit.index, kit.model
    for prev, pattern in [("ủy", "b?n"), ("triển", "?h?i"), ("kế", "h??ch"), ("đồng", "?"), ("nhân", "d?n")]:
        rank = index._followers(model.id(prev))
        expected = [w for w in rank if len(w) == len(pattern) and _rx(pattern).fullmatch(w)][:4]
        assert list(index.match_after(model.id(prev), pattern)) == expected


def _every_back_off_level(model):
    """Trigrams that hit, whose context hits, whose bigram hits, and random ones (unigrams)."""
    rng = np.random.default_rng(7)
    V, k3, k2 = model.V, model.keys[3], model.keys[2]
    tri = k3[rng.integers(0, len(k3), 400)]
    bi = k2[rng.integers(0, len(k2), 400)]
    a = np.concatenate([tri // (V * V), tri // (V * V), rng.integers(0, V, 400), rng.integers(0, V, 400)])
    b = np.concatenate([(tri // V) % V, (tri // V) % V, bi // V, rng.integers(0, V, 400)])
    c = np.concatenate([tri % V, rng.integers(0, V, 400), bi % V, rng.integers(0, V, 400)])
    # every back-off level is exercised: trigram hits, context hits, bigram hits, unigrams
    assert np.isin((a * V + b) * V + c, k3).sum() >= 400 and np.isin(b * V + c, k2).sum() >= 400
    return a, b, c


def test_the_lean_trigram_look_up_equals_the_general_back_off(kit):
    a, b, c = _every_back_off_level(kit.model)
    lean, general = kit.model.trigram_scores(a, b, c), kit.model.scores([a, b, c])
    assert lean.dtype == general.dtype and lean.tolist() == general.tolist()
    assert kit.model.trigram_scores(a[:0], b[:0], c[:0]).tolist() == []


def test_scalar_trigram_lookups_equal_the_models_vectorised_back_off(kit):
    model, index = kit.model, kit.index
    a, b, c = _every_back_off_level(model)
    expected = model.scores([a, b, c]).tolist()
    got = [index._trigram_one(int(x), int(y), int(z)) for x, y, z in zip(a, b, c)]
    assert got == expected


def test_memoised_scores_equal_fresh_ones_for_small_and_large_batches(kit, monkeypatch):
    model, index = kit.model, kit.index
    rng = np.random.default_rng(3)
    a, b, c = (rng.integers(0, model.V, 60).tolist() for _ in range(3))
    expected = model.trigram_scores(np.array(a), np.array(b), np.array(c)).tolist()
    for scalar in (0, 1000):  # the vectorised path and the scalar one
        monkeypatch.setattr(glyphs, "SCALAR_LOOKUPS", scalar)
        index.trigrams.clear()
        assert index.trigram_scores(a, b, c) == expected
        assert index.trigram_scores(a, b, c) == expected  # from the memo


def test_memos_are_bounded_and_clearing_them_changes_nothing(kit, monkeypatch):
    line = "triển  h i Trung t    iá  sát Đi u h nh Đ  th  th ng  inh chỉ  ới chạy thử nghiệ "
    first = apply_edits(line, fill_line(kit.model, kit.index, line, 0, len(line)))
    unbounded = len(kit.index.trigrams)
    kit.index.expansions.clear(), kit.index.trigrams.clear()
    monkeypatch.setattr(glyphs, "MEMO_LIMIT", 5)
    again = apply_edits(line, fill_line(kit.model, kit.index, line, 0, len(line)))
    assert again == first and first.startswith("triển khai Trung tâm giám sát Điều hành")
    # cleared before an insertion past the bound: the expansions hold at most one more
    assert len(kit.index.expansions) <= 6 and len(kit.index.trigrams) < unbounded


@pytest.mark.parametrize("line", [
    "triển  h i Trung t    iá  sát Đi u h nh Đ  th  th ng  inh chỉ  ới chạy thử nghiệ ",
    "Sở Gi o thông vận tải chủ trì, phối hợp v i c c đơn vị liên qu n  hẩn trương ho n th nh",
    "THÔN  BÁO  ẾT LUẬN CỦ  PHÓ CHỦ TỊCH",
])
def test_the_beam_margin_drops_only_hypotheses_that_cannot_win(kit, monkeypatch, line):
    margined = fill_line(kit.model, kit.index, line, 0, len(line))
    monkeypatch.setattr(glyphs, "BEAM_MARGIN", float("inf"))
    assert fill_line(kit.model, kit.index, line, 0, len(line)) == margined
