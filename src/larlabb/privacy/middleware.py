"""``Cache-Control: no-store`` on every page and export that shows personal data, so that
neither a shared computer's browser nor a proxy keeps a copy.

The views are named here rather than decorated one by one in their apps: this one list says
which pages hold personal data (a test checks that every name still names a view). The privacy
app's own pages with personal data are marked with ``never_cache`` where they are written.
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers

# URL names of pages and exports with personal data of others or of the person asking.
PERSONAL_DATA_VIEWS = frozenset(
    {
        # registrations: lists of people, their answers and dietary needs
        "registrations:register",
        "registrations:register-colleague",
        "registrations:cancel",
        "registrations:participants",
        "registrations:overview",
        "registrations:overview-export",
        "registrations:add-by-hand",
        "registrations:day-list",
        "registrations:day-list-pdf",
        "registrations:check-in",
        # accounts: one's profile, the organisers' list of people
        "accounts:welcome",
        "accounts:profile",
        "accounts:person-list",
        "accounts:person-create",
        "accounts:person-edit",
        # live rooms: the facilitators' view of who is in the room, exports with authors
        "live:people",
        "live:control",
        "live:state",
        "live:export",
        # synergy maps: individual scores
        "synergies:individual",
        "synergies:export",
        # learning: submissions, reflections, survey answers, contact persons
        "outcomes:assignment",
        "outcomes:submission-file",
        "outcomes:reflection",
        "outcomes:survey",
        "outcomes:collaborations",
        "outcomes:collaboration",
    }
)
# Whole namespaces of such pages (the audit log).
PERSONAL_DATA_NAMESPACES = frozenset({"audit"})


def holds_personal_data(request: HttpRequest) -> bool:
    match = getattr(request, "resolver_match", None)
    if match is None:
        return False
    return match.view_name in PERSONAL_DATA_VIEWS or bool(
        set(match.namespaces) & PERSONAL_DATA_NAMESPACES
    )


class NoStoreMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if holds_personal_data(request):
            add_never_cache_headers(response)
        return response
