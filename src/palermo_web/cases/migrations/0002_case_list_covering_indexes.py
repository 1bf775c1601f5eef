# The case list's and the referrals' covering indexes (issue 9: 100,000 cases).

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0001_initial"),
        ("organisations", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="case",
            name="cases_case_owner_i_fd1afd_idx",
        ),
        migrations.RemoveIndex(
            model_name="case",
            name="cases_case_compete_ba5412_idx",
        ),
        migrations.RemoveIndex(
            model_name="referral",
            name="cases_refer_to_orga_fe438b_idx",
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                fields=["owner", "registered_at", "id", "status", "next_alert_at"],
                name="case_list_owned",
            ),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                fields=[
                    "competent_authority",
                    "registered_at",
                    "id",
                    "status",
                    "next_alert_at",
                    "owner",
                ],
                name="case_list_decided",
            ),
        ),
        migrations.AddIndex(
            model_name="referral",
            index=models.Index(
                fields=["to_organisation", "state", "created_at", "kind", "case"],
                name="referrals_received",
            ),
        ),
    ]
