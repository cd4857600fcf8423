"""The reference actors from ``shared/data``: the 21 regions, the national agencies, Reglab and
the two networks the seed invitation invites. Loading twice updates, never duplicates."""

import csv
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from larlabb.actors.models import EmailDomain, Membership, Network, Organisation


@dataclass(frozen=True)
class OrganisationRow:
    name: str
    name_en: str
    kind: str
    county_code: str = ""
    abbreviation: str = ""


def read_regions(path: Path) -> list[OrganisationRow]:
    with path.open(encoding="utf-8", newline="") as file:
        return [
            OrganisationRow(
                name=row["region"],
                name_en="",
                kind=Organisation.Kind.REGION,
                county_code=row["county_code"].zfill(2),
            )
            for row in csv.DictReader(file)
        ]


def read_agencies(path: Path) -> list[OrganisationRow]:
    with path.open(encoding="utf-8", newline="") as file:
        return [
            OrganisationRow(
                name=row["name_sv"],
                name_en=row["name_en"],
                # The Swedish Film Institute is a foundation, not an agency (see the notes).
                kind=Organisation.Kind.OTHER
                if "foundation" in row["notes"]
                else Organisation.Kind.AGENCY,
                abbreviation=row["abbreviation"],
            )
            for row in csv.DictReader(file)
        ]


def read_email_domains(path: Path) -> list[tuple[str, str]]:
    """(organisation key, domain): the key is a region's county code or an abbreviation."""
    with path.open(encoding="utf-8", newline="") as file:
        return [
            (row["organisation"].strip(), row["domain"].strip().lower())
            for row in csv.DictReader(file)
        ]


def load_email_domains(rows: list[tuple[str, str]], by_key: dict[str, Organisation]) -> int:
    """Give each organisation its domains; a domain an organiser already gave to another
    organisation is left as it is."""
    for key, domain in rows:
        EmailDomain.objects.get_or_create(domain=domain, defaults={"organisation": by_key[key]})
    return len(rows)


def read_networks(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def _upsert(row: OrganisationRow) -> Organisation:
    defaults = {
        "name": row.name,
        "name_en": row.name_en,
        "kind": row.kind,
        "county_code": row.county_code,
        "abbreviation": row.abbreviation,
    }
    if row.county_code:
        organisation, _ = Organisation.objects.update_or_create(
            county_code=row.county_code, defaults=defaults
        )
    elif row.abbreviation:
        found = Organisation.objects.filter(abbreviation=row.abbreviation).first()
        if found is None:
            organisation, _ = Organisation.objects.update_or_create(
                name=row.name, defaults=defaults
            )
        else:
            for field, value in defaults.items():
                setattr(found, field, value)
            found.save()
            organisation = found
    else:
        organisation, _ = Organisation.objects.update_or_create(name=row.name, defaults=defaults)
    return organisation


@transaction.atomic
def load_actors(data_dir: Path) -> dict[str, int]:
    """Create or update the reference organisations and networks with their members."""
    regions = [_upsert(row) for row in read_regions(data_dir / "regions.csv")]
    agencies = [_upsert(row) for row in read_agencies(data_dir / "agencies.csv")]
    reglab = _upsert(OrganisationRow(name="Reglab", name_en="Reglab", kind=Organisation.Kind.OTHER))
    if not reglab.website:
        reglab.website = "https://www.reglab.se"
        reglab.save(update_fields=["website"])
    by_key = {org.county_code or org.abbreviation or org.name: org for org in [*regions, *agencies]}
    by_key["Reglab"] = reglab
    load_email_domains(read_email_domains(data_dir / "email_domains.csv"), by_key)
    members_of = {"all rows of regions.csv": regions, "all rows of agencies.csv": agencies}
    owners = {org.short_name: org for org in [reglab, *agencies]}
    for row in read_networks(data_dir / "networks.csv"):
        network, _ = Network.objects.update_or_create(
            name=row["name_sv"],
            defaults={"name_en": row["name_en"], "owner": owners[row["owner"]]},
        )
        for organisation in members_of[row["members"]]:
            Membership.objects.get_or_create(network=network, organisation=organisation)
    return {
        "regions": len(regions),
        "agencies": len(agencies),
        "networks": Network.objects.count(),
    }
