"""The loopback cluster test: two Ray nodes on 127.0.0.1, shards by month, answers
compared with one index; a node killed; one month changed and rebuilt.

Run it inside a network namespace whose only interface is loopback (Ray advertises the
machine's own address otherwise), as `.ci/run` does:

    ip netns add litopys-ci && ip netns exec litopys-ci ip link set lo up
    ip netns exec litopys-ci python cluster/tests/loopback.py --litopys target/release/litopys

Every process it starts is started in a session of its own and stopped by its pid
(the whole session with SIGKILL if it does not end on SIGTERM). Exits 0 when every
check held, 1 with the first failed check otherwise.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

HEAD_PORT = 6390
SERVE_PORT = 18700
RECOVERY_LIMIT = 30.0
SCORE_TOLERANCE = 1e-4

#: (query, filters) the answers are compared on: single words, phrases, a negation, an
#: OR, filters by date, country and company, both orders.
QUERIES: list[tuple[str, dict[str, str]]] = [
    ("Китай", {}),
    ("угода", {}),
    ("\"Середній коридор\"", {}),
    ("Україна -Китай", {}),
    ("BYD OR Chery", {}),
    ("Китай", {"sort": "date"}),
    ("", {"from": "2024-01-01", "to": "2024-12-31"}),
    ("угода", {"from": "2021-01-01", "sort": "date"}),
    ("", {"country": "KZ"}),
    ("", {"company": "BYD"}),
    ("Китай", {"country": "KZ", "to": "2023-12-31"}),
]

#: (kind, query, picking filters) of the co-occurrences compared.
COOCCURRENCES: list[tuple[str, str, dict[str, str]]] = [
    ("company", "", {"country": "CN"}),
    ("country", "угода", {"country": "Китаєм"}),
    ("source", "", {"company": "BYD", "from": "2021-01-01"}),
]

#: (query, filters, sample) of the significant terms compared; the small samples cut
#: across shards.
TERMS: list[tuple[str, dict[str, str], int]] = [
    ("Китай", {}, 500),
    ("Китай", {}, 7),
    ("угода", {"from": "2021-01-01"}, 500),
    ("", {"country": "KZ"}, 12),
]

started: list[subprocess.Popen] = []


class Failed(Exception):
    pass


def check(ok: bool, what: str) -> None:
    if not ok:
        raise Failed(what)


def start(command: list[str], log: Path, env: dict[str, str] | None = None) -> subprocess.Popen:
    """Starts `command` in a session of its own (so that its children can be stopped with
    it), output to `log`."""
    p = subprocess.Popen(
        command,
        stdout=open(log, "wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
        env={**os.environ, **(env or {})},
    )
    started.append(p)
    return p


def stop(p: subprocess.Popen, grace: float = 10.0) -> None:
    """Stops `p` and its session: SIGTERM, then SIGKILL."""
    if p.poll() is None:
        try:
            os.killpg(p.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            p.wait(grace)
        except subprocess.TimeoutExpired:
            pass
    try:
        os.killpg(p.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    try:
        p.wait(5)
    except subprocess.TimeoutExpired:
        pass


def wait_for(log: Path, text: str, p: subprocess.Popen, limit: float) -> str:
    t = time.time()
    while time.time() - t < limit:
        body = log.read_text(errors="replace") if log.exists() else ""
        if text in body:
            return body
        if p.poll() is not None:
            raise Failed(f"{p.args[0]} ended ({p.returncode}) before «{text}»:\n{body[-3000:]}")
        time.sleep(0.3)
    raise Failed(f"no «{text}» within {limit:.0f} s:\n{log.read_text(errors='replace')[-3000:]}")


def get(url: str, timeout: float = 20.0) -> tuple[int, object]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            return r.status, json.load(r)
    except urllib.error.HTTPError as e:
        body = e.read()
        try:
            return e.code, json.loads(body)
        except ValueError:
            return e.code, body.decode("utf-8", "replace")


#: The one index's answers, by command line: asked once per state of the one index
#: (cleared when it is rebuilt), so that a comparison pass costs the cluster's answers.
ONE_INDEX_ANSWERS: dict[tuple[str, ...], dict] = {}


def cli_json(litopys: str, args: list[str]) -> dict:
    key = (litopys, *args)
    if key not in ONE_INDEX_ANSWERS:
        ONE_INDEX_ANSWERS[key] = run_cli_json(litopys, args)
    return ONE_INDEX_ANSWERS[key]


def run_cli_json(litopys: str, args: list[str]) -> dict:
    out = subprocess.run([litopys, *args, "--format", "json"], capture_output=True, check=False)
    check(out.returncode == 0, f"litopys {' '.join(args)}: {out.stderr.decode()}")
    return json.loads(out.stdout)


def cli_filters(filters: dict[str, str]) -> list[str]:
    args = []
    for k in ("from", "to", "country", "company", "sort"):
        if k in filters:
            args += [f"--{k}", filters[k]]
    return args


def compare_all(litopys: str, one: Path, base: str) -> list[str]:
    """Every query's search, facets and timeline through the cluster against the CLI on
    one index: the differences found (empty when all equal)."""
    problems = []
    for q, filters in QUERIES:
        what = f"«{q}» {filters}"
        params = {"q": q, "limit": "10", "facets": "10", **filters}
        status, got = get(f"{base}/api/search?" + urllib.parse.urlencode(params))
        if status != 200:
            problems.append(f"{what}: search answered {status}: {got}")
            continue
        want = cli_json(litopys, ["search", q, "--index", str(one), "--limit", "10", "--facets", "10", *cli_filters(filters)])
        if got["total"] != want["total"]:
            problems.append(f"{what}: total {got['total']} != {want['total']}")
        got_ids = [h["id"] for h in got["hits"]]
        want_ids = [h["id"] for h in want["hits"]]
        if got_ids != want_ids:
            problems.append(f"{what}: top ids {got_ids} != {want_ids}")
        else:
            for a, b in zip(got["hits"], want["hits"]):
                if abs(a["score"] - b["score"]) > SCORE_TOLERANCE:
                    problems.append(f"{what}: score of {a['id']} {a['score']} != {b['score']}")
        for kind in ("country", "company"):
            if got.get("facets", {}).get(kind) != want.get("facets", {}).get(kind):
                problems.append(f"{what}: {kind} facets {got.get('facets', {}).get(kind)} != {want.get('facets', {}).get(kind)}")
        for kind in ("country", "company", "person"):
            fparams = {"kind": kind, "q": q, "limit": "20", **{k: v for k, v in filters.items() if k != "sort"}}
            status, gotf = get(f"{base}/api/facets?" + urllib.parse.urlencode(fparams))
            wantf = cli_json(
                litopys, ["facets", kind, q, "--index", str(one), "--limit", "20", *cli_filters({k: v for k, v in filters.items() if k != "sort"})]
            )
            if status != 200 or gotf["values"] != wantf["values"] or gotf["total"] != wantf["total"]:
                problems.append(f"{what}: {kind} facet report differs: {gotf} != {wantf}")
        tparams = {"q": q, "by": "month", **{k: v for k, v in filters.items() if k != "sort"}}
        status, gott = get(f"{base}/api/timeline?" + urllib.parse.urlencode(tparams))
        wantt = cli_json(
            litopys, ["timeline", q, "--index", str(one), "--by", "month", *cli_filters({k: v for k, v in filters.items() if k != "sort"})]
        )
        if status != 200 or gott["buckets"] != wantt["buckets"] or gott["total"] != wantt["total"] or gott["undated"] != wantt["undated"]:
            problems.append(f"{what}: timeline differs: {gott} != {wantt}")
    for q, vs in (("Китай", "Україна"), ("угода", "BYD")):
        for share in ("0", "1"):
            status, got = get(f"{base}/api/attention?" + urllib.parse.urlencode({"q": q, "vs": vs, "by": "month", "share": share}))
            args = ["timeline", q, "--vs", vs, "--index", str(one), "--by", "month"] + (["--share"] if share == "1" else [])
            want = cli_json(litopys, args)
            if status != 200 or got != want:
                problems.append(f"attention {q} vs {vs} share={share}: {str(got)[:300]} != {str(want)[:300]}")
    for kind, q, filters in COOCCURRENCES:
        params = {"kind": kind, "q": q, "limit": "10", **filters}
        status, got = get(f"{base}/api/cooccurrence?" + urllib.parse.urlencode(params))
        want = cli_json(litopys, ["cooccur", kind, q, "--index", str(one), "--limit", "10", *cli_filters(filters)])
        if status != 200 or got != want:
            problems.append(f"co-occurrence {kind} «{q}» {filters}: {str(got)[:300]} != {str(want)[:300]}")
    for q, filters, sample in TERMS:
        params = {"q": q, "limit": "15", "sample": str(sample), **filters}
        status, got = get(f"{base}/api/terms?" + urllib.parse.urlencode(params))
        want = cli_json(litopys, ["terms", q, "--index", str(one), "--limit", "15", "--sample", str(sample), *cli_filters(filters)])
        if status != 200 or got != want:
            problems.append(f"terms «{q}» {filters} sample {sample}: {str(got)[:400]} != {str(want)[:400]}")
    return problems


def measure(litopys: str, one: Path, base: str, rounds: int, work: Path) -> None:
    """Prints p50/p99 of `/api/search` (top 10 + facets) through the coordinator and
    through one `litopys serve` of the one index, the same requests in turn."""
    single = start([litopys, "serve", "--index", str(one), "--addr", f"127.0.0.1:{SERVE_PORT + 1}"], work / "one-serve.log")
    wait_for(work / "one-serve.log", "http://", single, 30)
    times: dict[str, list[float]] = {"cluster": [], "one": []}
    for _ in range(rounds):
        for q, filters in QUERIES:
            query = urllib.parse.urlencode({"q": q, "limit": "10", "facets": "10", **filters})
            for name, url in (("cluster", base), ("one", f"http://127.0.0.1:{SERVE_PORT + 1}")):
                t = time.perf_counter()
                status, _ = get(f"{url}/api/search?{query}")
                times[name].append((time.perf_counter() - t) * 1000)
                check(status == 200, f"{name}: {status}")
    stop(single)
    for name, ms in times.items():
        ms.sort()
        p50, p99 = ms[len(ms) // 2], ms[min(len(ms) - 1, int(len(ms) * 0.99))]
        print(f"measure: {name}: {len(ms)} searches, p50 {p50:.1f} ms, p99 {p99:.1f} ms", flush=True)


#: The page opened in a browser through the coordinator and through one `litopys serve`:
#: a query with a picked country, so that every panel is filled (hits, facets, the
#: significant terms, what goes with the country, the timeline).
PAGE = "/?q=" + urllib.parse.quote("Китай") + "&country=CN"


def rendered(url: str) -> dict[str, object]:
    """What headless Chromium shows at `url` once the page's requests are done: the
    request counter, the error box, and the items of each panel, in order."""
    out = subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--virtual-time-budget=20000",
                          "--dump-dom", url], capture_output=True, text=True, timeout=120)
    check(out.returncode == 0 and "<html" in out.stdout, f"chromium on {url}: {out.stderr[-500:]}")
    dom = out.stdout

    def inside(element_id: str) -> str:
        m = re.search(r'<(\w+)[^>]*\bid="%s"[^>]*>(.*?)</\1>' % element_id, dom, re.S)
        return m.group(2) if m else ""

    pending = re.search(r'<html[^>]*data-pending="([^"]*)"', dom)
    return {
        "pending": pending.group(1) if pending else None,
        "error": re.sub(r"<[^>]+>", "", inside("error")).strip(),
        "total": re.findall(r'data-total="(\d+)"', inside("summary")),
        "hits": re.findall(r'data-testid="hit" data-id="([^"]+)"', inside("results")),
        "companies": re.findall(r'data-name="([^"]+)" data-count="(\d+)"', inside("facet-company")),
        "terms": re.findall(r'<li data-term="([^"]+)"', inside("terms")),
        "together": re.findall(r'data-testid="cooccur-item" data-name="([^"]+)"', inside("cooccur")),
        "bars": len(re.findall(r"<rect", inside("timeline-chart"))),
    }


#: (query, filters) of the exports compared byte for byte.
EXPORTS: list[tuple[str, dict[str, str]]] = [
    ("Китай", {}),
    ("угода", {"sort": "date"}),
    ("", {"from": "2021-01-01"}),
]


def fetch(url: str) -> tuple[int, bytes, dict[str, str]]:
    try:
        with urllib.request.urlopen(url, timeout=60) as r:
            return r.status, r.read(), {k.lower(): v for k, v in r.headers.items()}
    except urllib.error.HTTPError as e:
        return e.code, e.read(), {}


def without_story(jsonl: bytes) -> list[dict]:
    """An export's hits without their story ids."""
    hits = [json.loads(line) for line in jsonl.splitlines()]
    for h in hits:
        h.pop("story", None)
    return hits


def compare_with_one_server(litopys: str, one: Path, base: str, work: Path) -> None:
    """Through the coordinator and through one `litopys serve` of the one index: the web
    page, unchanged, in a browser shows the same; exports are the same bytes."""
    single = start([litopys, "serve", "--index", str(one), "--addr", f"127.0.0.1:{SERVE_PORT + 2}"], work / "one-page.log")
    wait_for(work / "one-page.log", "http://", single, 30)
    one_base = f"http://127.0.0.1:{SERVE_PORT + 2}"
    compared = 0
    try:
        for q, filters in EXPORTS:
            for fmt in ("jsonl", "csv"):
                query = urllib.parse.urlencode({"q": q, "format": fmt, **filters})
                want = fetch(f"{one_base}/api/export?{query}")
                got = fetch(f"{base}/api/export?{query}")
                check(want[0] == 200, f"export {query} on one index: {want[0]} {want[1][:200]}")
                compared += want[1].count(b"\n")
                check(got[0] == 200, f"export {query} through the coordinator: {got[0]} {got[1][:300]}")
                if fmt == "jsonl":
                    # Story ids are each shard's own (see README): every other byte is the same.
                    got_lines, want_lines = without_story(got[1]), without_story(want[1])
                    diff = next((i for i, (a, b) in enumerate(zip(got_lines, want_lines)) if a != b), None)
                    check(len(got_lines) == len(want_lines) and diff is None,
                          f"export {query} differs at line {diff}: {len(got_lines)} != {len(want_lines)} lines")
                else:
                    check(got[1] == want[1], f"export {query} differs: {got[1][:300]} != {want[1][:300]}")
                check(got[2].get("x-total-count") == want[2].get("x-total-count"), f"export {query}: totals {got[2]} != {want[2]}")
        check(compared > 20, f"the exports held {compared} lines in all: the comparison would prove little")
        status, body, _ = fetch(f"{base}/api/export?format=xml")
        check(status == 400 and b"format" in body, f"an unknown export format: {status} {body[:200]}")
        if shutil.which("chromium"):
            want = rendered(f"{one_base}{PAGE}")
            got = rendered(f"{base}{PAGE}")
            check(want["pending"] == "0" and not want["error"] and want["hits"] and want["terms"] and want["together"],
                  f"the page on one index is not complete, the comparison would prove nothing: {want}")
            check(got == want, f"the page through the coordinator differs from one index's:\n{got}\n{want}")
        else:
            check(os.environ.get("LITOPYS_REQUIRE_BROWSER") != "1", "LITOPYS_REQUIRE_BROWSER=1 but there is no chromium")
            print("the web page was not compared: no chromium", flush=True)
    finally:
        stop(single)


def corpus_words(corpus: Path, n: int) -> list[str]:
    """`n` distinct words of 5 to 9 letters from the corpus's files, in a fixed order."""
    words: set[str] = set()
    for f in sorted(corpus.rglob("*")):
        if f.is_file():
            data = gzip.decompress(f.read_bytes()) if f.suffix == ".gz" else f.read_bytes()
            words.update(w.lower() for w in re.findall(r"[а-яіїєґ]{5,9}", data.decode("utf-8", "ignore"), re.I))
    return sorted(words)[:n]


def files_of(folder: Path) -> dict[str, tuple[int, int]]:
    """(size, mtime in ns) of every file under `folder`, by relative path."""
    return {
        str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def shard_folders(shards: Path) -> list[Path]:
    return sorted(p for p in shards.iterdir() if p.is_dir() and (p / "meta.json").is_file())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--litopys", required=True, help="the litopys binary")
    parser.add_argument("--corpus", default=str(Path(__file__).resolve().parents[2] / "corpus"),
                        help="a corpus with dates (default: the repository's sample corpus)")
    parser.add_argument("--change", default="txt/2019/grain-china-2019-07-22.txt",
                        help="a .txt file of the corpus, relative to it, holding one dated article, to change; "
                             "if the corpus has no such file, a new dated article is added instead; '' skips the step")
    parser.add_argument("--shard-by", default="month", help="the shard key (default month; the checks expect more than 5 shards)")
    parser.add_argument("--measure", type=int, default=0, metavar="N",
                        help="also time N rounds of the queries through the coordinator and through one litopys serve")
    parser.add_argument("--work", help="the working folder (default: a new temporary one, removed at the end)")
    args = parser.parse_args()
    litopys = os.path.abspath(args.litopys)
    work = Path(args.work or tempfile.mkdtemp(prefix="litopys-loopback-"))
    corpus = work / "corpus"
    shutil.copytree(args.corpus, corpus)
    one, shards = work / "one", work / "shards"
    # Ray's token authentication, with a token of this run's own for every process.
    env = {"RAY_AUTH_MODE": "token", "RAY_AUTH_TOKEN": secrets.token_hex(32),
           "RAY_USAGE_STATS_ENABLED": "0", "RAY_health_check_period_ms": "1000",
           "RAY_health_check_failure_threshold": "3", "PATH": f"{Path(litopys).parent}:{os.environ['PATH']}"}
    os.environ.update(env)
    ray_bin = str(Path(sys.executable).parent / "ray")
    cluster_bin = str(Path(sys.executable).parent / "litopys-cluster")
    t0 = time.time()
    try:
        t_one = time.time()
        subprocess.run([litopys, "index", str(corpus), "--index", str(one), "--quiet"], check=True)
        ONE_INDEX_ANSWERS.clear()
        one_build = time.time() - t_one
        head = start([ray_bin, "start", "--head", "--block", "--node-ip-address=127.0.0.1", f"--port={HEAD_PORT}",
                      "--num-cpus=1", '--resources={"node0":1}', "--include-dashboard=false",
                      "--object-store-memory=100000000", "--disable-usage-stats"], work / "ray-head.log")
        wait_for(work / "ray-head.log", "Ray runtime started", head, 120)
        second = start([ray_bin, "start", "--block", f"--address=127.0.0.1:{HEAD_PORT}", "--node-ip-address=127.0.0.1",
                        "--num-cpus=1", '--resources={"node1":1}', "--object-store-memory=100000000",
                        "--disable-usage-stats"], work / "ray-node1.log")
        wait_for(work / "ray-node1.log", "Ray runtime started", second, 120)
        print(f"[{time.time() - t0:5.1f}s] two Ray nodes up", flush=True)

        t_build = time.time()
        out = subprocess.run([cluster_bin, "--ray-address", f"127.0.0.1:{HEAD_PORT}", "--litopys", litopys,
                              "build", str(corpus), "--out", str(shards), "--shard-by", args.shard_by],
                             capture_output=True, text=True)
        check(out.returncode == 0, f"litopys-cluster build failed: {out.stdout}{out.stderr}")
        folders = shard_folders(shards)
        check(len(folders) > 5, f"expected more than 5 shards by {args.shard_by}, found {[f.name for f in folders]}")
        print(f"[{time.time() - t0:5.1f}s] built {len(folders)} shards by {args.shard_by} with Ray tasks in "
              f"{time.time() - t_build:.1f} s (one index: {one_build:.1f} s)", flush=True)

        serving = start([cluster_bin, "--ray-address", f"127.0.0.1:{HEAD_PORT}", "--litopys", litopys,
                         "serve", "--shards", str(shards), "--addr", f"127.0.0.1:{SERVE_PORT}"], work / "serve.log")
        wait_for(work / "serve.log", "hosts at http://", serving, 180)
        base = f"http://127.0.0.1:{SERVE_PORT}"
        print(f"[{time.time() - t0:5.1f}s] coordinator up", flush=True)

        # A long query: its summed statistics do not fit a URL, so they go as a body.
        long_query = " OR ".join(corpus_words(corpus, 80))
        status, sums = get(f"{base}/api/termstats?" + urllib.parse.urlencode({"q": long_query}))
        in_url = len(urllib.parse.urlencode({"q": long_query, "stats": json.dumps(sums, ensure_ascii=False)}))
        check(status == 200 and in_url > 8192, f"the long query's statistics would fit a URL ({in_url} bytes): it proves nothing")
        QUERIES.append((long_query, {}))
        problems = compare_all(litopys, one, base)
        check(not problems, "the cluster's answers differ from one index's:\n" + "\n".join(problems))
        print(f"[{time.time() - t0:5.1f}s] {len(QUERIES)} queries: search, facets and timelines equal one index", flush=True)

        if args.measure:
            measure(litopys, one, base, args.measure, work)

        compare_with_one_server(litopys, one, base, work)
        print(f"[{time.time() - t0:5.1f}s] {2 * len(EXPORTS)} exports as one index's (CSV the same bytes, JSON Lines all but story ids); the web page in Chromium: "
              "the same hits, facets, terms and co-occurrences", flush=True)

        placement = subprocess.run([sys.executable, "-c", PLACEMENT, f"127.0.0.1:{HEAD_PORT}"], capture_output=True, text=True)
        check(placement.returncode == 0, f"placement: {placement.stderr}")
        on_second = int(placement.stdout.strip() or 0)
        print(f"[{time.time() - t0:5.1f}s] {on_second} of {len(folders)} shard servers on the second node", flush=True)
        check(on_second > 0, "no shard server runs on the second node: killing it would prove nothing")

        os.killpg(second.pid, signal.SIGKILL)
        killed = time.time()
        while True:
            began = time.time()
            try:
                problems = compare_all(litopys, one, base)
            except (OSError, ValueError) as e:
                problems = [repr(e)]
            if not problems:
                break
            if time.time() - killed > RECOVERY_LIMIT:
                raise Failed(f"not recovered {RECOVERY_LIMIT:.0f} s after the second node was killed:\n" + "\n".join(problems[:5]))
            time.sleep(1)
        # Every answer of that pass came within this time of the kill (calls in flight
        # wait for Ray to restart their host, then are retried).
        recovered = time.time() - killed
        check(recovered <= RECOVERY_LIMIT, f"the answers were equal again only {recovered:.1f} s after the second node was killed")
        print(f"[{time.time() - t0:5.1f}s] second node killed: every answer equal again within {recovered:.1f} s "
              f"(the last pass began {began - killed:.1f} s after the kill)", flush=True)

        before = {f.name: files_of(f) for f in shard_folders(shards)}
        if not args.change:
            print("loopback cluster test: passed (no change asked for)", flush=True)
            return 0
        changed_file = corpus / args.change
        if changed_file.is_file():
            changed_file.write_text(changed_file.read_text(encoding="utf-8") + "\n\nДодано: слово квазітестування.\n", encoding="utf-8")
        else:
            # Any corpus: one new article dated on an existing shard's first day.
            manifest = json.loads((shards / "shards.json").read_text(encoding="utf-8"))
            day = next(s["first_day"] for s in manifest["shards"] if s.get("first_day"))
            (corpus / "loopback-added.txt").write_text(f"date {day} Додана стаття\n\nСлово квазітестування.\n", encoding="utf-8")
        out = subprocess.run([cluster_bin, "--ray-address", f"127.0.0.1:{HEAD_PORT}", "--litopys", litopys,
                              "build", str(corpus), "--out", str(shards), "--shard-by", args.shard_by],
                             capture_output=True, text=True)
        check(out.returncode == 0, f"the rebuild failed: {out.stdout}{out.stderr}")
        after = {f.name: files_of(f) for f in shard_folders(shards)}
        rebuilt = sorted(name for name in after if after[name] != before.get(name))
        check(len(rebuilt) == 1, f"one month changed, but these shards were rewritten: {rebuilt}")
        subprocess.run([litopys, "index", str(corpus), "--index", str(one), "--quiet"], check=True)
        ONE_INDEX_ANSWERS.clear()
        deadline = time.time() + 30
        while True:
            problems = compare_all(litopys, one, base)
            status, hits = get(f"{base}/api/search?" + urllib.parse.urlencode({"q": "квазітестування"}))
            if not problems and status == 200 and hits["total"] == 1:
                break
            check(time.time() < deadline, f"after the rebuild: {problems[:3]} {status} {str(hits)[:300]}")
            time.sleep(1)
        print(f"[{time.time() - t0:5.1f}s] one article changed: only shard {rebuilt[0]} rebuilt, answers equal again", flush=True)

        if args.shard_by in ("month", "year"):
            # A month the archive did not have: a new shard, served without a restart.
            before = after
            (corpus / "loopback-new-month.txt").write_text("date 1990-06-15 Нова стаття\n\nСлово квазіновина.\n", encoding="utf-8")
            out = subprocess.run([cluster_bin, "--ray-address", f"127.0.0.1:{HEAD_PORT}", "--litopys", litopys,
                                  "build", str(corpus), "--out", str(shards), "--shard-by", args.shard_by],
                                 capture_output=True, text=True)
            check(out.returncode == 0, f"the rebuild with a new month failed: {out.stdout}{out.stderr}")
            after = {f.name: files_of(f) for f in shard_folders(shards)}
            added = sorted(set(after) - set(before))
            rewritten = sorted(n for n in before if after.get(n) != before[n])
            check(len(added) == 1 and not rewritten, f"a new month: added {added}, rewritten {rewritten}")
            subprocess.run([litopys, "index", str(corpus), "--index", str(one), "--quiet"], check=True)
            ONE_INDEX_ANSWERS.clear()
            added_at = time.time()
            in_june = {"q": "квазіновина", "from": "1990-06-01", "to": "1990-06-30"}
            while True:
                problems = compare_all(litopys, one, base)
                status, hits = get(f"{base}/api/search?" + urllib.parse.urlencode(in_june))
                if not problems and status == 200 and hits["total"] == 1:
                    break
                check(time.time() - added_at < 30, f"the new shard is not served: {problems[:3]} {status} {str(hits)[:300]}")
                time.sleep(1)
            print(f"[{time.time() - t0:5.1f}s] a new month: shard {added[0]} added, served after "
                  f"{time.time() - added_at:.1f} s without a restart, answers equal again", flush=True)
        print("loopback cluster test: passed", flush=True)
        return 0
    except Failed as e:
        print(f"loopback cluster test FAILED: {e}", flush=True)
        for log in sorted(work.glob("*.log")):
            print(f"--- {log.name} (end) ---\n{log.read_text(errors='replace')[-2000:]}", flush=True)
        return 1
    finally:
        for p in reversed(started):
            stop(p)
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)


#: Counts the shard servers on the node with the `node1` resource (run as a separate
#: driver, so that this script itself never joins the cluster).
PLACEMENT = """
import sys, ray
ray.init(address=sys.argv[1], namespace="litopys", logging_level="ERROR", log_to_driver=False)
second = [n["NodeID"] for n in ray.nodes() if n["Alive"] and n["Resources"].get("node1")][0]
hosts = [ray.get_actor(n) for n in ray.util.list_named_actors() if n.startswith("litopys-shard-")]
print(sum(len(ray.get(h.shards.remote())) for h in hosts if ray.get(h.node.remote()) == second))
"""

if __name__ == "__main__":
    sys.exit(main())
