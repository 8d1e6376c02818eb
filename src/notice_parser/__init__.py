"""notice-parser: Vietnamese administrative notices → structured JSON.

    from notice_parser import parse_file, parse_text
    notice = parse_file("thong-bao.txt")
    for d, parent in notice.iter_directives(): ...
"""

__version__ = "0.1.0"

from .errors import (DependencyMissing, InputError, NoticeParserError, OutputError, ProcessingTimeout,  # noqa: E402
                     UnsupportedInput)

# The parser (models, gazetteers, pydantic) loads on first use, not on import: the command line
# imports this package to print --help, and a batch's coordinator never parses.
_LAZY = {
    "ParseOptions": "options", "parse_bytes": "pipeline", "parse_file": "pipeline", "parse_text": "pipeline",
    "Notice": "schema",
}


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "__version__", "parse_file", "parse_text", "parse_bytes", "Notice", "ParseOptions",
    "NoticeParserError", "InputError", "UnsupportedInput", "DependencyMissing", "ProcessingTimeout", "OutputError",
]
