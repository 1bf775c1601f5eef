"""Who may see and change a case: the one place that decides it.

Only caseworkers see cases, and only those of their own organisation, those their
organisation decides on as competent authority, and those referred to it (a pending
transfer, or a service referral that is pending, accepted or done). Views and API
endpoints fetch a case only through :func:`_get_case_for_user`, which also writes the
audit event of the read; anything else is answered 404, so that a case's existence is
never confirmed to someone outside it.
"""

from __future__ import annotations

from functools import reduce
from operator import or_
from typing import Any

from django.db.models import Q, QuerySet
from django.http import HttpRequest

from palermo.referral import Role
from palermo_web.accounts.access import has_role, not_found, organisation_of
from palermo_web.accounts.models import Role as HubRole
from palermo_web.audit.log import record
from palermo_web.audit.models import Action
from palermo_web.cases.models import Case, Referral
from palermo_web.cases.nrm import roles_of


def _giving_access() -> Q:
    return Q(
        kind=Referral.Kind.SERVICE,
        state__in=[
            Referral.State.PENDING,
            Referral.State.ACCEPTED,
            Referral.State.DONE,
        ],
    ) | Q(kind=Referral.Kind.TRANSFER, state=Referral.State.PENDING)


def _ways_in(user: Any) -> list[Q]:
    """Each way ``user``'s organisation sees a case (none unless a caseworker)."""
    if not has_role(user, HubRole.CASEWORKER):
        return []
    organisation = organisation_of(user)
    if organisation is None:
        return []
    referred = Referral.objects.filter(
        _giving_access(), to_organisation=organisation
    ).values("case_id")
    return [
        Q(owner=organisation),
        Q(competent_authority=organisation),
        Q(pk__in=referred),
    ]


def cases_for(user: Any) -> QuerySet[Case]:
    """The cases ``user`` may see (none unless a caseworker)."""
    ways = _ways_in(user)
    if not ways:
        return Case.objects.none()
    return Case.objects.filter(reduce(or_, ways))


def case_parts_for(user: Any) -> list[QuerySet[Case]]:
    """:func:`cases_for` as disjoint parts whose union it is.

    A case is in the first part whose way lets ``user`` in: owned; else decided on;
    else referred. Disjoint parts are counted by adding their counts and merged
    without removing duplicates. The first two parts are answered from the case
    list's covering indexes (``Case.Meta``) alone, in registration order; the case
    list asks them (``listing``) where one query with OR would read every visible
    case's row.
    """
    parts = []
    seen = Q()  # the ways of the parts before: their cases are theirs
    for way in _ways_in(user):
        part = Case.objects.filter(way)
        parts.append(part.exclude(seen) if seen else part)
        seen |= way
    return parts


def can_write(user: Any, case: Case) -> bool:
    """Whether ``user`` may change ``case``: its owner, its competent authority, or an
    organisation whose service referral was accepted."""
    organisation = organisation_of(user)
    if organisation is None or not has_role(user, HubRole.CASEWORKER):
        return False
    if organisation.pk in (case.owner_id, case.competent_authority_id):
        return True
    return case.referrals.filter(
        kind=Referral.Kind.SERVICE,
        state=Referral.State.ACCEPTED,
        to_organisation=organisation,
    ).exists()


def acting_roles(user: Any, case: Case) -> frozenset[Role]:
    """The parts ``user`` plays on ``case`` (the core checks each move against them).

    The owner's organisation acts in its own parts (first responder, case manager...);
    the case's competent authority decides; an organisation with an accepted service
    referral acts as support provider or immigration authority.
    """
    organisation = organisation_of(user)
    if organisation is None or not has_role(user, HubRole.CASEWORKER):
        return frozenset()
    parts = roles_of(organisation)
    acting: set[Role] = set()
    if case.owner_id == organisation.pk:
        acting |= parts - {Role.COMPETENT_AUTHORITY}
    if case.competent_authority_id == organisation.pk:
        acting.add(Role.COMPETENT_AUTHORITY)
    if case.referrals.filter(
        kind=Referral.Kind.SERVICE,
        state=Referral.State.ACCEPTED,
        to_organisation=organisation,
    ).exists():
        acting |= parts & {Role.SUPPORT_PROVIDER, Role.IMMIGRATION_AUTHORITY}
    return frozenset(acting)


def _get_case_for_user(
    request: HttpRequest, pk: int, *, purpose: str = "read"
) -> tuple[Case, bool]:
    """The case ``pk`` if the requester may see it, and whether they may change it.

    Every call is audited: a read (with ``purpose``) when found, a refusal when not.

    Raises:
        Http404: no such case, or not one the requester may see.
    """
    case = (
        cases_for(request.user)
        .select_related("owner", "competent_authority")
        .filter(pk=pk)
        .first()
    )
    if case is None:
        not_found(request, "case", pk)
    record(
        request,
        Action.READ,
        "case",
        case.pk,
        organisation=case.owner_id,
        detail={"purpose": purpose},
    )
    return case, can_write(request.user, case)


def referrals_for(user: Any) -> QuerySet[Referral]:
    """Referrals sent to or by ``user``'s organisation."""
    if not has_role(user, HubRole.CASEWORKER):
        return Referral.objects.none()
    organisation = organisation_of(user)
    return Referral.objects.filter(
        Q(to_organisation=organisation) | Q(from_organisation=organisation)
    )


def get_referral_for_user(request: HttpRequest, pk: int) -> Referral:
    """A referral sent to or by the requester's organisation (audited), else 404."""
    referral = (
        referrals_for(request.user)
        .select_related("case", "to_organisation", "from_organisation")
        .filter(pk=pk)
        .first()
    )
    if referral is None:
        not_found(request, "referral", pk)
    record(
        request,
        Action.READ,
        "referral",
        referral.pk,
        organisation=referral.from_organisation_id,
        detail={"case": referral.case_id},
    )
    return referral
