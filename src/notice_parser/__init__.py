"""notice-parser: Vietnamese administrative notices → structured JSON.

    from notice_parser import parse_file, parse_text
    notice = parse_file("thong-bao.txt")
    for d, parent in notice.iter_directives(): ...
"""

__version__ = "0.1.0"

from .errors import DependencyMissing, InputError, NoticeParserError, ProcessingTimeout, UnsupportedInput  # noqa: E402
from .options import ParseOptions  # noqa: E402
from .pipeline import parse_bytes, parse_file, parse_text  # noqa: E402
from .schema import Notice  # noqa: E402

__all__ = [
    "__version__", "parse_file", "parse_text", "parse_bytes", "Notice", "ParseOptions",
    "NoticeParserError", "InputError", "UnsupportedInput", "DependencyMissing", "ProcessingTimeout",
]
