"""Writes on actors: importing organisations and their network memberships, and the
organisations' email domains."""

import re

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from larlabb.accounts.models import User
from larlabb.actors.models import EmailDomain, Membership, Network, Organisation
from larlabb.actors.tables import TableCheck, check_rows
from larlabb.audit import log as audit
from larlabb.audit.models import Entry
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


# Domains of mail services anyone can sign up for: an address there says nothing about where
# its holder works.
PUBLIC_MAIL = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "hotmail.com",
        "hotmail.se",
        "outlook.com",
        "outlook.se",
        "live.com",
        "live.se",
        "msn.com",
        "yahoo.com",
        "yahoo.se",
        "icloud.com",
        "me.com",
        "mac.com",
        "aol.com",
        "proton.me",
        "protonmail.com",
        "gmx.com",
        "gmx.net",
        "mail.com",
        "telia.com",
        "spray.se",
        "bredband.net",
        "tele2.se",
        "comhem.se",
        "bahnhof.se",
        "yandex.com",
        "zoho.com",
        "fastmail.com",
        "tutanota.com",
        "hey.com",
    }
)


@transaction.atomic
def do_set_email_domains(
    *, actor: User, organisation: Organisation, domains: list[str]
) -> list[str]:
    """Give an organisation exactly ``domains``. Organisers add domains; taking one away (which
    changes who belongs where) is for Lärlabb's staff. A domain belongs to one organisation, a
    public mail service's to none. The change is in the audit log."""
    if not actor.is_organiser:
        raise ActorError(_("Only organisers can change email domains."))
    for domain in domains:
        if domain in PUBLIC_MAIL:
            raise ActorError(
                _("%(domain)s is a mail service anyone can use, not an organisation's domain.")
                % {"domain": domain}
            )
    held = EmailDomain.objects.filter(domain__in=domains).exclude(organisation=organisation)
    for other in held.select_related("organisation"):
        raise ActorError(
            _("%(domain)s already belongs to %(organisation)s.")
            % {"domain": other.domain, "organisation": other.organisation.display_name}
        )
    before = set(organisation.email_domains.values_list("domain", flat=True))
    removed = before - set(domains)
    if removed and actor.role != User.Role.STAFF:
        raise ActorError(
            _("Only Lärlabb's staff take a domain away from an organisation (%(domains)s).")
            % {"domains": ", ".join(sorted(removed))}
        )
    EmailDomain.objects.filter(organisation=organisation, domain__in=removed).delete()
    for domain in domains:
        EmailDomain.objects.get_or_create(organisation=organisation, domain=domain)
    if set(domains) != before:
        audit.record(
            actor=actor,
            action=Entry.Action.DOMAINS_CHANGED,
            target=organisation,
            detail={"before": sorted(before), "after": sorted(domains)},
        )
    return domains
