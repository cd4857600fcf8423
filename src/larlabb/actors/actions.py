"""Writes on actors: importing organisations and their network memberships."""

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from larlabb.accounts.models import User
from larlabb.actors.models import Membership, Network, Organisation
from larlabb.actors.tables import TableCheck, check_rows
from larlabb.core.errors import Refused


class ActorError(Refused):
    """A change to the actors that the rules refuse."""


def accepted_kinds() -> dict[str, str]:
    """Every spelling of a kind that an import accepts: the code and both languages' labels."""
    spellings: dict[str, str] = {}
    for code, label in Organisation.Kind.choices:
        spellings[code] = code
        for language in ["sv", "en"]:
            with translation.override(language):
                spellings[str(label).lower()] = code
    return spellings


def check_can_import(*, actor: User) -> None:
    if not actor.is_organiser:
        raise ActorError(_("Only organisers can import organisations."))


def check_import(rows: list[dict[str, str]]) -> TableCheck:
    """Check a file's rows, also against the database (a county code held by another
    organisation)."""
    networks = set(Network.objects.values_list("name", flat=True))
    checked = check_rows(rows, kinds=accepted_kinds(), networks=networks)
    codes = {r.county_code: r for r in checked.records if r.county_code}
    held = Organisation.objects.filter(county_code__in=codes).values_list("county_code", "name")
    for code, name in held:
        record = codes[code]
        if record.name != name:
            checked.errors.append(
                _("Line %(line)d: the county code %(code)s belongs to %(name)s.")
                % {"line": record.line, "code": code, "name": name}
            )
    if checked.errors:
        checked.records = []
    return checked


@transaction.atomic
def do_import_organisations(*, actor: User, rows: list[dict[str, str]]) -> TableCheck:
    """Create or update the organisations of a checked file and add their memberships.

    A file with any bad line imports nothing; the check lists each bad line.
    """
    check_can_import(actor=actor)
    checked = check_import(rows)
    if not checked.ok:
        return checked
    networks = {network.name: network for network in Network.objects.all()}
    for record in checked.records:
        organisation, _created = Organisation.objects.update_or_create(
            name=record.name,
            defaults={
                "name_en": record.name_en,
                "kind": record.kind,
                "county_code": record.county_code,
                "abbreviation": record.abbreviation,
                "website": record.website,
            },
        )
        for name in record.networks:
            Membership.objects.get_or_create(network=networks[name], organisation=organisation)
    return checked
