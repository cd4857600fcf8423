from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers


def choose_language(request: HttpRequest) -> str:
    """Swedish unless the person chose otherwise: with the language switch (a cookie) or in
    their profile. The browser's Accept-Language is not used: Swedish is the default."""
    languages = dict(settings.LANGUAGES)
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if chosen in languages:
        return chosen
    user = getattr(request, "user", None)
    profile = getattr(user, "language", None) if user and user.is_authenticated else None
    if profile in languages:
        return profile
    return settings.LANGUAGE_CODE


class LanguageMiddleware:
    """Activates the chosen interface language for the request (in place of Django's
    LocaleMiddleware, so that it can read the user's profile)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = choose_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ["Cookie"])
        response.headers.setdefault("Content-Language", translation.get_language())
        return response
