"""Measure in Chromium the time from a Sort-by change to the redrawn channel table.

The script starts Voila on 127.0.0.1 on a free port and opens the dashboard
in Debian's Chromium (``/usr/bin/chromium``, headless, every request to
another host aborted). It opens the bundled Olist launch and cycles Sort by
through ``utm_source`` (one group), ``utm_medium`` (10 groups) and
``utm_campaign`` (about 400 groups). The browser itself times each change, from the
``change`` event of the Sort-by ``<select>`` until a new channel table
element is in the page, with ``performance.now()``. It also times the
whole tab, until the channel chart is replaced, and starts the next change
only then, so that a change never waits for the previous one's charts.

The changes to ``utm_source`` are the baseline of the same run: the kernel
round trip plus the smallest view and table. Subtracting it from the other
rows gives the cost of re-slicing and drawing the larger tables.

Run it from the repository root::

    .venv/bin/python benchmarks/dashboard_sort_by.py --repeats 10
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
import urllib.parse
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from hotleads_core.dashboard.server import ServerOptions, VoilaServer, free_port  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
DIMENSIONS = ("utm_source", "utm_medium", "utm_campaign")

# Resolves with two times in milliseconds since the change event: until a new
# channel table element is in the page, and until the channel chart, drawn
# last on the tab, is replaced too.
TIME_CHANGE = """async (label) => {
    const select = document.querySelector('.hl-sort-by select');
    const previousTable = document.querySelector('.hl-channel-table');
    const previousChart = document.querySelector('.hl-channel-chart img');
    return await new Promise(resolve => {
        const started = performance.now();
        let tableAt = null;
        const observer = new MutationObserver(() => {
            const table = document.querySelector('.hl-channel-table');
            if (tableAt === null && table && table !== previousTable) {
                tableAt = performance.now() - started;
            }
            const chart = document.querySelector('.hl-channel-chart img');
            if (tableAt !== null && chart && chart !== previousChart) {
                observer.disconnect();
                resolve([tableAt, performance.now() - started]);
            }
        });
        observer.observe(document.body, {childList: true, subtree: true});
        select.value = label;
        select.dispatchEvent(new Event('change', {bubbles: true}));
    });
}"""


def main(argv=None) -> int:
    """Run the benchmark and print one line per Sort-by target."""
    args = _parse(argv)
    os.environ.setdefault("HOTLEADS_HASH_KEY", "benchmark-key")
    options = ServerOptions(params_dir=REPO / "params", port=free_port(),
                            extra_env={"HOTLEADS_HASH_KEY": os.environ["HOTLEADS_HASH_KEY"]})
    with VoilaServer(options) as server:
        timings, load_seconds = _measure(server.url, args.repeats)
    _print_report(timings, load_seconds, args.repeats)
    return 0


def _parse(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=10,
                        help="changes to each Sort-by value (default: 10)")
    return parser.parse_args(argv)


def _measure(url: str, repeats: int) -> tuple[dict[str, list[float]], float]:
    from playwright.sync_api import sync_playwright

    timings = {(dimension, part): [] for dimension in DIMENSIONS for part in ("table", "tab")}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1366, "height": 900})
        page.route("**/*", _local_only)
        started = time.perf_counter()
        page.goto(url, timeout=60_000)
        page.click(".hl-launch-olist-2018 .hl-launch-open", timeout=120_000)
        page.wait_for_selector(".hl-channel-chart img", timeout=180_000)
        load_seconds = time.perf_counter() - started

        # The Olist launch opens on utm_source, so the cycle starts with utm_medium.
        cycle = [*DIMENSIONS[1:], DIMENSIONS[0]]
        for _ in range(repeats):
            for dimension in cycle:
                table_ms, tab_ms = page.evaluate(TIME_CHANGE, dimension)
                timings[dimension, "table"].append(table_ms)
                timings[dimension, "tab"].append(tab_ms)
        browser.close()
    return timings, load_seconds


def _local_only(route) -> None:
    if urllib.parse.urlsplit(route.request.url).hostname == "127.0.0.1":
        route.continue_()
    else:
        route.abort()


def _print_report(timings: dict, load_seconds: float, repeats: int) -> None:
    print(f"Machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
          f"load average {os.getloadavg()[0]:.1f}, Python {platform.python_version()}, "
          f"{platform.platform()}")
    print(f"Olist launch: page load, kernel start and first analysis took {load_seconds:.1f} s")
    print(f"Sort-by change to redrawn channel table (table) and to the redrawn tab with its "
          f"chart (tab), {repeats} changes each, in ms:")
    print(f"{'target':<14}{'part':<7}{'median':>9}{'min':>9}{'p25':>9}{'p75':>9}{'max':>9}")
    for (dimension, part), values in timings.items():
        quartiles = statistics.quantiles(values, n=4) if len(values) > 1 else [values[0]] * 3
        print(f"{dimension:<14}{part:<7}{statistics.median(values):>9.0f}{min(values):>9.0f}"
              f"{quartiles[0]:>9.0f}{quartiles[2]:>9.0f}{max(values):>9.0f}")
    baseline = statistics.median(timings[DIMENSIONS[0], "table"])
    print(f"Baseline ({DIMENSIONS[0]}, one group): table median {baseline:.0f} ms; the other "
          "rows minus it are the cost of re-slicing and drawing larger tables.")


if __name__ == "__main__":
    sys.exit(main())
