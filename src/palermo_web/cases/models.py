"""Referral cases: the person's case, its history, permits, identity and referrals.

The rules live in :mod:`palermo.referral`; these models store what the rules produce.
A case's workflow is an append-only list of :class:`CaseEvent` rows, one per event of
the core's :class:`~palermo.referral.CaseHistory`; ``Case.status`` and the other
denormalised columns are kept so that lists can be filtered and sorted in the database,
and are rewritten from the history on every change (``palermo_web.cases.services``).

Identity fields are stored apart (:class:`Identity`), each one encrypted on its own
(``palermo_web.cases.crypto``), so that lists never load them and every read of them
is a deliberate, audited act.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from palermo.referral import CaseState, PermitState
from palermo.referral import Role as NrmRoleName


class Status(models.TextChoices):
    """Where a case stands: the core's :class:`~palermo.referral.CaseState`."""

    DETECTED = CaseState.DETECTED.value, _("Detected")
    REFERRED = CaseState.REFERRED.value, _("Referred")
    FIRST_DECISION_PENDING = (
        CaseState.FIRST_DECISION_PENDING.value,
        _("First (reasonable-grounds) decision pending"),
    )
    REASONABLE_GROUNDS_POSITIVE = (
        CaseState.REASONABLE_GROUNDS_POSITIVE.value,
        _("Reasonable grounds: positive"),
    )
    REASONABLE_GROUNDS_NEGATIVE = (
        CaseState.REASONABLE_GROUNDS_NEGATIVE.value,
        _("Reasonable grounds: negative"),
    )
    REASONABLE_GROUNDS_RECONSIDERATION = (
        CaseState.REASONABLE_GROUNDS_RECONSIDERATION.value,
        _("Reasonable grounds: reconsideration"),
    )
    RECOVERY_PERIOD = (
        CaseState.RECOVERY_PERIOD.value,
        _("Recovery and reflection period"),
    )
    CONCLUSIVE_DECISION_PENDING = (
        CaseState.CONCLUSIVE_DECISION_PENDING.value,
        _("Conclusive decision pending"),
    )
    CONCLUSIVE_POSITIVE = (
        CaseState.CONCLUSIVE_POSITIVE.value,
        _("Conclusive decision: positive"),
    )
    CONCLUSIVE_NEGATIVE = (
        CaseState.CONCLUSIVE_NEGATIVE.value,
        _("Conclusive decision: negative"),
    )
    CONCLUSIVE_RECONSIDERATION = (
        CaseState.CONCLUSIVE_RECONSIDERATION.value,
        _("Conclusive decision: reconsideration"),
    )
    SUPPORT = CaseState.SUPPORT.value, _("Support")
    EXIT = CaseState.EXIT.value, _("Exit")


class AgeStatus(models.TextChoices):
    ADULT = "adult", _("Adult")
    CHILD = "child", _("Child (under 18)")
    UNCERTAIN = "uncertain", _("Age uncertain: presumed a child")


class NrmRole(models.TextChoices):
    """The parts an organisation plays in the referral mechanism (the core's roles)."""

    FIRST_RESPONDER = NrmRoleName.FIRST_RESPONDER.value, _("First responder")
    COMPETENT_AUTHORITY = (
        NrmRoleName.COMPETENT_AUTHORITY.value,
        _("Competent authority"),
    )
    CASEWORKER = NrmRoleName.CASEWORKER.value, _("Case manager")
    SUPPORT_PROVIDER = NrmRoleName.SUPPORT_PROVIDER.value, _("Support provider")
    IMMIGRATION_AUTHORITY = (
        NrmRoleName.IMMIGRATION_AUTHORITY.value,
        _("Immigration authority"),
    )


class YesNoUnknown(models.TextChoices):
    YES = "yes", _("yes")
    NO = "no", _("no")
    UNKNOWN = "unknown", _("unknown")


class Case(models.Model):
    """One presumed victim's case in the national referral mechanism.

    Holds no identity: names, date and place of birth and document number are in
    :class:`Identity`, encrypted. ``owner`` is the organisation responsible for the case
    (a transfer changes it); the competent authority decides on it; referrals give other
    organisations access without ownership.
    """

    owner = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    competent_authority = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    registered_at = models.DateTimeField(default=timezone.now)
    # The kind of organisation that detected the person (the standard's referral_source).
    referral_source = models.CharField(max_length=32)
    status = models.CharField(
        max_length=40, choices=Status.choices, default=Status.DETECTED
    )
    age_status = models.CharField(max_length=12, choices=AgeStatus.choices)
    consent_referral = models.BooleanField(null=True, blank=True)
    consent_data_sharing = models.BooleanField(null=True, blank=True)
    # What the statistics count: codes of the common data standard, no identity.
    sex = models.CharField(max_length=16, default="unknown")
    age = models.PositiveSmallIntegerField(null=True, blank=True)
    citizenship = models.CharField(max_length=16, default="unknown")
    forms_of_exploitation = models.JSONField(default=list)
    country_of_exploitation = models.CharField(max_length=16, default="unknown")
    recruitment_country = models.CharField(max_length=16, default="unknown")
    unaccompanied_minor = models.CharField(
        max_length=8, choices=YesNoUnknown.choices, default=YesNoUnknown.UNKNOWN
    )
    cooperation = models.CharField(
        max_length=8, choices=YesNoUnknown.choices, default=YesNoUnknown.UNKNOWN
    )
    # The screening against the ILO/EC indicators (indicator ids and outcomes only).
    screening = models.JSONField(default=dict, blank=True)
    # The next open deadline, rewritten from the history on every change, so that the
    # case list can sort and filter on it without computing every case's deadlines.
    next_deadline_kind = models.CharField(max_length=32, blank=True)
    next_deadline_due = models.DateTimeField(null=True, blank=True)
    next_alert_at = models.DateTimeField(null=True, blank=True)
    erased_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-registered_at", "-id"]
        # The case list's parts (``listing``), newest first, answered from these
        # indexes alone: the key columns give the order (``id`` breaks ties), the
        # rest let the list's filters and the authority's "not owned" be tested
        # without reading the case's row.
        indexes = [
            models.Index(
                fields=["owner", "registered_at", "id", "status", "next_alert_at"],
                name="case_list_owned",
            ),
            models.Index(
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
            models.Index(fields=["status"]),
            models.Index(fields=["next_alert_at"]),
            models.Index(fields=["registered_at"]),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        """The case's reference: a number, never anything about the person."""
        return f"NRM-{self.registered_at:%Y}-{self.pk:06d}"

    @property
    def is_treated_as_child(self) -> bool:
        return self.age_status != AgeStatus.ADULT

    @property
    def is_erased(self) -> bool:
        return self.erased_at is not None


class AppendOnly(models.Model):
    """A row that is written once and never changed by the application."""

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ValueError(f"{type(self).__name__} rows are never changed")
        super().save(*args, **kwargs)


class CaseEvent(AppendOnly):
    """One event of a case's history (:class:`palermo.referral.Event`), in order.

    ``reason`` is the only free text; erasure blanks it (the one change ever made).
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    seq = models.PositiveIntegerField()
    action = models.CharField(max_length=16)
    at = models.DateTimeField()
    by_role = models.CharField(max_length=32)
    state = models.CharField(max_length=40, choices=Status.choices)
    reason = models.TextField(blank=True)
    days = models.PositiveIntegerField(null=True, blank=True)
    age_status = models.CharField(max_length=12, blank=True)
    consent = models.BooleanField(null=True, blank=True)
    by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    by_organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["case", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["case", "seq"], name="case_event_order")
        ]

    def __str__(self) -> str:
        return f"{self.case_id}#{self.seq} {self.action} {self.state}"


class PermitEvent(AppendOnly):
    """One event of the person's path under Directive 2004/81/EC."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="permits")
    seq = models.PositiveIntegerField()
    state = models.CharField(
        max_length=24, choices=[(s.value, s.value) for s in PermitState]
    )
    at = models.DateTimeField()
    by_role = models.CharField(max_length=32)
    reason = models.TextField(blank=True)
    months = models.PositiveSmallIntegerField(null=True, blank=True)
    by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["case", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["case", "seq"], name="permit_event_order")
        ]

    def __str__(self) -> str:
        return f"{self.case_id}#{self.seq} permit {self.state}"


class Identity(models.Model):
    """The person's identity fields, each encrypted on its own (empty: not known).

    Every value is a Fernet token bound to this case and field (see ``crypto``); the
    keys are in the hub's settings, never in the database.
    """

    case = models.OneToOneField(
        Case, on_delete=models.CASCADE, primary_key=True, related_name="identity"
    )
    given_names = models.TextField(blank=True)
    family_names = models.TextField(blank=True)
    date_of_birth = models.TextField(blank=True)
    place_of_birth = models.TextField(blank=True)
    document_number = models.TextField(blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"identity of case {self.case_id}"


class Service(models.TextChoices):
    """Services a case is referred for (Directive 2011/36/EU Art. 11(5), and more)."""

    ACCOMMODATION = "accommodation", _("Safe accommodation")
    MATERIAL = "material", _("Material assistance")
    MEDICAL = "medical", _("Medical treatment")
    PSYCHOLOGICAL = "psychological", _("Psychological assistance")
    COUNSELLING = "counselling", _("Counselling and information")
    INTERPRETATION = "interpretation", _("Translation and interpretation")
    LEGAL = "legal", _("Legal assistance")
    EDUCATION = "education", _("Education and training")
    EMPLOYMENT = "employment", _("Employment")
    RESIDENCE = "residence", _("Residence (immigration)")
    CHILD_PROTECTION = "child_protection", _("Child protection")
    RETURN = "return", _("Assisted return")
    OTHER = "other", _("Other")


class Referral(models.Model):
    """A referral to a service provider, or a transfer of the case (Primero's way).

    A service referral gives the receiving organisation access to the case without
    ownership; a transfer, once accepted, makes it the owner (the old owner keeps no
    access of its own). Either is accepted, or rejected with a reason; a service
    referral is then done with its outcome. The referring organisation may revoke a
    pending one.
    """

    class Kind(models.TextChoices):
        SERVICE = "service", _("Referral for a service")
        TRANSFER = "transfer", _("Transfer of the case")

    class State(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")
        DONE = "done", _("Done")
        REVOKED = "revoked", _("Revoked")

    class Outcome(models.TextChoices):
        SUCCESSFUL = "successful", _("Successful")
        NOT_SUCCESSFUL = "not_successful", _("Not successful")

    class NotSuccessful(models.TextChoices):
        CLIENT_REFUSED = "client_refused_services", _("The person refused the service")
        LACK_OF_CAPACITY = "lack_of_capacity", _("No capacity")
        NO_LONGER_NEEDED = "services_no_longer_needed", _("No longer needed")
        NO_CONTACT_CLIENT = "unable_to_contact_client", _("Could not reach the person")
        NO_CONTACT_PROVIDER = (
            "unable_to_contact_referred_to_organization",
            _("Could not reach the provider"),
        )
        OTHER = "other", _("Other")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="referrals")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    service = models.CharField(max_length=20, choices=Service.choices, blank=True)
    from_organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    to_organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    state = models.CharField(
        max_length=10, choices=State.choices, default=State.PENDING
    )
    # A child's referral needs no consent: it is made in the child's best interests.
    consent_overridden = models.BooleanField(default=False)
    note = models.TextField(blank=True)
    reason = models.TextField(blank=True)  # why it was rejected or revoked
    outcome = models.CharField(max_length=16, choices=Outcome.choices, blank=True)
    reason_not_successful = models.CharField(
        max_length=48, choices=NotSuccessful.choices, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    responded_at = models.DateTimeField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        # An organisation's referrals to answer, newest first, and the cases
        # referred to it (``access``), read from this index alone.
        indexes = [
            models.Index(
                fields=["to_organisation", "state", "created_at", "kind", "case"],
                name="referrals_received",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} of case {self.case_id} to {self.to_organisation_id}"

    @property
    def gives_access(self) -> bool:
        """A service referral that is pending, accepted or done opens the case to
        the receiving organisation; a transfer gives access while it is pending."""
        if self.kind == self.Kind.TRANSFER:
            return self.state == self.State.PENDING
        return self.state in {self.State.PENDING, self.State.ACCEPTED, self.State.DONE}


class OrganisationRole(models.Model):
    """A part an organisation plays in the mechanism, when set explicitly.

    Without rows of its own, an organisation plays the parts its type suggests
    (``palermo_web.cases.nrm.DEFAULT_ROLES``); a competent authority is always named.
    """

    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="nrm_roles",
    )
    role = models.CharField(max_length=32, choices=NrmRole.choices)

    class Meta:
        ordering = ["organisation", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "role"], name="one_nrm_role_each"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id}: {self.role}"
