"""Exceptions of the library. Each carries a stable code, an exit code for the CLI and a
message that says what to do; the API raises them, never exits or prints."""

from __future__ import annotations


class NoticeParserError(Exception):
    code = "error"
    exit_code = 1

    def __init__(self, message: str, *, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} ({self.hint})" if self.hint else self.message


class InputError(NoticeParserError):
    """The input cannot be read as a notice (empty, unknown type, corrupt, encrypted...)."""

    code = "bad-input"
    exit_code = 2


class UnsupportedInput(InputError):
    code = "unsupported-type"


class DependencyMissing(NoticeParserError):
    """A system dependency (Tesseract, its Vietnamese data) is not installed."""

    code = "dependency-missing"
    exit_code = 3


class ProcessingTimeout(NoticeParserError):
    code = "timeout"
    exit_code = 4
