"""Conversion and lift at zero and full counts, from two bundled inputs.

``tests/data/cases/R31/conversions_by_utm.csv`` has leads and buyers per UTM source,
with sources at 0 buyers and at only buyers. ``tests/data/cases/R33/lift_pairs.csv``
has pairs of groups where one or both have zero or all conversions. The
expected figures are those of statsmodels 0.15.0 for the same counts.
"""

import math
import warnings
from pathlib import Path

import pandas as pd
import pytest
from analysis_builders import make_config, make_leads, make_sales

from hotleads_core.aggregation import aggregate
from hotleads_core.analysis import ViewSettings, build_view
from hotleads_core.analysis.intervals import difference_interval, ratio_interval
from hotleads_core.analysis.results import BASELINE_NO_BUYERS, NOT_ESTIMABLE, NOT_INFORMATIVE
from hotleads_core.errors import HotLeadsWarning

CASES = Path(__file__).resolve().parents[1] / "data" / "cases"

# Wilson 95 % bounds per source.
EDGE_COUNT_EXPECTED = {
    "facebook": (0.0, 0.0, 0.1759),
    "google": (1.0, 0.8241, 1.0),
    "email": (0.075, 0.0258, 0.1986),
    "tiktok": (0.0, 0.0, 0.2775),
}

# (difference, Newcombe low, high, lift or None, lift low, lift high, lift reason)
LIFT_PAIR_EXPECTED = {
    "A_vs_base": (0.06, -0.0215, 0.1622, None, None, None, BASELINE_NO_BUYERS),
    "zero_vs_zero": (0.0, -0.0713, 0.0713, None, None, None, NOT_ESTIMABLE),
    "all_vs_all": (0.0, -0.0713, 0.0713, 1.0, None, None, NOT_INFORMATIVE),
    "equal_groups": (0.0, -0.1269, 0.1269, 1.0, 0.328, 3.052, None),
}


def _edge_count_leads():
    """Build one lead per counted lead of each source; buyers get a paid sale a day later."""
    counts = pd.read_csv(CASES / "R31" / "conversions_by_utm.csv")
    rows, sales = [], []
    for source, leads, buyers in counts.itertuples(index=False):
        for index in range(leads):
            lead_id = f"{source}-{index}"
            rows.append({"lead_id": lead_id, "signed_up_at": "2024-05-01 10:00",
                         "band": "warm", "utm_source": source})
            if index < buyers:
                sales.append({"lead_id": lead_id, "purchased_at": "2024-05-02 10:00",
                              "amount": 100.0, "status": "paid"})
    return make_leads(rows), sales


def _edge_count_channels(planned=()):
    leads, sales = _edge_count_leads()
    config = make_config(planned_channels={"utm_source": list(planned)})
    tables = aggregate(leads, make_sales(sales), config)
    settings = ViewSettings("utm_source", "conversion_rate", None, None, "week", 0.95, 30)
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        warnings.simplefilter("ignore", HotLeadsWarning)
        view = build_view(tables, settings)
    return view.channels.set_index("group")


def test_edge_counts_small_groups_warn():
    leads, sales = _edge_count_leads()
    tables = aggregate(leads, make_sales(sales), make_config())
    settings = ViewSettings("utm_source", "conversion_rate", None, None, "week", 0.95, 30)
    with pytest.warns(HotLeadsWarning, match="3 of 4 groups have fewer than 30 leads"):
        build_view(tables, settings)


@pytest.mark.parametrize("source", list(EDGE_COUNT_EXPECTED), ids=list(EDGE_COUNT_EXPECTED))
def test_conversion_interval_at_edge_counts(source):
    estimate, low, high = EDGE_COUNT_EXPECTED[source]
    row = _edge_count_channels().loc[source]
    assert row["conversion_rate"] == pytest.approx(estimate, abs=5e-5)
    assert row["conversion_ci_low"] == pytest.approx(low, abs=5e-5)
    assert row["conversion_ci_high"] == pytest.approx(high, abs=5e-5)
    assert row["conversion_ci_high"] - row["conversion_ci_low"] > 1e-4


def test_small_groups_flagged_not_hidden():
    channels = _edge_count_channels()
    assert set(channels.index) == set(EDGE_COUNT_EXPECTED)
    assert channels.loc["facebook", "small_sample"]
    assert not channels.loc["email", "small_sample"]


def test_source_without_leads_not_available():
    channels = _edge_count_channels(planned=["youtube"])
    row = channels.loc["youtube"]
    assert row["leads"] == 0
    assert row["conversion_rate"] is pd.NA
    assert row["conversion_ci_low"] is pd.NA
    assert row["note"] == "no leads"


def test_edge_counts_ordered_by_conversion():
    channels = _edge_count_channels()
    assert list(channels.index) == ["google", "email", "facebook", "tiktok"]


def _lift_pairs():
    pairs = pd.read_csv(CASES / "R33" / "lift_pairs.csv")
    return {row.pair: row for row in pairs.itertuples(index=False)}


@pytest.mark.parametrize("pair", list(LIFT_PAIR_EXPECTED), ids=list(LIFT_PAIR_EXPECTED))
def test_lift_pair_difference_newcombe(pair):
    row = _lift_pairs()[pair]
    expected, low, high, *_ = LIFT_PAIR_EXPECTED[pair]
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        difference = difference_interval(row.treat_buyers, row.treat_leads, row.base_buyers,
                                         row.base_leads)
    assert difference.estimate == pytest.approx(expected, abs=5e-5)
    assert difference.ci_low == pytest.approx(low, abs=5e-5)
    assert difference.ci_high == pytest.approx(high, abs=5e-5)


@pytest.mark.parametrize("pair", list(LIFT_PAIR_EXPECTED), ids=list(LIFT_PAIR_EXPECTED))
def test_lift_pair_ratio(pair):
    row = _lift_pairs()[pair]
    *_, lift_expected, low, high, reason = LIFT_PAIR_EXPECTED[pair]
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        lift = ratio_interval(row.treat_buyers, row.treat_leads, row.base_buyers, row.base_leads)
    assert lift.reason == reason
    if lift_expected is None:
        assert lift.estimate is None
    else:
        assert lift.estimate == pytest.approx(lift_expected)
    if low is None:
        assert lift.ci_low is None
        assert lift.ci_high is None
    else:
        assert lift.ci_low == pytest.approx(low, abs=5e-4)
        assert lift.ci_high == pytest.approx(high, abs=5e-4)


@pytest.mark.parametrize("pair", list(LIFT_PAIR_EXPECTED), ids=list(LIFT_PAIR_EXPECTED))
def test_lift_pair_values_finite(pair):
    row = _lift_pairs()[pair]
    counts = (row.treat_buyers, row.treat_leads, row.base_buyers, row.base_leads)
    for estimate in (difference_interval(*counts), ratio_interval(*counts)):
        for value in (estimate.estimate, estimate.ci_low, estimate.ci_high):
            assert value is None or (isinstance(value, float) and math.isfinite(value))
