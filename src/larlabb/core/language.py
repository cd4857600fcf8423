"""The interface language of a request or a WebSocket, chosen in one place."""

from collections.abc import Mapping
from typing import Any

from django.conf import settings


def choose_language(cookies: Mapping[str, str], user: Any) -> str:
    """Swedish unless the person chose otherwise: with the language switch (a cookie) or in
    their profile. The browser's Accept-Language is not used: Swedish is the default."""
    languages = dict(settings.LANGUAGES)
    chosen = cookies.get(settings.LANGUAGE_COOKIE_NAME)
    if chosen in languages:
        return chosen
    profile = getattr(user, "language", None) if user and user.is_authenticated else None
    if profile in languages:
        return profile
    return settings.LANGUAGE_CODE


def foreign_content_language(interface: str) -> str:
    """The language people write in (``settings.CONTENT_LANGUAGE``) when it differs from the
    interface language ``interface``, else "": what an element holding their text must say in
    its ``lang`` (WCAG 3.1.2). The template tag ``content_lang`` writes the same."""
    content = settings.CONTENT_LANGUAGE
    primary = interface.replace("_", "-").split("-")[0].lower()
    return "" if primary == content.split("-")[0].lower() else content
