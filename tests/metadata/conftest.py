"""Make ``zarrlite.metadata`` testable on its own while other packages are being written.

* If ``import zarrlite`` fails (the package root imports layers that may be incomplete), a bare
  package module is installed so that ``zarrlite.metadata`` and its dependencies import alone.
* While ``zarrlite/codecs/__init__.py`` does not exist, a stub ``zarrlite.codecs`` is installed:
  codecs that keep their JSON verbatim, a chain that keeps its codecs, numcodecs via
  ``numcodecs.get_codec``. With the real codecs package, the real ones are used.
"""

from __future__ import annotations

import sys
import types
from pathlib import Path
from typing import Any, ClassVar

_ROOT = Path(__file__).resolve().parents[2] / "zarrlite"


def _install_bare_package() -> None:
    try:
        import zarrlite  # noqa: F401
    except Exception:
        for name in [m for m in sys.modules if m == "zarrlite" or m.startswith("zarrlite.")]:
            del sys.modules[name]
        package = types.ModuleType("zarrlite")
        package.__path__ = [str(_ROOT)]
        sys.modules["zarrlite"] = package


def _install_codec_stub() -> None:
    if (_ROOT / "codecs" / "__init__.py").exists():
        return  # the real package: use it (and fail loudly if it lacks a name)
    try:
        from zarrlite.codecs import (
            ArraySpec,
            BytesCodec,
            Codec,
            CodecChain,
            V2Codec,
            codec_from_dict,
            codec_from_numcodecs,
        )

        return
    except Exception:
        pass
    import numcodecs

    from zarrlite.codecs._base import ArraySpec, Codec

    class JsonCodec(Codec):
        """A codec that only remembers its JSON form."""

        name: ClassVar[str] = "json-stub"

        def __init__(self, data: dict[str, Any]) -> None:
            self.data = data

        @classmethod
        def from_dict(cls, data: dict[str, Any]) -> JsonCodec:
            return cls(dict(data))

        def to_dict(self) -> dict[str, Any]:
            return dict(self.data)

        def __eq__(self, other: object) -> bool:
            return isinstance(other, JsonCodec) and other.data == self.data

        def __hash__(self) -> int:
            return hash(repr(self.data))

        def __repr__(self) -> str:
            return f"JsonCodec({self.data!r})"

        def validate(self, spec: ArraySpec) -> None:
            name = self.data.get("name")
            if spec.dtype.kind == "T" and name == "bytes":
                raise ValueError("bytes codec cannot encode variable-length strings")

    class BytesCodec(JsonCodec):
        def __init__(self, endian: str | None = "little") -> None:
            data: dict[str, Any] = {"name": "bytes"}
            if endian is not None:
                data["configuration"] = {"endian": endian}
            super().__init__(data)

    class CodecChain:
        def __init__(self, codecs: tuple[Any, ...]) -> None:
            self.codecs = codecs

        @classmethod
        def from_codecs(cls, codecs: Any) -> CodecChain:
            return cls(tuple(codecs))

    class V2Codec:
        def __init__(self, filters: Any, compressor: Any, order: str) -> None:
            self.filters, self.compressor, self.order = filters, compressor, order

    def codec_from_dict(value: Any) -> Any:
        if isinstance(value, Codec):
            return value
        if isinstance(value, str):
            value = {"name": value}
        if not isinstance(value, dict) or not isinstance(value.get("name"), str):
            raise TypeError(f"not a codec: {value!r}")
        return JsonCodec(value)

    def codec_from_numcodecs(value: Any) -> Any:
        return numcodecs.get_codec(dict(value)) if isinstance(value, dict) else value

    stub = types.ModuleType("zarrlite.codecs")
    stub.__path__ = [str(_ROOT / "codecs")]
    for name, obj in {
        "ArraySpec": ArraySpec,
        "BytesCodec": BytesCodec,
        "Codec": Codec,
        "CodecChain": CodecChain,
        "V2Codec": V2Codec,
        "codec_from_dict": codec_from_dict,
        "codec_from_numcodecs": codec_from_numcodecs,
    }.items():
        setattr(stub, name, obj)
    sys.modules["zarrlite.codecs"] = stub


_install_bare_package()
_install_codec_stub()
