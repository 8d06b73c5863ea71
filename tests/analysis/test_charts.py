"""Charts drawn from a view, and the None path when there is nothing to draw."""

import datetime as dt
import warnings

import matplotlib
import pytest
from analysis_builders import LAUNCH_LEADS, LAUNCH_SALES, launch_config, make_leads, make_sales
from matplotlib.figure import Figure

from hotleads_core import charts
from hotleads_core.aggregation import aggregate
from hotleads_core.analysis import ViewSettings, build_view
from hotleads_core.analysis.channels import ORDER_MEASURES
from hotleads_core.errors import HotLeadsWarning
from hotleads_core.text import text


def _view(sales=LAUNCH_SALES, start=None, end=None):
    tables = aggregate(make_leads(LAUNCH_LEADS), make_sales(sales), launch_config())
    settings = ViewSettings("utm_source", "qualification_rate", start, end, "week", 0.95, 2)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", HotLeadsWarning)
        return build_view(tables, settings)


@pytest.fixture(scope="module")
def view():
    return _view()


def _texts(figure: Figure) -> list[str]:
    found = [t.get_text() for t in figure.findobj(matplotlib.text.Text)]
    return [t for t in found if t]


def test_trend_chart_titles(view):
    figure = charts.trend_chart(view.indicators_trend)
    assert isinstance(figure, Figure)
    assert text("charts.trend.title") in _texts(figure)
    assert len(figure.axes) == 2


@pytest.mark.parametrize("measure", ORDER_MEASURES, ids=ORDER_MEASURES)
def test_channel_chart_every_measure(view, measure):
    figure = charts.channel_chart(view.channels, measure, dimension="utm_source")
    labels = [label.get_text() for label in figure.axes[0].get_yticklabels()]
    assert labels[-1].startswith(view.channels["group"].iloc[0])
    assert len(labels) == len(view.channels)


def test_channel_chart_marks_small_and_unplanned(view):
    figure = charts.channel_chart(view.channels, "qualification_rate")
    labels = [label.get_text() for label in figure.axes[0].get_yticklabels()]
    assert "email (not planned)" in labels
    hatches = [bar.get_hatch() for bar in figure.axes[0].patches if bar.get_hatch()]
    assert len(hatches) == int(view.channels["small_sample"].sum())
    assert text("charts.channel.no_leads") in " ".join(_texts(figure))


def test_channel_chart_shows_top_groups(view):
    figure = charts.channel_chart(view.channels, "leads", top_groups=2)
    assert len(figure.axes[0].get_yticklabels()) == 2
    assert "Top 2 of 5 groups" in " ".join(_texts(figure))


def test_conversion_chart_caption(view):
    figure = charts.conversion_chart(view.conversion)
    caption = " ".join(_texts(figure))
    assert "Difference: +33.3 pp" in caption
    assert "Lift: 2.00×" in caption


def test_revenue_chart_axis_currency(view):
    figure = charts.revenue_chart(view.revenue_trend, currency="BRL")
    assert figure.axes[0].get_ylabel() == "Revenue (BRL)"


def test_charts_return_none_without_data():
    view = _view(sales=[], start=dt.date(2024, 3, 20), end=dt.date(2024, 3, 24))
    assert charts.trend_chart(view.indicators_trend) is None
    assert charts.conversion_chart(view.conversion) is None
    assert charts.revenue_chart(view.revenue_trend) is None


def test_channel_chart_none_for_empty_table(view):
    assert charts.channel_chart(view.channels.iloc[0:0]) is None


def test_revenue_chart_none_without_sales():
    view = _view(sales=[])
    assert view.headline.leads == 6
    assert charts.revenue_chart(view.revenue_trend) is None
    assert text("charts.no_data.revenue") == "No sales yet."


def test_charts_leave_no_pyplot_figure(view):
    import matplotlib.pyplot as plt

    before = plt.get_fignums()
    charts.trend_chart(view.indicators_trend)
    charts.channel_chart(view.channels)
    assert plt.get_fignums() == before


def test_channel_chart_without_plan_marks_nothing():
    tables = aggregate(make_leads(LAUNCH_LEADS), None, launch_config(planned_channels={}))
    settings = ViewSettings("utm_source", "leads", None, None, "week", 0.95, 2)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", HotLeadsWarning)
        view = build_view(tables, settings)
    figure = charts.channel_chart(view.channels, "leads")
    labels = [label.get_text() for label in figure.axes[0].get_yticklabels()]
    assert sorted(labels) == ["(not set)", "email", "facebook", "google"]


def test_revenue_chart_plain_thousands(view):
    figure = charts.revenue_chart(view.revenue_trend)
    figure.canvas.draw()
    labels = [label.get_text() for label in figure.axes[0].get_yticklabels()]
    assert "1,000" in labels
