from django.db import migrations, models


class Migration(migrations.Migration):
    """A draft budget line keeps what was typed, even before its amount is filled in."""

    dependencies = [
        ("grants", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="budgetline",
            name="amount",
            field=models.PositiveIntegerField(blank=True, null=True, verbose_name="how much (£)"),
        ),
    ]
