"""Which shards a sharded archive folder holds.

`litopys index --shard-by` writes one ordinary index per shard under the folder and a
shard manifest (`shards.json`); the coordinator needs only each shard's name and folder
(the dates it asks the shards themselves). A folder without a manifest is read as its
sub-folders that hold an index, so shards made by hand (one `litopys index` per year of
an archive kept in year folders) work too.
"""

from __future__ import annotations

import json
from pathlib import Path

MANIFEST = "shards.json"


def list_shards(folder: str | Path) -> list[dict[str, str]]:
    """The shards under `folder`: `[{"name", "index"}]`, `index` an absolute path."""
    root = Path(folder).resolve()
    manifest = root / MANIFEST
    if manifest.is_file():
        data = json.loads(manifest.read_text(encoding="utf-8"))
        entries = data["shards"] if isinstance(data, dict) else data
        if isinstance(entries, dict):
            entries = [dict(v, name=k) if isinstance(v, dict) else {"name": k, "folder": v} for k, v in entries.items()]
        shards = []
        for e in entries:
            sub = e.get("folder") or e.get("dir") or e.get("path") or e.get("name")
            name = e.get("name") or e.get("key") or Path(sub).name
            shards.append({"name": str(name), "index": str((root / sub).resolve())})
    else:
        shards = [
            {"name": p.name, "index": str(p)}
            for p in sorted(root.iterdir())
            if p.is_dir() and (p / "meta.json").is_file()
        ]
    if not shards:
        raise SystemExit(f"litopys-cluster: no shards in {root} (no {MANIFEST} and no index folders)")
    return shards


def listing_signature(folder: str | Path) -> tuple:
    """What changes when the shard list may have: the manifest's modification time and
    size, or, without a manifest, the sub-folders holding an index. Cheap enough to ask
    every few seconds."""
    root = Path(folder)
    try:
        st = (root / MANIFEST).stat()
        return ("manifest", st.st_mtime_ns, st.st_size)
    except FileNotFoundError:
        try:
            return ("folders", tuple(sorted(p.name for p in root.iterdir() if (p / "meta.json").is_file())))
        except OSError:
            return ("unreadable",)
