"""Forms of the cases pages (the API has its own schemas in ``api``)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from palermo.referral import CaseState, PermitState
from palermo.standard import load_codelist
from palermo_web.cases.models import AgeStatus, Referral, Service, YesNoUnknown
from palermo_web.cases.nrm import country_config


def _codes(codelist: str, *, unknown: bool = True) -> list[tuple[str, str]]:
    # Evaluated when the form is shown, in the reader's language.
    french = (get_language() or "en").startswith("fr")
    choices = [
        (c.code, c.fr if french else c.en) for c in load_codelist(codelist).codes
    ]
    if unknown:
        choices.insert(0, ("unknown", _("unknown")))
    return choices


def _country_choices() -> list[tuple[str, str]]:
    return _codes("country")


CONSENT_CHOICES = [("", _("not asked")), ("yes", _("yes")), ("no", _("no"))]


def _tristate(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


class LocalDateTimeField(forms.DateTimeField):
    """A date and time typed in the country's time zone (blank: now)."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"})
    input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]

    def to_python(self, value: Any) -> datetime | None:
        moment = super().to_python(value)
        if moment is None:
            return None
        zone = country_config().zone
        return moment.replace(tzinfo=None).replace(tzinfo=zone)


class RegistrationForm(forms.Form):
    age_status = forms.ChoiceField(
        label=_("Age"),
        choices=AgeStatus.choices,
        help_text=_(
            "When the age is uncertain, the person is presumed a child until an "
            "age assessment: referred without consent, with a guardian."
        ),
    )
    age = forms.IntegerField(
        label=_("Age in years, if known"), required=False, min_value=0, max_value=120
    )
    sex = forms.ChoiceField(label=_("Sex"), choices=lambda: _codes("sex"))
    citizenship = forms.ChoiceField(label=_("Citizenship"), choices=_country_choices)
    forms_of_exploitation = forms.MultipleChoiceField(
        label=_("Forms of exploitation"),
        choices=lambda: _codes("exploitation", unknown=False),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    country_of_exploitation = forms.ChoiceField(
        label=_("Country of exploitation"), choices=_country_choices
    )
    recruitment_country = forms.ChoiceField(
        label=_("Country of recruitment"), choices=_country_choices
    )
    unaccompanied_minor = forms.ChoiceField(
        label=_("Unaccompanied minor"), choices=YesNoUnknown.choices, initial="unknown"
    )
    consent_referral = forms.ChoiceField(
        label=_("An adult consents to referral"),
        choices=CONSENT_CHOICES,
        required=False,
    )
    consent_data_sharing = forms.ChoiceField(
        label=_("An adult consents to sharing their data with service providers"),
        choices=CONSENT_CHOICES,
        required=False,
    )
    refer_now = forms.BooleanField(
        label=_("Refer to the competent authority now (always, for a child)"),
        required=False,
        initial=True,
    )
    competent_authority = forms.ChoiceField(
        label=_("Competent authority"), required=False
    )
    given_names = forms.CharField(
        label=_("Given names"), required=False, max_length=200
    )
    family_names = forms.CharField(
        label=_("Family names"), required=False, max_length=200
    )
    date_of_birth = forms.DateField(
        label=_("Date of birth"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    place_of_birth = forms.CharField(
        label=_("Place of birth"), required=False, max_length=200
    )
    document_number = forms.CharField(
        label=_("Document number"), required=False, max_length=100
    )
    screening = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, authorities: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["competent_authority"]
        field.choices = [(a.pk, a.name) for a in authorities]  # type: ignore[attr-defined]
        if len(authorities) == 1:
            field.initial = authorities[0].pk

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        age, status = data.get("age"), data.get("age_status")
        if age is not None and status == AgeStatus.ADULT and age < 18:
            self.add_error("age", _("A person under 18 is registered as a child."))
        if age is not None and status == AgeStatus.CHILD and age >= 18:
            self.add_error("age", _("A child is under 18."))
        for name in ("consent_referral", "consent_data_sharing"):
            data[name] = _tristate(data.get(name, ""))
        return data


class MoveForm(forms.Form):
    to = forms.ChoiceField(choices=[(s.value, s.value) for s in CaseState])
    reason = forms.CharField(
        label=_("Reason (no names)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    when = LocalDateTimeField(label=_("When (blank: now)"), required=False)
    competent_authority = forms.CharField(required=False)


class ConsentForm(forms.Form):
    referral = forms.ChoiceField(
        label=_("Consent to referral"), choices=CONSENT_CHOICES[1:]
    )
    data_sharing = forms.ChoiceField(
        label=_("Consent to data sharing"), choices=CONSENT_CHOICES, required=False
    )


class AgeForm(forms.Form):
    age_status = forms.ChoiceField(
        label=_("Outcome of the age assessment"), choices=AgeStatus.choices
    )
    age = forms.IntegerField(
        label=_("Age in years"), required=False, min_value=0, max_value=120
    )
    reason = forms.CharField(label=_("Note (no names)"), required=False)


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Note (no names)"), required=False)
    when = LocalDateTimeField(label=_("When (blank: now)"), required=False)


class ExtendForm(forms.Form):
    days = forms.IntegerField(label=_("Days"), min_value=1, max_value=3650)
    reason = forms.CharField(label=_("Reason (no names)"))


class PermitForm(forms.Form):
    to = forms.ChoiceField(
        label=_("Step"), choices=[(s.value, s.value) for s in PermitState]
    )
    months = forms.IntegerField(
        label=_("Months of validity"), required=False, min_value=1, max_value=120
    )
    reason = forms.CharField(label=_("Reason (no names)"), required=False)


class IdentityForm(forms.Form):
    given_names = forms.CharField(
        label=_("Given names"), required=False, max_length=200
    )
    family_names = forms.CharField(
        label=_("Family names"), required=False, max_length=200
    )
    date_of_birth = forms.DateField(
        label=_("Date of birth"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    place_of_birth = forms.CharField(
        label=_("Place of birth"), required=False, max_length=200
    )
    document_number = forms.CharField(
        label=_("Document number"), required=False, max_length=100
    )


class ReferForm(forms.Form):
    kind = forms.ChoiceField(label=_("What"), choices=Referral.Kind.choices)
    to_organisation = forms.ChoiceField(label=_("To"))
    service = forms.ChoiceField(
        label=_("Service"), choices=[("", "—"), *Service.choices], required=False
    )
    note = forms.CharField(label=_("Note (no names)"), required=False)

    def __init__(self, *args: Any, organisations: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_organisation"].choices = [  # type: ignore[attr-defined]
            (o.pk, o.name) for o in organisations
        ]


class RespondForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), required=False)
    outcome = forms.ChoiceField(
        choices=[("", "—"), *Referral.Outcome.choices], required=False
    )
    reason_not_successful = forms.ChoiceField(
        choices=[("", "—"), *Referral.NotSuccessful.choices], required=False
    )


class PeriodForm(forms.Form):
    period = forms.IntegerField(
        label=_("Reference period (year)"), min_value=1900, max_value=2100
    )
