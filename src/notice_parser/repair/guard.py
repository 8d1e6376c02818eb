"""What the repair stage refuses to touch, and what it owns up to.

* A text that is not Vietnamese (an English memo, an HTML page) has few syllable-shaped words:
  the decoder would "restore" it into Vietnamese nonsense. It passes through unrepaired, with a
  ``repair-not-vietnamese`` warning.
* A text the decoder rewrote heavily says so: a ``repair-rewrote`` warning gives the share of
  syllables changed and the mean score of the changes (channel cost plus, for dropped glyphs,
  the model's log-probability: nearer 0 is surer). Past ``PARTIAL_SHARE`` most of the words
  are the model's reconstruction, so the warning is an error and the document's status
  ``partial``: a person should look before acting on it.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..schema import Edit, Warning
from ..vietnamese import syllable_share

# Vietnamese text, however damaged, has ≥ 0.65 of its letter tokens syllable-shaped (dropped
# glyphs, the worst case, leave fragments); English prose and HTML about 0.2.
MIN_SYLLABLE_SHARE = 0.45
MIN_TOKENS = 20  # fewer tokens say too little about the language: repaired as usual
# Share of syllables the decoder changed from which the text is reported as rewritten, and from
# which the document is only ``partial`` (a text with its marks stripped changes ~70 %).
WARN_SHARE = 0.05
PARTIAL_SHARE = 0.5
# The steps whose edits are the model's guesses (legacy code pages and Unicode clean-up are exact).
GUESSED_STEPS = frozenset({"diacritics", "ocr", "glyphs", "ocr-marks"})


def language_warning(text: str) -> Warning | None:
    """A warning when ``text`` is not Vietnamese (then it must not be repaired), else None."""
    share, tokens = syllable_share(text)
    if tokens < MIN_TOKENS or share >= MIN_SYLLABLE_SHARE:
        return None
    return Warning(code="repair-not-vietnamese", stage="repair",
                   message=f"only {share:.0%} of {tokens} words have the shape of Vietnamese syllables: "
                           "the text does not look Vietnamese and was left unrepaired")


def rewrite_warning(edits: Sequence[Edit], total_tokens: int) -> Warning | None:
    """A warning with the share of syllables the decoder changed and their mean score."""
    guessed = [e for e in edits if e.step in GUESSED_STEPS]
    changed = sum(max(1, len(e.after.split())) for e in guessed)
    if not total_tokens or changed < WARN_SHARE * total_tokens:
        return None
    share = min(1.0, changed / total_tokens)
    scores = [e.score for e in guessed if e.score is not None]
    mean = sum(scores) / len(scores) if scores else 0.0
    heavy = share >= PARTIAL_SHARE
    return Warning(code="repair-rewrote", stage="repair", severity="error" if heavy else "warning",
                   message=f"repair changed {share:.0%} of the syllables ({changed} of {total_tokens}; "
                           f"mean score {mean:.2f})" + ("; most of the text is reconstructed, check it before use"
                                                        if heavy else ""))


__all__ = ["language_warning", "rewrite_warning", "MIN_SYLLABLE_SHARE", "PARTIAL_SHARE"]
