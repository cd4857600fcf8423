"""Reads of actors."""

from django.db.models import Count, QuerySet

from larlabb.actors.models import Network, Organisation


def list_organisations(*, network: int | None = None, kind: str = "", q: str = "") -> QuerySet:
    organisations = Organisation.objects.prefetch_related("networks", "email_domains").annotate(
        people_count=Count("people", distinct=True)
    )
    if network:
        organisations = organisations.filter(networks__pk=network)
    if kind:
        organisations = organisations.filter(kind=kind)
    if q:
        organisations = organisations.filter(name__icontains=q) | organisations.filter(
            abbreviation__icontains=q
        )
    return organisations.order_by("name")


def list_networks() -> QuerySet[Network]:
    return Network.objects.select_related("owner").annotate(member_count=Count("memberships"))


def export_rows() -> list[list[str]]:
    """Every organisation as a row of the import/export columns."""
    organisations = Organisation.objects.prefetch_related("networks", "email_domains").order_by(
        "name"
    )
    return [
        [
            org.name,
            org.name_en,
            org.kind,
            org.county_code,
            org.abbreviation,
            org.website,
            ";".join(sorted(network.name for network in org.networks.all())),
        ]
        for org in organisations
    ]
