"""The Voila dashboard: launch selector, tabs and controls on top of the core.

This subpackage may import ipywidgets; the core never imports it. The widget
application lives in :mod:`~hotleads_core.dashboard.app`, the pure HTML
rendering in :mod:`~hotleads_core.dashboard.render` and its siblings
:mod:`~hotleads_core.dashboard.render_tables` and
:mod:`~hotleads_core.dashboard.render_quality`, and the safe Voila start in
:mod:`~hotleads_core.dashboard.server`.
"""
