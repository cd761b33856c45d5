"""``zarrlite.config``: zarr-python's key names, context-manager set, environment variables."""

from __future__ import annotations

import numpy as np
import pytest

import zarrlite
from zarrlite import config
from zarrlite.config import ArrayConfig


def test_defaults_match_zarr_python_names() -> None:
    assert config.get("default_zarr_format") == 3
    assert config.get("array.order") == "C"
    assert config.get("array.write_empty_chunks") is False
    assert config.get("array")["read_missing_chunks"] is True
    assert config.get("json_indent") == 2
    with pytest.raises(KeyError, match=r"no\.such"):
        config.get("no.such")
    assert config.get("no.such", 5) == 5


def test_set_is_global_or_scoped() -> None:
    with config.set({"array.order": "F", "json_indent": 4}):
        assert config.get("array.order") == "F" and config.get("json_indent") == 4
        with config.set(array={"write_empty_chunks": True}):
            assert config.get("array.write_empty_chunks") is True
        assert config.get("array.write_empty_chunks") is False
    assert config.get("array.order") == "C" and config.get("json_indent") == 2
    config.set({"default_zarr_format": 2})
    try:
        assert zarrlite.create(shape=(2,), dtype="i1").metadata.zarr_format == 2
    finally:
        config.reset()
    assert config.get("default_zarr_format") == 3


def test_environment_variables_set_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZARR_ARRAY__ORDER", "F")
    monkeypatch.setenv("ZARR_ASYNC__CONCURRENCY", "7")
    config.refresh()
    try:
        assert config.get("array.order") == "F"
        assert config.get("async.concurrency") == 7  # parsed as a Python literal
    finally:
        monkeypatch.undo()
        config.reset()
    assert config.get("array.order") == "C"


def test_array_config_from_arguments_and_global() -> None:
    with config.set({"array.write_empty_chunks": True}):
        resolved = ArrayConfig.from_config({"order": "F"})
    assert resolved == ArrayConfig(order="F", write_empty_chunks=True)
    with pytest.raises(TypeError, match="bogus"):  # TypeError, as zarr-python
        ArrayConfig.from_config({"bogus": 1})
    with pytest.raises(TypeError, match="bogus"):
        zarrlite.create_array(store=None, shape=(4,), dtype="i1", config={"bogus": 1})
    with pytest.raises(ValueError, match="order"):
        ArrayConfig(order="X")  # type: ignore[arg-type]
    arr = zarrlite.create_array(store=None, shape=(4,), chunks=(2,), dtype="i1",
                                config={"write_empty_chunks": True})
    arr[:] = np.zeros(4, dtype="i1")
    assert arr.nchunks_initialized == 2


def test_array_config_from_dict_and_to_dict_as_zarr_python() -> None:
    # zarr-python's ArrayConfig.from_dict / to_dict (were missing: AttributeError).
    with config.set({"array.read_missing_chunks": False}):
        made = ArrayConfig.from_dict({"order": "F"})
    assert made == ArrayConfig(order="F", read_missing_chunks=False)
    assert made.to_dict() == {
        "order": "F",
        "write_empty_chunks": False,
        "read_missing_chunks": False,
        "sharding_coalesce_max_gap_bytes": 1 << 20,
        "sharding_coalesce_max_bytes": 16 << 20,
    }
    assert ArrayConfig.from_dict(made.to_dict()) == made
    assert ArrayConfig.from_dict({}) == ArrayConfig()
    with pytest.raises(TypeError, match="bogus"):
        ArrayConfig.from_dict({"bogus": 1})
    arr = zarrlite.create_array(store=None, shape=(2,), dtype="i1", config={"order": "F"})
    assert arr.config.to_dict()["order"] == "F"
    zarr_config = pytest.importorskip("zarr.core.array_spec").ArrayConfig
    assert made.to_dict() == zarr_config.from_dict(made.to_dict()).to_dict()


def test_pprint_lists_every_key(capsys: pytest.CaptureFixture[str]) -> None:
    config.pprint()
    out = capsys.readouterr().out
    assert "array.order: 'C'" in out and "async.concurrency:" in out


def test_print_debug_info(capsys: pytest.CaptureFixture[str]) -> None:
    zarrlite.print_debug_info()
    out = capsys.readouterr().out
    assert "python: 3." in out and "numpy: " in out and "zarrlite: " in out


def test_keys_removed_in_zarr_python_3_1_warn() -> None:
    from zarrlite.errors import ZarrDeprecationWarning

    with pytest.warns(ZarrDeprecationWarning, match="v3_default_compressors"):
        with config.set({"array.v3_default_compressors": {"numeric": []}}):
            pass


def test_to_dict_is_nested_by_section_as_zarr_python() -> None:
    with config.set({"array.order": "F", "async.concurrency": 3}):
        values = config.to_dict()
    assert values["default_zarr_format"] == 3 and values["json_indent"] == 2
    assert values["array"]["order"] == "F" and values["array"]["write_empty_chunks"] is False
    assert values["async"] == {"concurrency": 3, "timeout": None}
    # spread_workers is zarrlite's own (docs/api-coverage.md)
    assert values["threading"] == {"max_workers": None, "spread_workers": True}
    assert not any("." in key for key in values)
    values["array"]["order"] = "X"  # a copy
    assert config.get("array.order") == "C"


def test_enable_gpu_is_refused_by_name() -> None:
    with pytest.raises(NotImplementedError, match="GPU"):
        config.enable_gpu()


def test_defaults_is_the_list_of_default_settings_as_donfig_has() -> None:
    with config.set({"array.rectilinear_chunks": True, "array.order": "F"}):
        defaults = config.defaults
        assert defaults[0]["array"]["rectilinear_chunks"] is False  # not the current value
        assert defaults[0]["array"]["order"] == "C"
        assert defaults[0]["default_zarr_format"] == 3
    defaults[0]["array"]["order"] = "X"  # a copy: the defaults themselves do not change
    assert config.defaults[0]["array"]["order"] == "C"
