#!/usr/bin/env python3
"""run.py - golden tests: documents in, events out.

usage: run.py PARLEY [TEST...]   (default: every tests/golden/*.test)

A .test file holds:
  # comment
  %dict DIR          dictionaries (relative to the test file; "default" = built-in)
  %option NAME=VALUE an option for `parley code --option`
  < {json document}  an input document
  = DOC SRC TGT CODE [DATE] [modality=M] [chain=REL,REL,...] [precision=day|approximate]
                     [speakers=CODE,...] [location=NAME|none] [loc_country=ISO3]
                     [loc_type=city|adm1|country|region|water]
                     [loc_precision=stated|dateline|document|adjective]
                     [src_loc=NAME|none] [tgt_loc=NAME|none]
                     an expected event; DATE, the modality, the relations of the
                     attribution chain (outermost first), the date precision and the speakers of
                     the sentence's quotations and the event's location (its gazetteer
                     name with `_` for spaces, or `none`; its country, type and precision)
                     and the places stated for its source and target (source_location,
                     target_location) are checked when given
The events parley prints for the documents must be exactly the expected ones: the set of
(doc, source, target, code) triples, and the date where a line gives one. Prints one line per
file and ends with "golden: N passed, N failed".
"""
import glob
import json
import os
import subprocess
import sys

def run(parley, path):
    docs, expected, dates, opts, attrs = [], set(), {}, [], {}
    dictdir = None
    for ln in open(path, encoding="utf-8"):
        ln = ln.rstrip("\n")
        if ln.startswith("< "):
            docs.append(ln[2:])
        elif ln.startswith("= "):
            f = ln[2:].split()
            key = tuple(f[:4])
            expected.add(key)
            want = {}
            for extra in f[4:]:
                if "=" in extra:
                    k, v = extra.split("=", 1)
                    want[k] = v
                else:
                    dates.setdefault(key, []).append(extra)
                    want["date"] = extra
            if len(want) > ("date" in want):
                attrs.setdefault(key, []).append(want)
        elif ln.startswith("%dict "):
            dictdir = ln.split(None, 1)[1]
        elif ln.startswith("%option "):
            opts += ["--option", ln.split(None, 1)[1]]
    cmd = [parley, "code"] + opts
    if dictdir and dictdir != "default":
        cmd += ["--dict", os.path.join(os.path.dirname(path), dictdir), "--no-default-dicts"]
    res = subprocess.run(cmd, input="\n".join(docs) + "\n", capture_output=True, text=True)
    if res.returncode != 0:
        return False, "parley exited %d: %s" % (res.returncode, res.stderr.strip()[:300])
    got, got_dates, got_attrs = set(), {}, {}
    for line in res.stdout.splitlines():
        e = json.loads(line)
        key = (e["doc_id"], e["source"], e["target"], e["code"])
        got.add(key)
        got_dates.setdefault(key, set()).add(e.get("date"))
        got_attrs.setdefault(key, []).append({
            "modality": e.get("modality"),
            "chain": ",".join(a["relation"] for a in e.get("attribution", [])),
            "precision": e.get("date_precision"), "date": e.get("date"),
            "speakers": ",".join(q["speaker"] for q in e.get("evidence", {}).get("quotes", [])),
            "location": (e["location"]["name"].replace(" ", "_") if e.get("location") else "none"),
            "loc_country": (e.get("location") or {}).get("country") or "none",
            "loc_type": (e.get("location") or {}).get("type") or "none",
            "loc_precision": (e.get("location") or {}).get("precision") or "none",
            "src_loc": (e["source_location"]["name"].replace(" ", "_") if e.get("source_location") else "none"),
            "tgt_loc": (e["target_location"]["name"].replace(" ", "_") if e.get("target_location") else "none")})
    problems = []
    for k in sorted(expected - got):
        problems.append("missing %s" % " ".join(k))
    for k in sorted(got - expected):
        problems.append("unexpected %s" % " ".join(k))
    for k, ds in dates.items():
        for d in ds:
            if k in got and d not in got_dates[k]:
                problems.append("date of %s: expected %s, got %s" % (" ".join(k), d, sorted(got_dates[k])))
    for k, wants in attrs.items():
        if k not in got:
            continue
        for want in wants:
            if not any(all(g.get(a) == v for a, v in want.items()) for g in got_attrs[k]):
                problems.append("%s: expected %s, got %s" % (" ".join(k), want, got_attrs[k]))
    return not problems, "; ".join(problems)

def main(argv):
    parley = argv[0]
    tests = argv[1:] or sorted(glob.glob(os.path.join(os.path.dirname(os.path.abspath(__file__)), "*.test")))
    passed = failed = 0
    for t in tests:
        ok, why = run(parley, t)
        name = os.path.basename(t)
        if ok:
            passed += 1
            print("  ok    %s" % name)
        else:
            failed += 1
            print("  FAIL  %s: %s" % (name, why))
    print("golden: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
