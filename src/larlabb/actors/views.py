from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from larlabb.accounts.http import AuthenticatedRequest
from larlabb.actors import actions, queries
from larlabb.actors.forms import EmailDomainsForm, ImportForm
from larlabb.actors.models import Organisation
from larlabb.actors.tables import COLUMNS, TableError, read_table
from larlabb.core.views import spreadsheet_download, submit


def _require_organiser(request: AuthenticatedRequest) -> None:
    if not request.user.is_organiser:
        raise PermissionDenied


@login_required
def organisation_list(request: AuthenticatedRequest) -> HttpResponse:
    """Organisations with their networks, for organisers; filter by network, kind or name."""
    _require_organiser(request)
    network = request.GET.get("network", "")
    kind = request.GET.get("kind", "")
    q = request.GET.get("q", "").strip()[:100]
    organisations = queries.list_organisations(
        network=int(network) if network.isdigit() else None,
        kind=kind if kind in Organisation.Kind.values else "",
        q=q,
    )
    context = {
        "organisations": organisations,
        "networks": queries.list_networks(),
        "kinds": Organisation.Kind.choices,
        "selected": {"network": network, "kind": kind, "q": q},
    }
    return render(request, "actors/organisation_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def organisation_domains(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The email domains of an organisation: an address in one of them belongs to it."""
    _require_organiser(request)
    organisation = get_object_or_404(Organisation, pk=pk)
    current = "\n".join(organisation.email_domains.values_list("domain", flat=True))
    form = EmailDomainsForm(request.POST or None, initial={"domains": current})

    def save() -> list[str]:
        return actions.do_set_email_domains(
            actor=request.user,
            organisation=organisation,
            domains=actions.parse_domains(form.cleaned_data["domains"]),
        )

    if submit(request, form, save):
        messages.success(
            request,
            _("The email domains of %(organisation)s are saved.")
            % {"organisation": organisation.display_name},
        )
        return redirect("actors:organisation-list")
    context = {"organisation": organisation, "form": form}
    return render(request, "actors/organisation_domains.html", context)


@login_required
def organisation_export(request: AuthenticatedRequest, fmt: str) -> HttpResponse:
    _require_organiser(request)
    return spreadsheet_download(
        [COLUMNS, *queries.export_rows()], fmt=fmt, filename="organisationer"
    )


@login_required
@require_http_methods(["GET", "POST"])
def organisation_import(request: AuthenticatedRequest) -> HttpResponse:
    """Upload a CSV or XLSX file; a file with any bad line is rejected whole."""
    _require_organiser(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            rows = read_table(upload.name, upload.read())
        except TableError as error:
            errors = [str(error)]
        else:
            checked = actions.do_import_organisations(actor=request.user, rows=rows)
            if checked.ok:
                messages.success(
                    request,
                    ngettext(
                        "%(count)d organisation was imported.",
                        "%(count)d organisations were imported.",
                        len(checked.records),
                    )
                    % {"count": len(checked.records)},
                )
                return redirect("actors:organisation-list")
            errors = checked.errors
    return render(request, "actors/organisation_import.html", {"form": form, "errors": errors})
