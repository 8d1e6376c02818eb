"""Units of a task from inline labels (tests/reference/ANNOTATION.md, "Unit of a task"): labels
inside a running sentence are units of their own when each brings its own assignee or deadline;
when they only list the contents of one assignment, the enclosing item is the unit."""

from __future__ import annotations

import pytest

from notice_parser import parse_text
from notice_parser.extract.directives import inline_labels


def notice(*items: str):
    """A small notice of conclusions whose items are ``items`` (one line each)."""
    return parse_text("THÔNG BÁO\nKết luận của Chủ tịch UBND tỉnh tại cuộc họp\n"
                      "Ngày 12/11/2025, Chủ tịch UBND tỉnh Lê Minh Hòa chủ trì cuộc họp. "
                      "Chủ tịch UBND tỉnh kết luận như sau:\n" + "\n".join(items) +
                      "\nVăn phòng UBND tỉnh thông báo để các cơ quan biết, thực hiện./.\n")


def leads(d):
    return [a.name for a in d.agencies if a.role == "lead"]


def dates(d):
    return [x.date.isoformat() for x in d.deadlines if x.date]


# (item, [(child id, leads, deadlines)]): each labelled piece brings its own assignee or deadline
SPLIT = [
    ("3. Giao: (1) Sở Nội vụ rà soát biên chế các đơn vị sự nghiệp; (2) Sở Tài chính bố trí kinh phí "
     "thực hiện chế độ trước ngày 20/12/2025.",
     [("3.1", ["Sở Nội vụ"], []), ("3.2", ["Sở Tài chính"], ["2025-12-20"])]),
    ("2. Về chuyển đổi số: (i) Sở Khoa học và Công nghệ hoàn thiện nền tảng dùng chung, (ii) Sở Y tế "
     "triển khai hồ sơ sức khỏe điện tử, và (iii) Sở Giáo dục và Đào tạo số hóa học bạ.",
     [("2.i", ["Sở Khoa học và Công nghệ"], []), ("2.ii", ["Sở Y tế"], []),
      ("2.iii", ["Sở Giáo dục và Đào tạo"], [])]),
    ("4. Đề nghị: a) Sở Xây dựng kiểm tra chất lượng công trình; b) Sở Công Thương bảo đảm nguồn điện.",
     [("4.a", ["Sở Xây dựng"], []), ("4.b", ["Sở Công Thương"], [])]),
    ("5. Thứ nhất, Sở Nông nghiệp và Môi trường chỉ đạo thu hoạch lúa vụ mùa. Thứ hai, Sở Tài chính "
     "tạm ứng vốn dự phòng cho các xã.",
     [("5.Thứ nhất", ["Sở Nông nghiệp và Môi trường"], []), ("5.Thứ hai", ["Sở Tài chính"], [])]),
    # one assignee, but each piece sets its own deadline: units, and the assignee passes to them
    ("1. Sở Tư pháp chủ trì: (1) rà soát các quy chế phối hợp trước ngày 15/12/2025; (2) trình dự thảo "
     "quy định mới trong tháng 01/2026.",
     [("1.1", ["Sở Tư pháp"], ["2025-12-15"]), ("1.2", ["Sở Tư pháp"], ["2026-01-31"])]),
    # a deadline in the frame governs the action the pieces spell out
    ("6. Trước ngày 30/6/2026, giao: (1) Sở Xây dựng hoàn thành quy hoạch chung; (2) Sở Nội vụ trình "
     "phương án sắp xếp.",
     [("6.1", ["Sở Xây dựng"], ["2026-06-30"]), ("6.2", ["Sở Nội vụ"], ["2026-06-30"])]),
]


@pytest.mark.parametrize("item,expected", SPLIT)
def test_inline_labels_that_each_bring_work_are_units(item, expected):
    n = notice(item)
    (parent,) = n.directives
    assert [(c.id, leads(c), dates(c)) for c in parent.children] == expected
    for child in parent.children:
        # each unit's span starts at its label and holds its own words
        covered = " ".join(n.text[child.span.start:child.span.end].split())
        assert covered.startswith(child.label) and covered.endswith(child.text)
        assert child.span.start >= parent.span.end


# pieces that only list the contents of one assignment, or labels that are not a list
KEPT = [
    "1. Sở Nội vụ chủ trì: (1) rà soát quy chế làm việc; (2) sửa đổi quy định về tuyển dụng.",
    "2. Bộ Tài chính giải quyết các vấn đề tồn đọng: (i) kết nối dữ liệu thuế, (ii) xử lý lỗi hệ thống.",
    "3. Sở Y tế thực hiện theo điểm (1) và điểm (2) Điều 5 của Quy chế.",
    "4. Giao: (2) Sở Xây dựng kiểm tra; (3) Sở Công Thương theo dõi.",
    "5. Sở Công Thương theo dõi thị trường, (1) Sở Tài chính bình ổn giá.",
]


@pytest.mark.parametrize("item", KEPT)
def test_inline_labels_that_only_list_contents_stay_one_unit(item):
    (d,) = notice(item).directives
    assert d.children == [] and d.text == " ".join(item.split()[1:])


LABELS = [
    ("Giao: (1) A làm; (2) B làm", ["(1)", "(2)"]),
    ("(1) A làm; và (2) B làm; (3) C làm", ["(1)", "(2)", "(3)"]),
    ("gồm: (i) A, (ii) B, (iii) C", ["(i)", "(ii)", "(iii)"]),
    ("gồm: (a) A; (b) B", ["(a)", "(b)"]),
    ("gồm: a) A; b) B; c) C", ["a)", "b)", "c)"]),
    ("Thứ nhất, A làm. Thứ hai, B làm. Thứ ba, C làm.", ["Thứ nhất,", "Thứ hai,", "Thứ ba,"]),
    # the outer list is the one that opens first; an inner list stays inside its piece
    ("(1) A: a) x; b) y; (2) B làm", ["(1)", "(2)"]),
    ("theo khoản (1) và (2) Điều 5", []),  # no punctuation before the labels: a reference
    ("Giao: (2) A; (3) B", []),  # a list starts at its first number
    ("Giao: (1) A làm", []),  # one label is no list
    ("lần thứ hai, A làm; Thứ nhất, B", []),  # "Thứ hai" before any "Thứ nhất"
    ("tại Điều 3a) và khoản b) Điều 4", []),
]


@pytest.mark.parametrize("text,labels", LABELS)
def test_inline_label_lists(text, labels):
    assert [mk.label for _, mk in inline_labels(text, 0, len(text))] == labels
