"""A lab from an export (:mod:`larlabb.transfer.export`) into this Lärlabb, or a reused lab's
document into a new lab.

Every row gets a new primary key here (the file's keys only connect its rows); people are
matched by email address or created (as participants: roles on this server, a password or
admin rights are given here; belonging to an organisation is judged by its email domains
here), organisations, networks and goal catalogues by their natural keys
or created; nothing that exists already is changed. The whole import is one transaction:
a file that is not a Lärlabb export, has another format version, was changed after it was
written, names a lab address that is taken, a model that does not belong to a lab, a field
this Lärlabb does not know, a value that does not fit its field or a row the file does not
hold is refused with :class:`TransferError` and nothing is written. The files of file fields
are written in the same step and deleted again if it fails.
"""

import hashlib
import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO, Any

from django.contrib.auth import get_user_model
from django.core.exceptions import SuspiciousOperation, ValidationError
from django.core.files.base import ContentFile
from django.core.validators import EMPTY_VALUES, validate_email, validate_slug
from django.db import DatabaseError, transaction
from django.db.models import Field, FileField, JSONField, Model
from django.utils import timezone
from django.utils.translation import gettext as _

from larlabb.accounts.actions import address_in_organisation
from larlabb.actors.models import Network, Organisation
from larlabb.core.errors import Refused
from larlabb.labs.models import Lab
from larlabb.synergies.models import Catalogue, Goal
from larlabb.transfer import scope
from larlabb.transfer.export import DATA, FORMAT, MANIFEST, ORGANISATION_FIELDS, VERSION

# What one import reads at most: the rows (a lab of 150 people and 15,000 rows is 2 MB), one
# file, and all files together (each read once; a file named by two rows is refused).
MAX_DATA_BYTES = 64 * 1024 * 1024
MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_FILES_BYTES = 2 * 1024 * 1024 * 1024
# Roles a created person may get from a file: never staff (that is given on this server).


class TransferError(Refused):
    """An export file or a copy that is refused; nothing was written."""


@dataclass
class Bundle:
    """An export file, checked: its manifest, its data and a reader of its files."""

    manifest: dict[str, Any]
    document: dict[str, Any]
    read_file: Callable[[str], bytes]


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _not_an_export() -> TransferError:
    return TransferError(_("The file is not a lab exported from Lärlabb."))


def _changed() -> TransferError:
    return TransferError(_("The file has been changed or damaged since it was exported."))


def read_zip(archive: zipfile.ZipFile) -> Bundle:
    """The checked contents of an export file opened as ``archive``: a Lärlabb export of the
    format version this Lärlabb reads, whose parts match their checksums."""
    manifest = _json(archive, MANIFEST, 1024 * 1024)
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise _not_an_export()
    if manifest.get("version") != VERSION:
        raise TransferError(
            _(
                "The file is of export format version %(found)s; this Lärlabb reads version "
                "%(version)s."
            )
            % {"found": manifest.get("version"), "version": VERSION}
        )
    data_part = manifest.get("data")
    if not isinstance(data_part, dict) or data_part.get("path") != DATA:
        raise _not_an_export()
    raw = _member(archive, DATA, MAX_DATA_BYTES)
    if _digest(raw) != data_part.get("sha256"):
        raise _changed()
    try:
        document = json.loads(raw)
    except ValueError:
        raise _changed() from None
    listed = manifest.get("files")
    if not isinstance(listed, list) or not all(isinstance(f, dict) for f in listed):
        raise _not_an_export()
    names = set(archive.namelist())
    digests = {f.get("path"): f.get("sha256") for f in listed}
    sizes = [archive.getinfo(f["path"]).file_size for f in listed if f.get("path") in names]
    if sum(sizes) > MAX_FILES_BYTES:
        raise TransferError(_("A part of the file is larger than Lärlabb reads."))
    taken: set[str] = set()

    def read_file(path: str) -> bytes:
        if path not in digests or path in taken:  # each file is written once
            raise _changed()
        taken.add(path)
        content = _member(archive, path, MAX_FILE_BYTES)
        if _digest(content) != digests[path]:
            raise _changed()
        return content

    return Bundle(manifest, document, read_file)


def _member(archive: zipfile.ZipFile, name: str, limit: int) -> bytes:
    try:
        info = archive.getinfo(name)
    except KeyError:
        raise _not_an_export() from None
    if info.file_size > limit:
        raise TransferError(_("A part of the file is larger than Lärlabb reads."))
    try:
        return archive.read(info)
    except (zipfile.BadZipFile, OSError, EOFError):
        raise _changed() from None


def _json(archive: zipfile.ZipFile, name: str, limit: int) -> Any:
    try:
        return json.loads(_member(archive, name, limit))
    except ValueError:
        raise _not_an_export() from None


def import_file(
    stream: IO[bytes], *, slug: str | None = None, check_only: bool = False
) -> Lab | None:
    """Import the export file ``stream`` as a new lab (at ``slug`` when given); returns it,
    or None after only checking it (``check_only``: everything is written and rolled back)."""
    try:
        archive = zipfile.ZipFile(stream)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        raise _not_an_export() from None
    with archive:
        bundle = read_zip(archive)
        return import_document(
            bundle.document, slug=slug, read_file=bundle.read_file, check_only=check_only
        )


# --- The rows ------------------------------------------------------------------------------


@dataclass
class Row:
    """A row of the file, checked: its plain values and its references, still as in the
    file."""

    key: int
    values: dict[str, Any] = field(default_factory=dict)
    ones: dict[str, Any] = field(default_factory=dict)
    manys: dict[str, list[Any]] = field(default_factory=dict)
    files: dict[str, dict[str, str]] = field(default_factory=dict)


def _field(model: type[Model], name: str) -> Any:
    return model._meta.get_field(name)


def _where(label: str, key: object, name: str = "") -> str:
    place = f"{label} {key}"
    return f"{place}, {name}" if name else place


def _bad_value(label: str, key: object, name: str, problem: str = "") -> TransferError:
    return TransferError(
        _("The file has a value that does not fit: %(where)s. %(problem)s")
        % {"where": _where(label, key, name), "problem": problem}
    )


def _clean(model_field: Field, value: Any, label: str, key: object) -> Any:
    """``value`` of the file as the field holds it, refused when it does not fit."""
    if value is None:
        if model_field.null or getattr(model_field, "auto_now", False):
            return None
        if getattr(model_field, "auto_now_add", False):
            return None
        raise _bad_value(label, key, model_field.name)
    try:
        if isinstance(model_field, JSONField):
            json.dumps(value)
            return value
        cleaned = model_field.to_python(value)
        if model_field.choices and cleaned not in EMPTY_VALUES:
            allowed = {choice for choice, _label in model_field.flatchoices}
            if cleaned not in allowed:
                raise ValidationError("not one of the choices")
        if cleaned not in EMPTY_VALUES:
            model_field.run_validators(cleaned)
    except (ValidationError, TypeError, ValueError) as error:
        problem = "; ".join(error.messages) if isinstance(error, ValidationError) else ""
        raise _bad_value(label, key, model_field.name, problem) from None
    return cleaned


def _rows(document: Any) -> dict[str, list[Row]]:
    """The file's rows by model, checked: only models that belong to a lab, only their
    fields, values that fit, and references to rows the file holds."""
    if not isinstance(document, dict) or not isinstance(document.get("models"), dict):
        raise _not_an_export()
    rows: dict[str, list[Row]] = {}
    for label, records in document["models"].items():
        if label not in scope.PART_OF:
            raise TransferError(
                _("The file holds data of a kind that is not part of a lab: %(kind)s.")
                % {"kind": label}
            )
        if not isinstance(records, list):
            raise _not_an_export()
        rows[label] = [_row(label, record) for record in records]
    for label, found in rows.items():
        keys = [row.key for row in found]
        if len(set(keys)) != len(keys):
            raise TransferError(_("The file holds a row twice: %(kind)s.") % {"kind": label})
    if len(rows.get("labs.Lab", [])) != 1:
        raise TransferError(_("The file does not hold exactly one lab."))
    _check_references(rows)
    return rows


def _check_references(rows: dict[str, list[Row]]) -> None:
    """Every reference to a row of the lab names a row that the file holds."""
    keys_of = {label: {row.key for row in found} for label, found in rows.items()}
    for label, found in rows.items():
        model = scope.PART_OF[label].model
        targets = {
            f.name: f.related_model._meta.label
            for f in scope.relations(model)
            if scope.reference_kind(f.related_model) is None
        }
        for row in found:
            for name, target in targets.items():
                held = keys_of.get(target, set())
                wanted = row.manys.get(name, [row.ones.get(name)])
                if any(not _is_key(key) or key not in held for key in wanted if key is not None):
                    raise TransferError(
                        _("The file refers to a row it does not hold: %(where)s.")
                        % {"where": _where(label, row.key, name)}
                    )


def _is_key(key: Any) -> bool:
    return isinstance(key, int) and not isinstance(key, bool)


def _row(label: str, record: Any) -> Row:
    if not isinstance(record, dict) or not isinstance(record.get("fields"), dict):
        raise _not_an_export()
    key = record.get("key")
    if not _is_key(key):
        raise _not_an_export()
    part = scope.PART_OF[label]
    model = part.model
    known = {
        f.name: f
        for f in model._meta.concrete_fields
        if not f.primary_key and f.name not in part.omit
    }
    known.update({f.name: f for f in scope.relations(model) if f.many_to_many})
    row = Row(int(key))  # type: ignore[arg-type]
    for name, value in record["fields"].items():
        model_field = known.get(name)
        if model_field is None:
            raise TransferError(
                _("The file has a field that Lärlabb does not know: %(where)s.")
                % {"where": _where(label, key, name)}
            )
        _put(row, model_field, value, label)
    return row


def _put(row: Row, model_field: Any, value: Any, label: str) -> None:
    """Keep the file's ``value`` of ``model_field`` in ``row``, checked."""
    key, name = row.key, model_field.name
    if model_field.many_to_many:
        if not isinstance(value, list):
            raise _bad_value(label, key, name)
        row.manys[name] = value
    elif model_field.is_relation:
        if model_field.null is False and value is None:
            raise _bad_value(label, key, name)
        row.ones[name] = value
    elif isinstance(model_field, FileField):
        if value is not None and not (
            isinstance(value, dict) and isinstance(value.get("file"), str)
        ):
            raise _bad_value(label, key, name)
        if value is not None:
            row.files[name] = value
    else:
        row.values[name] = _clean(model_field, value, label, key)


# --- The references ------------------------------------------------------------------------


class References:
    """The people, organisations, networks and goals the rows name, matched here by their
    natural keys or created from the file's records (``references``)."""

    def __init__(self, records: Any) -> None:
        if not isinstance(records, dict):
            raise _not_an_export()
        self.records = {
            kind: {self._key(kind, r): r for r in records.get(plural, []) if isinstance(r, dict)}
            for kind, plural in (
                (scope.PERSON, "people"),
                (scope.ORGANISATION, "organisations"),
                (scope.NETWORK, "networks"),
                (scope.CATALOGUE, "catalogues"),
            )
        }
        self.found: dict[tuple[str, Any], int] = {}

    @staticmethod
    def _key(kind: str, record: dict[str, Any]) -> Any:
        if kind == scope.PERSON:
            return str(record.get("email", "")).lower()
        if kind == scope.CATALOGUE:
            return record.get("key")
        return record.get("name")

    def pk(self, kind: str, key: Any) -> int:
        """The primary key here of the reference ``key`` of ``kind``, created when missing."""
        if isinstance(key, list):
            key = tuple(key)
        if kind == scope.PERSON and isinstance(key, str):
            key = key.lower()
        if (kind, key) not in self.found:
            self.found[(kind, key)] = getattr(self, f"_{kind}")(key)
        return self.found[(kind, key)]

    def _missing(self, what: object) -> TransferError:
        return TransferError(
            _("The file refers to %(what)s but does not describe it.") % {"what": what}
        )

    def _person(self, email: Any) -> int:
        user = get_user_model()
        if not isinstance(email, str):
            raise self._missing(email)
        found = user.objects.filter(email__iexact=email).values_list("pk", flat=True).first()
        if found is not None:
            return found
        record = self.records[scope.PERSON].get(email)
        if record is None:
            raise self._missing(email)
        try:
            validate_email(email)
        except ValidationError:
            raise _bad_value("person", email, "email") from None
        values = {
            name: _clean(_field(user, name), record.get(name), "person", email)
            for name in ("name", "title", "language", "wants_reminders", "is_active")
            if name in record
        }
        # Whoever a file describes comes in as a participant: roles on this server (creating
        # labs, a password, the admin) are given here, by its staff. Their lab roles (the
        # lab's organisers and leaders) come with the lab's rows.
        values["role"] = "participant"
        organisation = record.get("organisation")
        if organisation is not None:
            values["organisation_id"] = self.pk(scope.ORGANISATION, organisation)
            # belonging is this server's judgement: by the organisation's domains here
            values["organisation_verified"] = address_in_organisation(
                email, values["organisation_id"]
            )
        return user.objects.create_user(email, **values).pk

    def _organisation(self, name: Any) -> int:
        record = self.records[scope.ORGANISATION].get(name)
        county = record.get("county_code") if record else ""
        if county:
            found = Organisation.objects.filter(county_code=county).first()
            if found is not None:
                if found.name != name:
                    raise TransferError(
                        _(
                            "The file names county code %(county)s “%(name)s”; here it is "
                            "“%(here)s”."
                        )
                        % {"county": county, "name": name, "here": found.name}
                    )
                return found.pk
        found = Organisation.objects.filter(name=name).first()
        if found is not None:
            return found.pk
        if record is None:
            raise self._missing(name)
        values = {
            f: _clean(_field(Organisation, f), record.get(f, ""), "organisation", name)
            for f in ORGANISATION_FIELDS
        }
        # without email domains: which addresses belong to an organisation is decided here
        return Organisation.objects.create(**values).pk

    def _network(self, name: Any) -> int:
        found = Network.objects.filter(name=name).values_list("pk", flat=True).first()
        if found is not None:
            return found
        record = self.records[scope.NETWORK].get(name)
        if record is None:
            raise self._missing(name)
        network = Network.objects.create(
            name=_clean(_field(Network, "name"), name, "network", name),
            name_en=str(record.get("name_en", ""))[:200],
            description=str(record.get("description", ""))[:2000],
            owner_id=self.pk(scope.ORGANISATION, record.get("owner")),
        )
        members = record.get("members", [])
        network.members.set([self.pk(scope.ORGANISATION, member) for member in members])
        return network.pk

    def _goal(self, key: Any) -> int:
        if not (isinstance(key, tuple) and len(key) == 2):
            raise self._missing(key)
        catalogue_key, code = key
        catalogue = Catalogue.objects.filter(key=catalogue_key).first()
        if catalogue is None:
            catalogue = self._catalogue(catalogue_key)
        found = Goal.objects.filter(catalogue=catalogue, code=code).values_list("pk", flat=True)
        if not found:
            raise TransferError(
                _(
                    "The goal %(code)s is not in the goal catalogue %(catalogue)s of this "
                    "Lärlabb. Load the reference data, or add the goal, and import again."
                )
                % {"code": code, "catalogue": catalogue_key}
            )
        return found[0]

    def _catalogue(self, key: Any) -> Catalogue:
        record = self.records[scope.CATALOGUE].get(key)
        if record is None:
            raise self._missing(key)
        catalogue = Catalogue.objects.create(
            **{
                f: _clean(_field(Catalogue, f), record.get(f, ""), "catalogue", key)
                for f in ("key", "name", "name_en", "source", "description")
            }
        )
        for goal in record.get("goals", []):
            values = {
                f: _clean(_field(Goal, f), goal.get(f, ""), "goal", key)
                for f in ("code", "title", "title_en", "position")
                if isinstance(goal, dict)
            }
            Goal.objects.create(catalogue=catalogue, **values)
        return catalogue


# --- The import ----------------------------------------------------------------------------


def _fresh_value(model: type[Model], name: str, value: Any, always: bool) -> Any:
    """A unique token kept unless taken here (or ``always`` made anew)."""
    model_field = _field(model, name)
    if always or value in EMPTY_VALUES:
        return model_field.get_default()
    if model_field.unique and model._default_manager.filter(**{name: value}).exists():
        return model_field.get_default()
    return value


def import_document(
    document: Any,
    *,
    slug: str | None = None,
    title: str | None = None,
    read_file: Callable[[str], bytes] | None = None,
    fresh: bool = False,
    check_only: bool = False,
) -> Lab | None:
    """Create the lab of ``document`` with all its rows (at ``slug`` and with ``title`` when
    given); ``fresh``: a new lab rather than a restored one (new timestamps, new tokens).
    Refused with :class:`TransferError` when anything does not fit; nothing is written then."""
    rows = _rows(document)
    lab_row = rows["labs.Lab"][0]
    slug = slug or lab_row.values.get("slug")
    try:
        validate_slug(slug)
        if len(slug or "") > _field(Lab, "slug").max_length:
            raise ValidationError("too long")
    except ValidationError:
        raise TransferError(
            _("“%(slug)s” cannot be a lab's address: use letters, digits and hyphens.")
            % {"slug": slug}
        ) from None
    lab_row.values["slug"] = slug
    if title:
        lab_row.values["title"] = title
    if Lab.objects.filter(slug=slug).exists():
        raise TransferError(_("A lab with the address “%(slug)s” exists already.") % {"slug": slug})
    written: list[tuple[Any, str]] = []
    try:
        with transaction.atomic():
            references = References(document.get("references", {}))
            lab = _write(rows, references, read_file, fresh, written)
            if check_only:
                transaction.set_rollback(True)
    except TransferError:
        _remove(written)
        raise
    except DatabaseError as error:
        _remove(written)
        raise TransferError(
            _("The lab could not be imported, and nothing was written: %(error)s")
            % {"error": error}
        ) from None
    except (TypeError, KeyError, AttributeError, ValueError, SuspiciousOperation):
        # a shape no export has (a list where a key belongs, a bad file name …)
        _remove(written)
        raise _not_an_export() from None
    except BaseException:
        _remove(written)
        raise
    if check_only:
        _remove(written)
        return None
    return lab


def _remove(written: list[tuple[Any, str]]) -> None:
    for storage, name in written:
        storage.delete(name)


def _write(
    rows: dict[str, list[Row]],
    references: References,
    read_file: Callable[[str], bytes] | None,
    fresh: bool,
    written: list[tuple[Any, str]],
) -> Lab:
    """Create the rows in the order of their foreign keys, then their many-to-many links and
    the references to rows created after them."""
    now = timezone.now()
    new: dict[tuple[str, int], int] = {}
    later: list[tuple[type[Model], int, str, str, int]] = []
    for label in scope.import_order(rows):
        part = scope.PART_OF[label]
        model = part.model
        for row in sorted(rows[label], key=lambda r: r.key):
            instance = _instance(part, row, now, fresh)
            for model_field, key in _point(instance, row, references, new):
                target = model_field.related_model._meta.label
                later.append((model, row.key, model_field.attname, target, key))
            for name, value in row.files.items():
                _attach(instance, _field(model, name), value, read_file, written)
            instance.save_base(raw=True, force_insert=True)
            new[(label, row.key)] = instance.pk
    for label, found in rows.items():
        _link(scope.PART_OF[label].model, found, new, references)
    for model, key, attname, target, target_key in later:
        source = new[(model._meta.label, key)]
        model._default_manager.filter(pk=source).update(**{attname: new[(target, target_key)]})
    return Lab.objects.get(pk=new[("labs.Lab", rows["labs.Lab"][0].key)])


def _instance(part: scope.Part, row: Row, now: Any, fresh: bool) -> Model:
    """A new, unsaved row with the plain values of ``row``: timestamps kept (or now, for a new
    lab or where the file has none), unique tokens kept unless taken here."""
    model = part.model
    instance = model(**row.values)
    for model_field in model._meta.concrete_fields:
        stamp = getattr(model_field, "auto_now", False) or getattr(
            model_field, "auto_now_add", False
        )
        if stamp and (fresh or getattr(instance, model_field.attname) is None):
            setattr(instance, model_field.attname, now)
    for name in part.fresh:
        setattr(instance, name, _fresh_value(model, name, getattr(instance, name), fresh))
    return instance


def _point(
    instance: Model, row: Row, references: References, new: dict[tuple[str, int], int]
) -> list[tuple[Any, int]]:
    """Set the foreign keys of ``instance``; returns those to rows not created yet (left
    empty until they are)."""
    waiting = []
    for name, key in row.ones.items():
        model_field: Any = _field(type(instance), name)
        kind = scope.reference_kind(model_field.related_model)
        target = (model_field.related_model._meta.label, key)
        if key is None:
            value = None
        elif kind is not None:
            value = references.pk(kind, key)
        elif target in new:
            value = new[target]
        else:
            value = None
            waiting.append((model_field, key))
        setattr(instance, model_field.attname, value)
    return waiting


def _attach(
    instance: Model,
    model_field: Any,
    value: dict[str, str],
    read_file: Callable[[str], bytes] | None,
    written: list[tuple[Any, str]],
) -> None:
    """Write the file of ``value`` under a new name of the field's own making."""
    if read_file is None:
        raise _changed()
    content = read_file(value["file"])
    original = str(value.get("name", "file")).rsplit("/", 1)[-1] or "file"
    name = model_field.generate_filename(instance, original)
    stored = model_field.storage.save(name, ContentFile(content), max_length=model_field.max_length)
    written.append((model_field.storage, stored))
    setattr(instance, model_field.attname, stored)


def _link(
    model: type[Model],
    rows: list[Row],
    new: dict[tuple[str, int], int],
    references: References,
) -> None:
    """The many-to-many links of ``rows``, in one insert per field."""
    label = model._meta.label
    for relation in scope.relations(model):
        if not relation.many_to_many:
            continue
        name = relation.name
        through = relation.remote_field.through
        source, target = relation.m2m_field_name(), relation.m2m_reverse_field_name()
        kind = scope.reference_kind(relation.related_model)
        links = []
        for row in rows:
            targets = set()
            for key in row.manys.get(name, []):
                if kind is not None:
                    targets.add(references.pk(kind, key))
                else:
                    targets.add(new[(relation.related_model._meta.label, key)])
            links += [
                through(**{f"{source}_id": new[(label, row.key)], f"{target}_id": pk})
                for pk in sorted(targets)
            ]
        through.objects.bulk_create(links)
