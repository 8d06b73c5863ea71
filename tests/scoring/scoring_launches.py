"""Hand-made canonical launches for the scoring tests.

The leads and sales follow :mod:`hotleads_core.schema` exactly, so the tests
do not depend on ingest. Every random draw uses a fixed seed.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd

from hotleads_core.config import config_from_dict
from hotleads_core.schema import NOT_SET, empty_sales, lead_dtypes, sale_dtypes

TIMEZONE = "America/Sao_Paulo"


@dataclasses.dataclass(frozen=True)
class LaunchStub:
    """The fields of ``LaunchData`` that scoring reads."""

    config: object
    leads: pd.DataFrame
    sales: pd.DataFrame
    history_sales: pd.DataFrame


def launch_config(*, capture=None, features=None, with_sales=True, **scoring):
    """Return a launch configuration with the given capture period, extra features and scoring."""
    raw = {
        "launch": {"name": "test-launch", "title": "Test launch", "strategy": "evergreen",
                   "timezone": TIMEZONE},
        "leads": {"path": "leads.csv", "features": features or {}},
        "scoring": scoring,
    }
    if capture is not None:
        raw["launch"]["capture"] = capture
    if with_sales:
        raw["sales"] = {"path": "sales.csv"}
    return config_from_dict(raw)


def make_leads(sources, signed_up_at, *, extra=None) -> pd.DataFrame:
    """Return canonical leads with ids lead0000, lead0001, ... and the given sources and times."""
    count = len(sources)
    dtypes = lead_dtypes(TIMEZONE)
    columns = {
        "lead_id": [f"lead{i:04d}" for i in range(count)],
        "signed_up_at": pd.DatetimeIndex(signed_up_at).tz_convert(TIMEZONE),
        "utm_source": list(sources),
        "utm_medium": ["cpc"] * count,
        "utm_campaign": [NOT_SET] * count,
        "utm_content": [NOT_SET] * count,
        "utm_term": [NOT_SET] * count,
        "email_domain_kind": ["free"] * count,
    }
    leads = pd.DataFrame({name: pd.Series(values).astype(dtypes[name])
                          for name, values in columns.items()})
    for name, values in (extra or {}).items():
        leads[name] = values
    return leads


def make_sales(lead_ids, purchased_at, *, amounts=None, statuses=None) -> pd.DataFrame:
    """Return one sale per given lead at the given time, paid 100.00 unless amounts and statuses are given."""
    dtypes = sale_dtypes(TIMEZONE)
    count = len(lead_ids)
    if count == 0:
        return empty_sales(TIMEZONE)
    columns = {
        "transaction_id": [f"t{i:05d}" for i in range(count)],
        "lead_id": list(lead_ids),
        "purchased_at": pd.DatetimeIndex(purchased_at).tz_convert(TIMEZONE),
        "amount": list(amounts) if amounts is not None else [100.0] * count,
        "currency": ["BRL"] * count,
        "original_currency": ["BRL"] * count,
        "status": list(statuses) if statuses is not None else ["paid"] * count,
    }
    return pd.DataFrame({name: pd.Series(values).astype(dtypes[name])
                         for name, values in columns.items()})


def planted_launch(config, *, count=2000, seed=7) -> LaunchStub:
    """Return a launch where ``utm_source`` 'partner' converts at 40% and the others at 2%.

    A quarter of the leads come from 'partner'; sign-ups are spread evenly over
    January to May 2024 (UTC) and every buyer pays one day after signing up.
    """
    generator = np.random.default_rng(seed)
    sources = np.array(["partner", "search", "social", "email"])[np.arange(count) % 4]
    rate = np.where(sources == "partner", 0.40, 0.02)
    bought = generator.random(count) < rate
    start = pd.Timestamp("2024-01-01", tz="UTC")
    signed_up_at = start + pd.to_timedelta(np.linspace(0, 151 * 24, count), unit="h")
    leads = make_leads(sources, signed_up_at)
    buyer_ids = leads["lead_id"][bought]
    sales = make_sales(buyer_ids, signed_up_at[bought] + pd.Timedelta(days=1))
    return LaunchStub(config=config, leads=leads, sales=sales, history_sales=empty_sales(TIMEZONE))
