"""Classes of English-OCR damage found in sample 003's held-out errors (issue 10 point 1), each a
general rule with its own cases: the horn read as an apostrophe, a vowel lost between consonants,
'¢' for a marked e, a capital at a sentence's start, and lines of plain words in an OCR'd
document."""

from __future__ import annotations

import re

import pytest

from notice_parser.repair import repair_text
from notice_parser.repair.channel import OCR_TOKEN, _lost_vowel_keys, load_confusions, rewrites
from notice_parser.repair.damage import load_toolkit, plan
from notice_parser.repair.diacritics import _plain_start
from notice_parser.repair.tokens import list_label


@pytest.mark.parametrize("text, tokens", [
    ("vai trò kỹ sư tru’ong dự án", ["vai", "trò", "kỹ", "sư", "tru’ong", "dự", "án"]),
    ("phai thuc hién tru'éc ngay", ["phai", "thuc", "hién", "tru'éc", "ngay"]),
    ("Co’ quan chu tri", ["Co’", "quan", "chu", "tri"]),
    ("theo ‘quy dinh’ hién hanh", ["theo", "quy", "dinh", "hién", "hanh"]),  # quotes stay apart
])
def test_an_apostrophe_after_u_or_o_is_the_horn_inside_the_word(text, tokens):
    assert OCR_TOKEN.findall(text) == tokens


def test_the_channel_reads_through_the_horn_apostrophe():
    assert "truong" in dict(rewrites("tru’ong")) and "tuoc" in dict(rewrites("tu’oc"))


@pytest.mark.parametrize("token, key", [("dc", "doc"), ("tng", "tung"), ("nhn", "nhan"), ("vs", "vis")])
def test_a_vowel_lost_between_consonants_is_put_back(token, key):
    keys = _lost_vowel_keys(token)
    if key == "vis":  # not a syllable: never offered
        assert key not in keys
    else:
        assert key in keys


def test_cent_sign_reads_as_o_or_e():
    bases = {b for b, _ in load_confusions()["¢"]}
    assert {"o", "e"} <= bases


@pytest.mark.parametrize("text, token, plain", [
    ("Nay thong bao de cac don vi biet", "Nay", "nay"),          # the text's start
    ("ket qua.\n\nNay thong bao", "Nay", "nay"),                   # after a full stop and blank line
    ("cac noi dung sau:\n- Khan truong ra soat", "Khan", "khan"),  # a list item
    ("a) Giao cho So Tai chinh", "Giao", "giao"),                      # after a list marker
    ("Nay So Noi vu thong bao", "So", "So"),                       # a Title-case run: a name
    ("duong cao toc Bac - Nam", "Nam", "Nam"),                     # a dash inside a line
    ("ket qua. Pé nghi cac so", "Pé", "Pé"),                       # P is English OCR's capital Đ
    ("lam viec voi Giam doc", "Giam", "Giam"),                     # not a sentence start
])
def test_a_capital_at_a_sentence_start_is_looked_up_in_lower_case(text, token, plain):
    start = text.index(token)
    words = text[start + len(token):].split()
    nxt = words[0] if words else None
    assert _plain_start(text, start, token, nxt, False) == plain


def test_a_name_at_a_sentence_start_keeps_its_capital():
    assert _plain_start("Tran Van Hung chu tri", 0, "Tran", "Van", True) == "Tran"


# An OCR'd notice of our own: marks read as English letters throughout.
OCR_NOTICE = """Ngay 12 thang 3 nam 2025, Phé Chu tich UBND tinh chu tri cudc hop vé tién d6 cac
dy an trong diém. Tham dy cudc hop c6 lanh dao cac s¢, nganh lién quan.

1. Giam dc S¢ Xay dung chiu trach nhiém ra soat toan b6 h¢ thong thoat nudc
trén dia ban, bao cao UBND tinh trudc ngay 30/3/2025.

2. Giao S¢ Tai chinh chu tri, phéi hop véi cac s¢, nganh lién quan tham muu
phuong an b6 tri kinh phi thuc hién.

Nay thong bao dé cac co quan, don vi biét, thuc hién./.

Noi nhin:
- Nhu trén;
- Luu: VT, KT."""


@pytest.mark.parametrize("phrase", ["Giám đốc Sở Xây dựng", "hệ thống thoát nước", "Nơi nhận:"])
def test_english_ocr_classes_end_to_end(phrase):
    assert phrase in repair_text(OCR_NOTICE).text


def test_a_line_of_plain_words_in_an_ocr_document_takes_the_ocr_channel():
    kit, _ = load_toolkit()
    assert kit is not None
    line = OCR_NOTICE.index("Noi nhin:")
    mode = next(m for m, s, e in plan(kit, OCR_NOTICE) if s == line)
    assert mode == "ocr"


# A list item's label is no syllable (issue 10, English OCR's false edits: "(iii)" became "(au)").
@pytest.mark.parametrize("text, token, label", [
    ("dv an.\n\n(iii) Uy ban nhan dan tinh chi dao", "iii", True),    # roman, in brackets, at a line's start
    ("gom ba viec: (i) lap ke hoach; (vi) bao cao", "vi", True),       # roman, in brackets, inside a line
    ("Nhiem vu (XIV) cua Bo", "XIV", True),                            # upper-case roman
    ("cac noi dung sau:\nii) Giao So Tai chinh", "ii", True),          # closed by a bracket only
    ("theo muc [ix] cua Ke hoach", "ix", True),                        # square brackets
    ("ket qua:\nb. Giao So Xay dung", "b", True),                      # a letter and a full stop at a line's start
    ("ket qua:\n   đ. Cac xa, phuong", "đ", True),                     # indented, the letter đ
    ("nghiem cam hanh vi vi pham phap luat", "vi", False),             # the word "vi"
    ("cung cap xi mang cho cong trinh", "xi", False),                  # the word "xi"
    ("- Cac B6: CT, XD; i\n\n- UBND cac tinh", "i", False),            # a stray letter, no label's position
    ("do an iv. Tiep theo", "iv", False),                              # a full stop inside a line
    ("ket qua:\nIII. DANH GIA", "III", True),                          # a section number is a label too
    ("ket qua:\nhoa. Tiep theo", "hoa", False),                        # no label's shape
])
def test_a_list_label_is_recognised_by_shape_and_position(text, token, label):
    start = re.search(rf"(?<!\w){token}(?!\w)", text).start()
    assert list_label(text, start, start + len(token)) is label


LABELLED_NOTICE = """Ngay 12 thang 3 nam 2025, Phé Chu tich UBND tinh chu tri cudc hop vé tién d6 cac
dy an trong diém. Cac don vi thuc hién cac nhiém vu sau:

(i) S¢ Xay dung chiu trach nhiém ra soat toan b6 h¢ thong thoat nudc.

(ii) S¢ Tai chinh chu tri, phéi hop véi cac s¢, nganh lién quan.

(iii) Uy ban nhan dan cac huyén bao cao két qua trudc ngay 30/3/2025.

(iv) Cong an tinh phéi hop thuc hién; (vi) cac don vi khac theo déi.
Dang hoa tai Nghia trang A1 ngay 27/7.

Noi nhin:
- Nhu trén;
- Luu: VT, K1."""


@pytest.mark.parametrize("label", ["(i)", "(ii)", "(iii)", "(iv)", "(vi)"])
def test_list_labels_of_an_ocr_notice_are_kept(label):
    out = repair_text(LABELLED_NOTICE).text
    assert out.count(label) == LABELLED_NOTICE.count(label)



# Codes with a digit are printed as they are: the channel has no '1' for i (the learned sample
# read '1' as a digit or as l, never as i), so "K1" and "A1" are no syllables' readings.
@pytest.mark.parametrize("code", ["VT, K1.", "trang A1 "])
def test_codes_with_a_one_are_kept(code):
    assert code in repair_text(LABELLED_NOTICE).text


def test_the_channel_reads_one_as_l_not_i():
    assert ("1", "l") in {(seen, base) for seen, rows in load_confusions().items() for base, _ in rows}
    assert not [b for b, _ in rewrites("k1") if b == "ki"] and "la" in dict(rewrites("1a"))


# ươ read as one vowel ("thong mai" for "thương mại"): the channel offers the two.
@pytest.mark.parametrize("token, key", [("thong", "thuong"), ("hung", "huong"), ("duc", "duoc"), ("chung", "chuong")])
def test_uo_read_as_one_vowel_is_offered(token, key):
    assert key in dict(rewrites(token))


HORN_NOTICE = """Ngay 5 thang 6 nam 2025, Chu tich UBND tinh lam viéc véi cac s¢, nganh vé phat trién
thong mai dién ti va xuat khau. Cac dy an da duc phé duyét can day nhanh tién d6.

1. S¢ Céng Thuong chu tri, hung dan cac doanh nghiép thyuc hién thu tuc xuat khau.

2. S¢ Tai chinh bao cao két qua trudc ngay 30/6/2025."""


@pytest.mark.parametrize("phrase", ["thương mại điện tử", "đã được phê duyệt", "hướng dẫn các doanh nghiệp"])
def test_uo_read_as_one_vowel_end_to_end(phrase):
    assert phrase in repair_text(HORN_NOTICE).text


# A body's name whose other words the candidates spell puts back the one word the capped list left
# out, at the channel's cost (phrases.phrase_bonus with ``reach``): English OCR's "Nang long" had
# no "lượng" among its 16 candidates, so "Năng lượng" of a Tập đoàn's name came out "Năng lòng".
def _tokens(words: list[tuple[str, list[str]]]) -> tuple[str, list]:
    from notice_parser.repair.tokens import Token

    text, toks = "", []
    for word, forms in words:
        start = len(text)
        text += word + " "
        toks.append(Token(start, start + len(word), word, [(f, 0.0) for f in forms]))
    return text, toks


_DAU_KHI = [("Tap", ["tập", "táp"]), ("doan", ["đoàn", "đoán"]), ("Dau", ["dầu", "đầu", "dấu"]),
            ("khi", ["khí", "khi", "khỉ"]), ("Quoc", ["quốc"]), ("gia", ["gia", "giá"]),
            ("Viet", ["việt"]), ("Nam", ["nam", "năm"])]


def _reach_all(cost):
    return lambda tok, form: cost


@pytest.mark.parametrize("missing, reach, put_back", [
    ({"khi": "khí"}, _reach_all(1.5), {"khi": ("khí", -1.5)}),   # one word left out: put back at its cost
    ({"khi": "khí", "gia": "gia"}, _reach_all(1.5), {}),       # two words left out: no name
    ({"khi": "khí"}, None, {}),                                # no channel to ask (stripped text)
    ({"khi": "khí"}, _reach_all(None), {}),                    # the channel cannot read the token so
])
def test_a_name_puts_back_one_word_its_candidates_left_out(missing, reach, put_back):
    from notice_parser.repair.phrases import PHRASE_BONUS, phrase_bonus

    words = [(w, [f for f in forms if f != missing.get(w)]) for w, forms in _DAU_KHI]
    text, toks = _tokens(words)
    phrase_bonus(text, toks, reach)
    by_word = {t.text: dict(t.cands) for t in toks}
    for word, (form, cost) in put_back.items():
        assert by_word[word][form] == cost + PHRASE_BONUS
    if not put_back:  # the long name is not spelled ("Tập đoàn" alone is): nothing added, no bonus on "Dầu"
        assert [list(by_word[w]) for w, _ in words] == [forms for _, forms in words]
        assert by_word["Dau"]["dầu"] == 0.0


def test_a_two_word_name_puts_nothing_back():
    from notice_parser.repair.phrases import phrase_bonus

    text, toks = _tokens([("Kho", ["kho", "khó"]), ("bac", ["bác", "bắc"])])  # "Kho bạc": "bạc" left out
    phrase_bonus(text, toks, _reach_all(1.0))
    assert [f for f, _ in toks[1].cands] == ["bác", "bắc"]


def test_a_name_word_left_out_of_the_candidates_is_restored_end_to_end():
    text = ("Ngay 9 thang 4 nam 2025, Phé Thu tuong chu tri cudc hop vé cung (mg khi dét cho cac nha may\n"
            "dién. Giao Tap doan Cong nghiép - Nang long Quéc gia Viét Nam bao dam nguén cung khi,\n"
            "phéi hop véi Tap doan Dién luc Viét Nam xay dung phuong an van hanh, bao cao trudc ngay 30/4.")
    assert "Tập đoàn Công nghiệp - Năng lượng Quốc gia Việt Nam" in repair_text(text).text


# A province's name is a name without "tỉnh" before it too ("cao tốc Sơn La - Điện Biên"): the
# gazetteer phrases hold the names of data/provinces.json, so "La" of "Son La" is no "là".
def test_province_names_are_gazetteer_phrases():
    from notice_parser.repair.phrases import gazetteer_phrases
    from notice_parser.repair.resources import province_names

    phrases = gazetteer_phrases()
    assert "Sơn La" in province_names() and ("sơn", "la") in phrases["sơn"]
    assert all(name[:1].isupper() for name in province_names())


@pytest.mark.parametrize("damaged, restored", [
    ("Giao So Giao thong van tai phoi hop day nhanh du an cao toc Son La - Dien Bien truoc ngay 30/6.",
     "cao tốc Sơn La - Điện Biên"),
    ("Doan cong tac lam viec tai Son La va Lai Chau, kiem tra cac cong trinh giao thong trong diem.",
     "tại Sơn La và Lai Châu"),
])
def test_a_province_name_without_its_title_is_restored(damaged, restored):
    assert restored in repair_text(damaged * 3).text
