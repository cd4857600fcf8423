"""Numbers are written one way per language: a decimal comma in Swedish, a decimal point in
English, a true minus sign (U+2212) in both, "+" before a positive score or change."""

import decimal

import numpy as np
import pytest
from django.template import Context, Template
from django.utils import translation

from larlabb.core.numbers import format_number, format_signed

SWEDISH_NUMBERS = [
    # value, places, fixed, written
    (7.5, 1, False, "7,5"),
    (8.0, 1, False, "8"),
    (8, 2, False, "8"),
    (-4, 1, False, "−4"),
    (-0.04, 1, False, "0"),
    (2.25, 1, False, "2,3"),  # halves away from zero, not to even
    (-2.25, 1, False, "−2,3"),
    (12.5, 2, False, "12,5"),
    (1234.5, 1, False, "1234,5"),
    (0.3, 2, True, "0,30"),
    (3, 1, True, "3,0"),
    (-0.25, 2, True, "−0,25"),
    (decimal.Decimal("7.50"), 2, False, "7,5"),
    (np.float64(2.5), 1, False, "2,5"),
    (np.int64(3), 1, False, "3"),
    (None, 1, False, "–"),
    (float("nan"), 1, False, "–"),
]

SWEDISH_SIGNED = [
    (0.5, "+0,5"),
    (1.5, "+1,5"),
    (3, "+3"),
    (0, "0"),
    (-0.04, "0"),
    (-2, "−2"),
    (-2.5, "−2,5"),
    (np.float64(-1.25), "−1,3"),
    (None, "–"),
]


@pytest.mark.parametrize(("value", "places", "fixed", "written"), SWEDISH_NUMBERS)
def test_a_number_in_swedish(value, places, fixed, written):
    with translation.override("sv"):
        assert format_number(value, places, fixed=fixed) == written


@pytest.mark.parametrize(("value", "places", "fixed", "written"), SWEDISH_NUMBERS)
def test_a_number_in_english_has_a_decimal_point_and_the_same_minus_sign(
    value, places, fixed, written
):
    with translation.override("en"):
        assert format_number(value, places, fixed=fixed) == written.replace(",", ".")


@pytest.mark.parametrize(("value", "written"), SWEDISH_SIGNED)
def test_a_signed_number_in_swedish(value, written):
    with translation.override("sv"):
        assert format_signed(value) == written


@pytest.mark.parametrize(("value", "written"), SWEDISH_SIGNED)
def test_a_signed_number_in_english(value, written):
    with translation.override("en"):
        assert format_signed(value) == written.replace(",", ".")


def test_no_number_has_a_hyphen_for_its_minus_sign():
    for language in ("sv", "en"):
        with translation.override(language):
            for value in (-0.5, -1, -1234.56, np.float64(-3.0)):
                assert "-" not in format_number(value, 2) + format_signed(value)
                assert format_number(value).startswith("\u2212")


@pytest.mark.parametrize(
    ("language", "written"),
    [("sv", "7,5 · 0,30 · +0,5 · −2 · 2,25"), ("en", "7.5 · 0.30 · +0.5 · −2 · 2.25")],
)
def test_the_template_filters(language, written):
    template = Template(
        "{% load numbers %}{{ a|number }} · {{ b|decimals:2 }} · {{ c|signed }} · {{ d|signed }}"
        " · {{ e|number:2 }}"
    )
    context = Context({"a": 7.5, "b": 0.3, "c": 0.5, "d": -2.0, "e": 2.25})

    with translation.override(language):
        assert template.render(context) == written
