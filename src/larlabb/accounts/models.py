from typing import ClassVar

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields) -> "User":
        if not email:
            raise ValueError("Users must have an email address")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields) -> "User":
        fields.update(is_staff=True, is_superuser=True, role=User.Role.STAFF)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who uses Lärlabb. The email address is the login.

    Organisers and facilitators may have a password; participants log in with a one-time code
    sent to their email address. A person's organisation and title describe them as an actor
    (for example "RUS-samordnare" at a region).
    """

    class Role(models.TextChoices):
        ORGANISER = "organiser", _("Organiser")
        FACILITATOR = "facilitator", _("Facilitator")
        PARTICIPANT = "participant", _("Participant")
        STAFF = "staff", _("Staff")

    class Language(models.TextChoices):
        SWEDISH = "sv", _("Swedish")
        ENGLISH = "en", _("English")

    email = models.EmailField(_("email address"), unique=True)
    name = models.CharField(_("name"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        "actors.Organisation",
        verbose_name=_("organisation"),
        related_name="people",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    organisation_verified = models.BooleanField(
        _("organisation verified"),
        default=False,
        help_text=_(
            "Whether the person's organisation follows from their email address or was approved "
            "by a lab's organisers. Until then, registrations do not hold a place."
        ),
    )
    title = models.CharField(
        _("title or role"),
        max_length=200,
        blank=True,
        help_text=_("For example RUS-samordnare or analyst."),
    )
    role = models.CharField(
        _("role in Lärlabb"), max_length=20, choices=Role.choices, default=Role.PARTICIPANT
    )
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.SWEDISH
    )
    wants_reminders = models.BooleanField(
        _("reminders by email"),
        default=True,
        help_text=_("Reminders before deadlines and workshops."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(
        _("staff status"),
        default=False,
        help_text=_("Whether the user can log into the admin site."),
    )
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["name", "email"]

    def __str__(self) -> str:
        if self.is_deleted:
            return str(_("Deleted participant"))  # in the reader's language
        return self.name or self.email

    @property
    def is_deleted(self) -> bool:
        """An account its holder or an organiser deleted: anonymised, kept for shared results
        (``larlabb.privacy``), with an address nobody reads."""
        from larlabb.core.emails import is_nowhere

        return is_nowhere(self.email)

    def get_full_name(self) -> str:
        return self.name or self.email

    def get_short_name(self) -> str:
        return self.name.split(" ")[0] if self.name else self.email

    @property
    def is_organiser(self) -> bool:
        """Whether the user may create labs (organisers and staff)."""
        return self.is_active and self.role in {self.Role.ORGANISER, self.Role.STAFF}

    @property
    def may_use_password(self) -> bool:
        """Participants log in by emailed code only; the others may also use a password."""
        return self.role != self.Role.PARTICIPANT

    @property
    def described(self) -> str:
        """Name and organisation or title, as in the invitation: "Catarina Lahti, Reglab"."""
        detail = self.organisation.short_name if self.organisation else self.title
        return f"{self}, {detail}" if detail else str(self)
