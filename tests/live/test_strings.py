"""The live room's script texts come from the catalogue: each is Swedish in Swedish (a text
that ``makemessages`` cannot find stays English at run time, and no catalogue test sees it)."""

from django.utils import translation

from larlabb.live.strings import script_strings

SAME_IN_BOTH = {"sides.region", "scenario"}  # "Region", "Scenario"


def flattened(texts: dict, prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in texts.items():
        if isinstance(value, dict):
            flat |= flattened(value, f"{prefix}{key}.")
        else:
            flat[f"{prefix}{key}"] = str(value)
    return flat


def test_every_script_text_is_translated_into_swedish():
    with translation.override("sv"):
        swedish = flattened(script_strings())
    with translation.override("en"):
        english = flattened(script_strings())

    assert {key for key in swedish if swedish[key] == english[key]} == SAME_IN_BOTH
    assert swedish["votesOn.one"] == "%(count)s röst"
    assert swedish["dotsLeft.other"] == "%(left)s av %(count)s prickar kvar"
