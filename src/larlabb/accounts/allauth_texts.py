"""django-allauth's texts that appear on Lärlabb's pages and in its emails, listed here so that
our own catalogue carries them: Django looks in the project's catalogue first, so our Swedish
replaces allauth's where it is wrong or clumsy (the Swedish copy review, 29 November 2026).
The door's own pages, the password pages organisers use (reset, change, log out) and the
login-code and password-reset emails are our templates; these are allauth's form labels and
messages that still show on them."""

from django.utils.translation import gettext_noop

ALLAUTH_TEXTS = [
    gettext_noop("Email"),
    gettext_noop("Email address"),
    gettext_noop("Email Address"),
    gettext_noop("Code"),
    gettext_noop("Confirm"),
    gettext_noop("Incorrect code."),
    gettext_noop("Invalid login."),
    gettext_noop("The email address and/or password you specified are not correct."),
    gettext_noop("Too many failed login attempts. Try again later."),
    gettext_noop("Be patient, you are sending too many requests."),
    gettext_noop("Remember Me"),
    gettext_noop("You have signed out."),
    gettext_noop("Successfully signed in as %(name)s."),
    gettext_noop("Current Password"),
    gettext_noop("New Password"),
    gettext_noop("New Password (again)"),
    gettext_noop("Password successfully changed."),
    gettext_noop("You must type the same password each time."),
    gettext_noop(
        "You are receiving this email because you, or someone else, tried to access an account "
        "with email %(email)s. However, we do not have any record of such an account in our "
        "database."
    ),
]
