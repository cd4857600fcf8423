"""A lab with everything of it, as plain data and as a ZIP file.

:func:`lab_document` gathers the rows of every model of :data:`~larlabb.transfer.scope.PARTS`
that belong to the lab, each as its exported key (its primary key here, used only to connect
the rows of the file) and its field values; a reference to a row of the lab is that row's key,
a reference to a person their email address, and one to an organisation, a network, a goal
catalogue or a goal its natural key (name, name, key, catalogue key and code). The people and
reference data the rows name are in ``references``, so that another Lärlabb can match or
create them.

:func:`write_zip` writes the document as ``data.json`` with the files of its file fields
(``files/…``) and a ``manifest.json`` with the format, its version and a SHA-256 checksum of
every part; :mod:`larlabb.transfer.importer` reads it back.

With a :class:`Reuse`, the document is the start of a new lab instead: only what each part's
:class:`~larlabb.transfer.scope.Template` keeps, dates moved, and nobody's data.
"""

import datetime
import decimal
import hashlib
import json
import uuid
import zipfile
from dataclasses import dataclass
from typing import IO, Any

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models import DateField, DateTimeField, FileField, Model
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from larlabb.actors.models import Network, Organisation
from larlabb.labs.models import Lab
from larlabb.synergies.models import Catalogue, Goal
from larlabb.transfer import scope

FORMAT = "larlabb-lab-export"
VERSION = 1
DATA = "data.json"
MANIFEST = "manifest.json"

# The fields of a person that travel with their email address (never a password, a login or
# an admin right).
PERSON_FIELDS = (
    "name",
    "title",
    "language",
    "wants_reminders",
    "is_active",
)
ORGANISATION_FIELDS = ("name", "name_en", "kind", "county_code", "abbreviation", "website")


@dataclass(frozen=True)
class Reuse:
    """A lab reused as the start of the next one: ``days`` moves every date, ``organiser``
    (an email address) is the only person in it."""

    days: int
    organiser: str


def plain(value: Any) -> Any:
    """A field's value as JSON holds it (full precision; the import parses it back)."""
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    return value


def is_timestamp(field: Any) -> bool:
    return bool(getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False))


def moved(value: Any, days: int) -> Any:
    """``value`` (a date or a moment) ``days`` later, at the same time of day in Stockholm
    (a move across a change to or from summer time keeps 9.30 at 9.30)."""
    if isinstance(value, datetime.datetime):
        local = timezone.localtime(value)
        day = local.date() + datetime.timedelta(days=days)
        return timezone.make_aware(
            datetime.datetime.combine(day, local.time().replace(tzinfo=None))
        )
    if isinstance(value, datetime.date):
        return value + datetime.timedelta(days=days)
    return value


class Collector:
    """The references that the exported rows name, gathered while they are written."""

    def __init__(self) -> None:
        self.people: set[int] = set()
        self.organisations: set[int] = set()
        self.networks: set[int] = set()
        self.goals: set[int] = set()

    def add(self, kind: str, pk: int) -> None:
        {
            scope.PERSON: self.people,
            scope.ORGANISATION: self.organisations,
            scope.NETWORK: self.networks,
            scope.GOAL: self.goals,
        }[kind].add(pk)


class Names:
    """The natural keys of the references, read once per kind."""

    def __init__(self) -> None:
        user = get_user_model()
        self.person = dict(user.objects.values_list("pk", "email"))
        self.organisation = dict(Organisation.objects.values_list("pk", "name"))
        self.network = dict(Network.objects.values_list("pk", "name"))
        self.goal = {
            pk: [key, code]
            for pk, key, code in Goal.objects.values_list("pk", "catalogue__key", "code")
        }

    def of(self, kind: str, pk: int) -> Any:
        return getattr(self, kind)[pk]


def lab_document(lab: Lab, *, reuse: Reuse | None = None) -> dict[str, Any]:
    """Everything of ``lab`` as plain data (see the module's docstring), read in one
    transaction (on PostgreSQL one snapshot, when not inside another transaction)."""
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if connection.vendor == "postgresql" and outermost:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        return _document(lab, reuse)


def _document(lab: Lab, reuse: Reuse | None) -> dict[str, Any]:
    names = Names()
    found = Collector()
    selected: dict[str, list[Model]] = {}
    for part in scope.PARTS:
        if reuse is not None and part.template is None:
            continue
        rows = part.model._default_manager.filter(part.rows_of(lab.pk))
        if reuse is not None and part.template is not None and part.template.only is not None:
            rows = rows.filter(part.template.only)
        m2m = [f.name for f in scope.relations(part.model) if f.many_to_many]
        selected[part.label] = list(rows.distinct().order_by("pk").prefetch_related(*m2m))
    keys = {label: {row.pk for row in rows} for label, rows in selected.items()}
    models = {
        label: [_row(row, scope.PART_OF[label], keys, names, found, reuse) for row in rows]
        for label, rows in selected.items()
    }
    return {
        "lab": lab.slug,
        "models": models,
        "references": _references(found, names),
    }


def _row(
    row: Model,
    part: scope.Part,
    keys: dict[str, set[int]],
    names: Names,
    found: Collector,
    reuse: Reuse | None,
) -> dict[str, Any]:
    reset = part.template.reset if reuse is not None and part.template is not None else {}
    fields: dict[str, Any] = {}
    for field in row._meta.concrete_fields:
        if field.primary_key or field.name in part.omit:
            continue
        if field.is_relation:
            continue
        value = reset.get(field.name, field.value_from_object(row))
        if isinstance(field, FileField):
            fields[field.name] = _file(value)
            continue
        if reuse is not None and isinstance(field, DateField | DateTimeField):
            value = None if is_timestamp(field) else moved(value, reuse.days)
        fields[field.name] = plain(value)
    for field in scope.relations(type(row)):
        target = field.related_model
        kind = scope.reference_kind(target)
        if field.many_to_many:
            pks = [item.pk for item in getattr(row, field.name).all()]
            fields[field.name] = _many(field.name, pks, target, kind, keys, names, found, reuse)
            continue
        pk = None if field.name in reset else getattr(row, field.attname)
        fields[field.name] = _one(field, pk, kind, keys, names, found, reuse)
    return {"key": row.pk, "fields": fields}


def _file(value: FieldFile | None) -> dict[str, str] | None:
    return {"name": str(value.name)} if value else None


def _one(field, pk, kind, keys, names, found, reuse) -> Any:
    if pk is None:
        return None
    if kind == scope.PERSON and reuse is not None:
        return reuse.organiser
    if kind is not None:
        found.add(kind, pk)
        return names.of(kind, pk)
    label = field.related_model._meta.label
    if pk not in keys.get(label, ()):
        if field.null:
            return None  # a reused lab leaves out what such a row points at
        raise ValueError(f"{field} points at a row outside the lab: {label} {pk}")
    return pk


def _many(name, pks, target, kind, keys, names, found, reuse) -> list[Any]:
    if kind == scope.PERSON and reuse is not None:
        return [reuse.organiser] if name == "organisers" and target is get_user_model() else []
    if kind is not None:
        for pk in pks:
            found.add(kind, pk)
        return sorted(names.of(kind, pk) for pk in pks)
    label = target._meta.label
    return sorted(pk for pk in pks if pk in keys.get(label, ()))


def _references(found: Collector, names: Names) -> dict[str, list[dict[str, Any]]]:
    """The people, organisations, networks and goal catalogues the rows name."""
    user = get_user_model()
    people = list(user.objects.filter(pk__in=found.people).order_by("email"))
    found.organisations |= {p.organisation_id for p in people if p.organisation_id}
    networks = list(
        Network.objects.filter(pk__in=found.networks).order_by("name").prefetch_related("members")
    )
    for network in networks:
        found.organisations.add(network.owner_id)
        found.organisations |= {member.pk for member in network.members.all()}
    organisations = Organisation.objects.filter(pk__in=found.organisations).order_by("name")
    catalogues = (
        Catalogue.objects.filter(goals__in=found.goals)
        .distinct()
        .order_by("key")
        .prefetch_related("goals")
    )
    return {
        "people": [
            {
                "email": person.email,
                "organisation": names.organisation.get(person.organisation_id or 0),
                **{name: getattr(person, name) for name in PERSON_FIELDS},
            }
            for person in people
        ],
        "organisations": [
            {name: getattr(organisation, name) for name in ORGANISATION_FIELDS}
            for organisation in organisations
        ],
        "networks": [
            {
                "name": network.name,
                "name_en": network.name_en,
                "description": network.description,
                "owner": names.organisation[network.owner_id],
                "members": sorted(member.name for member in network.members.all()),
            }
            for network in networks
        ],
        "catalogues": [
            {
                "key": catalogue.key,
                "name": catalogue.name,
                "name_en": catalogue.name_en,
                "source": catalogue.source,
                "description": catalogue.description,
                "goals": [
                    {
                        "code": goal.code,
                        "title": goal.title,
                        "title_en": goal.title_en,
                        "position": goal.position,
                    }
                    for goal in sorted(catalogue.goals.all(), key=lambda g: (g.position, g.code))
                ],
            }
            for catalogue in catalogues
        ],
    }


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def write_zip(lab: Lab, output: IO[bytes]) -> dict[str, Any]:
    """Write ``lab`` with everything of it and its files to ``output`` as a ZIP file; returns
    the manifest."""
    document = lab_document(lab)
    files: list[dict[str, Any]] = []
    with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for label, rows in document["models"].items():
            model = scope.PART_OF[label].model
            file_fields = [f for f in model._meta.concrete_fields if isinstance(f, FileField)]
            for field in file_fields:
                for row in rows:
                    value = row["fields"][field.name]
                    if value is None:
                        continue
                    path = f"files/{len(files) + 1:06d}"
                    with field.storage.open(value["name"], "rb") as source:
                        content = source.read()
                    archive.writestr(path, content)
                    value["file"] = path
                    files.append({"path": path, "size": len(content), "sha256": _digest(content)})
        data = json.dumps(document, ensure_ascii=False, indent=1).encode()
        archive.writestr(DATA, data)
        manifest = {
            "format": FORMAT,
            "version": VERSION,
            "lab": lab.slug,
            "title": lab.title,
            "exported_at": timezone.now().isoformat(),
            "rows": {label: len(rows) for label, rows in document["models"].items()},
            "data": {"path": DATA, "size": len(data), "sha256": _digest(data)},
            "files": files,
        }
        archive.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
    return manifest
