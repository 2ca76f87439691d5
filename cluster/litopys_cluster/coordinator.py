"""The search coordinator: `litopys serve`'s HTTP API over many shards, as a Ray Serve
deployment.

For a search it asks every shard for the query's corpus statistics and adds them up,
asks the shards whose dates overlap the filter for their first `offset + limit` hits
scored with the sums and with complete facet lists, and merges (see `merge`). Facets,
timelines and the archive's figures are sums. The web page and its assets come from a
shard, so the page works against the coordinator unchanged. Placement, restarts after a
lost node and HTTP serving are Ray's.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import heapq
import json
import time
import urllib.parse
from typing import Any

from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

import ray
from ray import serve
from ray.util.scheduling_strategies import NodeAffinitySchedulingStrategy

from . import merge
from .shard_server import ShardHost
from .shards import list_shards, listing_signature

#: How often the shard list is looked at, at most, in seconds.
RELOAD_SECONDS = 2.0

#: How long the shards' date ranges are trusted, in seconds: a rebuilt shard's server
#: loads its new index on its own, after the manifest is written, so ranges asked in
#: between are asked again.
RANGES_SECONDS = 10.0

#: The content type and file name of each export format (as `litopys serve`'s).
EXPORT_TYPES = {
    "csv": ("text/csv; charset=utf-8", "litopys-export.csv"),
    "jsonl": ("application/x-ndjson; charset=utf-8", "litopys-export.jsonl"),
}

#: Shard hits the page asks for at most (as `litopys serve`: `limit` ≤ 100, `offset` ≤
#: 10,000); the shards check the numbers themselves.
DEFAULT_LIMIT = 10
DEFAULT_FACETS = 10


def error(status: int, message: str) -> Response:
    """An error answer in `litopys serve`'s shape."""
    body = {"error": {"status": status, "message": message}}
    return Response(json.dumps(body, ensure_ascii=False), status_code=status, media_type="application/json")


def answer(obj: Any) -> Response:
    return Response(json.dumps(obj, ensure_ascii=False, separators=(",", ":")), media_type="application/json")


def query_string(pairs: list[tuple[str, str]]) -> str:
    return urllib.parse.urlencode(pairs, quote_via=urllib.parse.quote)


def replaced(pairs: list[tuple[str, str]], **values: str | None) -> list[tuple[str, str]]:
    """`pairs` with the keys of `values` replaced (a value of None removes the key)."""
    out = [(k, v) for k, v in pairs if k not in values]
    out += [(k, v) for k, v in values.items() if v is not None]
    return out


def json_answers(replies: list[tuple[int, bytes, str]]) -> tuple[list[Any], Response | None]:
    """The shards' answers as JSON, or the first error answer as it came."""
    for status, body, kind in replies:
        if status != 200:
            return [], Response(body, status_code=status, media_type=kind)
    return [json.loads(body) for _, body, _ in replies], None


def statistics_body(stats: Any) -> bytes:
    """The summed statistics as the body of a shard's POST."""
    return json.dumps(stats, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def day(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


@serve.deployment(ray_actor_options={"num_cpus": 0}, max_ongoing_requests=64)
class Coordinator:
    """The HTTP front of a sharded archive (one replica; Serve restarts it if lost)."""

    def __init__(self, folder: str, hosts: int, litopys: str, lexicon: str | None, prefix: str):
        self.folder = folder
        self.per_launch = max(1, hosts)
        self.litopys, self.lexicon, self.prefix = litopys, lexicon, prefix
        #: Host actor name → (the host, its shards' names and folders).
        self.hosts: dict[str, tuple[Any, list[tuple[str, str]]]] = {}
        #: (shard name, its host), in the manifest's order.
        self.shards: list[tuple[str, Any]] = []
        self.listed = listing_signature(folder)
        self._place(list_shards(folder))
        self.ranges: dict[str, tuple[dt.date | None, dt.date | None, bool]] | None = None
        self.ranges_at = 0.0
        self.checked_at = time.monotonic()
        self.refreshing = asyncio.Lock()

    def _place(self, listed: list[dict[str, str]]) -> list[Any]:
        """Serves `listed` (the shards in the manifest's order): shards no host serves yet
        go round-robin to at most `per_launch` new hosts, and the hosts round-robin to the
        live nodes (a soft affinity: Ray may start a host elsewhere, and does when its
        node dies; Ray's own SPREAD strategy is best-effort and put every host on one
        node in one run of four on two nodes). A host is named by its shards, so a
        restarted coordinator finds the hosts it had. Hosts whose shards all left the
        list are stopped. The new hosts are returned, to wait for."""
        wanted = [(s["name"], s["index"]) for s in listed]
        served = {shard: host for host, group in self.hosts.values() for shard in group}
        new = [shard for shard in wanted if shard not in served]
        groups: list[list[tuple[str, str]]] = [[] for _ in range(min(self.per_launch, len(new)))]
        for i, shard in enumerate(new):
            groups[i % len(groups)].append(shard)
        nodes = sorted(n["NodeID"] for n in ray.nodes() if n["Alive"])
        started = []
        for group in groups:
            digest = hashlib.sha1(json.dumps(group).encode("utf-8")).hexdigest()[:12]
            name = f"{self.prefix}-host-{digest}"
            host = ShardHost.options(
                name=name,
                get_if_exists=True,
                lifetime="detached",
                scheduling_strategy=NodeAffinitySchedulingStrategy(nodes[len(self.hosts) % len(nodes)], soft=True),
            ).remote(group, self.litopys, self.lexicon)
            self.hosts[name] = (host, group)
            started.append(host)
            for shard in group:
                served[shard] = host
        keep = set(wanted)
        for name, (host, group) in list(self.hosts.items()):
            if not keep.intersection(group):
                ray.kill(host)
                del self.hosts[name]
        self.shards = [(shard[0], served[shard]) for shard in wanted]
        return started

    async def _refresh(self) -> None:
        """Serves the shards the folder lists now: `shards.json` is looked at every
        `RELOAD_SECONDS` at most, and when it changed (a rebuild added a month, or a
        re-sharding moved the shards) new shards are served once their servers are up,
        and the date ranges are asked again. A manifest that cannot be read keeps the
        shards served so far."""
        if time.monotonic() - self.checked_at < RELOAD_SECONDS:
            return
        async with self.refreshing:
            if time.monotonic() - self.checked_at < RELOAD_SECONDS:
                return
            self.checked_at = time.monotonic()
            signature = listing_signature(self.folder)
            if signature == self.listed:
                return
            try:
                listed = list_shards(self.folder)
            except (OSError, ValueError, KeyError, SystemExit):
                return
            started = self._place(listed)
            await asyncio.gather(*(h.node.remote() for h in started))
            self.listed = signature
            self.ranges = None

    async def ready(self) -> int:
        """Waits until every host serves its shards; the number of shards."""
        await asyncio.gather(*(h.node.remote() for h, _ in self.hosts.values()))
        return len(self.shards)

    async def _get(self, shard: tuple[str, Any], path: str, body: bytes | None = None) -> tuple[int, bytes, str]:
        """GET `path` from `shard`, or POST `body` to it (the summed statistics: a long
        query's sums do not fit the URL limit)."""
        name, host = shard
        if body is None:
            return await host.get.remote(name, path)
        return await host.post.remote(name, path, body)

    async def _ask_all(self, requests: list[tuple[tuple[str, Any], str, bytes | None]]) -> list[tuple[int, bytes, str]]:
        """Several requests ((shard, path, body or None)) with one Ray call per host, the
        answers in the requests' order."""
        by_host: dict[int, tuple[Any, list[int]]] = {}
        for i, ((_, host), _, _) in enumerate(requests):
            by_host.setdefault(id(host), (host, []))[1].append(i)
        calls = [
            host.ask.remote([(requests[i][0][0], requests[i][1], requests[i][2]) for i in positions])
            for host, positions in by_host.values()
        ]
        replies: list[Any] = [None] * len(requests)
        for (_, positions), answers in zip(by_host.values(), await asyncio.gather(*calls)):
            for i, a in zip(positions, answers):
                replies[i] = a
        return replies

    async def _json_all(self, shards, path: str, body: bytes | None = None) -> tuple[list[Any], Response | None]:
        """GET `path` from every shard (or POST `body`): the JSON answers, or the first
        error answer."""
        return json_answers(await self._ask_all([(s, path, body) for s in shards]))

    async def _ranges(self):
        """Each shard's first and last day and whether it has undated articles (asked
        once, from the shards themselves)."""
        if self.ranges is None or time.monotonic() - self.ranges_at > RANGES_SECONDS:
            stats, failed = await self._json_all(self.shards, "/api/stats")
            if failed:
                return None
            self.ranges = {
                name: (day(s["dates"]["first"]), day(s["dates"]["last"]), s["dates"]["without_date"] > 0)
                for (name, _), s in zip(self.shards, stats)
            }
            self.ranges_at = time.monotonic()
        return self.ranges

    async def _overlapping(self, pairs: list[tuple[str, str]]):
        """The shards that can hold articles within the `from`/`to` filter."""
        params = dict(pairs)
        lo, hi = day(params.get("from")), day(params.get("to"))
        if lo is None and hi is None:
            return self.shards
        ranges = await self._ranges()
        if ranges is None:
            return self.shards
        chosen = []
        for shard in self.shards:
            if shard[0] not in ranges:
                chosen.append(shard)  # listed since the ranges were asked: ask it too
                continue
            first, last, _ = ranges[shard[0]]
            if first is None:
                continue  # only undated articles: a date filter excludes them all
            if (hi is None or first <= hi) and (lo is None or last >= lo):
                chosen.append(shard)
        # At least one shard answers, so that an empty answer has the usual shape.
        return chosen or self.shards[:1]

    async def __call__(self, request: Request) -> Response:
        path = request.url.path
        pairs = urllib.parse.parse_qsl(request.url.query, keep_blank_values=True)
        if request.method != "GET":
            return error(405, "the API only reads: use GET")
        await self._refresh()
        if dict(pairs).get("count") == "stories" or dict(pairs).get("collapse") == "1":
            return error(
                501,
                "story counts and collapsing are not available through the cluster coordinator: a story's reprints can be in several shards",
            )
        handlers = {
            "/api/search": self.search,
            "/api/termstats": self.termstats,
            "/api/facets": self.facets,
            "/api/timeline": self.timeline,
            "/api/stats": self.stats,
            "/api/attention": self.attention,
            "/api/cooccurrence": self.cooccurrence,
            "/api/terms": self.terms,
            "/api/export": self.export,
        }
        if path in handlers:
            return await handlers[path](pairs)
        if path.startswith("/api/articles/"):
            return await self.article(path, pairs)
        # The page and its assets, from any shard.
        status, body, kind = await self._get(self.shards[0], path + ("?" + request.url.query if request.url.query else ""))
        return Response(body, status_code=status, media_type=kind)

    async def _statistics(self, q: str):
        """The summed statistics of `q` over every shard (never pruned: one index scores
        with all of its articles whatever the filters)."""
        parts, failed = await self._json_all(self.shards, "/api/termstats?" + query_string([("q", q)]))
        return (merge.sum_statistics(parts) if not failed else None), failed

    async def termstats(self, pairs):
        stats, failed = await self._statistics(dict(pairs).get("q", ""))
        return failed or answer(stats)

    async def search(self, pairs):
        params = dict(pairs)
        try:
            offset = int(params.get("offset", 0))
            limit = int(params.get("limit", DEFAULT_LIMIT))
            facets_raw = params.get("facets", str(DEFAULT_FACETS))
            facets = merge.ALL_FACETS if facets_raw == "all" else int(facets_raw)
        except ValueError:
            # The shard says what is wrong, in its words.
            status, body, kind = await self._get(self.shards[0], "/api/search?" + query_string(pairs))
            return Response(body, status_code=status, media_type=kind)
        stats, failed = await self._statistics(params.get("q", ""))
        if failed:
            return failed
        asked = replaced(
            pairs,
            offset="0",
            limit=str(offset + limit),
            facets="all" if facets > 0 else "0",
            stats=None,
        )
        shards = await self._overlapping(pairs)
        parts, failed = await self._json_all(shards, "/api/search?" + query_string(asked), statistics_body(stats))
        if failed:
            return failed
        merged = merge.merge_search(parts, params.get("sort", "relevance"), offset, limit, facets)
        return answer(merged)

    async def facets(self, pairs):
        params = dict(pairs)
        limit_raw = params.get("limit", str(DEFAULT_FACETS))
        limit = merge.ALL_FACETS if limit_raw == "all" else (int(limit_raw) if limit_raw.isdigit() else None)
        asked = replaced(pairs, limit="all") if limit is not None else pairs
        parts, failed = await self._json_all(await self._overlapping(pairs), "/api/facets?" + query_string(asked))
        return failed or answer(merge.merge_facet_reports(parts, limit))

    async def timeline(self, pairs):
        parts, failed = await self._json_all(await self._overlapping(pairs), "/api/timeline?" + query_string(pairs))
        return failed or answer(merge.merge_timelines(parts))

    async def attention(self, pairs):
        """Each query's timeline merged over the shards, then put on one axis with the
        collection's timeline as the shares' denominator (as `litopys serve` does)."""
        params = dict(pairs)
        by = params.get("by", "month")
        filters = [(k, v) for k, v in pairs if k not in ("q", "vs", "by", "share")]
        queries = [params.get("q", "")] + [v for k, v in pairs if k == "vs"]
        timelines = []
        for q in queries:
            path = "/api/timeline?" + query_string(filters + [("q", q), ("by", by)])
            parts, failed = await self._json_all(await self._overlapping(pairs), path)
            if failed:
                return failed
            timelines.append(merge.merge_timelines(parts))
        collection = None
        if params.get("share") == "1":
            kept = [(k, v) for k, v in filters if k not in ("country", "company")]
            path = "/api/timeline?" + query_string(kept + [("by", by)])
            parts, failed = await self._json_all(await self._overlapping(pairs), path)
            if failed:
                return failed
            collection = merge.merge_timelines(parts)
        return answer(merge.align(by, timelines, collection))

    async def cooccurrence(self, pairs):
        """Two complete facet lists summed over the shards, with the picking filters and
        without them (see `merge.cooccurrence`). One shard first answers the request with
        no pairs: it checks the parameters in its words and resolves the picked names
        (`Китаєм` → `CN|Китай`) as every shard would; its pairs are not used."""
        status, body, kind = await self._get(self.shards[0], "/api/cooccurrence?" + query_string(pairs))
        if status != 200:
            return Response(body, status_code=status, media_type=kind)
        head = json.loads(body)
        params = dict(pairs)
        limit = int(params.get("limit", str(DEFAULT_FACETS)).strip())
        facet = params["kind"]
        asked = [(k, v) for k, v in pairs if k not in ("kind", "limit")] + [("kind", facet), ("limit", "all")]
        # A value's articles in the result set: without the picking filters (and, for
        # outlets, without the outlet filter, which `with_value` replaces).
        dropped = merge.PICKING_FILTERS + (("source",) if facet == "source" else ())
        wider = [(k, v) for k, v in asked if k not in dropped]
        shards = await self._overlapping(pairs)
        together, failed = await self._json_all(shards, "/api/facets?" + query_string(asked))
        if failed:
            return failed
        in_results, failed = await self._json_all(shards, "/api/facets?" + query_string(wider))
        if failed:
            return failed
        return answer(
            merge.cooccurrence(
                head["kind"],
                head["query"],
                head["with"],
                merge.merge_facet_reports(together, None),
                merge.merge_facet_reports(in_results, None),
                limit,
            )
        )

    async def terms(self, pairs):
        """Significant terms as one index finds them: the shards' best articles, scored
        with the summed statistics, give the archive's sample; each shard counts its part
        of it; the summed counts are scored once with the frequencies summed over every
        shard (see `merge.score_terms`)."""
        params = dict(pairs)
        stats, failed = await self._statistics(params.get("q", ""))
        if failed:
            return failed
        sums = statistics_body(stats)
        # The shards check the parameters (`limit` too, though only the merge uses it).
        status, body, kind = await self._get(self.shards[0], "/api/terms?" + query_string(replaced(pairs, sample="0")))
        if status != 200:
            return Response(body, status_code=status, media_type=kind)
        limit = int(params.get("limit", "20").strip())
        asked = [(k, v) for k, v in pairs if k not in ("limit", "stats")]
        shards = await self._overlapping(pairs)
        ranked, failed = await self._json_all(shards, "/api/terms/ranks?" + query_string(asked), sums)
        if failed:
            return failed
        sample = int(params.get("sample", str(merge.DEFAULT_SAMPLE)).strip())
        taken = merge.sample_cut([r["ranks"] for r in ranked], sample)
        counting = [(shard, n) for shard, n in zip(shards, taken) if n > 0]
        parts, failed = json_answers(
            await self._ask_all(
                [(shard, "/api/terms/counts?" + query_string(replaced(asked, sample=str(n))), sums) for shard, n in counting]
            )
        )
        if failed:
            return failed
        counts = merge.sum_sample_counts(parts)
        wanted = json.dumps(merge.term_candidates(counts), ensure_ascii=False).encode("utf-8")
        answers, failed = await self._json_all(self.shards, "/api/terms/frequencies", wanted)
        if failed:
            return failed
        frequencies = merge.sum_statistics(answers)
        return answer(
            {
                "query": ranked[0]["query"],
                "total": sum(r["total"] for r in ranked),
                "sample": counts["sample"],
                "background": frequencies["docs"],
                "terms": merge.score_terms(counts, frequencies, limit),
            }
        )

    async def export(self, pairs):
        """Every hit, streamed: each overlapping shard's export as JSON Lines, scored
        with the summed statistics, merged by the order of every page (score or day,
        then id) and written as the format asks, at most `merge.MAX_EXPORT` hits. A
        shard's error before its first line is the answer; one after it ends the
        download, as in `litopys serve`."""
        params = dict(pairs)
        fmt = params.get("format", "csv")
        if fmt not in ("csv", "jsonl"):
            # The shard says what the formats are, in its words.
            status, body, kind = await self._get(self.shards[0], "/api/export?" + query_string(pairs))
            return Response(body, status_code=status, media_type=kind)
        stats, failed = await self._statistics(params.get("q", ""))
        if failed:
            return failed
        path = "/api/export?" + query_string(replaced(pairs, format="jsonl", stats=None))
        sums = statistics_body(stats)
        streams = [host.stream.remote(name, path, sums) for name, host in await self._overlapping(pairs)]
        total = 0
        for stream in streams:
            status, detail, kind = await (await stream.__anext__())
            if status != 200:
                return Response(detail, status_code=status, media_type=kind)
            total += int(detail)
        order = merge.hit_order(params.get("sort", "relevance"))

        async def merged():
            heads: list[tuple[Any, int, bytes, dict]] = []
            buffers: list[list[bytes]] = [[] for _ in streams]

            async def next_line(i: int):
                while not buffers[i]:
                    try:
                        batch = await (await streams[i].__anext__())
                    except StopAsyncIteration:
                        return
                    buffers[i] = list(reversed(batch))
                line = buffers[i].pop()
                hit = json.loads(line)
                heapq.heappush(heads, (order(hit), i, line, hit))

            for i in range(len(streams)):
                await next_line(i)
            out: list[str | bytes] = [merge.csv_line(merge.CSV_HEADER)] if fmt == "csv" else []
            written = 0
            while heads and written < merge.MAX_EXPORT:
                _, i, line, hit = heapq.heappop(heads)
                out.append(merge.csv_row(hit) if fmt == "csv" else line)
                written += 1
                if len(out) >= 500:
                    yield b"".join(x.encode("utf-8") if isinstance(x, str) else x for x in out)
                    out = []
                await next_line(i)
            if out:
                yield b"".join(x.encode("utf-8") if isinstance(x, str) else x for x in out)

        kind, name = EXPORT_TYPES[fmt]
        headers = {"Content-Disposition": f'attachment; filename="{name}"', "X-Total-Count": str(total)}
        return StreamingResponse(merged(), media_type=kind, headers=headers)

    async def stats(self, pairs):
        parts, failed = await self._json_all(self.shards, "/api/stats")
        if failed:
            return failed
        sources, failed = await self._json_all(self.shards, "/api/facets?kind=source&limit=all")
        if failed:
            return failed
        return answer(merge.merge_stats(parts, sources))

    async def article(self, path, pairs):
        last = None
        for shard in self.shards:
            status, body, kind = await self._get(shard, path + ("?" + query_string(pairs) if pairs else ""))
            if status == 200:
                return Response(body, status_code=200, media_type=kind)
            last = Response(body, status_code=status, media_type=kind)
        return last
