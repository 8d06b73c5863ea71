"""Describe the machine and the software that a benchmark ran on."""

from __future__ import annotations

import importlib.metadata
import os
import platform
from pathlib import Path

LIBRARIES = ("hotleads", "pandas", "numpy", "pyarrow", "scikit-learn", "duckdb", "papermill",
             "nbconvert", "ipykernel")


def describe_machine() -> list[str]:
    """Return lines naming the CPU, core count, memory, load, OS, Python and library versions."""
    versions = ", ".join(f"{name} {_version(name)}" for name in LIBRARIES)
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    return [
        f"CPU: {_cpu_model()}, {os.cpu_count()} logical cores",
        f"Memory: {_memory_gib():.1f} GiB",
        f"Load average at start (1, 5, 15 min): {load}",
        f"OS: {platform.platform()}",
        f"Python: {platform.python_version()} ({platform.python_implementation()})",
        f"Libraries: {versions}",
    ]


def _cpu_model() -> str:
    for line in _read_lines("/proc/cpuinfo"):
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown CPU"


def _memory_gib() -> float:
    for line in _read_lines("/proc/meminfo"):
        if line.startswith("MemTotal:"):
            return int(line.split()[1]) / 1024 ** 2
    return float("nan")


def _read_lines(path: str) -> list[str]:
    try:
        return Path(path).read_text().splitlines()
    except OSError:
        return []


def _version(name: str) -> str:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"
