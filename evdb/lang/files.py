"""Reading a language pack's files: the main TOML files and their topic files
(``lexicon_<topic>.toml``, ``temporal_<topic>.toml``, ``examples_<topic>.toml``), merged, with
every problem raised as a :class:`ResourceError` naming the file. Compiling is
:mod:`evdb.lang.loader`'s job."""
from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from evdb.errors import ResourceError
from evdb.paths import resources_dir

__all__ = ["pack_files", "load_examples", "merged_lexicon", "read_toml"]


def pack_files(d: Path, stem: str) -> list[Path]:
    """The files of one part of a pack: ``stem.toml`` first, then its topic files
    ``stem_<topic>.toml`` in name order (``temporal_holidays.toml``). Topic files keep one
    subject together (holidays, clock times) without growing the main file without end."""
    return [d / f"{stem}.toml", *sorted(d.glob(f"{stem}_*.toml"))]


def load_examples(lang: str, directory: Path | str | None = None) -> dict[str, Any]:
    """examples.toml plus its topic files: their groups are appended, each keeping the
    reference time and zone of the file it came from."""
    d = Path(directory) if directory else resources_dir() / lang
    files = pack_files(d, "examples")
    out = read_toml(files[0], lang)
    for path in files[1:]:
        extra = read_toml(path, lang)
        defaults = {k: extra[k] for k in ("reference", "tz") if k in extra}
        for section, groups in extra.items():
            if isinstance(groups, list):
                out.setdefault(section, []).extend({**defaults, **g} for g in groups)
    return out


def merged_lexicon(d: Path, lang: str) -> dict[str, Any]:
    """lexicon.toml plus its topic files. A table may continue in a topic file; the same entry
    written twice is an error naming both files (one word, one meaning)."""
    files = pack_files(d, "lexicon")
    lex = read_toml(files[0], lang)
    origin = {(t, k): files[0].name for t, table in lex.items() if isinstance(table, dict) for k in table}
    for path in files[1:]:
        for name, table in read_toml(path, lang).items():
            if not isinstance(table, dict):
                raise ResourceError(f"{lang}/{path.name}: [{name}] must be a table")
            into = lex.setdefault(name, {})
            for k, v in table.items():
                if isinstance(into.get(k), list) and isinstance(v, list):   # [tense] cue lists, [meta] lists
                    into[k] = into[k] + v
                    continue
                if k in into:
                    raise ResourceError(f"{lang}/{path.name} [{name}] entry '{k}': already defined in "
                                        f"{origin.get((name, k), files[0].name)}", hint="keep one definition")
                into[k] = v
                origin[(name, k)] = path.name
    return lex


def read_toml(path: Path, lang: str) -> dict[str, Any]:
    where = f"{lang}/{path.name}"
    try:
        with open(path, "rb") as f:
            return tomllib.load(f)
    except FileNotFoundError:
        raise ResourceError(f"{where}: file missing", hint=f"create {path}") from None
    except tomllib.TOMLDecodeError as e:
        raise ResourceError(f"{where}: invalid TOML: {e}", hint=f"fix the syntax of {path} at the line given") from None
