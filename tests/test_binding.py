"""Deadlines bound to the agency they govern, and headings that only group sub-items."""

from __future__ import annotations

import pytest

from notice_parser import ParseOptions, parse_text
from notice_parser.extract.binding import clause_starts, is_heading, only_beside_names
from notice_parser.schema import Agency, Deadline, Directive, Span

HEAD = "ỦY BAN NHÂN DÂN\nTỈNH QUẢNG TRỊ\nTHÔNG BÁO\nKết luận của Chủ tịch UBND tỉnh tại cuộc họp ngày 05/5/2025\n"
TAIL = "\nNơi nhận:\n- Như trên;\n- Lưu: VT.\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nLê Văn Bình\n"


def deadlines_of(body: str) -> list[tuple[str, list[str]]]:
    notice = parse_text(HEAD + body + TAIL, ParseOptions(ocr="never"))
    return [(d.text, d.agencies) for node, _ in notice.iter_directives() for d in node.deadlines]


@pytest.mark.parametrize("body, expected", [
    # two assignees in two clauses: the deadline is the second one's
    ("1. Sở Tài chính rà soát các khoản chi thường xuyên; Sở Nội vụ tổng hợp, báo cáo UBND tỉnh "
     "trước ngày 20/5/2025.", [("trước ngày 20/5/2025", ["Sở Nội vụ"])]),
    # the first one's, when its clause holds the date
    ("1. Sở Y tế chủ trì kiểm tra an toàn thực phẩm, báo cáo kết quả trước ngày 10/6/2025; "
     "Sở Công Thương theo dõi giá cả thị trường.", [("trước ngày 10/6/2025", ["Sở Y tế"])]),
    # a clause that names nobody continues the nearest one before it that does
    ("1. Sở Giáo dục và Đào tạo chuẩn bị cơ sở vật chất. Sở Tài chính bố trí kinh phí; hoàn thành "
     "trước ngày 15/8/2025.", [("trước ngày 15/8/2025", ["Sở Tài chính"])]),
    # both assignees share the clause: the deadline binds the whole directive
    ("1. Sở Xây dựng và Sở Nông nghiệp và Môi trường hoàn thành việc kiểm tra trước ngày 30/9/2025.",
     [("trước ngày 30/9/2025", [])]),
    # one assignee: nothing to bind
    ("1. Công an tỉnh bảo đảm an ninh trật tự, báo cáo trước ngày 01/7/2025.", [("trước ngày 01/7/2025", [])]),
])
def test_deadline_binds_the_agency_of_its_clause(body, expected):
    assert deadlines_of(body) == expected


@pytest.mark.parametrize("text, starts", [
    ("A làm x; B làm y.", [0, 9]),
    ("Sở A làm x. Sở B làm y.", [0, 12]),
    ("Họp tại TP. Hồ Chí Minh ngày 5/5. Xong.", [0, 34]),  # "TP." does not end a sentence
    ("hạn 15/3/2025. sau đó", [0]),  # a lower-case word after the dot: no new sentence
])
def test_clause_starts(text, starts):
    assert clause_starts(text, 0, len(text)) == starts


# data/dotted_abbreviations.txt: a dot after shorthand before a name ends no clause
_DOTTED = [
    ("Làm việc với UBND Tp. Huế về đê; xong.", "Tp"),
    ("Kiểm tra tại TX. Sơn Tây rồi báo cáo.", "TX"),
    ("Giao UBND TT. Phong Điền rà soát.", "TT"),
    ("Công an Q. Ba Đình phối hợp.", "Q"),
    ("UBND P. Bến Nghé thực hiện.", "P"),
    ("Mời GS. Trần Văn B góp ý.", "GS"),
    ("Mời PGS. Lê Thị C trình bày.", "PGS"),
    ("Giao TS. Phạm Văn D chủ trì.", "TS"),
    ("Giao ThS. Hoàng Văn E soạn thảo.", "ThS"),
    ("Sở Y tế phối hợp với TP. Hà Nội.", "TP"),
]


@pytest.mark.parametrize("text, form", _DOTTED)
def test_dotted_abbreviations_end_no_clause(text, form):
    assert f"{form}. " in text
    cut = text.index(f"{form}. ") + len(form) + 2
    assert cut not in clause_starts(text, 0, len(text))
    assert clause_starts(text.replace(f"{form}. ", "xong. "), 0, len(text) + 5 - len(form))[1:]  # a word's dot ends one


def test_dotted_abbreviations_are_sound_and_each_is_read():
    import unicodedata

    from notice_parser.data import load_lines
    forms = load_lines("dotted_abbreviations.txt")
    assert forms and len(forms) == len(set(forms)) and all(f and f.isalpha() for f in forms)
    assert all(unicodedata.is_normalized("NFC", f) for f in forms)
    assert sorted(forms) == sorted(f for _, f in _DOTTED)  # every entry has a case above


def node(text, children=(), agencies=(), deadlines=()):
    return Directive(id="1", label="1.", text=text, span=Span(start=0, end=len(text)),
                     agencies=[Agency(name=n, role="lead", surface=n) for n in agencies],
                     deadlines=[Deadline(text=d) for d in deadlines], children=list(children))


LEAF = node("Sở Tài chính bố trí kinh phí thực hiện.")


@pytest.mark.parametrize("directive, heading", [
    (node("Về công tác phòng, chống thiên tai:", [LEAF]), True),
    (node("Sở Nông nghiệp và Môi trường", [LEAF], agencies=["Sở Nông nghiệp và Môi trường"]), True),
    (node("Giao Sở Tài chính, Sở Nội vụ", [LEAF], agencies=["Sở Tài chính", "Sở Nội vụ"]), True),
    (node("NHIỆM VỤ TRỌNG TÂM THỜI GIAN TỚI", [LEAF]), True),
    (node("Các sở, ngành thực hiện tốt các nội dung sau:", [LEAF]), True),
    # work of its own, and sub-items: a task with sub-tasks
    (node("Sở Tài chính chủ trì rà soát toàn bộ các dự án đầu tư công chậm giải ngân, đề xuất phương án "
          "điều chuyển vốn cho các dự án có khả năng giải ngân tốt hơn.", [LEAF], agencies=["Sở Tài chính"]), False),
    # a deadline of its own makes it a task
    (node("Về tiến độ dự án:", [LEAF], deadlines=["trước ngày 30/6/2025"]), False),
    # a deadline it passes down to every sub-item is theirs: still a heading
    (node("Hoàn thành trong tháng 11/2025, cụ thể:", [LEAF.model_copy(update={"deadlines": [
        Deadline(text="trong tháng 11/2025", inherited=True)]})], deadlines=["trong tháng 11/2025"]), True),
    # without sub-items nothing is a heading
    (node("Về công tác phòng, chống thiên tai:"), False),
])
def test_heading_only_groups_sub_items(directive, heading):
    assert is_heading(directive) is heading


def test_headings_are_marked_in_the_parse():
    body = ("1. Về chuyển đổi số:\n- Sở Khoa học và Công nghệ hướng dẫn các xã triển khai.\n"
            "- Sở Nội vụ rà soát thủ tục hành chính.\n2. Văn phòng UBND tỉnh theo dõi, đôn đốc.")
    notice = parse_text(HEAD + body + TAIL, ParseOptions(ocr="never"))
    assert [(d.id, d.heading) for d, _ in notice.iter_directives()] == [
        ("1", True), ("1.1", False), ("1.2", False), ("2", False)]


@pytest.mark.parametrize("rest, names_only", [
    # what is left of a heading once its assignees' names are taken out
    ("  ", True),
    (" : ", True),
    ("Giao  và  :", True),
    ("Đề nghị các  cùng  thực hiện", False),  # an action word remains: a task, not a heading
    ("a)  ,  ", True),  # an item's letter is not a word
    ("YÊU CẦU  :", True),  # the words beside names, in any case
    ("Thủ trưởng  ,  ", True),
    ("  rà soát hồ sơ", False),
    ("Về  ", False),  # a topic word is a topic heading, told apart by its own rule
])
def test_only_beside_names(rest, names_only):
    assert only_beside_names(rest) is names_only
