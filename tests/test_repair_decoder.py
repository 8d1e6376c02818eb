"""The vectorised decoder chooses exactly what the textbook recursion chooses.

``viterbi_many`` decodes all lattices of a call together on flat arrays (one numpy step per
position index across lattices, segment reductions for the max over predecessors). The
reference below is the straightforward form — one lattice at a time, one position at a time,
every n-gram of a window enumerated with ``itertools.product`` — with the same float32
operations, so the pruned candidates and the paths must be identical, ties included.
"""

from __future__ import annotations

from itertools import chain, product

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from notice_parser.repair.decoder import PRUNE_MARGIN, _bigram_keep, _flatten, viterbi, viterbi_many
from lm_training import train_model
from notice_parser.repair.lm import load_model, strip_marks

TOY_TEXT = """ủy ban nhân dân tỉnh giao sở tài chính chủ trì.
sở y tế phối hợp với các sở, ngành liên quan.
ban chỉ đạo tỉnh họp về việc triển khai kế hoạch.
các cơ quan thực hiện kế hoạch của ủy ban.
sở nội vụ báo cáo ủy ban nhân dân tỉnh trước ngày 15.
tình hình kinh tế của tỉnh, các sở và ngành.
ban hành kế hoạch; giao các sở thực hiện.
"""
WORDS = sorted({w for line in TOY_TEXT.split("\n") for w in line.replace(".", " ").replace(",", " ").replace(";", " ").split()
                if not w.isdigit()}) + ["chưa-thấy"]  # the last one is unknown to the model


@pytest.fixture(scope="module")
def toys():
    lines = TOY_TEXT.splitlines()
    models = {order: train_model([(lines, 1)], order=order, min_count=1, min_top=1) for order in (2, 3, 4)}
    models["3, no </s>"] = train_model([(lines, 1)], order=3, min_count=1, min_top=1)
    models["3, no </s>"].eos = None  # models trained before the end-of-segment token: ends go unscored
    return models


# ---- the reference: one lattice at a time ----------------------------------------------------

def ref_keep(model, lattices, margin, closed):
    """Per position, the indices of the candidates within ``margin`` of the best bigram path."""
    idx, unk, bos = model.index, model.unk, model.bos
    eos = model.eos if any(closed) else None
    out = []
    for lattice, end_here in zip(lattices, closed):
        ids = [[bos]] + [[idx.get(w, unk) for w, _ in cands] for cands in lattice]
        mats = []
        for i in range(1, len(ids)):
            a, b = zip(*product(ids[i - 1], ids[i]))
            s = model.scores([np.array(a), np.array(b)]).reshape(len(ids[i - 1]), len(ids[i]))
            mats.append(s + np.array([c for _, c in lattice[i - 1]], dtype=np.float32))
        alpha = [np.zeros(1, dtype=np.float32)]
        for m in mats:
            alpha.append((alpha[-1][:, None] + m).max(axis=0))
        n = len(lattice)
        if eos is not None and end_here and n:
            beta = [model.scores([np.array(ids[n]), np.full(len(ids[n]), eos)])]
        else:
            beta = [np.zeros(len(ids[n]), dtype=np.float32)]
        for i in range(n - 1, 0, -1):
            beta.append((mats[i] + beta[-1][None, :]).max(axis=1))
        beta.reverse()
        kl = []
        for i in range(n):
            mu = alpha[i + 1] + beta[i]
            kl.append(np.flatnonzero(mu >= mu.max() - margin).tolist())
        out.append(kl)
    return out


def ref_paths(model, lattices, margin=PRUNE_MARGIN, closed=None):
    closed = list(closed) if closed is not None else [False] * len(lattices)
    if margin is not None:
        keep = ref_keep(model, lattices, margin, closed)
        pruned = [[[cands[k] for k in ks] for cands, ks in zip(lat, kl)] for lat, kl in zip(lattices, keep)]
        paths = ref_paths(model, pruned, None, closed)
        return [[kl[i][p] for i, p in enumerate(path)] for kl, path in zip(keep, paths)]
    order, idx, unk = model.order, model.index, model.unk
    out = []
    for lattice, end_here in zip(lattices, closed):
        n = len(lattice)
        if all(len(c) == 1 for c in lattice):
            out.append([0] * n)
            continue
        padded = [[model.bos]] * (order - 1) + [[idx.get(w, unk) for w, _ in c] for c in lattice]
        delta = np.zeros((1,) * (order - 1), dtype=np.float32)
        backs = []
        for i in range(order - 1, len(padded)):
            window = padded[i - order + 1:i + 1]
            shape = tuple(len(w) for w in window)
            grams = np.array(list(chain.from_iterable(product(*window))), dtype=np.int64).reshape(-1, order)
            s = model.scores([grams[:, j] for j in range(order)]).reshape(shape)
            chan = np.array([c for _, c in lattice[i - order + 1]], dtype=np.float32)
            tot = delta[..., None] + s + chan
            backs.append(tot.argmax(axis=0))
            delta = tot.max(axis=0)
        if end_here and model.eos is not None:
            window = padded[len(padded) - order + 1:] + [[model.eos]]
            grams = np.array(list(chain.from_iterable(product(*window))), dtype=np.int64).reshape(-1, order)
            delta = delta + model.scores([grams[:, j] for j in range(order)]).reshape(delta.shape)
        state = [int(x) for x in np.unravel_index(int(delta.argmax()), delta.shape)]
        result = [0] * n
        for j, v in enumerate(state):
            if n - (order - 1) + j >= 0:
                result[n - (order - 1) + j] = v
        for i in range(n - 1, order - 2, -1):
            h = int(backs[i][tuple(state)])
            if i - (order - 1) >= 0:
                result[i - (order - 1)] = h
            state = [h, *state[:-1]]
        out.append(result)
    return out


def keep_lists(model, lattices, margin, closed):
    flat = _flatten(model, lattices, closed)
    mask = _bigram_keep(model, flat, margin).tolist()
    out, at = [], 0
    for lat in lattices:
        kl = []
        for cands in lat:
            kl.append([k for k in range(len(cands)) if mask[at + k]])
            at += len(cands)
        out.append(kl)
    return out


# ---- table: shapes that exercise the bookkeeping ---------------------------------------------

def _cands(*words, chan=0.0):
    return [(w, chan) for w in words]


SHARED = _cands("sở", "số", "sợ", "chưa-thấy")  # one list object at many positions, as the generators share them
CASES = {
    "no lattices": [],
    "one empty lattice": [[]],
    "one position": [[_cands("tỉnh", "tình", "tính")]],
    "all positions decided": [[_cands("ủy"), _cands("ban"), _cands("nhân")]],
    "shorter than the order": [[_cands("sở", "số"), _cands("y", "ý")]],
    "a shared list object": [[SHARED, _cands("tài"), SHARED, SHARED], [SHARED]],
    "ties everywhere (unknown words)": [[_cands("chưa-thấy", "chưa-thấy", "chưa-thấy")] * 5],
    "mixed lengths": [[_cands("ủy", "ùy"), _cands("ban", "bán", "bàn"), _cands("nhân", "nhăn"), _cands("dân", "dần"),
                       _cands("tỉnh", "tình", "tính")],
                      [], [_cands("các", "cắc")], [_cands("sở", "số"), _cands("và"), _cands("ngành", "ngạnh")],
                      [_cands(*WORDS[:12])] * 3],
    "channel scores decide": [[_cands("kế", chan=-0.1) + _cands("ke", chan=-3.0), _cands("hoạch", "hoach")]],
}


@pytest.mark.parametrize("order", [2, 3, 4, "3, no </s>"])
@pytest.mark.parametrize("margin", [None, 0.0, 2.0, PRUNE_MARGIN])
@pytest.mark.parametrize("name", list(CASES))
def test_table_of_lattices_matches_the_reference(toys, order, margin, name):
    model = toys[order]
    lattices = CASES[name]
    for closed in ([False] * len(lattices), [True] * len(lattices), [i % 2 == 0 for i in range(len(lattices))]):
        assert viterbi_many(model, lattices, margin, closed) == ref_paths(model, lattices, margin, closed)
        if margin is not None:
            assert keep_lists(model, lattices, margin, closed) == ref_keep(model, lattices, margin, closed)


@pytest.mark.parametrize("chunk", [1, 4])
def test_long_inputs_decoded_in_pieces_give_the_same_paths(toys, monkeypatch, chunk):
    from notice_parser.repair import decoder

    monkeypatch.setattr(decoder, "CHUNK", chunk)
    lattices = [lat for case in CASES.values() for lat in case]
    closed = [i % 3 == 0 for i in range(len(lattices))]
    assert viterbi_many(toys[3], lattices, closed=closed) == ref_paths(toys[3], lattices, closed=closed)


def test_pruning_keeps_the_best_candidate_and_drops_hopeless_ones(toys):
    model = toys[3]
    lattice = [_cands("ủy", "ùy"), _cands("ban", "bán"), _cands("nhân", "nhăn"), _cands("dân", "dần"), _cands("tỉnh", "tình")]
    keep = keep_lists(model, [lattice], 2.0, [False])[0]
    assert all(0 in ks for ks in keep)  # the seen forms come first and survive
    assert keep != [[0, 1]] * 5  # the unseen forms fall out of a 2-nat margin somewhere
    assert [lattice[i][k][0] for i, k in enumerate(viterbi(model, lattice))] == ["ủy", "ban", "nhân", "dân", "tỉnh"]


def test_a_position_without_candidates_is_an_error(toys):
    with pytest.raises(ValueError):
        viterbi_many(toys[3], [[_cands("sở"), []]])


# ---- property: random lattices, ties included --------------------------------------------

CHANNEL = st.sampled_from([0.0, 0.0, -0.5, -1.0, -2.5, -7.0, -0.33333334])
CAND_LISTS = st.lists(st.tuples(st.sampled_from(WORDS), CHANNEL), min_size=1, max_size=7)


@st.composite
def lattice_sets(draw):
    pool = draw(st.lists(CAND_LISTS, min_size=1, max_size=6))  # shared list objects, as in real use
    lattices = draw(st.lists(st.lists(st.sampled_from(range(len(pool))), max_size=10), max_size=6))
    closed = draw(st.lists(st.booleans(), min_size=len(lattices), max_size=len(lattices)))
    return [[pool[i] for i in lat] for lat in lattices], closed


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=lattice_sets(), order=st.sampled_from([2, 3, 4, "3, no </s>"]), margin=st.sampled_from([None, 0.0, 1.5, PRUNE_MARGIN]))
def test_random_lattices_match_the_reference(toys, data, order, margin):
    lattices, closed = data
    model = toys[order]
    assert viterbi_many(model, lattices, margin, closed) == ref_paths(model, lattices, margin, closed)
    if margin is not None:
        assert keep_lists(model, lattices, margin, closed) == ref_keep(model, lattices, margin, closed)


# ---- the shipped model on real lattices -------------------------------------------------------

SENTENCES = [
    "uy ban nhan dan tinh giao so tai chinh chu tri phoi hop voi cac so nganh lien quan",
    "trung tam giam sat dieu hanh do thi thong minh cua tinh",
    "bao cao ket qua thuc hien truoc ngay",
    "dong chi pho chu tich thuong truc",
    "xay dung ke hoach trien khai",
]


def test_shipped_model_on_stripped_sentences_matches_the_reference():
    model = load_model()
    lattices = []
    for sentence in SENTENCES:
        lattices.append([[(w, 0.0) for w, _ in model.variants(strip_marks(tok))[:10]] or [(tok, 0.0)]
                         for tok in sentence.split()])
    closed = [i % 2 == 0 for i in range(len(lattices))]
    paths = viterbi_many(model, lattices, closed=closed)
    assert paths == ref_paths(model, lattices, closed=closed)
    first = " ".join(lattices[0][i][k][0] for i, k in enumerate(paths[0]))
    assert first.startswith("ủy ban nhân dân tỉnh")


# The document prior (refine_with_document) leaves a label before a number alone: a notice writes
# "Sở" many times, which must not turn its number label "Số:" into "Sở:".
LABEL_DOCS = [
    ("So: 37/TB-UBND", "Số: 37/TB-UBND"),
    ("Dieu 2. So", "Điều 2. Sở"),
]


@pytest.mark.parametrize("line,expected", LABEL_DOCS)
def test_document_prior_leaves_a_label_before_a_number(line, expected):
    from notice_parser.repair import repair_text

    doc = ("UY BAN NHAN DAN\nTINH BINH PHUOC\n" + line + " Giao thong van tai theo doi.\n"
           "Giao So Tai chinh chu tri, phoi hop voi So Xay dung va So Cong Thuong kiem tra.\n"
           "So Noi vu tham muu; So Y te bao cao truoc ngay 15/5/2025.\n")
    assert expected in repair_text(doc).text


def test_a_later_pass_that_lowers_the_model_score_is_not_kept(monkeypatch):
    # fault injection: a second pass that would turn good words into worse ones is dropped
    from notice_parser.repair import damage
    from notice_parser.schema import Edit

    calls = []

    def fake_once(text):
        calls.append(text)
        if len(calls) == 1:
            e = Edit(start=0, end=4, before=text[:4], after="các", step="diacritics", score=0.0)
            return "các" + text[4:], [e], ["diacritics"], []
        e = Edit(start=0, end=3, before="các", after="cắc", step="ocr", score=-1.0)
        return "cắc" + text[3:], [e], ["ocr"], []

    monkeypatch.setattr(damage, "_repair_once", fake_once)
    text, passes, steps, _ = damage.repair_damage("cacc sở ngành liên quan")
    assert text == "các sở ngành liên quan" and len(passes) == 1 and steps == ["diacritics"]
