"""The published national rates that were checked against public texts (README,
"Economics: fees per child and the law"). Only verified years are here; a year
without rates makes a computation refuse with a message naming the year. Demo rates
are entered by the demo data, flagged, and never by a migration."""

from decimal import Decimal

from django.db import migrations

SL55 = "SEL § 55, stk. 4"
BOARD_AND_LODGING = [
    # year, under 10, 10 and over, 3rd and later child, source
    (2015, "171", "183", "159", "BEK nr. 1573 af 27. december 2014 (" + SL55 + ")"),
    (2016, "174", "186", "162", SL55 + " (2016-niveau)"),
    (2019, "184", "196", "171", "KL, skrivelse af 21. august 2018 (" + SL55 + ")"),
    (2021, "193", "206", "177", "Social- og Ældreministeriet, satser for 2021 (" + SL55 + ")"),
    (2023, "201", "214", "184", "KL, skrivelse af 1. september 2022 (" + SL55 + ")"),
    (2024, "206", "221", "190", "Social- og Boligministeriet, satser for 2024 (barnets lov § 197)"),
]
FEE_UNITS = [
    # year, per day, per month (the day × 365/12, as KL rounds it), source
    (2019, "141.59", "4307", "KL, skrivelse af 21. august 2018"),
    (2023, "154.31", "4694", "KL, skrivelse af 1. september 2022"),
]


def seed(apps, schema_editor):
    board = apps.get_model("economics", "BoardAndLodgingRate")
    fee = apps.get_model("economics", "FeeUnitRate")
    for year, under, over, third, source in BOARD_AND_LODGING:
        board.objects.update_or_create(
            year=year,
            defaults={
                "under_ten": Decimal(under),
                "ten_and_over": Decimal(over),
                "third_and_later": Decimal(third),
                "is_demo": False,
                "source": source,
            },
        )
    for year, per_day, per_month, source in FEE_UNITS:
        fee.objects.update_or_create(
            year=year,
            defaults={
                "per_day": Decimal(per_day),
                "per_month": Decimal(per_month),
                "is_demo": False,
                "source": source,
            },
        )


def unseed(apps, schema_editor):
    apps.get_model("economics", "BoardAndLodgingRate").objects.filter(
        year__in=[row[0] for row in BOARD_AND_LODGING], is_demo=False
    ).delete()
    apps.get_model("economics", "FeeUnitRate").objects.filter(
        year__in=[row[0] for row in FEE_UNITS], is_demo=False
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("economics", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
