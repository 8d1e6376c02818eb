"""The directive tree from the numbering actually used."""

from notice_parser import parse_text
from notice_parser.extract.directives import build_tree, parse_marker
from notice_parser.extract.layout import split_lines
from notice_parser.uncertainty import Uncertainty

import pytest

MARKERS = [
    ("1. Sở Y tế", "num", (1,)),
    ("2) Sở Y tế", "num", (2,)),
    ("6.1. Giao VNPT", "dnum2", (6, 1)),
    ("6.1 Giao VNPT", "dnum2", (6, 1)),
    ("a) Sở Y tế", "letter", (1,)),
    ("đ) Sở Y tế", "letter", (5,)),
    ("II. Nhiệm vụ", "roman", (2,)),
    ("(3) Rà soát", "paren", (3,)),
    ("- Rà soát", "dash", None),
    ("– Rà soát", "dash", None),
    ("+ Rà soát", "plus", None),
    ("• Rà soát", "dash", None),
    ("4, UBND thành phố Vinh", "num", (4,)),  # OCR read the full stop as a comma
]


@pytest.mark.parametrize("line,kind,value", MARKERS)
def test_markers(line, kind, value):
    mk = parse_marker(line)
    assert mk is not None and mk.kind == kind and mk.value == value


@pytest.mark.parametrize("line", ["13/12/2019. Tiếp", "2024. Năm", "01 biên chế", "Covid - 19", "1.", "-",
                                  "4, 5 và 6 tháng", "3, các sở"])
def test_not_markers(line):
    mk = parse_marker(line)
    assert mk is None or mk.kind not in ("num", "dash") or line in ("1.", "-")


def ids(nodes):
    out = []
    for n in nodes:
        out.append(n.id)
        out.extend(ids(n.children))
    return out


def test_nesting_and_sequence():
    text = "1. Về A:\n- việc một\n+ chi tiết\n- việc hai\n2. Về B\na) Sở X:\n- làm\nb) Sở Y làm\n5. là dòng nối\n3. Về C"
    tree = build_tree(split_lines(text))
    assert ids(tree) == ["1", "1.1", "1.1.1", "1.2", "2", "2.a", "2.a.1", "2.b", "3"]
    # "5." breaks the sequence: it is a wrapped line of 2.b
    assert tree[1].children[1].lines[-1].text == "5. là dòng nối"


def test_nested_numbers_under_their_parent():
    tree = build_tree(split_lines("6. Về thí điểm:\n6.1. Giao A\n6.2. Giao B\n7. Khác"))
    assert ids(tree) == ["6", "6.1", "6.2", "7"]


NOTICE = """THÔNG BÁO
Kết luận của Chủ tịch UBND tỉnh Nguyễn Văn An tại cuộc họp
Ngày 05/8/2024, tại Trụ sở UBND tỉnh, Chủ tịch UBND tỉnh Nguyễn Văn An chủ trì cuộc họp. Chủ tịch UBND tỉnh kết luận như sau:
1. Giao Sở Y tế chủ trì triển khai các dịch vụ:
- Khám chữa bệnh từ xa.
- Hồ sơ sức khỏe điện tử.
2. Sở Tài chính:
- Bố trí kinh phí trước ngày 30/9/2024.
- Phối hợp với Sở Nội vụ rà soát biên chế.
Văn phòng UBND tỉnh thông báo để các cơ quan biết, thực hiện./.
"""


def test_enumeration_bullets_belong_to_their_item_and_headings_pass_their_assignee():
    notice = parse_text(NOTICE)
    d1, d2 = notice.directives
    assert d1.children == [] and "Khám chữa bệnh từ xa" in d1.text
    assert [a.name for a in d1.agencies] == ["Sở Y tế"]
    assert [c.id for c in d2.children] == ["2.1", "2.2"]
    first, second = d2.children
    assert [(a.name, a.role, a.inherited) for a in first.agencies] == [("Sở Tài chính", "lead", True)]
    assert first.deadlines[0].date.isoformat() == "2024-09-30"
    assert {(a.name, a.role) for a in second.agencies} == {("Sở Tài chính", "lead"), ("Sở Nội vụ", "support")}


def test_spans_point_back_into_text():
    notice = parse_text(NOTICE)
    for d, _ in notice.iter_directives():
        assert notice.text[d.span.start:d.span.end].split()[1] == d.text.split()[0]
        for a in d.agencies:
            if not a.inherited:
                assert " ".join(notice.text[a.span.start:a.span.end].split()) == a.surface


def _doubting(text: str, *words: str) -> Uncertainty:
    """The spans of ``words`` in ``text``: what repair would hand over as uncertain."""
    return Uncertainty.of_spans([(text.index(w), text.index(w) + len(w)) for w in words], text)


# A damaged list letter ("ở)" for "b)", "~¢)" for "c)") continues an open lettered list only where
# repair left the marker in doubt; in clean text the line is what it says (a continuation line).
@pytest.mark.parametrize("text,doubted,expected", [
    ("2. Yêu cầu:\na) Sở X:\n- làm\nở) Thủ trưởng các Sở chủ động\n~¢) Văn phòng phối hợp\n3. Khác",
     ("ở)", "~¢)"), ["2", "2.a", "2.a.1", "2.b", "2.c", "3"]),
    ("2. Yêu cầu:\na) Sở X:\n- làm\nở) Thủ trưởng các Sở chủ động\n~¢) Văn phòng phối hợp\n3. Khác",
     (), ["2", "2.a", "2.a.1", "3"]),
    ("1. Nhiệm vụ:\na) Bộ Y tế rà soát\nẻ) Bộ Tài chính bố trí vốn", ("ẻ)",), ["1", "1.a", "1.b"]),
    ("1. Nhiệm vụ:\na) Bộ Y tế rà soát\nẻ) Bộ Tài chính bố trí vốn", (), ["1", "1.a"]),
    # doubt elsewhere on the line is not doubt about the marker
    ("1. Nhiệm vụ:\na) Bộ Y tế rà soát\nẻ) Bộ Tài chính bố trí vốn", ("vốn",), ["1", "1.a"]),
    # no lettered list open: never an item, doubted or not
    ("1. Sở X làm\nở) là dòng nối", ("ở)",), ["1"]),
    # a letter lost altogether (a font's dropped glyph): the list's next letter, or its first
    ("3. Về tiến độ:\n ) Sở Xây dựng đôn đốc nhà thầu\nb) Sở Tài chính cấp vốn", (" )",), ["3", "3.a", "3.b"]),
    ("2. Giao:\na) Công an tỉnh lập chốt\n ) Sở Y tế cử đội cơ động", (" )",), ["2", "2.a", "2.b"]),
    ("2. Giao:\na) Công an tỉnh lập chốt\n ) Sở Y tế cử đội cơ động", (), ["2", "2.a"]),
    ("Giao các sở thực hiện\n ) Sở Y tế cử đội cơ động", (" )",), ["1"]),  # under no item: a line of it
])
def test_a_damaged_letter_continues_its_list_only_where_uncertain(text, doubted, expected):
    assert ids(build_tree(split_lines(text), _doubting(text, *doubted))) == expected


def test_an_unnamed_group_inside_the_task_does_not_block_the_headings_assignee():
    text = ("THÔNG BÁO\nKết luận\nNgày 1/2/2024 họp. Kết luận như sau:\n1. Sở Thông tin và Truyền thông:\n"
            "- Tham mưu UBND tỉnh ban hành văn bản chỉ đạo các đơn vị, địa phương xây dựng Kế hoạch.\n"
            "2. Về thí điểm:\n- Các doanh nghiệp tham gia thí điểm có trách nhiệm kết nối.\n")
    n = parse_text(text)
    first = n.directives[0].children[0]
    assert [(a.name, a.inherited) for a in first.agencies] == [("Sở Thông tin và Truyền thông", True)]
    assert n.directives[1].children[0].agencies == []


ASSESSED = """THÔNG BÁO
Kết luận của Chủ tịch UBND tỉnh tại cuộc họp về giải ngân vốn đầu tư công
Ngày 05/8/2024, Chủ tịch UBND tỉnh Nguyễn Văn An chủ trì cuộc họp. Chủ tịch UBND tỉnh kết luận như sau:
I. ĐÁNH GIÁ CHUNG
Thời gian qua, công tác giải ngân đã có chuyển biến; tuy nhiên, tiến độ còn chậm.
II. NHIỆM VỤ THỜI GIAN TỚI
1. Sở Tài chính rà soát kế hoạch vốn trước ngày 30/9/2024.
III. TÌNH HÌNH CÁC DỰ ÁN
1. Giao Sở Xây dựng kiểm tra chất lượng công trình.
Văn phòng UBND tỉnh thông báo để các cơ quan biết, thực hiện./.
"""


def test_assessment_sections_are_findings_not_tasks():
    notice = parse_text(ASSESSED)
    assert [d.text.split()[0] for d in notice.findings] == ["ĐÁNH"]
    # a section named like an assessment that assigns work stays a directive
    assert [d.text.split()[0] for d in notice.directives] == ["NHIỆM", "TÌNH"]
    assert notice.directives[1].children[0].agencies[0].name == "Sở Xây dựng"
    assert notice.findings[0].span.start == notice.text.index("I. ĐÁNH GIÁ")


def test_a_number_read_with_a_comma_keeps_the_sequence():
    text = ("THÔNG BÁO\nKết luận\nNgày 1/2/2024, Chủ tịch UBND tỉnh chủ trì. Chủ tịch UBND tỉnh kết luận như sau:\n"
            "1. Sở Tài chính rà soát.\n2, Sở Nội vụ thẩm định.\n3. Sở Y tế báo cáo.\n"
            "Văn phòng UBND tỉnh thông báo để các cơ quan biết, thực hiện./.\n")
    notice = parse_text(text)
    assert [(d.id, d.agencies[0].name) for d in notice.directives] == [
        ("1", "Sở Tài chính"), ("2", "Sở Nội vụ"), ("3", "Sở Y tế")]


def test_bullets_that_name_their_assignee_are_tasks_not_an_enumeration():
    text = ("THÔNG BÁO\nKết luận\nNgày 3/5/2024, Chủ tịch UBND tỉnh Nguyễn Văn An chủ trì cuộc họp. "
            "Chủ tịch UBND tỉnh kết luận như sau:\n1. Giao các đơn vị thực hiện các nhiệm vụ sau:\n"
            "- Sở Tài chính: rà soát kinh phí, báo cáo trước ngày 20/5/2024.\n- Sở Nội vụ: thẩm định đề án.\n"
            "2. Sở Y tế hoàn thiện hồ sơ.\nVăn phòng UBND tỉnh thông báo để các cơ quan biết, thực hiện./.\n")
    first = parse_text(text).directives[0]
    assert [(c.id, [a.name for a in c.agencies]) for c in first.children] == [
        ("1.1", ["Sở Tài chính"]), ("1.2", ["Sở Nội vụ"])]
    assert first.children[0].deadlines[0].date.isoformat() == "2024-05-20"


def test_an_assessment_that_names_what_bodies_did_is_a_finding():
    text = ("THÔNG BÁO\nKết luận\nNgày 3/5/2024, Chủ tịch UBND tỉnh Nguyễn Văn An chủ trì cuộc họp. "
            "Chủ tịch UBND tỉnh kết luận như sau:\nI. ĐÁNH GIÁ CHUNG\nThời gian qua, Sở Kế hoạch và Đầu tư "
            "đã chủ động tham mưu; Sở Tài chính đã phối hợp tốt.\nII. NHIỆM VỤ\n1. Sở Tài chính rà soát kinh phí.\n"
            "Văn phòng UBND tỉnh thông báo để các cơ quan biết, thực hiện./.\n")
    notice = parse_text(text)
    assert [d.text.split()[0] for d in notice.findings] == ["ĐÁNH"]
    assert [(d.id, [a.name for a in d.agencies]) for d, _ in notice.iter_directives()] == [("II", []), ("II.1", ["Sở Tài chính"])]


MORE_MARKERS = [
    ("(i) Giao Sở Nội vụ", "proman", (1,)),
    ("(iv) Bộ Tài chính bố trí", "proman", (4,)),
    ("(ix) Rà soát", "proman", (9,)),
    ("Thứ nhất, các sở cần", "ordinal", (1,)),
    ("THỨ BA: tăng cường", "ordinal", (3,)),
    ("thứ mười. Khác", "ordinal", (10,)),
    # counted ordinals ("Một là, …", "Hai là, …"): the same labels in other words
    ("Một là, tập trung chỉ đạo", "ordinal", (1,)),
    ("BỐN LÀ: đẩy mạnh", "ordinal", (4,)),
    ("mười là, khác", "ordinal", (10,)),
]


@pytest.mark.parametrize("line,kind,value", MORE_MARKERS)
def test_more_markers(line, kind, value):
    mk = parse_marker(line)
    assert mk is not None and (mk.kind, mk.value) == (kind, value)


@pytest.mark.parametrize("line", ["Thứ trưởng Bộ Y tế", "Thứ tự ưu tiên", "(iiii) x", "(vx) x",
                                  "Một là cơ quan chủ trì", "Hai làng nghề truyền thống", "Năm là năm bản lề,"])
def test_not_ordinal_or_roman(line):
    mk = parse_marker(line)
    assert mk is None or mk.kind not in ("ordinal", "proman")


TREES = [
    # roman numerals in parentheses under a letter
    ("a) Đề nghị:\n(i) Sở A làm X.\n(ii) Sở B làm Y.\n(iii) Sở C làm Z.\nb) Khác.",
     ["a", "a.i", "a.ii", "a.iii", "b"]),
    # "(i)" right after "(h)" is the next letter
    ("1. Việc:\n" + "".join(f"({c}) mục {c}.\n" for c in "abcdđefghi") + "2. Khác.",
     ["1", *(f"1.{n}" for n in range(1, 11)), "2"]),
    # ordinal words as labels, unlabelled paragraphs stay with their item
    ("II. YÊU CẦU\nThứ nhất, các sở chủ động.\nĐoạn tiếp theo.\nThứ hai, các huyện rà soát.\nIII. KHÁC\n1. Việc.",
     ["II", "II.Thứ nhất", "II.Thứ hai", "III", "III.1"]),
    ("I. NHIỆM VỤ\nMột là, các sở chủ động.\nĐoạn tiếp theo.\nHai là, các xã rà soát.\nII. KHÁC\n1. Việc.",
     ["I", "I.Một là", "I.Hai là", "II", "II.1"]),
    # "Thứ Hai," opening nothing is a weekday, not a second item
    ("1. Họp giao ban\nThứ Hai, ngày 10/11/2025 tại trụ sở.\n2. Khác.", ["1", "2"]),
    # a label alone on its line
    ("1. Về A:\na)\nSở X rà soát.\nb)\nSở Y báo cáo.\n2. Về B.", ["1", "1.a", "1.b", "2"]),
    # one number missing: an item after a closed sentence, opening with a capital
    ("1. Sở A làm X.\n2. Sở B làm Y.\n4. Sở C làm Z.\n5. Sở D làm T.", ["1", "2", "4", "5"]),
    # two missing, or no sentence closed: a wrapped line
    ("1. Sở A làm X.\n2. Sở B làm Y với\n4. Sở C.\n6. Sở D làm T.", ["1", "2"]),
]


@pytest.mark.parametrize("text,expected", TREES)
def test_tree_rules(text, expected):
    assert ids(build_tree(split_lines(text))) == expected


def test_last_item_ending_the_notice_is_an_item():
    text = NOTICE.replace(
        "Văn phòng UBND tỉnh thông báo để các cơ quan biết, thực hiện./.\n",
        "3. Giao Văn phòng UBND tỉnh theo dõi, đôn đốc các cơ quan\nthực hiện các nội dung trên./.\n")
    notice = parse_text(text)
    assert [d.id for d in notice.directives] == ["1", "2", "3"]
    assert notice.directives[2].text.startswith("Giao Văn phòng UBND tỉnh theo dõi")


def test_directive_cues_integrity():
    import unicodedata

    from notice_parser.extract.directives import load_cues
    from notice_parser.extract.layout import fold

    cues = load_cues()
    for name in ("ordinals", "finding_heads", "heading_topics", "assign_words", "spell_out", "purpose_heads",
                 "target_heads", "target_measures", "funding_heads", "context_heads", "detail_heads", "request_cues", "closing_refers", "attribute_lead",
                 "attribute_support", "attribute_time", "attribute_other", "lead_in_words", "event_heads",
                 "venue_heads", "event_time_words", "programme_heads", "directive_modals"):
        words = getattr(cues, name)
        assert words, name
        assert len(words) == len(set(w.lower() for w in words)), f"{name} lists a word twice"
        for w in words:
            assert w == unicodedata.normalize("NFC", w) and w == " ".join(w.split()), (name, w)
    # heads are compared as written on fold(text).lower() (and on base letters where the text is
    # uncertain): each must be in that form
    assert all(fold(w) == w == w.lower() for w in cues.finding_heads)
    assert all(fold(w) == w == w.lower()
               for w in cues.purpose_heads + cues.target_heads + cues.funding_heads + cues.context_heads
               + cues.detail_heads)
    assert all(w == w.lower() for w in cues.target_measures)
    # one kind per information heading: the kind decides which checks an item gets
    heads = [cues.purpose_heads, cues.target_heads, cues.funding_heads, cues.context_heads, cues.detail_heads]
    # an event's labels are detail headings; programme and time words are read lowercase (folded
    # where they are compared: data keeps the common spelling)
    assert set(cues.venue_heads) <= set(cues.event_heads) <= set(cues.detail_heads)
    assert all(w == w.lower() for w in cues.programme_heads + cues.event_time_words + cues.lead_in_words)
    assert sum(map(len, heads)) == len({w for ws in heads for w in ws})
    assert cues.ordinals[:3] == ["nhất", "hai", "ba"]
    # a plan's attribute labels: lowercase, and each label of one kind (the kind gives the role)
    labels = [cues.attribute_lead, cues.attribute_support, cues.attribute_time, cues.attribute_other]
    assert all(w == w.lower() for ws in labels for w in ws)
    assert sum(map(len, labels)) == len({w for ws in labels for w in ws})


# A hard wrap on the blanks around a hyphen leaves the second half of a compound on a line that
# opens with "- ": it carries on the previous line (a full line of running text that ends with a
# letter or digit) when the words on both sides make a compound; otherwise it is a bullet.
WRAPPED_DASHES = [
    # the rest of a hyphenated name the gazetteer holds
    ("1. Giao Sở Nội vụ chủ trì, phối hợp với Sở Tài chính, Phòng Lao động\n"
     "- Thương binh và Xã hội các huyện rà soát số người làm việc theo đề án,\n"
     "tổng hợp kết quả và báo cáo Ủy ban nhân dân tỉnh trước ngày 15/01/2026.\n"
     "2. Các đơn vị còn lại chủ động thực hiện theo chức năng, nhiệm vụ được giao.",
     ["1", "2"]),
    # a running-text compound: the second half is lower case
    ("1. Các sở, ngành tập trung triển khai chương trình phát triển kinh tế\n"
     "- xã hội vùng đồng bào dân tộc thiểu số, bảo đảm đúng tiến độ đã đề ra;\n"
     "định kỳ hằng quý báo cáo kết quả về Ủy ban nhân dân tỉnh để theo dõi.\n"
     "2. Văn phòng Ủy ban nhân dân tỉnh theo dõi, đôn đốc việc thực hiện.",
     ["1", "2"]),
    # a range of years
    ("1. Sở Kế hoạch và Đầu tư tham mưu kế hoạch đầu tư công trung hạn 2026\n"
     "- 2030 của tỉnh, lấy ý kiến các sở, ngành và trình cấp có thẩm quyền\n"
     "xem xét, quyết định trong tháng 12 năm 2025 theo đúng quy định hiện hành.\n"
     "2. Các huyện rà soát danh mục dự án khởi công mới trong kỳ kế hoạch.",
     ["1", "2"]),
    # the last name of an enumeration still open at the end of the line
    ("1. Đề nghị Ủy ban nhân dân các tỉnh: Đồng Nai, Bình Phước, Bà Rịa\n"
     "- Vũng Tàu chỉ đạo các lực lượng chức năng kiểm tra nguồn gốc gỗ, xử\n"
     "lý nghiêm các vi phạm và báo cáo kết quả trước ngày 31 tháng 3 năm 2026.\n"
     "2. Bộ Công an phối hợp với các địa phương điều tra các đường dây buôn bán.",
     ["1", "2"]),
    # real bullets: after a short heading with no colon ...
    ("1. Mục đích\n"
     "- Nâng cao chất lượng phục vụ người dân, doanh nghiệp tại bộ phận một cửa\n"
     "các cấp, rút ngắn thời gian giải quyết thủ tục hành chính trên môi trường\n"
     "- Bảo đảm sự phối hợp chặt chẽ giữa các cơ quan trong quá trình thực hiện.",
     ["1", "1.1", "1.2"]),
    # ... after a full line that closed its sentence ...
    ("1. Sở Y tế chủ trì, phối hợp với các đơn vị thực hiện các nhiệm vụ sau:\n"
     "- Kiểm tra công tác phòng, chống dịch bệnh tại các cơ sở khám chữa bệnh;\n"
     "- Bảo đảm đủ thuốc, vật tư y tế phục vụ người dân trong dịp nghỉ Tết.\n"
     "2. Các huyện chủ động bố trí kinh phí cho công tác phòng chống dịch bệnh.",
     ["1", "1.1", "1.2", "2"]),
    # ... after a lead-in that lost its colon (no compound across the dash) ...
    ("1. Ủy ban nhân dân các huyện chủ trì, phối hợp thực hiện các nội dung sau\n"
     "- Rà soát hiện trạng sử dụng đất của các dự án chậm triển khai trên địa bàn;\n"
     "- Đề xuất phương án xử lý đối với từng dự án, báo cáo trong tháng 01/2026.\n"
     "2. Sở Tài chính bố trí kinh phí đo đạc, lập hồ sơ địa chính cho các xã.",
     ["1", "1.1", "1.2", "2"]),
    # ... and after an all-caps heading, however long
    ("I. NHIỆM VỤ TRỌNG TÂM CỦA CÁC SỞ, BAN, NGÀNH VÀ ĐỊA PHƯƠNG TRONG NĂM TỚI\n"
     "- Tập trung cao độ cho công tác giải ngân vốn đầu tư công được giao năm 2026;\n"
     "- Đẩy mạnh cải cách hành chính, nâng cao chỉ số năng lực cạnh tranh cấp tỉnh.\n"
     "II. TỔ CHỨC THỰC HIỆN\n"
     "1. Văn phòng Ủy ban nhân dân tỉnh theo dõi, đôn đốc và tổng hợp báo cáo.",
     ["I", "I.1", "I.2", "II", "II.1"]),
]


@pytest.mark.parametrize("text,expected", WRAPPED_DASHES)
def test_dash_that_wraps_a_compound(text, expected):
    assert ids(build_tree(split_lines(text))) == expected


def _meeting_notice(held: str, issued: str, *items: str):
    return parse_text(f"ỦY BAN NHÂN DÂN\nHUYỆN ĐÔNG ANH\nSố: 21/TB-UBND\nĐông Anh, ngày {issued}\nTHÔNG BÁO\n"
                      "Kết luận của Chủ tịch UBND huyện tại cuộc họp giao ban\n"
                      f"Ngày {held}, Chủ tịch UBND huyện Nguyễn Văn Bình chủ trì cuộc họp giao ban. "
                      "Chủ tịch UBND huyện kết luận như sau:\n" + "\n".join(items) +
                      "\nVăn phòng HĐND và UBND huyện thông báo để các cơ quan biết, thực hiện./.\n")


# A date with its year stated before the meeting reports what the meeting assessed, not a deadline;
# with no meeting dated, a month before the document still may be one (the header post-dates it).
PAST = [
    ("08/01/2026", "12 tháng 01 năm 2026", "1. Đánh giá chung: trong tháng 12 năm 2025, các xã đã thu ngân sách vượt dự toán.", []),
    ("08/01/2026", "12 tháng 01 năm 2026", "1. Phòng Tài chính - Kế hoạch quyết toán vốn trước ngày 31/01/2026.", ["2026-01-31"]),
    ("22/12/2025", "12 tháng 01 năm 2026", "1. Phòng Tài chính - Kế hoạch quyết toán vốn trước ngày 31/12/2025.", ["2025-12-31"]),
]


@pytest.mark.parametrize("held,issued,item,expected", PAST)
def test_a_date_before_the_meeting_is_no_deadline(held, issued, item, expected):
    n = _meeting_notice(held, issued, item, "2. Phòng Nội vụ tổng hợp kết quả.")
    (first,) = [d for d in n.directives + n.findings if d.id == "1"]
    assert [d.date.isoformat() for d in first.deadlines if d.date] == expected
