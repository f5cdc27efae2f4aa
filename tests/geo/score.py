#!/usr/bin/env python3
"""score.py - how well parley places events: the gold set tests/geo/gold.jsonl.

usage: score.py PARLEY [GOLD] [--min-place F] [--min-country F] [--min-coverage F]
                [--failures FILE]

The gold file holds documents written for this repository (news-style sentences with
datelines, ambiguous names, seas, regions), one a line, each with the place where the
events of a sentence happened:
    {"id": ..., "date": ..., "text": ...,
     "places": [{"sentence": 0, "names": ["Kharkiv"], "country": "UKR"}]}
`names` lists the gazetteer names that count as right (a camp and its territory, two
spellings); `country` is ISO alpha-3, null for seas and disputed regions. A document with
no "places" names no place where its events happened: parley must not state one.

Every event parley writes for a sentence with a gold place is scored:
  place    its location's name is one of `names` and its country is `country`
  country  its location's country is `country`
Coverage is the share of gold sentences for which parley wrote at least one event (a
sentence it does not code cannot be placed). Prints the figures and ends with
"geo gold: N passed, N failed" over the three thresholds and one rule: no event is put at
its country when the text names a place in it.
"""
import argparse
import json
import os
import subprocess
import sys
import unicodedata


def fold(name):
    """Names compare without case and accents (Kandahar = Kandahār)."""
    return "".join(c for c in unicodedata.normalize("NFKD", name.lower()) if not unicodedata.combining(c))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("parley")
    ap.add_argument("gold", nargs="?", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "gold.jsonl"))
    ap.add_argument("--min-place", type=float, default=0.85)
    ap.add_argument("--min-country", type=float, default=0.95)
    ap.add_argument("--min-coverage", type=float, default=0.80)
    ap.add_argument("--failures")
    a = ap.parse_args()
    docs = [json.loads(ln) for ln in open(a.gold, encoding="utf-8") if ln.strip()]
    res = subprocess.run([a.parley, "code", a.gold], capture_output=True, text=True)
    if res.returncode not in (0, 3):
        print("geo gold: parley exited %d: %s" % (res.returncode, res.stderr[:300]))
        print("geo gold: 0 passed, 3 failed")
        return 1
    events = {}
    for ln in res.stdout.splitlines():
        e = json.loads(ln)
        events.setdefault((e["doc_id"], e["sentence"]), []).append(e)
    n_sent = covered = n_ev = place_ok = country_ok = 0
    negatives = spurious = centroid = 0
    precisions = {}
    failures = []
    for d in docs:
        gold = {p["sentence"]: p for p in d.get("places", [])}
        if not gold:
            for (doc_id, _), evs in events.items():
                if doc_id == d["id"]:
                    for e in evs:
                        negatives += 1
                        if e.get("location"):
                            spurious += 1
                            failures.append("%s: no place expected, got %s" % (d["id"], e["location"]["name"]))
            continue
        for s, g in gold.items():
            n_sent += 1
            evs = events.get((d["id"], s), [])
            if not evs:
                failures.append("%s[%d]: no event coded: %s" % (d["id"], s, d["text"][:90]))
                continue
            covered += 1
            names = {fold(x) for x in g["names"]}
            for e in evs:
                n_ev += 1
                loc = e.get("location")
                got_cc = loc.get("country") if loc else "(none)"
                ok_c = loc is not None and got_cc == g["country"]
                ok_p = ok_c and fold(loc["name"]) in names
                place_ok += ok_p
                country_ok += ok_c
                # the complaint this stage answers: a country's centre standing in for the
                # place the text names
                if ok_c and not ok_p and loc["type"] == "country":
                    centroid += 1
                if loc:
                    precisions[loc["precision"]] = precisions.get(loc["precision"], 0) + 1
                if not ok_p:
                    failures.append("%s[%d] %s %s %s: expected %s (%s), got %s" % (
                        d["id"], s, e["source"], e["target"], e["code"], "/".join(g["names"]), g["country"],
                        "%s (%s, %s, %s)" % (loc["name"], got_cc, loc["type"], loc["precision"]) if loc else "no location"))
    cov = covered / n_sent if n_sent else 0.0
    pr = place_ok / n_ev if n_ev else 0.0
    cr = country_ok / n_ev if n_ev else 0.0
    print("gold sentences %d, coded %d (coverage %.3f); events %d" % (n_sent, covered, cov, n_ev))
    print("city/region correct %d/%d = %.3f   country correct %d/%d = %.3f" % (place_ok, n_ev, pr, country_ok, n_ev, cr))
    print("precision of the locations given: %s" % ", ".join("%s %d" % kv for kv in sorted(precisions.items())))
    print("documents naming no place: %d events, %d given a location" % (negatives, spurious))
    print("events put at their country although the text names a place in it: %d" % centroid)
    if a.failures:
        with open(a.failures, "w", encoding="utf-8") as f:
            f.write("\n".join(failures) + "\n")
    checks = [pr >= a.min_place, cr >= a.min_country, cov >= a.min_coverage, centroid == 0]
    for ok, what in zip(checks, ("city/region >= %.2f" % a.min_place, "country >= %.2f" % a.min_country,
                                 "coverage >= %.2f" % a.min_coverage, "no country for a named place")):
        if not ok:
            print("  FAIL  %s" % what)
    print("geo gold: %d passed, %d failed" % (sum(checks), len(checks) - sum(checks)))
    return 0 if all(checks) else 1


if __name__ == "__main__":
    sys.exit(main())
