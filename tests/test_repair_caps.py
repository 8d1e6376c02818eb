"""Documents in capitals (issue 12 point 2): repaired in lower case with their acronyms kept,
their capitals put back on the edits — as accurate as the same text as written, about as fast,
and linear in size.
"""

from __future__ import annotations

import time
import unicodedata
from functools import partial

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from notice_parser.evaluate import syllable_accuracy
from notice_parser.repair import repair_text
from notice_parser.repair.casing import CaseFold, in_capitals, known_acronym
from notice_parser.repair.damage import _toolkit, model_path
from notice_parser.schema import Edit

# A telegram of our own (not from any dev document), as written; its capitals are .upper().
TELEGRAM = """\
Công điện về việc chủ động ứng phó với mưa lớn và lũ quét tại các tỉnh miền núi phía Bắc.
Chủ tịch UBND tỉnh yêu cầu Giám đốc các sở, Thủ trưởng các ban, ngành và Chủ tịch UBND các huyện thực hiện ngay những việc sau đây.
Sở Nông nghiệp và Môi trường chủ trì, phối hợp với các địa phương theo dõi chặt chẽ diễn biến của mưa lũ, kịp thời thông tin cho người dân biết để chủ động phòng tránh.
Thường trực HĐND và UBND các huyện tổ chức kiểm tra, rà soát các khu dân cư ven sông, suối, vùng trũng thấp có nguy cơ sạt lở đất, sẵn sàng sơ tán người dân đến nơi an toàn.
Bộ Chỉ huy Quân sự tỉnh và Công an tỉnh bố trí lực lượng, phương tiện ứng trực tại các điểm xung yếu để hỗ trợ người dân khi có yêu cầu.
Sở Giao thông vận tải chỉ đạo các đơn vị quản lý đường bộ khắc phục nhanh các điểm sạt lở, bảo đảm giao thông thông suốt trên các tuyến quốc lộ và tỉnh lộ.
Sở Tài chính tham mưu bố trí kinh phí dự phòng để khắc phục hậu quả thiên tai, báo cáo UBND tỉnh trước ngày 20 tháng 9 năm 2025.
Văn phòng UBND tỉnh theo dõi, đôn đốc việc thực hiện Công điện này, tổng hợp tình hình và báo cáo Chủ tịch UBND tỉnh hằng ngày.
"""


def _strip(text: str) -> str:
    text = text.replace("đ", "d").replace("Đ", "D")
    return unicodedata.normalize("NFC", "".join(c for c in unicodedata.normalize("NFD", text)
                                                if not unicodedata.combining(c)))


def _drop(lost: str):
    lost += lost.upper()  # a font subset lacks a glyph in both cases
    return lambda text: "".join(" " if c in lost else c for c in text)


DAMAGE = {
    "clean": lambda text: text,
    "stripped": _strip,
    "dropped ư ơ k": _drop("ươk"),
    "dropped ộ a ầ m": _drop("ộaầm"),  # frequent letters, as in sample 004
}


@pytest.fixture(scope="module")
def model():
    return _toolkit(model_path()).model


@pytest.mark.parametrize("text,expected", [
    (TELEGRAM.upper(), True),
    (TELEGRAM, False),
    (_strip(TELEGRAM).upper(), True),
    ("UBND TỈNH HÀ GIANG", False),  # too few letters to say anything about a document's case
    # a notice as written, with its headings in capitals: not a document in capitals
    ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nTHÔNG BÁO\n"
     "Kết luận của Chủ tịch UBND tỉnh tại cuộc họp về công tác chuẩn bị cho mùa mưa bão năm nay", False),
    # a telegram in capitals with the place and date line as written
    ("Lào Cai, ngày 3 tháng 9 năm 2025\nCÔNG ĐIỆN\nCHỦ TỊCH UBND TỈNH ĐIỆN: GIÁM ĐỐC CÁC SỞ, BAN, NGÀNH; "
     "CHỦ TỊCH UBND CÁC HUYỆN, THÀNH PHỐ VỀ VIỆC CHỦ ĐỘNG ỨNG PHÓ VỚI MƯA LŨ", True),
])
def test_documents_in_capitals(text, expected):
    assert in_capitals(text) is expected


@pytest.mark.parametrize("token,expected", [
    ("UBND", True), ("HĐND", True), ("PCT", True), ("QĐ", True), ("VPCP", True),
    ("TH", False), ("NGH", False), ("KH", False),  # what is left of a syllable whose vowels were lost
    ("THAM", False), ("OC", False),  # syllables (OC could be "óc")
    ("XQZW", False),  # letters the corpus never writes: an OCR garble, not an acronym
    ("U", False),
])
def test_known_acronyms(model, token, expected):
    assert known_acronym(model, token) is expected


def _edit(start: int, end: int, before: str, after: str) -> Edit:
    return Edit(start=start, end=end, before=before, after=after, step="test")


@pytest.mark.parametrize("text,edits,expected", [
    # same length: each character takes the case of the one it replaces
    ("CAC SO NGANH", [(0, 3, "các")], "CÁC SO NGANH"),
    # a glyph refilled into a space takes the case of the word around it
    ("THÔN  BÁO", [(4, 5, "g")], "THÔNG BÁO"),
    ("THÔN  BÁO", [(0, 5, "thông")], "THÔNG BÁO"),
    # a word the document wrote in lower case stays so
    ("GIAO SỞ TÀI CHÍNH theo doi", [(18, 22, "theo"), (23, 26, "dõi")], "GIAO SỞ TÀI CHÍNH theo dõi"),
    # longer or shorter: in capitals where most of what it replaces is
    ("VAN BAN SO 12", [(8, 10, "số")], "VAN BAN SỐ 12"),
    ("PHONG TAI CHINH - KE HOACH", [(15, 18, " – ")], "PHONG TAI CHINH – KE HOACH"),
])
def test_case_is_restored_on_edits(text, edits, expected):
    fold = CaseFold(text)
    restored = fold.restore([_edit(s, e, fold.text[s:e], a) for s, e, a in edits])
    assert fold.original == expected
    assert all(e.before == text[e.start:e.end] for e in restored)


def test_an_edit_that_changes_only_the_case_is_dropped():
    fold = CaseFold("UBND TINH")
    assert fold.restore([_edit(0, 4, "ubnd", "ubnd")]) == []
    assert fold.original == "UBND TINH"


def test_acronyms_stay_in_capitals_for_the_model(model):
    fold = CaseFold("UBND TỈNH GIAO PCT THƯỜNG TRỰC VÀ SỞ TH  M GIA K1", partial(known_acronym, model))
    assert fold.text == "UBND tỉnh giao PCT thường trực và sở th  m gia K1"


_CHARS = st.sampled_from(list("AĂÂBCDĐEÊGHIKLMNOÔƠPQRSTUƯVXYaăâđêôơư ÁẢẠỆỮ.,\n-ßİſﬁ12"))


@settings(max_examples=300, deadline=None)
@given(st.text(_CHARS, max_size=40), st.lists(st.tuples(st.integers(0, 40), st.integers(0, 3),
                                                         st.text(_CHARS, max_size=4)), max_size=6),
       st.integers(1, 3))
def test_restore_keeps_the_two_texts_in_step(text, raw, passes):
    """Whatever the text (letters whose case changes length: ß, İ, ﬁ) and the edits, the folded
    and the restored text keep one length, the restored edits replace what the original holds,
    and the two differ only by case."""
    fold = CaseFold(text)
    for _ in range(passes):
        edits, pos = [], 0
        for start, length, after in sorted(raw):
            start = max(start, pos)
            end = min(start + length, len(fold.text))
            if start > len(fold.text):
                break
            edits.append(_edit(start, end, fold.text[start:end], after))
            pos = end + 1
        original = fold.original
        restored = fold.restore(edits)
        assert len(fold.text) == len(fold.original)
        assert all(e.before == original[e.start:e.end] for e in restored)
        assert all(a == b or a.lower() == b or a == b.upper() for a, b in zip(fold.original, fold.text))


@pytest.mark.parametrize("kind", DAMAGE)
def test_capitals_repair_as_well_as_the_text_as_written(kind):
    damage = DAMAGE[kind]
    written = repair_text(damage(TELEGRAM)).text
    caps = repair_text(damage(TELEGRAM.upper())).text
    assert caps == caps.upper()  # every edit in capitals
    caps_acc = syllable_accuracy(TELEGRAM.upper(), caps)
    assert caps_acc >= syllable_accuracy(TELEGRAM, written) - 1e-9
    assert caps_acc >= 0.98


def test_capitals_keep_offsets():
    src = _drop("ươk")(TELEGRAM.upper())
    out = repair_text(src)
    edits = [e for e in out.report.edits if e.step != "unicode"]
    assert edits and all(e.before == src[e.start:e.end] for e in edits)


# Speed: the ratio of CPU times in one run (the machine is shared), never absolute seconds.
CAPS_RATIO_BOUND = 2.0  # capitals may take at most twice the time of the text as written (3-4× before)
LINEAR_RATIO_BOUND = 25  # 10× the input may take at most 25× the time (as test_linear_time)


def _cpu(text: str, runs: int = 2) -> float:
    """The least CPU time of ``runs`` repairs of ``text``."""
    return min(_cpu_once(text) for _ in range(runs))


def _cpu_once(text: str) -> float:
    start = time.process_time()
    repair_text(text)
    return time.process_time() - start


def test_capitals_repair_about_as_fast_as_the_text_as_written():
    damage = DAMAGE["dropped ộ a ầ m"]  # the slowest kind in capitals (sample 004's damage)
    written, caps = damage(TELEGRAM * 3), damage(TELEGRAM.upper() * 3)
    repair_text(written), repair_text(caps)  # warm-up: model, tables
    ratio = _cpu(caps) / _cpu(written)
    assert ratio < CAPS_RATIO_BOUND, f"capitals took {ratio:.1f}× the time"


def test_capitals_repair_in_linear_time():
    unit = DAMAGE["dropped ộ a ầ m"](TELEGRAM.upper())
    repair_text(unit)
    ratio = _cpu(unit * 10, 1) / _cpu(unit, 3)
    assert ratio < LINEAR_RATIO_BOUND, f"10× the input took {ratio:.0f}× the time"
