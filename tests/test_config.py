"""The launch configuration: validation messages, languages and path resolution."""

import textwrap

import pytest

from hotleads_core.config import available_languages, config_from_dict, load_config
from hotleads_core.errors import ConfigError


def minimal(**overrides):
    raw = {
        "launch": {"name": "demo", "title": "Demo", "strategy": "classic"},
        "leads": {"path": "leads.csv"},
    }
    for section, values in overrides.items():
        raw.setdefault(section, {}).update(values)
    return raw


def test_config_minimal_is_valid():
    config = config_from_dict(minimal())

    assert config.name == "demo"
    assert config.report.language == "en"


def test_config_misspelled_required_field_named_first():
    raw = minimal()
    raw["launch"]["stratgy"] = raw["launch"].pop("strategy")

    with pytest.raises(ConfigError) as caught:
        config_from_dict(raw)

    message = str(caught.value)
    assert message.startswith("Unknown field 'launch.stratgy'. Did you mean 'strategy'?")
    assert "Required field 'launch.strategy' is missing." in message
    assert caught.value.field == "launch.stratgy"


def test_config_lists_every_problem():
    raw = minimal(report={"sort_by": "utm_sorce", "period": "fortnight"})

    with pytest.raises(ConfigError) as caught:
        config_from_dict(raw)

    message = str(caught.value)
    assert "Invalid value 'utm_sorce' for 'report.sort_by'" in message
    assert "Invalid value 'fortnight' for 'report.period'" in message


def test_config_nested_unknown_field_suggests_name():
    with pytest.raises(ConfigError, match=r"Unknown field 'leads.sepparator'. Did you mean 'separator'\?"):
        config_from_dict(minimal(leads={"sepparator": ";"}))


def test_config_language_without_texts_rejected():
    with pytest.raises(ConfigError, match=r"no report texts for language 'xx_YY'; available: en"):
        config_from_dict(minimal(report={"language": "xx_YY"}))


def test_config_available_languages_include_english():
    assert "en" in available_languages()


def test_config_paths_resolved_against_yaml_folder(tmp_path):
    folder = tmp_path / "params"
    folder.mkdir()
    (folder / "launch.yaml").write_text(textwrap.dedent("""
        launch: {name: demo, title: Demo, strategy: evergreen}
        leads: {path: ../data/leads.csv}
    """), encoding="utf-8")

    config = load_config(folder / "launch.yaml")

    assert config.leads.path == (tmp_path / "data" / "leads.csv").resolve()


def test_config_missing_file_names_path(tmp_path):
    missing = tmp_path / "nope.yaml"

    with pytest.raises(ConfigError, match="was not found"):
        load_config(missing)
