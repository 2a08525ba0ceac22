import django.db.models.deletion
import django.utils.timezone
import django_fsm
from django.conf import settings
from django.db import migrations, models


def recoveries_from_notes(apps, schema_editor):
    """Cancelled awards with money to get back (a note until now) get a recovery, due."""
    award_model = apps.get_model("awards", "Award")
    recovery_model = apps.get_model("awards", "Recovery")
    for award in award_model.objects.filter(amount_to_recover__gt=0):
        recovery_model.objects.create(
            award=award,
            amount=award.amount_to_recover,
            reason=award.cancel_reason,
            created_at=award.cancelled_at or django.utils.timezone.now(),
        )


class Migration(migrations.Migration):
    """Money due back becomes a record of its own; officers' reasons for passing a round's
    limits are kept on the offer. Every row stays."""

    dependencies = [
        ("awards", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="award",
            name="limit_override_reason",
            field=models.TextField(blank=True, verbose_name="why the round's limits were passed"),
        ),
        migrations.CreateModel(
            name="Recovery",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("amount", models.PositiveIntegerField(verbose_name="amount due back (£)")),
                ("reason", models.TextField(blank=True)),
                (
                    "state",
                    django_fsm.FSMField(
                        choices=[("due", "Due back"), ("received", "Received")],
                        default="due",
                        max_length=50,
                        protected=True,
                    ),
                ),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "received_on",
                    models.DateField(blank=True, null=True, verbose_name="received on"),
                ),
                (
                    "reference",
                    models.CharField(blank=True, max_length=60, verbose_name="payment reference"),
                ),
                (
                    "award",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="recoveries",
                        to="awards.award",
                    ),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "received_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "ordering": ["created_at", "pk"],
                "indexes": [models.Index(fields=["state"], name="awards_reco_state_0571c8_idx")],
            },
        ),
        migrations.RunPython(recoveries_from_notes, migrations.RunPython.noop),
    ]
