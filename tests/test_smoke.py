import json
import subprocess
import sys

from notice_parser import Notice, parse_text


def test_parse_text_returns_notice_with_text():
    notice = parse_text("THÔNG BÁO\n\nKết luận của Chủ tịch UBND tỉnh\n")
    assert isinstance(notice, Notice)
    assert notice.text.startswith("THÔNG BÁO")


def test_cli_schema_prints_json_schema():
    out = subprocess.run([sys.executable, "-m", "notice_parser", "schema"], capture_output=True, text=True, check=True)
    schema = json.loads(out.stdout)
    assert "directives" in schema["properties"]
