"""Exceptions of the library. Each carries a stable code, an exit code for the CLI and a
message that says what to do; the API raises them, never exits or prints."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """The exit codes of every command, in one place (OCRmyPDF keeps its ``ExitCode`` the same way).

    ``parse``: 0, or the failing error's code. ``batch``: 0, or 1 when any file failed.
    ``nightly``: 0, 1 when files failed, 2 bad arguments or no archive, 75 locked, 128 + signal.
    """

    OK = 0
    ERROR = 1  # parse: an error without a more precise code
    FILES_FAILED = 1  # batch / nightly: some files failed (each listed with its error); an alias of ERROR
    BAD_INPUT = 2  # also typer's code for bad arguments
    DEPENDENCY_MISSING = 3
    TIMEOUT = 4
    OUTPUT_ERROR = 5  # the output cannot be written (a folder or device in the way, disk full, read-only)
    STATE_REBUILT = 6  # nightly: the state database was corrupt, moved aside and rebuilt (every file re-parsed)
    LOCKED = 75  # EX_TEMPFAIL (sysexits.h): another run holds the lock, try again later
    SIGNAL_BASE = 128  # stopped by a signal: 128 + its number, as shells report it

    @classmethod
    def signalled(cls, signum: int) -> int:
        """130 for SIGINT, 143 for SIGTERM."""
        return int(cls.SIGNAL_BASE) + int(signum)


class NoticeParserError(Exception):
    code = "error"
    exit_code: ExitCode = ExitCode.ERROR

    def __init__(self, message: str, *, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} ({self.hint})" if self.hint else self.message


class InputError(NoticeParserError):
    """The input cannot be read as a notice (empty, unknown type, corrupt, encrypted...)."""

    code = "bad-input"
    exit_code = ExitCode.BAD_INPUT


class UnsupportedInput(InputError):
    code = "unsupported-type"


class DependencyMissing(NoticeParserError):
    """A system dependency (Tesseract, its Vietnamese data) is not installed."""

    code = "dependency-missing"
    exit_code = ExitCode.DEPENDENCY_MISSING


class ProcessingTimeout(NoticeParserError):
    code = "timeout"
    exit_code = ExitCode.TIMEOUT


class OutputError(NoticeParserError):
    """The output cannot be written where it was asked to go (a folder, a device, no space, read-only)."""

    code = "output-error"
    exit_code = ExitCode.OUTPUT_ERROR
