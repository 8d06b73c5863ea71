"""Invariants of the launch figures on random launches (hypothesis)."""

import warnings

import pandas as pd
import pytest
from analysis_builders import launch_config, make_leads, make_sales
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hotleads_core.aggregation import aggregate
from hotleads_core.analysis import ViewSettings, build_view
from hotleads_core.config import UTM_FIELDS
from hotleads_core.errors import HotLeadsWarning

SOURCES = ("facebook", "google", "(not set)", "email")
MEDIUMS = ("cpc", "organic", "(not set)")
STATUSES = ("paid", "paid", "refunded", "chargeback", "pending")

lead_strategy = st.fixed_dictionaries({
    "utm_source": st.sampled_from(SOURCES),
    "utm_medium": st.sampled_from(MEDIUMS),
    "band": st.sampled_from(("hot", "warm", "cold")),
    "day": st.integers(min_value=0, max_value=27),
    "hour": st.integers(min_value=0, max_value=23),
    "sales": st.lists(
        st.tuples(st.integers(min_value=-2, max_value=20), st.sampled_from(STATUSES),
                  st.one_of(st.none(), st.integers(min_value=1, max_value=500_000))),
        max_size=3,
    ),
})

launch_strategy = st.lists(lead_strategy, max_size=40)

SETTINGS = settings(max_examples=10, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


def _launch(specs):
    """Turn generated specs into canonical leads and sales; amounts in cents."""
    leads, sales = [], []
    for index, spec in enumerate(specs):
        lead_id = f"L{index}"
        signed_up = pd.Timestamp("2024-02-26") + pd.Timedelta(days=spec["day"], hours=spec["hour"])
        leads.append({"lead_id": lead_id, "signed_up_at": signed_up.isoformat(),
                      "band": spec["band"], "utm_source": spec["utm_source"],
                      "utm_medium": spec["utm_medium"]})
        for offset, status, cents in spec["sales"]:
            sales.append({"lead_id": lead_id,
                          "purchased_at": (signed_up + pd.Timedelta(days=offset)).isoformat(),
                          "amount": float("nan") if cents is None else cents / 100,
                          "status": status})
    return make_leads(leads), make_sales(sales)


def _view(leads, sales, sort_by):
    tables = aggregate(leads, sales, launch_config())
    choice = ViewSettings(sort_by, "qualification_rate", None, None, "week", 0.95, 5)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", HotLeadsWarning)
        warnings.simplefilter("error", RuntimeWarning)
        return build_view(tables, choice)


def _expected_totals(specs):
    leads = len(specs)
    hot = sum(spec["band"] == "hot" for spec in specs)
    return leads, hot


@SETTINGS
@given(specs=launch_strategy, sort_by=st.sampled_from(UTM_FIELDS))
def test_groups_sum_to_launch_total(specs, sort_by):
    leads, sales = _launch(specs)
    view = _view(leads, sales, sort_by)
    expected_leads, expected_hot = _expected_totals(specs)
    assert view.headline.leads == expected_leads
    assert view.headline.hot_leads == expected_hot
    assert view.channels["leads"].sum() == expected_leads
    assert view.channels["hot_leads"].sum() == expected_hot
    assert view.channels["buyers"].sum() == view.headline.buyers
    assert view.channels["revenue"].sum() == pytest.approx(view.headline.revenue_total)
    assert view.indicators_trend["leads"].sum() == expected_leads
    assert view.revenue_trend["revenue"].sum() == pytest.approx(view.headline.revenue_total)
    assert view.conversion.hot.trials + view.conversion.rest.trials == expected_leads


@SETTINGS
@given(specs=launch_strategy)
def test_rate_bounds_inside_unit_interval(specs):
    leads, sales = _launch(specs)
    view = _view(leads, sales, "utm_source")
    channels = view.channels.dropna(subset=["qualification_rate"])
    for name in ("qualification", "conversion"):
        low, rate, high = (channels[f"{name}_ci_low"], channels[f"{name}_rate"],
                           channels[f"{name}_ci_high"])
        assert (low >= 0).all()
        assert (low <= rate).all()
        assert (rate <= high).all()
        assert (high <= 1).all()
        assert ((high - low) > 1e-4).all()
    for rate in (view.conversion.hot, view.conversion.rest, view.headline.qualification):
        assert rate.reason is not None or 0 <= rate.ci_low <= rate.estimate <= rate.ci_high <= 1


@SETTINGS
@given(specs=launch_strategy, seed=st.integers(min_value=0, max_value=1000))
def test_shuffling_rows_changes_no_figure(specs, seed):
    leads, sales = _launch(specs)
    view = _view(leads, sales, "utm_source")
    shuffled = _view(leads.sample(frac=1, random_state=seed),
                     sales.sample(frac=1, random_state=seed + 1), "utm_source")
    assert shuffled.headline == view.headline
    assert shuffled.conversion.difference == view.conversion.difference
    assert shuffled.conversion.lift == view.conversion.lift
    pd.testing.assert_frame_equal(shuffled.channels, view.channels)
    pd.testing.assert_frame_equal(shuffled.indicators_trend, view.indicators_trend)
    pd.testing.assert_frame_equal(shuffled.revenue_trend, view.revenue_trend)
    assert shuffled.revenue.per_buyer_median == view.revenue.per_buyer_median
