"""Swedish is the default and must be complete; English is the source language."""

import os
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
