"""Merging the answers of shards into the answer one index would give.

Pure functions over the JSON objects of `litopys serve` (no Ray, no HTTP), so that the
rules are tested on their own. Every rule mirrors the Rust side:

- BM25 statistics are sums (documents, tokens per field, document frequency per term);
- pages are in a total order: score, then article id (by date: day, undated last, then
  score, then id), the order `litopys_core::search::ranking` gives every page;
- facet counts are sums over complete lists (`facets=all`), ordered by count, then by the
  stored value (`CODE|Name` for countries);
- timeline buckets are sums per period, contiguous from the first to the last period
  with matching articles, empty periods included.
"""

from __future__ import annotations

import datetime as dt
import struct
from typing import Any, Iterable

Json = dict[str, Any]


def sum_statistics(parts: Iterable[Json]) -> Json:
    """The statistics of several shards taken as one index (`/api/termstats` objects)."""
    docs = 0
    tokens: dict[str, int] = {}
    terms: dict[str, dict[str, int]] = {}
    for part in parts:
        docs += part["docs"]
        for field, n in part["tokens"].items():
            tokens[field] = tokens.get(field, 0) + n
        for field, by_term in part["terms"].items():
            mine = terms.setdefault(field, {})
            for term, n in by_term.items():
                mine[term] = mine.get(term, 0) + n
    return {"docs": docs, "tokens": tokens, "terms": terms}


def hit_order(sort: str):
    """The sort key of a hit in `sort` order ("relevance" or "date"), smallest first."""

    def relevance(hit: Json):
        return (-hit["score"], hit["id"])

    def by_date(hit: Json):
        date = hit.get("date")
        # Newest first, undated last: negate the day number.
        day = -dt.date.fromisoformat(date).toordinal() if date else float("inf")
        return (day, -hit["score"], hit["id"])

    return by_date if sort == "date" else relevance


def merge_hits(pages: Iterable[list[Json]], sort: str, offset: int, limit: int) -> list[Json]:
    """The page `offset..offset+limit` of the union of the shards' first `offset+limit`
    hits each."""
    hits = [h for page in pages for h in page]
    hits.sort(key=hit_order(sort))
    return hits[offset : offset + limit]


def facet_value(item: Json) -> str:
    """The value a facet item is stored under (`CODE|Name` for a country with a code),
    which breaks ties between equal counts as the Rust side does."""
    code = item.get("code")
    return f"{code}|{item['name']}" if code else item["name"]


def merge_facet_list(lists: Iterable[list[Json]], limit: int | None) -> list[Json]:
    """Sums complete facet lists (items `{name, code?, count, series?}`), most frequent
    first, ties by stored value; `series` (per period) are summed too."""
    merged: dict[str, Json] = {}
    for items in lists:
        for item in items:
            key = facet_value(item)
            mine = merged.get(key)
            if mine is None:
                mine = {k: v for k, v in item.items() if k not in ("count", "series")}
                mine["count"] = 0
                if "series" in item and item["series"] is not None:
                    mine["series"] = {}
                merged[key] = mine
            mine["count"] += item["count"]
            if item.get("series") is not None:
                series = mine.setdefault("series", {})
                for point in item["series"]:
                    series[point["period"]] = series.get(point["period"], 0) + point["count"]
    out = sorted(merged.values(), key=lambda i: (-i["count"], facet_value(i)))
    if limit is not None:
        out = out[:limit]
    for item in out:
        if isinstance(item.get("series"), dict):
            item["series"] = [{"period": p, "count": n} for p, n in sorted(item["series"].items())]
    # Keep the keys in the order the Rust side writes them.
    return [_ordered(item, ["name", "code", "count", "series"]) for item in out]


def _ordered(item: Json, keys: list[str]) -> Json:
    out = {k: item[k] for k in keys if k in item}
    out.update({k: v for k, v in item.items() if k not in out})
    return out


FACET_KINDS = ("country", "company", "person", "organisation", "source", "language")


def merge_facets(parts: Iterable[Json | None], limit: int) -> Json | None:
    """Sums the `facets` objects of search answers, each list cut to `limit`."""
    parts = [p for p in parts if p is not None]
    if not parts:
        return None
    return {kind: merge_facet_list((p.get(kind, []) for p in parts), limit) for kind in FACET_KINDS}


# Periods of timelines: labels, first and last days, and the next period.


def period_of(day: dt.date, by: str) -> tuple[str, dt.date, dt.date]:
    """The period holding `day`: label, first day, last day (as `timeline::period_of`)."""
    if by == "year":
        return (f"{day.year:04}", dt.date(day.year, 1, 1), dt.date(day.year, 12, 31))
    if by == "month":
        start = day.replace(day=1)
        nxt = (start + dt.timedelta(days=31)).replace(day=1)
        return (f"{day.year:04}-{day.month:02}", start, nxt - dt.timedelta(days=1))
    monday = day - dt.timedelta(days=day.weekday())
    year, week, _ = monday.isocalendar()
    return (f"{year:04}-W{week:02}", monday, monday + dt.timedelta(days=6))


def periods_between(first: dt.date, last: dt.date, by: str) -> list[tuple[str, dt.date, dt.date]]:
    """Every period from the one holding `first` to the one holding `last`."""
    out = []
    day = first
    while True:
        label, start, end = period_of(day, by)
        out.append((label, start, end))
        if end >= last:
            return out
        day = end + dt.timedelta(days=1)


def merge_timelines(parts: list[Json]) -> Json:
    """Sums timelines (`/api/timeline` objects of the same query and granularity)."""
    by = parts[0]["by"]
    counts: dict[str, int] = {}
    starts: list[dt.date] = []
    ends: list[dt.date] = []
    for part in parts:
        for b in part["buckets"]:
            if b["count"]:
                counts[b["period"]] = counts.get(b["period"], 0) + b["count"]
                starts.append(dt.date.fromisoformat(b["start"]))
                ends.append(dt.date.fromisoformat(b["end"]))
    buckets = []
    if starts:
        for label, start, end in periods_between(min(starts), max(ends), by):
            buckets.append(
                {"period": label, "start": start.isoformat(), "end": end.isoformat(), "count": counts.get(label, 0)}
            )
    return {
        "query": parts[0]["query"],
        "total": sum(p["total"] for p in parts),
        "by": by,
        "count": parts[0]["count"],
        "undated": sum(p["undated"] for p in parts),
        "buckets": buckets,
    }


def merge_facet_reports(parts: list[Json], limit: int) -> Json:
    """Sums `/api/facets` reports of the same kind and query."""
    first = parts[0]
    return {
        "kind": first["kind"],
        "query": first["query"],
        "total": sum(p["total"] for p in parts),
        "count": first["count"],
        "by": first["by"],
        "values": merge_facet_list((p["values"] for p in parts), limit),
    }


def merge_search(parts: list[Json], sort: str, offset: int, limit: int, facets: int) -> Json:
    """Merges `/api/search` answers of the shards, each asked for its first `offset+limit`
    hits with the summed statistics and complete facets."""
    merged = {
        "query": parts[0]["query"],
        "total": sum(p["total"] for p in parts),
        "took_ms": round(max((p.get("took_ms", 0.0) for p in parts), default=0.0), 2),
        "hits": merge_hits((p["hits"] for p in parts), sort, offset, limit),
    }
    if facets > 0:
        merged["facets"] = merge_facets((p.get("facets") for p in parts), facets)
    return merged


#: What "every value" means for a facet list (`litopys_core::search::facets::ALL_VALUES`).
ALL_FACETS = 100_000


def merge_stats(parts: list[Json], sources: list[Json]) -> Json:
    """The archive's figures over every shard (`/api/stats` objects), with the distinct
    outlets counted from the shards' complete source lists (`sources`: `/api/facets`
    reports of kind `source` over every article), since distinct counts do not add up."""
    firsts = [p["dates"]["first"] for p in parts if p["dates"]["first"]]
    lasts = [p["dates"]["last"] for p in parts if p["dates"]["last"]]
    top = merge_facet_list((s["values"] for s in sources), None)
    return {
        "index": "cluster",
        "shards": len(parts),
        "articles": sum(p["articles"] for p in parts),
        "size_bytes": sum(p["size_bytes"] for p in parts),
        "segments": sum(p["segments"] for p in parts),
        "dates": {
            "first": min(firsts) if firsts else None,
            "last": max(lasts) if lasts else None,
            "without_date": sum(p["dates"]["without_date"] for p in parts),
        },
        "sources": {
            "distinct": len(top),
            "without_source": sum(p["sources"]["without_source"] for p in parts),
            "top": [{"source": v["name"], "articles": v["count"]} for v in top[:10]],
        },
        "meta": parts[0]["meta"],
        "installed": parts[0]["installed"],
    }


def align(by: str, timelines: list[Json], collection: Json | None) -> Json:
    """Several queries' (merged) timelines on one axis, with shares of `collection` (the
    timeline of every article under the collection filters) when given: the
    `/api/attention` answer, as `attention::align` builds it."""
    firsts = [dt.date.fromisoformat(t["buckets"][0]["start"]) for t in timelines if t["buckets"]]
    lasts = [dt.date.fromisoformat(t["buckets"][-1]["start"]) for t in timelines if t["buckets"]]
    spine = periods_between(min(firsts), max(lasts), by) if firsts else []

    def count_in(t: Json, start: dt.date) -> int:
        iso = start.isoformat()
        return next((b["count"] for b in t["buckets"] if b["start"] == iso), 0)

    periods = []
    for label, start, end in spine:
        p = {"period": label, "start": start.isoformat(), "end": end.isoformat()}
        if collection is not None:
            p["all"] = count_in(collection, start)
        periods.append(p)
    series = []
    for t in timelines:
        counts = [count_in(t, dt.date.fromisoformat(p["start"])) for p in periods]
        s = {"query": t["query"], "total": t["total"], "undated": t["undated"], "counts": counts}
        if collection is not None:
            s["shares"] = [c / p["all"] if p["all"] > 0 else None for c, p in zip(counts, periods)]
        series.append(s)
    count = timelines[0]["count"] if timelines else "articles"
    return {"by": by, "count": count, "periods": periods, "series": series}


#: The filters that pick the entities of a co-occurrence (`litopys serve`'s names).
PICKING_FILTERS = ("country", "company", "person", "organisation")


def cooccurrence(kind: str, query: str, picked: list[str], together: Json, in_results: Json, limit: int) -> Json:
    """The `/api/cooccurrence` answer from two merged facet reports of `kind` with every
    value (`limit=all`): `together` under the request (the picked entities as filters)
    and `in_results` under the request without its picking filters. A value's articles
    in the result set are its facet count there, so the merge needs no count per pair
    (`search::cooccurrence` counts each pair with a query; the figures are the same).
    The lift is computed as the Rust side does, in the same order of operations."""
    results = in_results["total"]
    found = together["total"]
    among_results = {facet_value(v): v["count"] for v in in_results["values"]}
    pairs = []
    for v in together["values"]:
        if facet_value(v) in picked:
            continue
        if len(pairs) == limit:
            break
        n = among_results.get(facet_value(v), 0)
        lift = 0.0 if found == 0 or n == 0 else (v["count"] / found) / (n / results)
        pair = {"name": v["name"]}
        if v.get("code"):
            pair["code"] = v["code"]
        pair.update({"together": v["count"], "in_results": n, "lift": lift})
        pairs.append(pair)
    return {"kind": kind, "query": query, "with": picked, "results": results, "with_count": found, "pairs": pairs}


# Significant terms (`litopys_core::search::terms`): the sample is cut from the union of
# the shards' best articles, the shards' counts of their parts are summed, and the terms
# are scored once, over the sums, with the archive's frequencies summed over every shard.

STEM_PREFIX = "~"

#: Matching articles analysed when the request does not say (`terms::DEFAULT_SAMPLE`).
DEFAULT_SAMPLE = 500


def sample_cut(rank_lists: list[list[Json]], sample: int) -> list[int]:
    """How many of each shard's best articles (`ranks` of `/api/terms/ranks`, best first)
    are in the archive's best `sample`, in the order of every page: score, then id."""
    everyone = [(-r["score"], r["id"], i) for i, ranks in enumerate(rank_lists) for r in ranks]
    everyone.sort()
    taken = [0] * len(rank_lists)
    for _, _, i in everyone[:sample]:
        taken[i] += 1
    return taken


def sum_sample_counts(parts: list[Json]) -> Json:
    """The counts of a sample from the counts of its parts (`/api/terms/counts`)."""
    words: dict[str, Json] = {}
    entities: dict[tuple[str, str], int] = {}
    entity_words: set[str] = set()
    for part in parts:
        for key, c in part["words"].items():
            mine = words.setdefault(key, {"docs": 0, "forms": {}})
            mine["docs"] += c["docs"]
            for form, n in c["forms"].items():
                mine["forms"][form] = mine["forms"].get(form, 0) + n
        for e in part["entities"]:
            entities[(e["kind"], e["value"])] = entities.get((e["kind"], e["value"]), 0) + e["docs"]
        entity_words.update(part["entity_words"])
    return {
        "sample": sum(p["sample"] for p in parts),
        "words": words,
        "entities": [{"kind": k, "value": v, "docs": n} for (k, v), n in sorted(entities.items())],
        "entity_words": entity_words,
    }


def jlh(fg: int, fg_size: int, bg: int, bg_size: int) -> float:
    """The JLH score, as `terms::scoring::jlh` computes it (the same operations)."""
    if fg_size == 0 or bg_size == 0:
        return 0.0
    fg_share = fg / fg_size
    bg_share = max(bg, fg) / bg_size
    if fg_share <= bg_share or bg_share == 0.0:
        return 0.0
    return (fg_share - bg_share) * (fg_share / bg_share)


def term_candidates(counts: Json) -> dict[str, list[str]]:
    """The terms whose archive frequency is needed, by field (`terms::scoring::candidates`):
    words in enough sampled articles that are not part of an entity's name, and entities."""
    least = 2 if counts["sample"] < 30 else 3
    out: dict[str, list[str]] = {"body": [], "country": [], "company": []}
    for key, c in sorted(counts["words"].items()):
        if c["docs"] >= least and key not in counts["entity_words"]:
            out["body"].append(key)
    for e in counts["entities"]:
        if e["docs"] >= least:
            out[e["kind"]].append(e["value"])
    return out


def score_terms(counts: Json, frequencies: Json, limit: int) -> list[Json]:
    """The most significant terms of the summed `counts`, given the archive's summed
    `frequencies` (`/api/terms/frequencies` objects): `terms::scoring::score`."""
    fg_size = counts["sample"]
    archive = frequencies["docs"]
    freq = frequencies["terms"]
    entity_docs = {(e["kind"], e["value"]): e["docs"] for e in counts["entities"]}
    terms = []
    for field, keys in term_candidates(counts).items():
        kind = "word" if field == "body" else field
        for key in keys:
            if kind == "word":
                forms = counts["words"][key]["forms"]
                fg = counts["words"][key]["docs"]
                shown = min(forms.items(), key=lambda kv: (-kv[1], kv[0]))[0] if forms else key.lstrip(STEM_PREFIX)
            else:
                fg = entity_docs[(kind, key)]
                shown = key.split("|", 1)[1] if kind == "country" and "|" in key else key
            bg = freq.get(field, {}).get(key, 0)
            score = jlh(fg, fg_size, bg, archive)
            if score > 0.0:
                terms.append({"term": shown, "key": key, "kind": kind, "foreground": fg, "background": bg, "score": score})
    terms.sort(key=lambda t: (-t["score"], t["key"]))
    seen: set[tuple[str, str]] = set()
    out = []
    for t in terms:
        if (t["kind"], t["term"]) not in seen:
            seen.add((t["kind"], t["term"]))
            out.append(t)
    return out[:limit]


# Exports (`/api/export`): the shards' JSON Lines streams, merged by the order of every
# page; CSV rows are written from the merged hits as `litopys::output::csv` writes them.

#: The CSV columns, in order (`output::csv::HEADER`).
CSV_HEADER = ["id", "date", "source", "title", "score", "url", "language", "path", "snippet"]

#: Most hits one export writes (`litopys serve`'s `max_export`).
MAX_EXPORT = 200_000


def csv_field(value: str) -> str:
    """A CSV cell as the `csv` crate writes it: quoted when it holds a comma, a quote or
    a line break, quotes doubled."""
    if any(c in value for c in ',"\r\n'):
        return '"' + value.replace('"', '""') + '"'
    return value


def csv_line(cells: list[str]) -> str:
    return ",".join(csv_field(c) for c in cells) + "\n"


def f32_score(score: float) -> str:
    """The score with 4 decimals of the f32 it was printed from (`{:.4}` of an f32): the
    shortest decimal of an f32, read back as a double, can round differently."""
    return f"{struct.unpack('f', struct.pack('f', score))[0]:.4f}"


def csv_row(hit: Json) -> str:
    """One hit (an export's JSON line) as its CSV row."""
    snippets = hit.get("snippets") or []
    cells = [
        hit.get("id") or "",
        hit.get("date") or "",
        hit.get("source") or "",
        hit.get("title") or "",
        f32_score(hit["score"]),
        hit.get("url") or "",
        hit.get("language") or "",
        hit.get("path") or "",
        snippets[0]["text"] if snippets else "",
    ]
    return csv_line(cells)
