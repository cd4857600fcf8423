"""An arrow between two values is read as a word ("5 till 0"), not as "högerpil"."""

import pytest
from django.template import Context, Template
from django.utils import translation


@pytest.mark.parametrize(("language", "word"), [("sv", "till"), ("en", "to")])
def test_the_arrow_is_hidden_from_screen_readers_which_read_a_word_instead(language, word):
    template = Template(
        "{% load arrows %}{{ before }} {% arrow %} {{ after }} · {% arrow as arrow %}"
        "{{ before }} {{ arrow }} {{ after }}"
    )

    with translation.override(language):
        written = template.render(Context({"before": 5, "after": 0}))

    arrow = f'<span aria-hidden="true">→</span><span class="visually-hidden">{word}</span>'
    assert written == f"5 {arrow} 0 · 5 {arrow} 0"
