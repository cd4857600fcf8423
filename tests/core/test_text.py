"""Every typed text loses its control characters (issue "Trust", finding 6), in every form."""

from django import forms
from django.utils import translation

from larlabb.core.text import clean_typed, has_control_characters


def test_control_characters_go_and_line_breaks_become_newlines():
    assert clean_typed("a\x00b\x01c\x1bd\x7fe\x85f") == "abcdef"
    assert clean_typed("rad ett\r\nrad två\rtre\x0bfyra\x0cfem\u2028sex") == (
        "rad ett\nrad två\ntre\nfyra\nfem\nsex"
    )
    assert clean_typed("flik\toch\nrad, å ä ö, ✓ 🙂") == "flik\toch\nrad, å ä ö, ✓ 🙂"
    assert has_control_characters("x\x01")
    assert not has_control_characters("x\ny")


class AnyForm(forms.Form):
    text = forms.CharField(max_length=20)
    secret = forms.CharField(widget=forms.PasswordInput)


def test_every_forms_text_field_cleans_what_was_typed_but_passwords():
    form = AnyForm({"text": "Norr\x00bott\x01en", "secret": "p\x01ss"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"text": "Norrbotten", "secret": "p\x01ss"}


def test_a_text_past_its_length_is_refused_with_a_message_in_swedish():
    with translation.override("sv"):
        form = AnyForm({"text": "x" * 21, "secret": "s"})
        assert not form.is_valid()
        assert "som mest 20 tecken (den har 21)" in form.errors["text"][0]
