"""Swedish is the default and must be complete; English is the source language."""

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
