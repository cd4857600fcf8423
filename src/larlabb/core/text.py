"""What a person types, made safe to keep: the one cleaning every typed text passes through.

Control characters other than tab and line break cannot be written to an XLSX file, a NUL
cannot be stored in PostgreSQL, and none of them mean anything on a page; they come in by
accident (text pasted from a word processor, which writes a line break inside a paragraph as
a vertical tab) or on purpose. They are removed, not refused: line breaks of every kind become
"\\n" and the rest goes. Every form's text field cleans with it (``CoreConfig.ready`` makes it
part of Django's ``CharField``), and so do the live room's operations, which come as JSON.
"""

import re

# C0 controls but tab and line feed, DEL, the C1 controls, and lone surrogates (a JSON body may
# escape one, "\ud800"; no database or file can store it).
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
# Carriage returns (alone or before a line feed), vertical tabs, form feeds, and Unicode's line
# and paragraph separators: all line breaks.
_BREAK = re.compile(r"\r\n?|[\x0b\x0c\u2028\u2029]")


def clean_typed(text: str) -> str:
    """``text`` without control characters, its line breaks written as "\\n"."""
    if not text:
        return text
    return _CONTROL.sub("", _BREAK.sub("\n", text))


def has_control_characters(text: str) -> bool:
    """Whether ``text`` holds something :func:`clean_typed` would take out or change."""
    return bool(text) and clean_typed(text) != text
