"""Seedbed has no passwords: any account that still has a usable one (a superuser made with
`createsuperuser`, a password set through the old reset page) has it made unusable. Nobody can
sign in with a password after this; everyone signs in with an emailed code (staff add their
second factor)."""

from django.contrib.auth.hashers import is_password_usable, make_password
from django.db import migrations


def make_passwords_unusable(apps, schema_editor):
    User = apps.get_model("grants", "User")
    for user in User.objects.only("pk", "password").iterator():
        if is_password_usable(user.password):
            User.objects.filter(pk=user.pk).update(password=make_password(None))


class Migration(migrations.Migration):
    dependencies = [("grants", "0008_audit_trail_and_awards_move_out")]

    operations = [migrations.RunPython(make_passwords_unusable, migrations.RunPython.noop)]
