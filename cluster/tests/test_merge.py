"""The merge rules on their own (no Ray, no HTTP): `python -m unittest discover cluster/tests`."""

import datetime as dt
import sys
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from litopys_cluster import merge  # noqa: E402


class Statistics(unittest.TestCase):
    def test_every_figure_is_summed(self):
        a = {"docs": 3, "tokens": {"body": 10, "title": 2}, "terms": {"body": {"китай": 2}}}
        b = {"docs": 4, "tokens": {"body": 5}, "terms": {"body": {"китай": 1, "кит": 0}, "title": {"китай": 1}}}
        self.assertEqual(
            merge.sum_statistics([a, b]),
            {"docs": 7, "tokens": {"body": 15, "title": 2}, "terms": {"body": {"китай": 3, "кит": 0}, "title": {"китай": 1}}},
        )


def hit(id, score, date=None):
    return {"id": id, "score": score, "date": date}


class Hits(unittest.TestCase):
    def test_relevance_breaks_ties_by_id(self):
        pages = [[hit("b", 2.0), hit("d", 1.0)], [hit("a", 2.0), hit("c", 1.0)]]
        ids = [h["id"] for h in merge.merge_hits(pages, "relevance", 0, 10)]
        self.assertEqual(ids, ["a", "b", "c", "d"])

    def test_a_page_further_down(self):
        pages = [[hit("b", 2.0), hit("d", 1.0)], [hit("a", 2.0), hit("c", 1.0)]]
        self.assertEqual([h["id"] for h in merge.merge_hits(pages, "relevance", 1, 2)], ["b", "c"])

    def test_date_order_newest_first_undated_last(self):
        pages = [[hit("x", 9.0, None), hit("old", 5.0, "2020-01-01")], [hit("new", 1.0, "2024-05-01"), hit("same", 3.0, "2024-05-01")]]
        ids = [h["id"] for h in merge.merge_hits(pages, "date", 0, 10)]
        self.assertEqual(ids, ["same", "new", "old", "x"])


class Facets(unittest.TestCase):
    def test_counts_are_summed_and_ties_go_by_stored_value(self):
        a = [{"name": "Китай", "code": "CN", "count": 2}, {"name": "Казахстан", "code": "KZ", "count": 1}]
        b = [{"name": "Казахстан", "code": "KZ", "count": 1}, {"name": "Польща", "code": "PL", "count": 2}]
        merged = merge.merge_facet_list([a, b], 10)
        # KZ, PL and CN all have 2: by "CN|Китай" < "KZ|Казахстан" < "PL|Польща".
        self.assertEqual([(i["code"], i["count"]) for i in merged], [("CN", 2), ("KZ", 2), ("PL", 2)])

    def test_the_limit_is_applied_after_summing(self):
        a = [{"name": "A", "count": 3}, {"name": "B", "count": 2}]
        b = [{"name": "C", "count": 4}, {"name": "B", "count": 2}]
        self.assertEqual([i["name"] for i in merge.merge_facet_list([a, b], 2)], ["B", "C"])

    def test_series_are_summed_per_period(self):
        a = [{"name": "A", "count": 2, "series": [{"period": "2024-01", "count": 2}]}]
        b = [{"name": "A", "count": 1, "series": [{"period": "2023-12", "count": 1}]}]
        (item,) = merge.merge_facet_list([a, b], None)
        self.assertEqual(item["series"], [{"period": "2023-12", "count": 1}, {"period": "2024-01", "count": 2}])


def bucket(period, start, end, count):
    return {"period": period, "start": start, "end": end, "count": count}


class Timelines(unittest.TestCase):
    def test_gaps_between_shards_are_filled_with_empty_periods(self):
        a = {"query": "q", "total": 2, "by": "month", "count": "articles", "undated": 1,
             "buckets": [bucket("2024-01", "2024-01-01", "2024-01-31", 2)]}
        b = {"query": "q", "total": 1, "by": "month", "count": "articles", "undated": 0,
             "buckets": [bucket("2024-03", "2024-03-01", "2024-03-31", 1)]}
        t = merge.merge_timelines([a, b])
        self.assertEqual([(x["period"], x["count"]) for x in t["buckets"]], [("2024-01", 2), ("2024-02", 0), ("2024-03", 1)])
        self.assertEqual(t["buckets"][1]["end"], "2024-02-29")
        self.assertEqual((t["total"], t["undated"]), (3, 1))

    def test_iso_weeks_across_a_year(self):
        labels = [p[0] for p in merge.periods_between(dt.date(2020, 12, 28), dt.date(2021, 1, 18), "week")]
        self.assertEqual(labels, ["2020-W53", "2021-W01", "2021-W02", "2021-W03"])

    def test_years(self):
        self.assertEqual(merge.period_of(dt.date(2021, 6, 1), "year"), ("2021", dt.date(2021, 1, 1), dt.date(2021, 12, 31)))


class Attention(unittest.TestCase):
    def test_queries_share_one_axis_and_shares_divide_by_the_collection(self):
        a = {"query": "a", "total": 2, "undated": 0, "by": "month", "count": "articles",
             "buckets": [bucket("2024-01", "2024-01-01", "2024-01-31", 2)]}
        b = {"query": "b", "total": 1, "undated": 0, "by": "month", "count": "articles",
             "buckets": [bucket("2024-03", "2024-03-01", "2024-03-31", 1)]}
        every = {"query": "", "total": 5, "undated": 0, "by": "month", "count": "articles",
                 "buckets": [bucket("2024-01", "2024-01-01", "2024-01-31", 4), bucket("2024-02", "2024-02-01", "2024-02-29", 0),
                             bucket("2024-03", "2024-03-01", "2024-03-31", 1)]}
        out = merge.align("month", [a, b], every)
        self.assertEqual([p["period"] for p in out["periods"]], ["2024-01", "2024-02", "2024-03"])
        self.assertEqual(out["series"][0]["counts"], [2, 0, 0])
        self.assertEqual(out["series"][0]["shares"], [0.5, None, 0.0])
        self.assertEqual(out["series"][1]["shares"], [0.0, None, 1.0])
        self.assertNotIn("shares", merge.align("month", [a], None)["series"][0])


class Stats(unittest.TestCase):
    def test_distinct_sources_are_counted_from_the_union(self):
        part = {"articles": 2, "size_bytes": 10, "segments": 1,
                "dates": {"first": "2020-01-01", "last": "2020-02-01", "without_date": 1},
                "sources": {"distinct": 2, "without_source": 0, "top": []}, "meta": {}, "installed": {}}
        other = dict(part, dates={"first": "2019-05-01", "last": "2019-06-01", "without_date": 0})
        sources = [{"values": [{"name": "A", "count": 1}, {"name": "B", "count": 1}]},
                   {"values": [{"name": "B", "count": 2}]}]
        s = merge.merge_stats([part, other], sources)
        self.assertEqual(s["sources"]["distinct"], 2)
        self.assertEqual(s["dates"], {"first": "2019-05-01", "last": "2020-02-01", "without_date": 1})
        self.assertEqual(s["articles"], 4)


class Cooccurrence(unittest.TestCase):
    def test_pairs_skip_the_picked_values_and_lift_compares_with_the_results(self):
        # 10 articles with China; 40 in the result set. Kazakhstan is in 5 of the 10 and
        # in 8 of the 40: lift (5/10) / (8/40) = 2.5.
        together = {"total": 10, "values": [{"name": "Китай", "code": "CN", "count": 10},
                                            {"name": "Казахстан", "code": "KZ", "count": 5},
                                            {"name": "Атлантида", "count": 1}]}
        in_results = {"total": 40, "values": [{"name": "Казахстан", "code": "KZ", "count": 8},
                                              {"name": "Китай", "code": "CN", "count": 10},
                                              {"name": "Атлантида", "count": 4}]}
        got = merge.cooccurrence("country", "угода", ["CN|Китай"], together, in_results, 1)
        self.assertEqual(got["with"], ["CN|Китай"])
        self.assertEqual((got["results"], got["with_count"]), (40, 10))
        self.assertEqual(got["pairs"], [{"name": "Казахстан", "code": "KZ", "together": 5, "in_results": 8, "lift": 2.5}])
        two = merge.cooccurrence("country", "угода", ["CN|Китай"], together, in_results, 5)["pairs"]
        self.assertEqual([p["name"] for p in two], ["Казахстан", "Атлантида"])
        self.assertNotIn("code", two[1])


class SignificantTerms(unittest.TestCase):
    def test_the_sample_is_cut_from_the_union_by_score_then_id(self):
        a = [{"score": 3.0, "id": "b"}, {"score": 1.0, "id": "c"}]
        b = [{"score": 3.0, "id": "a"}, {"score": 2.0, "id": "d"}, {"score": 1.0, "id": "e"}]
        self.assertEqual(merge.sample_cut([a, b], 3), [1, 2])
        self.assertEqual(merge.sample_cut([a, b], 10), [2, 3])

    def test_counts_add_up_and_entity_words_are_not_shown_as_words(self):
        one = {"sample": 20, "words": {"кукурудза": {"docs": 1, "forms": {"кукурудзи": 1}},
                                       "китай": {"docs": 3, "forms": {"китаю": 3}}},
               "entities": [{"kind": "country", "value": "CN|Китай", "docs": 3}], "entity_words": ["китай"]}
        two = {"sample": 5, "words": {"кукурудза": {"docs": 2, "forms": {"кукурудза": 1, "кукурудзи": 1}},
                                      "рідкісне": {"docs": 1, "forms": {"рідкісне": 1}}},
               "entities": [], "entity_words": []}
        counts = merge.sum_sample_counts([one, two])
        self.assertEqual(counts["sample"], 25)
        self.assertEqual(counts["words"]["кукурудза"], {"docs": 3, "forms": {"кукурудзи": 2, "кукурудза": 1}})
        # 25 sampled (< 30): two articles are enough; «китай» is the country's word.
        self.assertEqual(merge.term_candidates(counts), {"body": ["кукурудза"], "country": ["CN|Китай"], "company": []})
        freq = {"docs": 1000, "terms": {"body": {"кукурудза": 10}, "country": {"CN|Китай": 500}}}
        terms = merge.score_terms(counts, freq, 10)
        # Китай: in 12% of the sample and 50% of the archive: not significant.
        self.assertEqual([(t["term"], t["kind"], t["foreground"], t["background"]) for t in terms],
                         [("кукурудзи", "word", 3, 10)])
        self.assertEqual(terms[0]["score"], merge.jlh(3, 25, 10, 1000))


class Exports(unittest.TestCase):
    def test_csv_rows_quote_as_the_csv_crate_and_round_the_f32_score(self):
        hit = {"id": "a", "date": None, "source": "Агро, огляд", "title": 'Сказав "так"\nі пішов',
               "score": 7.6740746, "url": None, "language": "uk", "path": "p.json",
               "snippets": [{"text": "…кукурудзи…"}]}
        self.assertEqual(merge.csv_row(hit), 'a,,"Агро, огляд","Сказав ""так""\nі пішов",7.6741,,uk,p.json,…кукурудзи…\n')
        self.assertEqual(merge.csv_row(dict(hit, snippets=[]))[-2:], ",\n")
        # 0.12345 as an f32 is 0.123450003...: {:.4} of it is 0.1235, as of the double.
        self.assertEqual(merge.f32_score(0.12345), "0.1235")
        # 2.00005 as an f32 is 2.0000500679...; the double 2.00005 is just below it.
        self.assertEqual(merge.f32_score(2.00005), "2.0001")


if __name__ == "__main__":
    unittest.main()
