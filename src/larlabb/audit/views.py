"""The audit log for Lärlabb's staff: ``/granskning/``, filtered, paged and downloadable."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from larlabb.audit import exports, queries
from larlabb.audit.forms import LogFilterForm
from larlabb.audit.log import record_export
from larlabb.core.views import spreadsheet_download

PAGE_SIZE = 50


@never_cache  # people's names and addresses: kept by no browser or proxy
@login_required
def log(request: HttpRequest) -> HttpResponse:
    queries.check_may_read_log(request.user)
    form = LogFilterForm(request.GET or None)
    entries = queries.list_entries(form.chosen())
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "query": query.urlencode()}
    return render(request, "audit/log.html", context)


@never_cache
@login_required
def log_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The filtered entries as CSV or XLSX; the download itself goes on record."""
    queries.check_may_read_log(request.user)
    if fmt not in {"csv", "xlsx"}:
        raise Http404
    chosen = LogFilterForm(request.GET or None).chosen()
    rows = exports.entry_rows(queries.list_entries(chosen))
    record_export(actor=request.user, export="audit log", fmt=fmt, rows=len(rows) - 1)
    return spreadsheet_download(rows, fmt=fmt, filename="granskningslogg")
