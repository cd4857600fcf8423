"""An arrow between two values or two goals ("5 → 0", "SDG 1 → SDG 2") as a screen reader
should read it: the glyph is hidden from assistive technology, which reads the word "till" /
"to" instead (in the class ``visually-hidden`` of ``larlabb.css``), so "5 → 0" is read "5 till
0", not "5 högerpil 0"::

    {% load arrows %}
    {{ before }} {% arrow %} {{ after }}
    {% arrow as arrow %}
    {% blocktranslate %}density {{ before }} {{ arrow }} {{ after }}{% endblocktranslate %}

The PDFs hide ``visually-hidden`` text (``labs/pdf/base.html``), so they show the bare glyph.
"""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import pgettext

register = template.Library()


@register.simple_tag
def arrow() -> SafeString:
    return format_html(
        '<span aria-hidden="true">→</span><span class="visually-hidden">{}</span>',
        pgettext("read aloud instead of an arrow between two values", "to"),
    )
