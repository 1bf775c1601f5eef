"""Referral cases in the hub: a thin app over palermo.referral and palermo.screening."""
