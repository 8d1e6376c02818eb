"""Units of a task from inline labels (tests/reference/ANNOTATION.md, "Unit of a task"): labels
inside a running sentence are units of their own when each brings its own assignee or deadline;
when they only list the contents of one assignment, the enclosing item is the unit."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

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
    ("các việc sau: một là, A làm; hai là, B làm.", ["một là,", "hai là,"]),
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


# Information items ------------------------------------------------------------------------

def letter(*body: str, doc_type: str = ""):
    """A small document that reports no meeting (a công văn, or a kế hoạch when ``doc_type`` says so)."""
    kind = f"{doc_type}\nTriển khai chuyển đổi số năm 2026\n" if doc_type else "V/v tổ chức lớp bồi dưỡng kỹ năng số\n"
    number = "Số: 77/KH-UBND\n" if doc_type else "Số: 812/SNV-CCVC\n"
    return parse_text("ỦY BAN NHÂN DÂN\nTỈNH AN GIANG\nSỞ NỘI VỤ\n" + number + kind +
                      ("" if doc_type else "Kính gửi: Các sở, ban, ngành thuộc tỉnh.\n") +
                      "Thực hiện Kế hoạch số 45/KH-UBND ngày 10/10/2025 của Ủy ban nhân dân tỉnh, Sở Nội vụ "
                      "thông tin như sau:\n" + "\n".join(body) +
                      "\nNơi nhận:\n- Như trên;\n- Lưu: VT.\nGIÁM ĐỐC\nTrần Thị Lan\n")


EVENT = ["1. Đối tượng: công chức làm công tác văn thư,", "lưu trữ của các cơ quan.",
         "2. Thời gian và địa điểm:", "- Buổi sáng ngày 18/12/2025 tại Hội trường Trường Chính trị tỉnh.",
         "- Buổi chiều ngày 19/12/2025 trực tuyến.", "3. Hình thức: trực tiếp kết hợp trực tuyến."]


def test_event_details_are_information_and_the_closing_request_is_the_unit():
    n = letter(*EVENT, "Sở Nội vụ đề nghị các cơ quan, đơn vị cử công chức tham dự và gửi danh sách",
               "về Sở Nội vụ trước ngày 12/12/2025.", "Trân trọng./.")
    assert [d.id for d in n.information] == ["1", "2", "3"]
    (closing,) = n.directives
    assert closing.id == "¶closing" and dates(closing) == ["2025-12-12"]
    assert n.text[closing.span.start:].startswith("Sở Nội vụ đề nghị")
    # the last information item ends where the request begins
    assert n.information[-1].span.end <= closing.span.start
    assert n.findings == []


def test_a_plans_purposes_and_context_are_information_its_tasks_stay():
    n = letter("I. MỤC ĐÍCH, YÊU CẦU", "1. Mục đích", "- Nâng cao nhận thức của người dân về chuyển đổi số.",
               "2. Yêu cầu", "- Các bộ phận phải phối hợp chặt chẽ, đúng tiến độ.",
               "II. TÌNH HÌNH", "Năm 2025, toàn tỉnh đã số hóa 80% hồ sơ.",
               "III. NHIỆM VỤ", "1. Sở Y tế chủ trì cập nhật cơ sở dữ liệu trước ngày 31/3/2026.",
               "2. Sở Tài chính bố trí kinh phí trong quý II/2026.", doc_type="KẾ HOẠCH")
    assert [d.id for d in n.information] == ["I", "II"]
    assert [(d.id, leads(d), dates(d)) for d, _ in n.iter_directives()] == [
        ("III", [], []), ("III.1", ["Sở Y tế"], ["2026-03-31"]), ("III.2", ["Sở Tài chính"], ["2026-06-30"])]


def test_a_plans_funding_section_informs_unless_it_assigns():
    # where the money comes from assigns no one; a funding section that gives a body work is a unit
    n = letter("I. NHIỆM VỤ", "1. Sở Y tế số hóa hồ sơ bệnh án trước ngày 30/9/2026.",
               "II. NGUỒN KINH PHÍ", "Từ ngân sách tỉnh giao trong dự toán năm 2026 và nguồn xã hội hóa.",
               "III. Kinh phí thực hiện", "Giao Sở Tài chính tham mưu phân bổ kinh phí trước ngày 15/3/2026.",
               doc_type="KẾ HOẠCH")
    assert [d.id for d in n.information] == ["II"]
    assert [(d.id, leads(d)) for d, _ in n.iter_directives()][-1] == ("III", ["Sở Tài chính"])


# (item lines, whether they are information): an information heading that assigns work after all stays a unit
HEADED = [
    (["2. Thời gian: Sở Tài chính bố trí kinh phí trong tháng 12/2025."], False),  # a body as lead
    (["3. Thời gian thực hiện: hoàn thành trước ngày 31/12/2025."], False),  # a deadline
    (["4. Nội dung: đề nghị các đơn vị rà soát số liệu."], False),  # a request word
    (["II. NỘI DUNG", "1. Tổ chức tập huấn cho cán bộ cấp xã.", "2. Tăng cường kiểm tra."], False),  # actions
    (["1. Thời gian qua, các sở đã phối hợp tốt."], False),  # not a heading: the words run on
    (["1. Thời gian tổ chức: ngày 05/01/2026, tại hội trường."], True),
    (["1. Căn cứ pháp lý", "- Luật Giao dịch điện tử năm 2023."], True),
    (["1. THÀNH PHẦN THAM DỰ:", "- Lãnh đạo các phòng chuyên môn."], True),
    # an event's time: the date is when it happens, not a deadline (a deadline's own label still sets one)
    (["1. Thời gian: 14 giờ 30, thứ Năm, ngày 08/01/2026."], True),
    (["1. Thời gian họp: 8h00 ngày 15 tháng 01 năm 2026."], True),
    (["1. Thời gian và địa điểm: 7 giờ 30 ngày 20/3/2026, tại Nhà văn hóa xã."], True),
    (["1. Thời gian hoàn thành: ngày 31/01/2026."], False),
    (["1. Thời gian:", "- Các đơn vị gửi báo cáo trước ngày 10/01/2026."], False),  # a sub-item's deadline
]


@pytest.mark.parametrize("lines,informs", HEADED)
def test_information_headings_and_their_vetoes(lines, informs):
    n = letter(*lines, "2. Sở Nội vụ tổng hợp kết quả." if not lines[0].startswith("2.") else "3. Sở Nội vụ tổng hợp.")
    assert bool(n.information) is informs
    assert n.information == [] or n.information[0].text.split()[0] == lines[0].split()[1]


def test_purposes_and_context_in_a_meeting_notice_are_not_information():
    n = notice("1. Mục đích: nâng cao chất lượng dịch vụ công.", "2. Tình hình:",
               "- Các xã đã số hóa 60% hồ sơ.", "3. Sở Y tế rà soát hồ sơ.")
    assert n.information == []
    # event details are information in any document
    assert [d.id for d in notice("1. Địa điểm: Hội trường tầng 3.", "2. Sở Y tế rà soát hồ sơ.").information] == ["1"]


def test_a_request_after_a_task_stays_with_that_task():
    # only a list of information items ends before a request: after a task it is that task's paragraph
    n = letter("1. Sở Y tế rà soát hồ sơ.", "2. Sở Tài chính bố trí kinh phí.",
               "Sở Nội vụ đề nghị các cơ quan khẩn trương thực hiện.", "Trân trọng./.")
    assert [d.id for d in n.directives] == ["1", "2"] and "đề nghị" in n.directives[1].text



# A closing request after the last task (data/directive_cues.json "closing_refers"): (the paragraphs
# after the items, whether it is a unit of its own, the lead of the last unit)
CLOSINGS = [
    # turns to the whole and directs a named body: the document's closing, a unit of its own
    (["Đề nghị các phòng thực hiện nghiêm các nội dung nêu trên; Sở Tư pháp kiểm tra",
      "việc chấp hành, báo cáo Ủy ban nhân dân tỉnh trước ngày 15/01/2026."], True, ["Sở Tư pháp"]),
    (["Yêu cầu Thủ trưởng các cơ quan triển khai ngay nội dung tại Thông báo này. Giao",
      "Sở Xây dựng tổng hợp kết quả hằng quý."], True, ["Sở Xây dựng"]),
    # a generic appeal only: it stays the last task's paragraph
    (["Đề nghị các cơ quan, đơn vị nghiêm túc thực hiện các nội dung trên."], False, ["Sở Tài chính"]),
    # a named body with no turn to the whole: a paragraph of the last task, as before
    (["Sở Nội vụ đề nghị Sở Tư pháp hỗ trợ khi cần."], False, ["Sở Tài chính", "Sở Tư pháp"]),
]


@pytest.mark.parametrize("closing,own_unit,last_leads", CLOSINGS)
def test_a_closing_request_that_turns_to_the_whole_and_directs_a_body_is_a_unit(closing, own_unit, last_leads):
    n = letter("1. Sở Y tế rà soát hồ sơ.", "2. Sở Tài chính bố trí kinh phí.", *closing, "Trân trọng./.")
    assert [d.id for d in n.directives] == (["1", "2", "¶closing"] if own_unit else ["1", "2"])
    last = n.directives[-1]
    assert leads(last) == last_leads
    assert ("bố trí kinh phí" in last.text) != own_unit
    if own_unit:  # the last task ends where the closing begins
        assert n.directives[1].span.end <= last.span.start and n.text[last.span.start:].startswith(closing[0][:12])


def test_counted_ordinal_paragraphs_are_units():
    # "Một là, …", "Hai là, …" label paragraphs as "Thứ nhất, …" does (ANNOTATION.md "Ordinal paragraphs")
    n = notice("Một là, Sở Công Thương kiểm tra thị trường trước ngày 20/12/2025.", "Hai là, Công an tỉnh",
               "tăng cường tuần tra; Sở Y tế phối hợp.", "Ba là, các xã, phường tổ chức tuyên truyền.")
    assert [(d.id, leads(d), dates(d)) for d in n.directives] == [
        ("Một là", ["Sở Công Thương"], ["2025-12-20"]), ("Hai là", ["Công an tỉnh"], []), ("Ba là", [], [])]


def test_a_closing_after_ordinal_paragraphs_leaves_the_last_one():
    n = notice("Thứ nhất, Sở Y tế rà soát hồ sơ.", "Thứ hai, Sở Tài chính bố trí kinh phí.",
               "Đề nghị các đơn vị triển khai những nội dung trên; Văn phòng Sở theo dõi, đôn đốc,",
               "báo cáo Giám đốc Sở hằng tháng.")
    assert [d.id for d in n.directives] == ["Thứ nhất", "Thứ hai", "¶closing"]
    assert leads(n.directives[-1]) == ["Văn phòng Sở"]
    assert [d.recurrence for d in n.directives[-1].deadlines] == ["monthly"]


HEADS = [
    ("Thời gian và địa điểm:", False, None, "detail"),
    ("MỤC ĐÍCH, YÊU CẦU", False, None, "purpose"),
    ("Mục đích, thời gian:", False, None, "detail"),  # the strictest kind decides
    ("Tình hình", False, None, "context"),
    ("Tình hình", True, None, None),  # in a meeting notice: what the meeting assessed
    ("Căn cứ pháp lý", True, None, None),
    ("Thời gian qua, các sở đã làm", False, None, None),
    ("THOI GIAN:", False, None, None),  # unmarked capitals are read as written where the text is sure
    ("THOI GIAN:", False, lambda end: True, "detail"),  # and on base letters where it may be damaged
]


@pytest.mark.parametrize("line,meeting,uncertain_at,kind", HEADS)
def test_information_heads(line, meeting, uncertain_at, kind):
    from notice_parser.extract.units import information_head

    head = information_head(line, meeting, uncertain_at)
    assert (head[0] if head else None) == kind


# Hostile input: inline labels and information headings in any order never break the tree.
_PIECES = ["(1)", "(2)", "(3)", "(i)", "(ii)", "(a)", "(b)", "a)", "b)", "Thứ nhất,", "Thứ hai,", "thứ hai", ";", ",",
           ".", ":", "\n", "và", "Giao", "Sở Y tế", "Sở Tài chính", "rà soát", "trước ngày 30/12/2025", "1.", "2.",
           "-", "Đối tượng:", "Thời gian:", "MỤC ĐÍCH, YÊU CẦU", "đề nghị", "Bộ Tài chính trân trọng đề nghị", "(",
           "Lễ khai mạc:", "Hội chợ", "KINH PHÍ", "Các cơ quan", "có trách nhiệm:", "- Địa điểm:", "–",
           "từ ngày 09/3 đến ngày 13/3/2027", "tối ngày 09/3/2027", "phải"]


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_PIECES), max_size=120).map(" ".join))
def test_inline_labels_in_any_text_form_an_ordered_list(body):
    labels = inline_labels(body, 0, len(body))
    assert [mk.value[0] for _, mk in labels] == list(range(1, len(labels) + 1))
    offsets = [at for at, _ in labels]
    assert offsets == sorted(set(offsets)) and all(0 <= at < len(body) for at in offsets)
    for at, mk in labels:
        assert body[at:at + mk.length].strip() == mk.label


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_PIECES), max_size=120).map(" ".join))
def test_units_of_any_text_keep_their_spans_inside_the_text(body):
    n = letter(body, doc_type="KẾ HOẠCH" if len(body) % 2 else "")
    nodes = list(n.iter_directives()) + [(d, None) for d in n.information]
    for d, _ in nodes:
        assert 0 <= d.span.start <= d.span.end <= len(n.text)
        starts = [c.span.start for c in d.children]
        assert starts == sorted(starts) and all(s >= d.span.start for s in starts)


# A plan's activities with attribute lines (each case the plan's first activity) (labels in data/directive_cues.json "attribute_*"): the
# activity is the one unit; the labels give the roles and the dates its deadlines.
PLAN = ("ỦY BAN NHÂN DÂN\nTỈNH HÀ TĨNH\nSố: 15/KH-UBND\nHà Tĩnh, ngày 08 tháng 01 năm 2026\nKẾ HOẠCH\n"
        "Triển khai công tác cải cách hành chính năm 2026\nI. MỤC ĐÍCH, YÊU CẦU\n"
        "Nâng cao chất lượng phục vụ người dân, doanh nghiệp.\nII. NHIỆM VỤ CỤ THỂ\n")
PLAN_TAIL = "III. TỔ CHỨC THỰC HIỆN\nCác cơ quan, đơn vị căn cứ Kế hoạch triển khai./.\n"


def plan_units(body: str) -> list[tuple[str, set, list[str]]]:
    n = parse_text(PLAN + body + PLAN_TAIL)

    def walk(ds):
        for d in ds:
            if d.children:
                yield from walk(d.children)
            else:
                yield d.id, {(a.name, a.role) for a in d.agencies}, dates(d)
    return [u for u in walk(n.directives) if not u[0].startswith("III")]


ATTRIBUTE_CASES = [
    # bullets under the activity, one role a line
    ("1. Rà soát, đơn giản hóa thủ tục hành chính nội bộ\n- Cơ quan chủ trì: Văn phòng UBND tỉnh.\n"
     "- Cơ quan phối hợp: Sở Nội vụ, Sở Tư pháp.\n- Thời gian hoàn thành: trước ngày 30/9/2026.\n",
     [("II.1", {("Văn phòng UBND tỉnh", "lead"), ("Sở Nội vụ", "support"), ("Sở Tư pháp", "support")},
       ["2026-09-30"])]),
    # both roles on one line, the time first, "+" bullets
    ("1. Khảo sát mức độ hài lòng của người dân\n+ Thời gian: trong quý III/2026.\n"
     "+ Đơn vị chủ trì: Sở Nội vụ; đơn vị phối hợp: Bưu điện tỉnh.\n",
     [("II.1", {("Sở Nội vụ", "lead"), ("Bưu điện tỉnh", "support")}, ["2026-09-30"])]),
    # a doer's label, and lines with no bullet at all
    ("1. Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính\nĐơn vị thực hiện: Trung tâm Phục vụ hành chính công tỉnh.\n"
     "Phối hợp: Sở Khoa học và Công nghệ.\nThời hạn: tháng 11/2026.\n",
     [("II.1", {("Trung tâm Phục vụ hành chính công tỉnh", "lead"), ("Sở Khoa học và Công nghệ", "support")},
       ["2026-11-30"])]),
    # an attribute list that also says what and where: still the one activity
    ("1. Hội nghị tập huấn nghiệp vụ kiểm soát thủ tục\n- Nội dung: hướng dẫn quy trình nội bộ.\n"
     "- Địa điểm: Hội trường tỉnh.\n- Chủ trì: Văn phòng UBND tỉnh.\n",
     [("II.1", {("Văn phòng UBND tỉnh", "lead")}, [])]),
    # bullets that assign work to different bodies stay units of their own
    ("1. Triển khai các nhiệm vụ trọng tâm\n- Sở Nội vụ: chấm điểm chỉ số cải cách hành chính, xong trước ngày 15/12/2026.\n"
     "- Sở Tư pháp: kiểm tra công tác ban hành văn bản.\n",
     [("II.1.1", {("Sở Nội vụ", "lead")}, ["2026-12-15"]), ("II.1.2", {("Sở Tư pháp", "lead")}, [])]),
]


@pytest.mark.parametrize("body,expected", ATTRIBUTE_CASES)
def test_a_plans_attribute_lines_describe_one_activity(body, expected):
    assert plan_units(body) == expected


# A parent whose own line only names its assignee and leads in to duties ("… có trách nhiệm:",
# "… thực hiện các nhiệm vụ sau:"): its bullets are the units, however short, each inheriting the
# assignee (ANNOTATION.md "Parent items"; data/directive_cues.json "lead_in_words").
DUTIES = [
    (["3. Sở Y tế có trách nhiệm:", "- Kiểm tra các cơ sở khám bệnh tư nhân.", "- Báo cáo số ca mắc mới."],
     [("3.1", ["Sở Y tế"], []), ("3.2", ["Sở Y tế"], [])]),
    (["2. Công an tỉnh chịu trách nhiệm:", "– Bảo đảm trật tự tại các điểm bầu cử.",
      "– Xử lý nghiêm vi phạm trước ngày 15/01/2026."],
     [("2.1", ["Công an tỉnh"], []), ("2.2", ["Công an tỉnh"], ["2026-01-15"])]),
    (["1. Sở Xây dựng thực hiện các nhiệm vụ sau:", "+ Rà soát nhà ở xuống cấp.", "+ Lập danh mục công trình."],
     [("1.1", ["Sở Xây dựng"], []), ("1.2", ["Sở Xây dựng"], [])]),
    (["4. Sở Nội vụ chủ trì, phối hợp với Sở Tài chính triển khai những nội dung sau đây:",
      "• Sắp xếp biên chế.", "• Trình đề án vị trí việc làm."],
     [("4.1", ["Sở Nội vụ"], []), ("4.2", ["Sở Nội vụ"], [])]),
    (["5. Sở Công Thương tập trung một số nhiệm vụ trọng tâm như sau:", "a) Bình ổn giá.",
      "b) Kiểm soát hàng giả."],
     [("5.a", ["Sở Công Thương"], []), ("5.b", ["Sở Công Thương"], [])]),
    (["6. Giao Sở Tài chính thực hiện các việc sau:", "- Thẩm định giá đất.", "- Quyết toán vốn."],
     [("6.1", ["Sở Tài chính"], []), ("6.2", ["Sở Tài chính"], [])]),
]


@pytest.mark.parametrize("items,expected", DUTIES)
def test_bullets_under_a_lead_in_to_duties_are_units(items, expected):
    (parent,) = notice(*items).directives
    assert parent.heading
    assert [(c.id, leads(c), dates(c)) for c in parent.children] == expected


# short bullets that complete the parent's own sentence enumerate its objects: the item is the unit
ENUMERATED = [
    ["2. Sở Y tế rà soát các hồ sơ sau:", "- Hồ sơ cấp phép hành nghề;", "- Hồ sơ thanh toán bảo hiểm."],
    ["3. Sở Xây dựng có trách nhiệm kiểm tra các công trình:", "+ Cầu Bến Thủy;", "+ Đường tỉnh 830."],
]


@pytest.mark.parametrize("items", ENUMERATED)
def test_bullets_that_enumerate_objects_stay_with_their_item(items):
    (d,) = notice(*items).directives
    assert d.children == [] and not d.heading and leads(d) == [" ".join(items[0].split()[1:4])]


# A plan's programme (data/directive_cues.json "programme_heads"): entries that name an event and
# direct no one are information, under any heading; an entry that names a lead, asks, uses a
# modal, sets a deadline or opens with an action is a unit, wherever it sits.
PROGRAMME = ["II. CÁC HOẠT ĐỘNG CHÍNH",
             "1. Lễ dâng hương tưởng niệm các anh hùng liệt sĩ: sáng ngày 02/4/2026 tại Đền thờ.",
             "2. Giải đua thuyền truyền thống trên sông Hàn từ ngày 03/4 đến ngày 04/4/2026.",
             "3. Đêm nhạc hội chào mừng ngày thống nhất đất nước.",
             "III. TỔ CHỨC THỰC HIỆN",
             "1. Sở Nội vụ chủ trì tổng hợp kết quả, báo cáo trước ngày 30/4/2026."]


def test_a_programme_of_events_is_information_its_assignments_stay():
    n = letter("I. MỤC ĐÍCH", "Tôn vinh truyền thống văn hóa địa phương.", *PROGRAMME, doc_type="KẾ HOẠCH")
    assert [d.id for d in n.information] == ["I", "II"]
    assert [(d.id, leads(d), dates(d)) for d, _ in n.iter_directives()] == [
        ("III", [], []), ("III.1", ["Sở Nội vụ"], ["2026-04-30"])]


def test_a_title_over_a_programme_leaves_with_it():
    # a heading that is no information heading itself, over entries that all are
    n = letter("II. NỘI DUNG CHƯƠNG TRÌNH NGÀY HỘI", "- Hội thi gói bánh chưng: chiều ngày 10/02/2026.",
               "- Các hoạt động vui chơi dân gian tại sân vận động xã.", *PROGRAMME[4:], doc_type="KẾ HOẠCH")
    assert [d.id for d in n.information] == ["II"]
    assert [d.id for d, _ in n.iter_directives()] == ["III", "III.1"]


# (entry, whether it is a programme entry): what the entry does decides, not where it sits
ENTRIES = [
    ("- Hội chợ hàng nông sản: Sở Công Thương chủ trì, hoàn thành công tác chuẩn bị.", False),  # a lead
    ("- Hội thi ẩm thực đường phố phải bảo đảm an toàn thực phẩm.", False),  # a modal
    ("- Tổ chức hội chợ hàng Việt tại trung tâm xã.", False),  # an action
    ("- Triển lãm ảnh nghệ thuật, hoàn thành lắp đặt trước ngày 25/3/2026.", False),  # a deadline
    ("- Đề nghị các trường học tham gia hội thi văn nghệ.", False),  # a request
    ("- Chương trình xây dựng nông thôn mới: rà soát các tiêu chí còn thiếu.", False),  # an action after the name
    ("- Triển lãm ảnh nghệ thuật từ ngày 20/3 đến ngày 25/3/2026 tại Nhà văn hóa.", True),  # its own time
    ("- Chương trình nghệ thuật đặc biệt: 20 giờ ngày 26/3/2026.", True),
    ("- 20 giờ ngày 21/3/2026: Đêm hội văn nghệ quần chúng tại sân vận động.", True),  # its time first
    ("- Từ ngày 22/3 đến ngày 24/3/2026 – Hội thao công nhân viên chức.", True),
    ("- Các hoạt động thể thao quần chúng tại các thôn.", True),
]


@pytest.mark.parametrize("entry,informs", ENTRIES)
def test_programme_entries(entry, informs):
    n = letter("II. NỘI DUNG TUẦN VĂN HÓA", entry, *PROGRAMME[4:], doc_type="KẾ HOẠCH")
    assert ("II" in [d.id for d in n.information]) is informs
    # in a meeting notice an event named as an item is what the meeting decided, in a letter what
    # it passes on: a unit; a programme is a plan's
    assert notice("1." + entry[1:], "2. Sở Y tế rà soát hồ sơ.").information == []
    assert letter("1." + entry[1:], "2. Sở Y tế rà soát hồ sơ.").information == []


# An event's time under its heading, on a label of its own: when it happens, not a deadline.
EVENT_TIMES = [
    (["1. Thời gian và địa điểm", "- Thời gian: từ ngày 12/5/2026 đến ngày 14/5/2026.",
      "- Địa điểm: Trung tâm Hội nghị tỉnh."], True),
    (["1. Thời gian, địa điểm", "- Thời gian: 07 giờ 30, sáng thứ Bảy, ngày 16/5/2026.",
      "- Địa điểm: sân vận động huyện."], True),
    (["1. Thời gian: từ ngày 04/6/2026 đến ngày 06/6/2026."], True),
    (["1. Thời gian: các đơn vị đăng ký trước ngày 20/5/2026."], False),  # work before the date
    (["1. Thời gian: từ nay đến ngày 30/6/2026."], False),  # "from now": a deadline
]


@pytest.mark.parametrize("lines,informs", EVENT_TIMES)
def test_an_events_time_is_no_deadline(lines, informs):
    n = letter(*lines, "2. Sở Nội vụ tổng hợp kết quả.")
    assert bool(n.information) is informs


def test_a_funding_section_that_addresses_bodies_is_a_unit():
    # where the money comes from informs; a sentence that opens with the bodies it directs assigns
    n = letter("I. NHIỆM VỤ", "1. Sở Y tế số hóa hồ sơ bệnh án trước ngày 30/9/2026.", "II. KINH PHÍ",
               "Kinh phí từ ngân sách tỉnh và nguồn xã hội hóa. Các sở, ngành được phân công",
               "nhiệm vụ xây dựng dự toán chi tiết, gửi Sở Tài chính thẩm định.", doc_type="KẾ HOẠCH")
    assert n.information == [] and [d.id for d in n.directives] == ["I", "II"]
    n = letter("I. NHIỆM VỤ", "1. Sở Y tế số hóa hồ sơ bệnh án trước ngày 30/9/2026.", "II. KINH PHÍ",
               "Kinh phí do ngân sách tỉnh bảo đảm theo phân cấp cho các cơ quan, đơn vị.", doc_type="KẾ HOẠCH")
    assert [d.id for d in n.information] == ["II"]


# A plan's targets (data/directive_cues.json "target_heads"): figures to reach are information,
# item by item, whatever date they name; an item that names a body to act stays a unit.
# (sections, ids of the information items, [(unit id, leads)])
TARGETS = [
    (["II. MỤC TIÊU", "1. Mục tiêu chung: nâng cao chất lượng phục vụ người dân và doanh nghiệp.",
      "2. Mục tiêu cụ thể", "- Đến hết năm 2026, 95% hồ sơ hành chính được tiếp nhận trực tuyến.",
      "- Phấn đấu tỷ lệ hài lòng của người dân đạt trên 90% trước ngày 31/12/2026."], ["II"], []),
    # a body counted by the figure is the target's measure, not its assignee
    (["II. CHỈ TIÊU", "- 100% Ủy ban nhân dân cấp xã sử dụng chữ ký số trong quý III/2026.",
      "- Tỷ lệ các trường học kết nối cơ sở dữ liệu ngành đạt ít nhất 85%."], ["II"], []),
    # mixed: the target leaves, the item that names a body to act stays under its heading
    (["II. CHỈ TIÊU CỤ THỂ", "1. Tỷ lệ trẻ em được tiêm đủ mũi đạt trên 98% trong năm 2026.",
      "2. Sở Y tế bảo đảm cung ứng đủ vắc xin cho các xã trước ngày 15/6/2026."],
     ["II.1"], [("II", []), ("II.2", ["Sở Y tế"])]),
    # a purpose word beside it makes a purpose heading: a deadline keeps it a unit
    (["I. MỤC TIÊU, YÊU CẦU", "- Hoàn thành số hóa hồ sơ lưu trữ trước ngày 30/9/2026."], [],
     [("I", []), ("I.1", [])]),
]


@pytest.mark.parametrize("sections,informs,units", TARGETS)
def test_a_plans_targets_are_information_unless_they_name_a_body_to_act(sections, informs, units):
    n = letter(*sections, "III. TỔ CHỨC THỰC HIỆN", "1. Sở Nội vụ tổng hợp kết quả thực hiện.", doc_type="KẾ HOẠCH")
    assert [d.id for d in n.information] == informs
    assert [(d.id, leads(d)) for d, _ in n.iter_directives()] == units + [("III", []), ("III.1", ["Sở Nội vụ"])]


def test_targets_in_a_meeting_notice_are_units():
    # a meeting that sets a target assigns it: what it concluded is a unit
    n = notice("1. Mục tiêu: 100% hồ sơ được giải quyết đúng hạn trong năm 2026.", "2. Sở Y tế rà soát hồ sơ.")
    assert n.information == [] and [d.id for d in n.directives] == ["1", "2"]


# A last paragraph that only says what to do if difficulties arise (data/frame_cues.json
# "closing_difficulties") closes the document: no unit of its own in a text without labels, no
# paragraph of the last item after labels. (paragraph, whether it closes)
DIFFICULTIES = [
    ("Trong quá trình thực hiện, nếu phát sinh vướng mắc, các đơn vị phản ánh về Văn phòng Sở "
     "để phối hợp giải quyết.", True),
    ("Nếu có khó khăn, đề nghị liên hệ Phòng Tổ chức cán bộ (số điện thoại 0236.3822.114) để "
     "được hỗ trợ./.", True),
    ("Trường hợp có vướng mắc, Ủy ban nhân dân các phường kịp thời báo cáo Sở Nội vụ để tổng hợp./.", True),
    # no condition: work of its own
    ("Trong quá trình triển khai, Sở Tài chính kiểm tra việc sử dụng kinh phí trước ngày 30/6/2026.", False),
]
TWO_TASKS = ["Sở Y tế chủ trì rà soát danh sách cơ sở khám bệnh, hoàn thành trước ngày 15/3/2026.",
             "Sở Tài chính bố trí kinh phí thực hiện trong dự toán năm 2026."]


@pytest.mark.parametrize("paragraph,closes", DIFFICULTIES)
def test_a_closing_offer_of_help_is_no_unit(paragraph, closes):
    n = letter(*TWO_TASKS, paragraph)
    assert len(n.directives) == (2 if closes else 3)
    assert (paragraph.split(",")[0] in n.directives[-1].text) is not closes
    n = letter(*("%d. %s" % (i, t) for i, t in enumerate(TWO_TASKS, 1)), paragraph)
    assert [d.id for d in n.directives] == ["1", "2"]
    assert (paragraph.split(",")[0] in n.directives[-1].text) is not closes
