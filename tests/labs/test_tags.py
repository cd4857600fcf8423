from types import SimpleNamespace

from django.utils import translation

from larlabb.labs.templatetags.labs import cities


def workshop(city: str, format: str = "physical", cancelled: bool = False) -> SimpleNamespace:
    return SimpleNamespace(city=city, format=format, is_cancelled=cancelled)


def test_cities_are_joined_with_and_before_the_last():
    workshops = [
        workshop("Stockholm"),
        workshop("Göteborg", format="hybrid"),
        workshop("Umeå", format="digital"),
        workshop("Luleå", cancelled=True),
        workshop("Stockholm"),
        workshop("Malmö"),
    ]
    with translation.override("sv"):
        assert cities(workshops) == "Stockholm, Göteborg och Malmö"
        assert cities(workshops[:2]) == "Stockholm och Göteborg"
        assert cities(workshops[:1]) == "Stockholm"
        assert cities([]) == ""
    with translation.override("en"):
        assert cities(workshops) == "Stockholm, Göteborg and Malmö"
