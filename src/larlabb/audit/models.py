from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class AppendOnly(Exception):  # noqa: N818 (a rule, not a fault)
    """An audit entry is never changed or deleted once written."""


class EntryQuerySet(models.QuerySet):
    """Entries are only added and read: a bulk update or delete is refused as well.

    (Django clears ``actor`` and ``lab`` when the person or lab is deleted through the model's
    plain base manager; on PostgreSQL a trigger lets an update do that and nothing else.)"""

    def update(self, **kwargs):
        raise AppendOnly("Audit entries cannot be changed.")

    def delete(self):
        raise AppendOnly("Audit entries cannot be deleted.")

    update.queryset_only = True  # type: ignore[attr-defined]
    delete.queryset_only = True  # type: ignore[attr-defined]


class Entry(models.Model):
    """One thing done that the record must keep: who did it, when, what, to which object.

    Entries are written by :func:`larlabb.audit.log.record` and never changed or deleted; the
    names are kept as text too, so an entry still reads right after the person is deleted.
    """

    class Action(models.TextChoices):
        ROLE_GRANTED = "role.granted", _("Role changed")
        REGISTRATION_CHANGED = "registration.changed", _("Registration changed by someone else")
        PERSONAL_DATA_EXPORTED = "personal_data.exported", _("Personal data exported")
        PERSON_DELETED = "person.deleted", _("Account deleted")
        PERSON_CHANGED = "person.changed", _("Person's details changed by someone else")
        ORGANISATION_APPROVED = "organisation.approved", _("Organisation claim decided")
        ROOM_REMOVED = "room.removed", _("Removed from a live room")
        ROOM_CODE_CHANGED = "room.code_changed", _("Live room given a new join code")
        DATA_PURGED = "data.purged", _("Personal data purged")
        DOMAINS_CHANGED = "organisation.domains", _("Email domains of an organisation changed")
        CONTROLLER_CHANGED = "privacy.controller", _("Data controller's details changed")
        LAB_COPIED = "lab.copied", _("Lab copied as the start of a new one")
        LAB_IMPORTED = "lab.imported", _("Lab imported from a file")

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    actor_label = models.CharField(_("who (as written)"), max_length=300, blank=True)
    action = models.CharField(_("what"), max_length=40, choices=Action.choices, db_index=True)
    object_type = models.CharField(_("kind of object"), max_length=60, blank=True)
    object_id = models.CharField(_("object id"), max_length=40, blank=True)
    object_label = models.CharField(_("object"), max_length=300, blank=True)
    lab = models.ForeignKey(
        "labs.Lab",
        verbose_name=_("lab"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    detail = models.JSONField(_("detail"), default=dict, blank=True)

    objects = EntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label}: {self.get_action_display()}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise AppendOnly("An audit entry cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnly("An audit entry cannot be deleted.")

    def described_detail(self) -> list[tuple[str, str]]:
        """The detail as (label, value) pairs to read, in the reader's language where a label
        or a value (a role, yes or no) is a known one."""
        labels = {
            "field": pgettext_lazy("audit detail", "field"),
            "fields": pgettext_lazy("audit detail", "fields"),
            "from": pgettext_lazy("audit detail", "from"),
            "to": pgettext_lazy("audit detail", "to"),
            "export": pgettext_lazy("audit detail", "export"),
            "format": pgettext_lazy("audit detail", "format"),
            "rows": pgettext_lazy("audit detail", "rows"),
        }
        people = self._meta.get_field("actor").related_model._meta  # type: ignore[union-attr]
        roles = dict(people.get_field("role").choices or [])  # type: ignore[union-attr]
        fields = {field.name: field.verbose_name for field in people.fields}

        def readable(value: object, names: dict) -> str:
            if isinstance(value, bool):
                return str(_("yes") if value else _("no"))
            if isinstance(value, list):
                return ", ".join(readable(item, names) for item in value)
            return str(names.get(value, value)) if isinstance(value, str) else str(value)

        return [
            (str(labels.get(key, key)), readable(value, fields if "field" in key else roles))
            for key, value in self.detail.items()
        ]
