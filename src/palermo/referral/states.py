"""The national referral mechanism as explicit states and allowed transitions (plain data).

detected → referred → first decision pending → reasonable grounds positive / negative
→ recovery and reflection period → conclusive decision pending → conclusive positive /
negative → support → exit; a negative decision may be reconsidered. :data:`TRANSITIONS`
says who may make each move and whether it needs a reason; :mod:`palermo.referral.history`
applies it to a case's history.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar

from palermo.errors import InputError, PalermoError

E = TypeVar("E", bound=StrEnum)


def parse(kind: type[E], value: E | str) -> E:
    """``value`` as a member of enum ``kind``.

    Raises:
        InputError: not one of its values; the message lists them.
    """
    try:
        return kind(value)
    except ValueError:
        allowed = ", ".join(m.value for m in kind)
        raise InputError(
            f"{value!r} is not a {kind.__name__}; expected one of {allowed}"
        ) from None


class TransitionRefused(PalermoError):
    """A transition or event is not allowed; ``issues`` lists every reason."""


class CaseState(StrEnum):
    """Where a case stands in the referral mechanism."""

    DETECTED = "detected"
    REFERRED = "referred"
    FIRST_DECISION_PENDING = "first_decision_pending"
    REASONABLE_GROUNDS_POSITIVE = "reasonable_grounds_positive"
    REASONABLE_GROUNDS_NEGATIVE = "reasonable_grounds_negative"
    REASONABLE_GROUNDS_RECONSIDERATION = "reasonable_grounds_reconsideration"
    RECOVERY_PERIOD = "recovery_period"
    CONCLUSIVE_DECISION_PENDING = "conclusive_decision_pending"
    CONCLUSIVE_POSITIVE = "conclusive_positive"
    CONCLUSIVE_NEGATIVE = "conclusive_negative"
    CONCLUSIVE_RECONSIDERATION = "conclusive_reconsideration"
    SUPPORT = "support"
    EXIT = "exit"

    def label(self, lang: str = "en") -> str:
        """The state's name in ``lang`` ("en" or "fr")."""
        return STATE_LABELS[self][1 if lang == "fr" else 0]


STATE_LABELS: dict[CaseState, tuple[str, str]] = {
    CaseState.DETECTED: ("Detected", "Détectée"),
    CaseState.REFERRED: ("Referred", "Orientée"),
    CaseState.FIRST_DECISION_PENDING: (
        "First (reasonable-grounds) decision pending",
        "Première décision (motifs raisonnables) en attente",
    ),
    CaseState.REASONABLE_GROUNDS_POSITIVE: (
        "Reasonable grounds: positive",
        "Motifs raisonnables : décision positive",
    ),
    CaseState.REASONABLE_GROUNDS_NEGATIVE: (
        "Reasonable grounds: negative",
        "Motifs raisonnables : décision négative",
    ),
    CaseState.REASONABLE_GROUNDS_RECONSIDERATION: (
        "Reasonable grounds: reconsideration",
        "Motifs raisonnables : réexamen",
    ),
    CaseState.RECOVERY_PERIOD: (
        "Recovery and reflection period",
        "Délai de rétablissement et de réflexion",
    ),
    CaseState.CONCLUSIVE_DECISION_PENDING: (
        "Conclusive decision pending",
        "Décision définitive en attente",
    ),
    CaseState.CONCLUSIVE_POSITIVE: (
        "Conclusive decision: positive",
        "Décision définitive : positive",
    ),
    CaseState.CONCLUSIVE_NEGATIVE: (
        "Conclusive decision: negative",
        "Décision définitive : négative",
    ),
    CaseState.CONCLUSIVE_RECONSIDERATION: (
        "Conclusive decision: reconsideration",
        "Décision définitive : réexamen",
    ),
    CaseState.SUPPORT: ("Support", "Accompagnement"),
    CaseState.EXIT: ("Exit", "Sortie"),
}


class Role(StrEnum):
    """Who acts on a case (the hub maps its users' roles onto these)."""

    FIRST_RESPONDER = "first_responder"
    COMPETENT_AUTHORITY = "competent_authority"
    CASEWORKER = "caseworker"
    SUPPORT_PROVIDER = "support_provider"
    IMMIGRATION_AUTHORITY = "immigration_authority"


class AgeStatus(StrEnum):
    """What is known of the person's age."""

    ADULT = "adult"
    CHILD = "child"
    UNCERTAIN = "uncertain"  # presumed a child pending age assessment


class Action(StrEnum):
    """What an event records."""

    OPEN = "open"
    TRANSITION = "transition"
    EXTEND = "extend"  # the recovery and reflection period is extended
    CONSENT = "consent"  # the person gives or withdraws consent to referral
    AGE = "age"  # an age assessment, or new information on age
    GUARDIAN = "guardian"  # a guardian or representative is appointed for a child
    BEST_INTERESTS = "best_interests"  # a child's best-interests assessment is made


@dataclass(frozen=True)
class Transition:
    """One allowed move: who may make it, and whether it must give a reason."""

    source: CaseState
    target: CaseState
    roles: frozenset[Role]
    needs_reason: bool = False


_FR, _CA, _CW, _SP = (
    Role.FIRST_RESPONDER,
    Role.COMPETENT_AUTHORITY,
    Role.CASEWORKER,
    Role.SUPPORT_PROVIDER,
)


def _t(
    source: CaseState, target: CaseState, *roles: Role, reason: bool = False
) -> Transition:
    return Transition(source, target, frozenset(roles), reason)


S = CaseState
TRANSITIONS: tuple[Transition, ...] = (
    _t(S.DETECTED, S.REFERRED, _FR, _CW),
    # An adult who does not consent is not referred (a child always is).
    _t(S.DETECTED, S.EXIT, _FR, _CW, reason=True),
    _t(S.REFERRED, S.FIRST_DECISION_PENDING, _CA),
    _t(S.FIRST_DECISION_PENDING, S.REASONABLE_GROUNDS_POSITIVE, _CA),
    _t(S.FIRST_DECISION_PENDING, S.REASONABLE_GROUNDS_NEGATIVE, _CA, reason=True),
    _t(S.FIRST_DECISION_PENDING, S.EXIT, _CA, _CW, reason=True),
    _t(S.REASONABLE_GROUNDS_POSITIVE, S.RECOVERY_PERIOD, _CA, _CW),
    # The person may decline the recovery period; the decision process goes on.
    _t(S.REASONABLE_GROUNDS_POSITIVE, S.CONCLUSIVE_DECISION_PENDING, _CA, reason=True),
    _t(
        S.REASONABLE_GROUNDS_NEGATIVE,
        S.REASONABLE_GROUNDS_RECONSIDERATION,
        _CA,
        _CW,
        _FR,
    ),
    _t(S.REASONABLE_GROUNDS_NEGATIVE, S.EXIT, _CA, _CW, reason=True),
    _t(S.REASONABLE_GROUNDS_RECONSIDERATION, S.REASONABLE_GROUNDS_POSITIVE, _CA),
    _t(
        S.REASONABLE_GROUNDS_RECONSIDERATION,
        S.REASONABLE_GROUNDS_NEGATIVE,
        _CA,
        reason=True,
    ),
    _t(S.RECOVERY_PERIOD, S.CONCLUSIVE_DECISION_PENDING, _CA, _CW),
    _t(S.RECOVERY_PERIOD, S.EXIT, _CA, _CW, _SP, reason=True),
    _t(S.CONCLUSIVE_DECISION_PENDING, S.CONCLUSIVE_POSITIVE, _CA),
    _t(S.CONCLUSIVE_DECISION_PENDING, S.CONCLUSIVE_NEGATIVE, _CA, reason=True),
    _t(S.CONCLUSIVE_DECISION_PENDING, S.EXIT, _CA, _CW, reason=True),
    _t(S.CONCLUSIVE_POSITIVE, S.SUPPORT, _CA, _CW, _SP),
    _t(S.CONCLUSIVE_POSITIVE, S.EXIT, _CA, _CW, reason=True),
    _t(S.CONCLUSIVE_NEGATIVE, S.CONCLUSIVE_RECONSIDERATION, _CA, _CW, _FR),
    _t(S.CONCLUSIVE_NEGATIVE, S.EXIT, _CA, _CW, reason=True),
    _t(S.CONCLUSIVE_RECONSIDERATION, S.CONCLUSIVE_POSITIVE, _CA),
    _t(S.CONCLUSIVE_RECONSIDERATION, S.CONCLUSIVE_NEGATIVE, _CA, reason=True),
    _t(S.SUPPORT, S.EXIT, _CW, _SP, reason=True),
)

FINAL_STATES = frozenset({CaseState.EXIT})
DECISION_STATES = {
    "first": frozenset({S.REASONABLE_GROUNDS_POSITIVE, S.REASONABLE_GROUNDS_NEGATIVE}),
    "conclusive": frozenset({S.CONCLUSIVE_POSITIVE, S.CONCLUSIVE_NEGATIVE}),
}


def allowed_transitions(state: CaseState | str) -> tuple[CaseState, ...]:
    """The states a case in ``state`` may move to, in table order."""
    current = parse(CaseState, state)
    return tuple(t.target for t in TRANSITIONS if t.source is current)


def find_transition(source: CaseState, target: CaseState) -> Transition | None:
    """The table entry for ``source -> target``, or None if the move is not allowed."""
    for entry in TRANSITIONS:
        if entry.source is source and entry.target is target:
            return entry
    return None
