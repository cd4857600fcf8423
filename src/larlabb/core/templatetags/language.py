"""The language of what people write, marked where the interface speaks another (WCAG 3.1.2).

Organisers and participants write in one language, ``settings.CONTENT_LANGUAGE`` (Swedish): lab
and workshop titles, invitations, programmes, missions, notes, comments. When a person reads the
interface in another language, the element that holds such text says which language it is in,
so that a screen reader pronounces it right::

    {% load language %}
    <h1{% content_lang %}>{{ lab.title }}</h1>
    <div class="description"{% content_lang %}>{{ lab.description|linebreaks }}</div>

The tag writes `` lang="sv"`` (with its leading space) in the English interface and nothing in
the Swedish one, where the page's own ``lang`` already says it.
"""

from django import template
from django.conf import settings
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from larlabb.core.language import foreign_content_language

register = template.Library()


@register.simple_tag
def content_lang() -> SafeString:
    """`` lang="sv"`` when the interface language is not the content's, else nothing."""
    language = foreign_content_language(translation.get_language() or settings.LANGUAGE_CODE)
    return format_html(' lang="{}"', language) if language else mark_safe("")
