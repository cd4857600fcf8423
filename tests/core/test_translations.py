"""Swedish is the default and must be complete; English is the source language."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

LOCALE = Path(__file__).resolve().parents[2] / "src" / "larlabb" / "locale"


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_catalogue_has_no_fuzzy_entries(language):
    catalogue = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    assert [entry.msgid for entry in catalogue.fuzzy_entries()] == []


def test_every_swedish_string_is_translated():
    catalogue = polib.pofile(str(LOCALE / "sv" / "LC_MESSAGES" / "django.po"))
    assert [entry.msgid for entry in catalogue.untranslated_entries()] == []


def test_swedish_translations_keep_their_placeholders():
    catalogue = polib.pofile(str(LOCALE / "sv" / "LC_MESSAGES" / "django.po"))
    for entry in catalogue.translated_entries():
        for placeholder in ["%(", "%s", "%d"]:
            assert entry.msgid.count(placeholder) == (
                entry.msgstr or entry.msgstr_plural.get(0, "")
            ).count(placeholder), entry.msgid


def test_every_string_in_the_code_is_translated_into_swedish(tmp_path):
    """The catalogue as ``makemessages`` would make it from the code now (in a copy) has a
    Swedish translation for every string: a new or changed string without one fails here."""
    source = LOCALE.parent
    copy = tmp_path / "larlabb"
    shutil.copytree(source, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    environment = {
        **os.environ,
        "DEBUG": "1",
        "LARLABB_DATA_DIR": str(tmp_path / "var"),
        "DJANGO_SETTINGS_MODULE": "larlabb.settings",
        "PYTHONPATH": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "-l", "sv", "--ignore=static/*", "-v0"],
        cwd=copy,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    catalogue = polib.pofile(str(copy / "locale" / "sv" / "LC_MESSAGES" / "django.po"))

    missing = [entry.msgid for entry in catalogue.untranslated_entries()]
    guessed = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert (missing, guessed) == ([], [])


# --- Counts ---------------------------------------------------------------------------------

# A placeholder with one of these names is a count: its message has a plural form. A number
# that is not a count has a name of its own: an ordinal (``number``: "Workshop 2", "Row 3 of
# 8"), a year, a line, a limit shown as a label ("Present: 3 of 12").
COUNT_NAMES = {"count", "counter", "n", "total"}
# Words ending in s that may follow a placeholder without being a counted noun.
NOT_NOUNS = {"is", "was", "has", "does", "belongs", "influences", "awaits", "works"}
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")
# "%(x)s notes" (a number right before a plural noun), except where it ends a range:
# "1–%(limit)s people", "between %(min)d and %(max)d goals".
NUMBER_BEFORE_A_NOUN = re.compile(r"(?<!–)(?<!and )(?<!to )%\((\w+)\)[sd] ([a-z]+s)\b")


def counts_without_a_plural_form(catalogue: polib.POFile) -> list[str]:
    """The messages that put a count into a sentence without a plural form: a placeholder
    named as a count (COUNT_NAMES), or one right before a plural noun ("%(x)s votes")."""
    found = []
    for entry in catalogue:
        if entry.obsolete or entry.msgid_plural:
            continue
        names = set(PLACEHOLDER.findall(entry.msgid))
        nouns = [
            word
            for _name, word in NUMBER_BEFORE_A_NOUN.findall(entry.msgid)
            if word not in NOT_NOUNS
        ]
        if names & COUNT_NAMES or nouns:
            found.append(entry.msgid)
    return found


def test_every_count_has_a_plural_form():
    catalogue = polib.pofile(str(LOCALE / "sv" / "LC_MESSAGES" / "django.po"))
    assert counts_without_a_plural_form(catalogue) == []


@pytest.mark.parametrize(
    ("msgid", "plural", "caught"),
    [
        ("%(n)s votes", "", True),
        ("%(count)d organisations were imported.", "", True),
        ("Row %(number)s of %(rows)s:", "", False),
        ("The %(limit)s places of %(organisation)s are taken.", "", True),
        ("%(name)s was registered.", "", False),
        ("Workshop %(number)d", "", False),
        ("Each organisation may send 1–%(limit)s people.", "", False),
        ("%(count)s vote", "%(count)s votes", False),
    ],
)
def test_the_count_check_catches_a_count_without_a_plural_form(msgid, plural, caught):
    catalogue = polib.POFile()
    catalogue.append(polib.POEntry(msgid=msgid, msgid_plural=plural, msgstr="x"))

    assert counts_without_a_plural_form(catalogue) == ([msgid] if caught else [])
