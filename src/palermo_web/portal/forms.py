from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from palermo_web.portal.models import KIND_CHOICES


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of records"), choices=KIND_CHOICES)
    period = forms.IntegerField(
        label=_("Reference period (year)"), min_value=1900, max_value=2100
    )
    file = forms.FileField(
        label=_("File (CSV, Excel, JSON or Parquet)"),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".csv,.xlsx,.json,.parquet,.txt"}
        ),
    )
    use_saved_mapping = forms.BooleanField(
        label=_("Read it with our saved mapping"), required=False, initial=True
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["period"].initial = timezone.now().year - 1


class MappingForm(forms.Form):
    text = forms.CharField(
        label=_("Mapping (YAML)"),
        strip=False,
        widget=forms.Textarea(attrs={"rows": 22}),
        max_length=200_000,
    )
