from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from larlabb.core import spreadsheets


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Switch the interface language; a logged-in user's choice is kept in their profile."""
    response = django_set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        request.user.language = language
        request.user.save(update_fields=["language"])
    return response


def spreadsheet_download(rows: list[list[str]], *, fmt: str, filename: str) -> HttpResponse:
    """``rows`` as an attachment ``filename.fmt``, where fmt is "csv" or "xlsx"."""
    if fmt == "xlsx":
        content = spreadsheets.xlsx_bytes(rows, sheet_title=filename[:31])
        response = HttpResponse(content, content_type=spreadsheets.XLSX)
    else:
        response = HttpResponse(spreadsheets.csv_bytes(rows), content_type=spreadsheets.CSV)
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
