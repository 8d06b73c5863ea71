"""Tests of the launch list shown by the dashboard's selector."""

from __future__ import annotations

import datetime as dt

import pytest

from hotleads_core.dashboard.launches import count_lead_rows, list_launches

LAUNCH_YAML = """\
launch:
  name: {name}
  title: {title}
  strategy: classic
  capture:
    start: 2024-03-01
    end: 2024-03-07
leads:
  path: leads.csv
"""


def _write_launch(folder, name="spring", title="Spring launch"):
    (folder / f"{name}.yaml").write_text(LAUNCH_YAML.format(name=name, title=title), encoding="utf-8")


def test_list_launches_reads_yaml_and_counts(tmp_path):
    (tmp_path / "leads.csv").write_text(
        'email,signup_date\nlead1@example.com,2024-03-01\n"lead2@example.com","2024-03-02"\n',
        encoding="utf-8")
    _write_launch(tmp_path)

    [entry] = list_launches(tmp_path)

    assert entry.name == "spring"
    assert entry.title == "Spring launch"
    assert entry.strategy == "classic"
    assert (entry.start, entry.end) == (dt.date(2024, 3, 1), dt.date(2024, 3, 7))
    assert entry.lead_rows == 2
    assert entry.error is None


def test_count_ignores_quoted_line_breaks(tmp_path):
    path = tmp_path / "leads.csv"
    path.write_text('email,note\nlead1@example.com,"two\nlines"\nlead2@example.com,x\n', encoding="utf-8")

    assert count_lead_rows(path) == 2


def test_count_follows_file_changes(tmp_path):
    path = tmp_path / "leads.csv"
    path.write_text("email\nlead1@example.com\n", encoding="utf-8")
    first = count_lead_rows(path)
    path.write_text("email\nlead1@example.com\nlead2@example.com\nlead3@example.com\n", encoding="utf-8")

    assert (first, count_lead_rows(path)) == (1, 3)


def test_count_missing_file_is_none(tmp_path):
    assert count_lead_rows(tmp_path / "missing.csv") is None


def test_invalid_yaml_listed_with_error(tmp_path):
    (tmp_path / "broken.yaml").write_text("launch:\n  name: Bad Name\n", encoding="utf-8")
    _write_launch(tmp_path, name="valid", title="Valid")

    entries = list_launches(tmp_path)

    assert [entry.name for entry in entries] == ["broken", "valid"]
    assert "Invalid value 'Bad Name' for 'launch.name': a launch name uses lower-case letters" in entries[0].error
    assert str(tmp_path) not in entries[0].error
    assert entries[1].error is None


@pytest.mark.parametrize("suffix", [".yaml", ".yml"], ids=["yaml", "yml"])
def test_list_launches_both_suffixes(tmp_path, suffix):
    (tmp_path / f"one{suffix}").write_text(LAUNCH_YAML.format(name="one", title="One"), encoding="utf-8")

    assert [entry.name for entry in list_launches(tmp_path)] == ["one"]


def test_list_launches_skips_other_files(tmp_path):
    (tmp_path / "README.md").write_text("# Launches\n", encoding="utf-8")

    assert list_launches(tmp_path) == []
