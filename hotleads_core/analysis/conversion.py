"""Conversion of hot leads against the rest, with the lift and its interval.

"Rest" is every lead that is not hot: warm, cold and unscored leads. The
difference of the two conversion rates uses Newcombe's hybrid score
interval. The lift (hot rate over rest rate) uses the log-adjusted ratio
interval. :mod:`hotleads_core.analysis.intervals` lists when each is not
estimable.
"""

from __future__ import annotations

import pandas as pd

from hotleads_core.analysis.caveats import warn_caller
from hotleads_core.analysis.intervals import (
    difference_interval,
    proportion_interval,
    proportion_intervals,
    ratio_interval,
)
from hotleads_core.analysis.results import (
    ALL_LEADS_HOT_IN_GROUP,
    NO_HOT_LEADS_IN_GROUP,
    ConversionComparison,
    Estimate,
    Rate,
)

SEGMENTS = ("hot", "rest")

BY_GROUP_COLUMNS = (
    "group", "hot_leads", "hot_buyers", "hot_rate", "hot_ci_low", "hot_ci_high", "rest_leads",
    "rest_buyers", "rest_rate", "rest_ci_low", "rest_ci_high", "difference", "difference_ci_low", "difference_ci_high", "lift", "lift_ci_low",
    "lift_ci_high", "note",
)


def compare_hot_with_rest(cells: pd.DataFrame, confidence_level: float,
                          group_order=None) -> ConversionComparison:
    """Compare the conversion of hot leads with the rest, in total and per group.

    Parameters
    ----------
    cells : DataFrame
        Cells of one dimension (see :mod:`hotleads_core.aggregation`).
    confidence_level : float
        Coverage of every interval.
    group_order : sequence of str, optional
        Order of the per-group rows, such as the ``group`` column of the
        channel table; groups it leaves out follow by name. Default: by name.

    Warns
    -----
    HotLeadsWarning
        When the launch-wide lift is not estimable, with the reason.
    """
    counts = _segment_counts(cells)
    totals = counts.sum()
    hot = proportion_interval(totals["hot_buyers"], totals["hot_leads"], confidence_level)
    rest = proportion_interval(totals["rest_buyers"], totals["rest_leads"], confidence_level)
    difference, lift = _comparisons(
        (totals["hot_buyers"], totals["hot_leads"], totals["rest_buyers"], totals["rest_leads"]),
        confidence_level,
    )
    by_group = _ordered(_by_group(counts, confidence_level), group_order)
    if lift.reason is not None and hot.trials and rest.trials:
        warn_caller(f"The lift of hot leads over the rest is {lift.reason}.")
    return ConversionComparison(hot, rest, difference, lift, _segment_table(hot, rest), by_group)


def _segment_counts(cells: pd.DataFrame) -> pd.DataFrame:
    is_hot = cells["band"] == "hot"
    frame = pd.DataFrame({
        "group": cells["group"],
        "hot_leads": cells["leads"].where(is_hot, 0),
        "hot_buyers": cells["buyers"].where(is_hot, 0),
        "rest_leads": cells["leads"].where(~is_hot, 0),
        "rest_buyers": cells["buyers"].where(~is_hot, 0),
    })
    return frame.groupby("group", sort=True).sum().astype("int64")


def _comparisons(counts: tuple, confidence_level: float) -> tuple[Estimate, Estimate]:
    """Compare (hot buyers, hot leads) with (rest buyers, rest leads)."""
    return (difference_interval(*counts, confidence_level),
            ratio_interval(*counts, confidence_level))


def _segment_table(hot: Rate, rest: Rate) -> pd.DataFrame:
    rates = (hot, rest)
    return pd.DataFrame({
        "segment": pd.array(SEGMENTS, dtype="str"),
        "leads": pd.array([r.trials for r in rates], dtype="int64"),
        "buyers": pd.array([r.successes for r in rates], dtype="int64"),
        "conversion_rate": pd.array([r.estimate for r in rates], dtype="Float64"),
        "ci_low": pd.array([r.ci_low for r in rates], dtype="Float64"),
        "ci_high": pd.array([r.ci_high for r in rates], dtype="Float64"),
        "note": pd.array([r.reason or "" for r in rates], dtype="str"),
    })


def _by_group(counts: pd.DataFrame, confidence_level: float) -> pd.DataFrame:
    rows = [_group_row(row, confidence_level)
            for row in counts.reset_index().itertuples(index=False)]
    table = pd.DataFrame(rows, columns=list(BY_GROUP_COLUMNS))
    for segment in SEGMENTS:
        rate, low, high = proportion_intervals(table[f"{segment}_buyers"],
                                               table[f"{segment}_leads"], confidence_level)
        table[f"{segment}_rate"], table[f"{segment}_ci_low"], table[f"{segment}_ci_high"] = (
            rate, low, high)
    float_columns = [c for c in BY_GROUP_COLUMNS if c.endswith(("rate", "difference", "lift"))
                     or "_ci_" in c]
    table = table.astype({name: "Float64" for name in float_columns})
    table = table.astype({"group": "str", "note": "str", "hot_leads": "int64",
                          "hot_buyers": "int64", "rest_leads": "int64", "rest_buyers": "int64"})
    return table


def _ordered(by_group: pd.DataFrame, group_order) -> pd.DataFrame:
    if group_order is None:
        return by_group
    rank = {group: position for position, group in enumerate(group_order)}
    position = by_group["group"].map(rank).fillna(len(rank)).astype("int64")
    order = by_group.assign(_position=position).sort_values(["_position", "group"], kind="stable")
    return order.drop(columns="_position").reset_index(drop=True)


def _group_row(row, confidence_level: float) -> dict:
    """Compare hot with rest inside one group. It runs once per group, not per lead."""
    counts = (row.hot_buyers, row.hot_leads, row.rest_buyers, row.rest_leads)
    difference, lift = _comparisons(counts, confidence_level)
    return {
        **_group_counts(row),
        "difference": difference.estimate,
        "difference_ci_low": difference.ci_low,
        "difference_ci_high": difference.ci_high,
        "lift": lift.estimate,
        "lift_ci_low": lift.ci_low,
        "lift_ci_high": lift.ci_high,
        "note": _group_note(row, difference, lift),
    }


def _group_counts(row) -> dict:
    return {
        "group": row.group,
        "hot_leads": row.hot_leads,
        "hot_buyers": row.hot_buyers,
        "rest_leads": row.rest_leads,
        "rest_buyers": row.rest_buyers,
    }


def _group_note(row, difference: Estimate, lift: Estimate) -> str:
    """Explain the missing figures of one group, naming an empty segment in the reader's terms."""
    if row.hot_leads == 0:
        return NO_HOT_LEADS_IN_GROUP
    if row.rest_leads == 0:
        return ALL_LEADS_HOT_IN_GROUP
    return "; ".join(f"{e.kind}: {e.reason}" for e in (difference, lift) if e.reason)
