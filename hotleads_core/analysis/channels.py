"""Channels: every figure grouped by one UTM field, ordered by a chosen measure.

Groups with fewer leads than the launch's ``min_group_leads`` keep their
figures and intervals and are flagged ``small_sample``, so a reader sees
how uncertain they are instead of losing them. Channels planned in the
launch YAML appear even without leads; groups that have leads but were not
planned are flagged ``in_plan=False``.
"""

from __future__ import annotations

import pandas as pd

from hotleads_core.analysis.caveats import warn_caller
from hotleads_core.analysis.intervals import proportion_intervals
from hotleads_core.analysis.money import average_units_column, cents_to_units
from hotleads_core.analysis.results import NO_LEADS

CHANNEL_COLUMNS = (
    "group", "leads", "hot_leads", "qualification_rate", "qualification_ci_low",
    "qualification_ci_high", "buyers", "conversion_rate", "conversion_ci_low",
    "conversion_ci_high", "revenue", "revenue_per_lead", "small_sample", "in_plan", "note",
)

# Measures a channel table can be ordered by, all in descending order.
ORDER_MEASURES = ("qualification_rate", "hot_leads", "leads", "conversion_rate", "revenue_per_lead")


def channel_table(cells: pd.DataFrame, planned_groups, order_by: str, min_group_leads: int,
                  confidence_level: float) -> pd.DataFrame:
    """Build the channel table of one dimension.

    Parameters
    ----------
    cells : DataFrame
        Cells of one dimension (see :mod:`hotleads_core.aggregation`).
    planned_groups : iterable of str
        Channels of this dimension planned in the launch YAML.
    order_by : str
        One of :data:`ORDER_MEASURES`. Rows are sorted by it in descending
        order, ties and NA (groups without leads) last, then by group name.
    min_group_leads : int
        Groups with fewer leads are flagged ``small_sample``.
    confidence_level : float
        Coverage of the Wilson intervals.

    Warns
    -----
    HotLeadsWarning
        Once, when some groups with leads have fewer than ``min_group_leads``.

    Returns
    -------
    DataFrame
        Columns :data:`CHANNEL_COLUMNS`. Rates and their bounds are nullable
        ``Float64`` (NA with note ``"no leads"`` for a planned channel without
        leads). ``revenue`` and ``revenue_per_lead`` are in currency units.
    """
    _check_order(order_by)
    totals = _group_totals(cells, planned_groups)
    table = _with_rates(totals, confidence_level)
    table["revenue"] = table["revenue_cents"].map(cents_to_units).astype("float64")
    table["revenue_per_lead"] = average_units_column(table["revenue_cents"], table["leads"])
    table["small_sample"] = table["leads"] < min_group_leads
    table["in_plan"] = table["group"].isin(set(planned_groups))
    table["note"] = table["leads"].map(lambda n: NO_LEADS if n == 0 else "").astype("str")
    table = table.sort_values([order_by, "group"], ascending=[False, True], na_position="last",
                              kind="stable")
    _warn_small_groups(table, min_group_leads)
    return table[list(CHANNEL_COLUMNS)].reset_index(drop=True)


def _check_order(order_by: str) -> None:
    if order_by not in ORDER_MEASURES:
        raise ValueError(
            f"Unknown order measure {order_by!r}; use one of: {', '.join(ORDER_MEASURES)}."
        )


def _warn_small_groups(table: pd.DataFrame, min_group_leads: int) -> None:
    small = table.loc[table["small_sample"] & (table["leads"] > 0), "group"]
    if small.empty:
        return
    names = ", ".join(small.head(5))
    more = f" and {len(small) - 5} more" if len(small) > 5 else ""
    warn_caller(
        f"{len(small)} of {len(table)} groups {'has' if len(small) == 1 else 'have'} "
        f"fewer than {min_group_leads} leads "
        f"({names}{more}); their rates have wide intervals."
    )


def _group_totals(cells: pd.DataFrame, planned_groups) -> pd.DataFrame:
    frame = pd.DataFrame({
        "group": cells["group"],
        "leads": cells["leads"],
        "hot_leads": cells["leads"].where(cells["band"] == "hot", 0),
        "buyers": cells["buyers"],
        "revenue_cents": cells["revenue_cents"],
    })
    totals = frame.groupby("group", sort=True).sum()
    groups = totals.index.union(pd.Index(list(planned_groups), dtype="str"))
    totals = totals.reindex(groups, fill_value=0).astype("int64")
    totals.index.name = "group"
    return totals.reset_index()


def _with_rates(totals: pd.DataFrame, confidence_level: float) -> pd.DataFrame:
    table = totals.copy()
    for name, successes in (("qualification", "hot_leads"), ("conversion", "buyers")):
        rate, low, high = proportion_intervals(table[successes], table["leads"], confidence_level)
        table[f"{name}_rate"] = pd.array(rate, dtype="Float64")
        table[f"{name}_ci_low"] = pd.array(low, dtype="Float64")
        table[f"{name}_ci_high"] = pd.array(high, dtype="Float64")
    return table
