"""Writes on actors: importing organisations and their network memberships, and the
organisations' email domains."""

import re

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from larlabb.accounts.models import User
from larlabb.actors.models import EmailDomain, Membership, Network, Organisation
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


DOMAIN = re.compile(r"^(?=.{3,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


def parse_domains(text: str) -> list[str]:
    """Domains written one per line (or separated by spaces or commas); an "@" in front is
    allowed. Raises :class:`ActorError` naming the first one that is not a domain."""
    domains: list[str] = []
    for word in re.split(r"[\s,;]+", text.strip().lower()):
        if not word:
            continue
        domain = word.lstrip("@")
        if not DOMAIN.match(domain):
            raise ActorError(_("%(domain)s is not an email domain.") % {"domain": word[:100]})
        if domain not in domains:
            domains.append(domain)
    return domains


@transaction.atomic
def do_set_email_domains(
    *, actor: User, organisation: Organisation, domains: list[str]
) -> list[str]:
    """Give an organisation exactly ``domains`` (organisers). A domain belongs to one
    organisation; people already placed stay where they are."""
    if not actor.is_organiser:
        raise ActorError(_("Only organisers can change email domains."))
    held = EmailDomain.objects.filter(domain__in=domains).exclude(organisation=organisation)
    for other in held.select_related("organisation"):
        raise ActorError(
            _("%(domain)s already belongs to %(organisation)s.")
            % {"domain": other.domain, "organisation": other.organisation.display_name}
        )
    EmailDomain.objects.filter(organisation=organisation).exclude(domain__in=domains).delete()
    for domain in domains:
        EmailDomain.objects.get_or_create(organisation=organisation, domain=domain)
    return domains
