"""The dashboard's ipywidgets application, shown by ``notebooks/dashboard.ipynb``.

The callbacks are thin. Opening a launch calls
:func:`hotleads_core.pipeline.analyse_launch` once per launch and kernel and
keeps the result. Every later change of Sort by, order, period or dates calls
``analysis.view(...)``, which re-slices the small aggregated tables. The pure
functions of :mod:`hotleads_core.dashboard.render`,
:mod:`~hotleads_core.dashboard.render_tables` and
:mod:`~hotleads_core.dashboard.render_quality` turn the view into HTML.

A failure shows a plain sentence in the page and logs the traceback; the
page never shows a traceback or code.
"""

from __future__ import annotations

import logging
import os
import sys
import warnings
from importlib import resources
from pathlib import Path

import ipywidgets as widgets
from IPython.display import display

from hotleads_core import charts
from hotleads_core.config import UTM_FIELDS, load_config
from hotleads_core.dashboard import render, render_quality, render_tables
from hotleads_core.dashboard.launches import LaunchEntry, list_launches
from hotleads_core.errors import HotLeadsError, HotLeadsWarning
from hotleads_core.pipeline import analyse_launch
from hotleads_core.text import text

logger = logging.getLogger(__name__)

PARAMS_ENV = "HOTLEADS_PARAMS_DIR"
ORDER_MEASURES = ("qualification_rate", "hot_leads", "leads", "conversion_rate", "revenue_per_lead")
PERIODS = ("day", "week", "month")
TABS = ("indicators", "conversion", "quality")
# Tabs whose content depends on the view; the data-quality tab is drawn once per launch.
VIEW_TABS = ("indicators", "conversion")


def show_dashboard(params_dir=None, language: str = "en") -> "DashboardApp":
    """Display the dashboard for the launches in ``params_dir`` and return the application.

    ``params_dir`` defaults to the ``HOTLEADS_PARAMS_DIR`` environment
    variable, which ``hotleads dashboard`` sets, and then to ``params/``
    in the working folder.
    """
    folder = Path(params_dir or os.environ.get(PARAMS_ENV) or "params")
    _log_to_process_stderr()
    app = DashboardApp(folder, language=language)
    display(app.root)
    return app


class DashboardApp:
    """Widgets and callbacks of one dashboard page (one kernel).

    Attributes
    ----------
    root : ipywidgets.VBox
        The whole page.
    analyses : dict
        Loaded :class:`~hotleads_core.pipeline.LaunchAnalysis` objects by YAML path.
    """

    def __init__(self, params_dir: Path, language: str = "en"):
        self.params_dir = Path(params_dir)
        self.language = language
        self.analyses: dict[Path, object] = {}
        self.current: LaunchEntry | None = None
        self.view = None
        self._stale: set[str] = set()
        self._trend_key = None
        self._muted = False
        self._build_controls()
        self._build_tabs()
        self.status = _html("hl-status", render.message_html(self._text("status.choose")))
        self.launch_notes = _html("hl-launch-notes")
        self.launch_list = widgets.VBox(self._launch_cards())
        self.launch_list.add_class("hl-launches")
        self.root = widgets.VBox([
            _html("hl-style", f"<style>{_stylesheet()}</style>"),
            _html("hl-header", self._header_html()),
            self.launch_list, self.status, self.launch_notes, self.controls, self.tabs,
        ])
        self.root.add_class("hl-app")

    # -- building the page ------------------------------------------------

    def _build_controls(self) -> None:
        self.sort_by = _dropdown("hl-sort-by", self._text("controls.sort_by"),
                                 [(render.dimension_heading(field, self.language), field)
                                  for field in UTM_FIELDS], UTM_FIELDS[0])
        self.order_by = _dropdown(
            "hl-order-by", self._text("controls.order_by"),
            [(self._text(f"controls.measures.{m}"), m) for m in ORDER_MEASURES], ORDER_MEASURES[0])
        self.period = _dropdown("hl-period", self._text("controls.period"),
                                [(self._text(f"controls.periods.{p}"), p) for p in PERIODS], "week")
        self.start = widgets.DatePicker(description=self._text("controls.start"))
        self.start.add_class("hl-start")
        self.end = widgets.DatePicker(description=self._text("controls.end"))
        self.end.add_class("hl-end")
        for control in (self.sort_by, self.order_by, self.period, self.start, self.end):
            control.observe(self._on_control_change, names="value")
        self.controls = widgets.HBox([self.sort_by, self.order_by, self.period, self.start, self.end])
        self.controls.add_class("hl-controls")
        self.controls.layout.display = "none"

    def _build_tabs(self) -> None:
        self.kpis = _html("hl-kpis")
        self.trend = _html("hl-trend")
        self.channels = _html("hl-channels")
        self.channel_chart = _html("hl-channel-chart")
        self.conversion = _html("hl-conversion")
        self.conversion_chart = _html("hl-conversion-chart")
        self.revenue = _html("hl-revenue")
        self.revenue_chart = _html("hl-revenue-chart")
        self.quality = _html("hl-quality")
        pages = {
            "indicators": [self.kpis, self.trend, self.channels, self.channel_chart],
            "conversion": [self.conversion, self.conversion_chart, self.revenue, self.revenue_chart],
            "quality": [self.quality],
        }
        children = []
        for name in TABS:
            page = widgets.VBox(pages[name])
            page.add_class(f"hl-tab-{name}")
            children.append(page)
        self.tabs = widgets.Tab(children=children)
        self.tabs.titles = tuple(self._text(f"tabs.{name}") for name in TABS)
        self.tabs.add_class("hl-tabs")
        self.tabs.observe(self._on_tab_change, names="selected_index")
        self.tabs.layout.display = "none"

    def _launch_cards(self) -> list[widgets.Widget]:
        entries = list_launches(self.params_dir) if self.params_dir.is_dir() else []
        if not entries:
            empty = self._text("launches.empty", folder=str(self.params_dir))
            return [_html("hl-launches-empty", render.message_html(empty))]
        return [self._launch_card(entry) for entry in entries]

    def _launch_card(self, entry: LaunchEntry) -> widgets.Widget:
        details = _html("hl-launch-details", render.launch_card_html(entry, self.language))
        children = [details]
        if entry.error is None:
            button = widgets.Button(description=self._text("launches.open"), icon="line-chart")
            button.add_class("hl-launch-open")
            button.on_click(lambda _button, chosen=entry: self.open_launch(chosen))
            children.append(button)
        card = widgets.HBox(children)
        card.add_class("hl-launch-card")
        card.add_class(f"hl-launch-{entry.name}")
        return card

    # -- callbacks --------------------------------------------------------

    def open_launch(self, entry: LaunchEntry) -> None:
        """Load ``entry`` (once per kernel), set the controls to its defaults and draw it."""
        self.status.value = render.message_html(
            self._text("status.loading", title=entry.title), kind="loading")
        try:
            analysis = self._analysis(entry.path)
        except HotLeadsError as error:
            logger.warning("Launch %s could not be loaded: %s", entry.path, error)
            self._show_error(self._text("status.failed", title=entry.title, reason=str(error)))
            return
        except Exception:
            logger.exception("Loading launch %s failed", entry.path)
            self._show_error(self._text("status.failed", title=entry.title,
                                        reason=self._text("status.failed_view")))
            return

        self.current = entry
        self._mark_selected(entry)
        self._reset_controls(analysis)
        self.launch_notes.value = self._guarded(self._launch_notes_html, analysis)
        self.quality.value = self._guarded(render_quality.quality_html, analysis.data,
                                           self.language)
        self.controls.layout.display = ""
        self.tabs.layout.display = ""
        self.redraw()

    def redraw(self) -> None:
        """Recompute the view for the current controls and redraw every tab."""
        if self.current is None:
            return
        start, end = self.start.value, self.end.value
        if start and end and start > end:
            self.status.value = render.message_html(
                self._text("status.bad_range", start=start, end=end), kind="error")
            return
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always", HotLeadsWarning)
                view = self.analyses[self.current.path].view(
                    sort_by=self.sort_by.value, order_by=self.order_by.value,
                    start=start, end=end, period=self.period.value)
            _log_warnings(caught)
        except Exception:
            logger.exception("Computing the view of %s failed", self.current.path)
            self._show_error(self._text("status.failed_view"), keep_tabs=True)
            return
        self._draw(view)

    def _on_control_change(self, _change) -> None:
        if not self._muted:
            self.redraw()

    # -- helpers ----------------------------------------------------------

    def _analysis(self, path: Path):
        if path not in self.analyses:
            logger.info("Analysing launch %s", path)
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always", HotLeadsWarning)
                self.analyses[path] = analyse_launch(load_config(path))
            _log_warnings(caught)
        return self.analyses[path]

    def _mark_selected(self, entry: LaunchEntry) -> None:
        for card in self.launch_list.children:
            card.remove_class("hl-launch-selected")
            if f"hl-launch-{entry.name}" in card._dom_classes:
                card.add_class("hl-launch-selected")

    def _reset_controls(self, analysis) -> None:
        report = analysis.config.report
        tables = analysis.tables
        self._muted = True
        try:
            self.sort_by.value = report.sort_by
            self.order_by.value = report.order_by
            self.period.value = report.period
            self.start.value = tables.first_day
            self.end.value = tables.last_day
        finally:
            self._muted = False

    def _draw(self, view) -> None:
        """Draw the open tab now and mark the other view tab stale, so a change redraws one tab."""
        self.view = view
        self._stale = set(VIEW_TABS)
        self._draw_tab(self._open_tab())
        self.status.value = render.message_html(self._text(
            "status.ready", title=self.current.title,
            leads=render.format_count(view.headline.leads),
            start=self.start.value or "", end=self.end.value or ""))

    def _on_tab_change(self, _change) -> None:
        if self.view is not None and self._open_tab() in self._stale:
            self._draw_tab(self._open_tab())

    def _open_tab(self) -> str:
        return TABS[self.tabs.selected_index or 0]

    def _draw_tab(self, name: str) -> None:
        drawers = {"indicators": self._draw_indicators, "conversion": self._draw_conversion}
        if name in drawers:
            drawers[name](self.view)
            self._stale.discard(name)

    def _draw_indicators(self, view) -> None:
        dimension, language = self.sort_by.value, self.language
        config = self.analyses[self.current.path].config
        report = config.report
        issue = getattr(self.analyses[self.current.path], "scoring_issue", None)
        tiles = self._guarded(render.tiles_html, view.headline, language)
        if issue:
            tiles = render.message_html(self._text("status.not_scored", issue=issue)) + tiles
        self.kpis.value = render.band_notice_html(view.band_assessment) + tiles
        self.channels.value = self._guarded(
            render_tables.channel_table_html, view.channels, dimension, view.headline,
            report.min_group_leads, bool(config.planned_channels.get(dimension)), language)
        # The trend covers all leads, so Sort by and order do not change it.
        trend_key = (self.current.path, view.settings.start, view.settings.end, view.settings.period)
        if trend_key != self._trend_key:
            chart = self._guarded(
                _chart, "trend", charts.trend_chart, view.indicators_trend, language=language)
            note = self._guarded(render.partial_periods_html, view.indicators_trend,
                                 view.settings.period, self.start.value, self.end.value, language)
            self.trend.value = chart + note
            self._trend_key = trend_key
        self.channel_chart.value = self._guarded(
            _chart, "channel", charts.channel_chart, view.channels, self.order_by.value,
            language=language, dimension=dimension, top_groups=report.top_groups)

    def _draw_conversion(self, view) -> None:
        dimension, language = self.sort_by.value, self.language
        top_groups = self.analyses[self.current.path].config.report.top_groups
        self.conversion.value = render.band_notice_html(view.band_assessment) + self._guarded(
            render_tables.conversion_html, view.conversion, view.headline, dimension,
            list(view.channels["group"]), top_groups, language)
        self.revenue.value = self._guarded(render_tables.revenue_html, view.revenue, dimension,
                                           language)
        self.conversion_chart.value = self._guarded(
            _chart, "conversion", charts.conversion_chart, view.conversion, language=language)
        self.revenue_chart.value = self._guarded(
            _chart, "revenue", charts.revenue_chart, view.revenue_trend, language=language,
            currency=view.revenue.currency)

    def _guarded(self, function, *args, **kwargs) -> str:
        """Return ``function(*args, **kwargs)``, or a plain error message after logging the traceback."""
        try:
            return function(*args, **kwargs)
        except Exception:
            logger.exception("Drawing %s failed", getattr(function, "__name__", function))
            return render.message_html(self._text("status.failed_view"), kind="error")

    def _show_error(self, message: str, keep_tabs: bool = False) -> None:
        self.status.value = render.message_html(message, kind="error")
        if not keep_tabs:
            self.launch_notes.value = ""
            self.controls.layout.display = "none"
            self.tabs.layout.display = "none"

    def _launch_notes_html(self, analysis) -> str:
        """Return the launch file's ``report.notes`` as paragraphs under the status line."""
        notes = analysis.config.report.notes
        return "".join(f'<p class="hl-launch-note">{render.escape(note)}</p>' for note in notes)

    def _header_html(self) -> str:
        return (f'<h1 class="hl-title">{render.escape(self._text("title"))}</h1>'
                f'<p class="hl-subtitle">{render.escape(self._text("subtitle"))}</p>')

    def _text(self, key: str, **values) -> str:
        return text(f"dashboard.{key}", self.language, **values)


def _log_to_process_stderr() -> None:
    """Send HotLeads logs to the kernel process's own stderr, which Voila's log receives.

    Without a handler, Python prints warnings and errors to ``sys.stderr``,
    which a kernel forwards to the page.
    """
    package_logger = logging.getLogger("hotleads_core")
    if any(getattr(handler, "hotleads_dashboard", False) for handler in package_logger.handlers):
        return
    handler = logging.StreamHandler(sys.__stderr__)
    handler.setFormatter(logging.Formatter("[HotLeads %(levelname)s %(name)s] %(message)s"))
    handler.hotleads_dashboard = True
    package_logger.addHandler(handler)
    package_logger.setLevel(logging.INFO)
    package_logger.propagate = False


def _log_warnings(caught) -> None:
    """Log caveats raised by the core; the page shows them where they apply, not on stderr."""
    for warning in caught:
        logger.info("%s: %s", warning.category.__name__, warning.message)


def _chart(kind: str, function, *args, language: str, **kwargs) -> str:
    figure = function(*args, language=language, **kwargs)
    return render.chart_html(figure, text(f"charts.no_data.{kind}", language))


def _html(css_class: str, value: str = "") -> widgets.HTML:
    widget = widgets.HTML(value=value)
    widget.add_class(css_class)
    return widget


def _dropdown(css_class: str, description: str, options, value) -> widgets.Dropdown:
    dropdown = widgets.Dropdown(options=options, value=value, description=description)
    dropdown.add_class(css_class)
    return dropdown


def _stylesheet() -> str:
    return resources.files("hotleads_core.dashboard").joinpath("dashboard.css").read_text(encoding="utf-8")
