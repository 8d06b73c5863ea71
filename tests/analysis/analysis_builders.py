"""Hand-made canonical leads, sales and configurations for the analysis tests."""

from __future__ import annotations

import pandas as pd

from hotleads_core.config import config_from_dict
from hotleads_core.schema import empty_leads, empty_sales, lead_dtypes, sale_dtypes

TIMEZONE = "America/Sao_Paulo"


def make_config(**overrides):
    """Return a valid launch configuration; ``overrides`` replace top-level sections."""
    raw = {
        "launch": {"name": "test-launch", "title": "Test launch", "strategy": "classic",
                   "timezone": TIMEZONE, "currency": "BRL"},
        "leads": {"path": "leads.csv"},
        "sales": {"path": "sales.csv"},
    }
    raw.update(overrides)
    return config_from_dict(raw)


def make_leads(rows, timezone=TIMEZONE):
    """Build scored canonical leads from dicts.

    Each dict needs ``lead_id``, ``signed_up_at`` (local ISO time) and
    ``band``; UTM fields default to ``(not set)``.
    """
    if not rows:
        leads = empty_leads(timezone)
        leads["probability"] = pd.Series([], dtype="float64")
        leads["band"] = pd.Categorical([], categories=["hot", "warm", "cold"])
        return leads
    frame = pd.DataFrame(rows)
    for field in ("utm_source", "utm_medium", "utm_campaign", "utm_content", "utm_term"):
        if field not in frame:
            frame[field] = "(not set)"
        frame[field] = frame[field].fillna("(not set)")
    frame["email_domain_kind"] = "free"
    frame["signed_up_at"] = pd.to_datetime(frame["signed_up_at"]).dt.tz_localize(timezone)
    dtypes = lead_dtypes(timezone)
    leads = frame[list(dtypes)].astype(dtypes)
    leads["probability"] = frame.get("probability", pd.Series(0.5, index=frame.index)).astype("float64")
    leads["band"] = pd.Categorical(frame["band"], categories=["hot", "warm", "cold"])
    return leads


def make_sales(rows, timezone=TIMEZONE):
    """Build canonical sales from dicts with ``lead_id``, ``purchased_at``, ``amount``, ``status``."""
    if not rows:
        return empty_sales(timezone)
    frame = pd.DataFrame(rows)
    frame["transaction_id"] = [f"t{i}" for i in range(len(frame))]
    frame["currency"] = "BRL"
    frame["original_currency"] = "BRL"
    frame["purchased_at"] = pd.to_datetime(frame["purchased_at"]).dt.tz_localize(timezone)
    dtypes = sale_dtypes(timezone)
    return frame[list(dtypes)].astype(dtypes)


# A small launch whose figures are computed by hand in the tests.
LAUNCH_LEADS = [
    {"lead_id": "L1", "signed_up_at": "2024-03-04 09:00", "band": "hot",
     "utm_source": "facebook", "utm_medium": "cpc"},
    {"lead_id": "L2", "signed_up_at": "2024-03-04 23:30", "band": "hot",
     "utm_source": "facebook", "utm_medium": "cpc"},
    {"lead_id": "L3", "signed_up_at": "2024-03-05 10:00", "band": "warm",
     "utm_source": "google"},
    {"lead_id": "L4", "signed_up_at": "2024-03-06 10:00", "band": "cold",
     "utm_source": "google", "utm_medium": "organic"},
    {"lead_id": "L5", "signed_up_at": "2024-03-13 10:00", "band": "cold"},
    {"lead_id": "L6", "signed_up_at": "2024-03-14 10:00", "band": "hot",
     "utm_source": "email", "utm_medium": "newsletter", "utm_campaign": "launch-1"},
]

LAUNCH_SALES = [
    {"lead_id": "L1", "purchased_at": "2024-03-10 10:00", "amount": 100.00, "status": "paid"},
    {"lead_id": "L1", "purchased_at": "2024-03-11 10:00", "amount": 50.01, "status": "paid"},
    {"lead_id": "L2", "purchased_at": "2024-03-10 11:00", "amount": 200.00, "status": "refunded"},
    {"lead_id": "L3", "purchased_at": "2024-03-03 10:00", "amount": 30.00, "status": "paid"},
    {"lead_id": "L4", "purchased_at": "2024-03-12 10:00", "amount": float("nan"), "status": "paid"},
    {"lead_id": "L6", "purchased_at": "2024-03-15 10:00", "amount": 997.00, "status": "paid"},
    {"lead_id": "L6", "purchased_at": "2024-03-15 11:00", "amount": 10.00, "status": "chargeback"},
    {"lead_id": "L9", "purchased_at": "2024-03-15 12:00", "amount": 5.00, "status": "paid"},
]


def launch_config(**overrides):
    """Configuration of the hand-computed launch: capture from 26 Feb to 24 Mar 2024."""
    launch = {"name": "hand-launch", "title": "Hand launch", "strategy": "classic",
              "timezone": TIMEZONE, "currency": "BRL",
              "capture": {"start": "2024-02-26", "end": "2024-03-24"}}
    sections = {"launch": launch,
                "planned_channels": {"utm_source": ["Facebook", "google", "tiktok"]}}
    sections.update(overrides)
    return make_config(**sections)
