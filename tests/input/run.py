#!/usr/bin/env python3
"""run.py - reader tests: each fixture in tests/input/ read and coded by `parley code`.

usage: run.py PARLEY

A fixture FILE has its expectations in FILE.expect:
  # comment
  %args ARG...                extra `parley code` arguments
  = DOC SRC TGT CODE DATE     an event that must be coded (others may be: the coder's
                              own tests judge them; what a reader must keep out of the
                              text is checked with text!~ below)
  ! DOC CODE                  a reported record (ESKIP, EDATE, ...; exactly these)
  @ DOC FIELD VALUE...        a field of the document as read (`--documents`): date,
                              title, source, url, or text~ (text contains VALUE) or
                              text!~ (text does not contain VALUE)
Coded with the golden dictionaries (tests/golden/dicts). Ends "input: N passed, N failed".
"""
import glob
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DICTS = os.path.join(HERE, "..", "golden", "dicts")


def parley(p, args, path):
    cmd = [p, "code", "--dict", DICTS, "--no-default-dicts"] + args + [path]
    return subprocess.run(cmd, capture_output=True, text=True)


def check(p, path):
    args, events, reports, fields = [], set(), set(), []
    for ln in open(path + ".expect", encoding="utf-8"):
        ln = ln.rstrip("\n")
        if not ln or ln.startswith("#"):
            continue
        if ln.startswith("%args "):
            args += ln.split()[1:]
        elif ln.startswith("= "):
            events.add(tuple(ln[2:].split()))
        elif ln.startswith("! "):
            reports.add(tuple(ln[2:].split()))
        elif ln.startswith("@ "):
            doc, field, value = ln[2:].split(None, 2)
            fields.append((doc, field, value))
    problems = []
    res = parley(p, args, path)
    got = set()
    for line in res.stdout.splitlines():
        e = json.loads(line)
        got.add((e["doc_id"], e["source"], e["target"], e["code"], e["date"]))
    for e in sorted(events - got):
        problems.append("missing event %s" % " ".join(e))
    rep = set()
    for line in res.stderr.splitlines():
        r = json.loads(line)
        if "summary" in r:
            continue
        rep.add((r["doc_id"] or "-", r["code"]))
    for r in sorted(reports - rep):
        problems.append("missing report %s" % " ".join(r))
    for r in sorted(rep - reports):
        problems.append("unexpected report %s" % " ".join(r))
    want_status = 3 if any(c != "ESKIP" for _, c in reports) else 0
    if res.returncode != want_status:
        problems.append("exit status %d, expected %d" % (res.returncode, want_status))
    if fields:
        docs = {}
        res = parley(p, args + ["--documents"], path)
        for line in res.stdout.splitlines():
            d = json.loads(line)
            docs[d["id"]] = d
        for doc, field, value in fields:
            d = docs.get(doc)
            if d is None:
                problems.append("document %s not read" % doc)
            elif field == "text~":
                if value not in d["text"]:
                    problems.append("%s: text lacks %r" % (doc, value))
            elif field == "text!~":
                if value in d["text"]:
                    problems.append("%s: text has %r" % (doc, value))
            elif d.get(field) != value:
                problems.append("%s: %s is %r, expected %r" % (doc, field, d.get(field), value))
    return problems


def events_of(res):
    return sorted(json.loads(l)["doc_id"] + " " + json.loads(l)["code"] for l in res.stdout.splitlines())


def reports_of(res):
    return [json.loads(l) for l in res.stderr.splitlines() if "summary" not in l]


def extra_cases(p, tmp):
    """Inputs that need building: gzip, directories, stdin, binary, limits."""
    import gzip
    import shutil
    cases = []
    rss = os.path.join(HERE, "feed.rss")
    plain = parley(p, [], rss)
    gz = os.path.join(tmp, "feed.rss.gz")
    with open(rss, "rb") as f, gzip.open(gz, "wb") as g:
        g.write(f.read())
    res = parley(p, [], gz)
    cases.append(("gzip input codes like the plain file", events_of(res) == events_of(plain)))
    data = open(gz, "rb").read()
    cut = os.path.join(tmp, "cut.jsonl.gz")
    with gzip.open(cut, "wb") as g:
        g.write(b''.join(b'{"id": "d%d", "date": "2024-03-04", "text": "Norway condemned Latvia."}\n' % i
                         for i in range(2000)))
    whole = open(cut, "rb").read()
    open(cut, "wb").write(whole[:-200])
    res = parley(p, [], cut)
    cases.append(("truncated gzip: what was read is coded, the rest reported",
                  res.returncode == 3 and len(res.stdout.splitlines()) > 100 and
                  any(r["code"] == "EIO" for r in reports_of(res))))
    d = os.path.join(tmp, "dir", "sub")
    os.makedirs(d)
    shutil.copy(os.path.join(HERE, "news-page.html"), os.path.join(tmp, "dir", "page.html"))
    shutil.copy(gz, os.path.join(d, "feed.rss.gz"))
    open(os.path.join(d, ".hidden.jsonl"), "w").write("not read\n")
    res = parley(p, [], os.path.join(tmp, "dir"))
    ids = set(json.loads(l)["doc_id"] for l in res.stdout.splitlines())
    cases.append(("a directory is read recursively, hidden files skipped",
                  "page.html" in ids and "nw-2024-0304-017" in ids and res.returncode == 3))
    page = open(os.path.join(HERE, "news-page.html"), "rb").read()
    res = subprocess.run([p, "code", "--dict", DICTS, "--no-default-dicts", "--id", "p1"],
                         input=page, capture_output=True)
    out = [json.loads(l) for l in res.stdout.splitlines()]
    cases.append(("HTML on stdin is detected", res.returncode == 0 and out and out[0]["doc_id"] == "p1"))
    binf = os.path.join(tmp, "image.bin")
    open(binf, "wb").write(bytes(range(256)) * 64)
    res = parley(p, ["--date", "2024-01-01"], binf)
    cases.append(("binary input skipped with a reason",
                  res.returncode == 0 and [r["code"] for r in reports_of(res)] == ["ESKIP"]))
    res = parley(p, ["--input-format", "text", "--date", "2024-03-04", "--id", "raw"],
                 os.path.join(HERE, "records.tabari"))
    cases.append(("--input-format overrides detection",
                  res.returncode == 0 and all(json.loads(l)["doc_id"] == "raw" for l in res.stdout.splitlines())))
    res = parley(p, ["--max-doc-bytes", "100"], os.path.join(HERE, "news-page.html"))
    cases.append(("--max-doc-bytes: a longer page is reported",
                  res.returncode == 3 and [r["code"] for r in reports_of(res)] == ["ELIMIT"]))
    res = parley(p, ["--max-input-bytes", "1K"], rss)
    cases.append(("--max-input-bytes: a larger feed is reported",
                  res.returncode == 3 and [r["code"] for r in reports_of(res)] == ["ELIMIT"]))
    longs = os.path.join(tmp, "long.jsonl")
    open(longs, "w").write(json.dumps({"id": "long", "date": "2024-03-04",
                                       "text": "Norway condemned Latvia. " + "Norway and Latvia " * 300 + "met."}) + "\n")
    res = parley(p, ["--max-sentence-tokens", "50"], longs)
    rep = reports_of(res)
    cases.append(("--max-sentence-tokens: a warning names the document",
                  res.returncode == 0 and len(rep) == 1 and rep[0]["severity"] == "warning" and rep[0]["doc_id"] == "long"))
    res = parley(p, ["--languages", "any"], rss)
    cases.append(("--languages any codes the Finnish item too",
                  not any(r["code"] == "ESKIP" for r in reports_of(res))))
    return cases


def shared_cases(p, shared):
    """The peers' own archives, read by the PETRARCH and TABARI readers: every record."""
    peers = os.path.join(shared, "peers")
    cases = []
    for rel, docs, skipped in [("petrarch/PETR.UnitTest.records.xml", 284, 0),
                               ("petrarch/GigaWord.sample.PETR.xml", 76, 0),
                               ("tabari/Validate.text", 476, 1),   # DEBUG-21: a ^Z-padded table
                               ("tabari/TABARI.Demo.text", 45, 0)]:
        path = os.path.join(peers, rel)
        res = subprocess.run([p, "code", "--documents", path], capture_output=True, text=True)
        got = len(res.stdout.splitlines())
        rep = reports_of(res)
        ok = got == docs and len(rep) == skipped and all(r["code"] == "ESKIP" for r in rep)
        cases.append(("%s: %d documents%s" % (rel, docs, ", %d skipped" % skipped if skipped else ""),
                      ok and res.returncode == 0))
    return cases


def main():
    import tempfile
    p = sys.argv[1]
    passed = failed = 0
    shared = os.environ.get("SHARED", os.path.join(HERE, "..", "..", "..", "shared"))
    if os.path.isdir(os.path.join(shared, "peers")):
        for name, ok in shared_cases(p, shared):
            passed, failed = passed + ok, failed + (not ok)
            print("  %s  %s" % ("ok   " if ok else "FAIL ", name))
    else:
        print("  SKIP: %s/peers not found: the PETRARCH and TABARI archives are not read" % shared)
    with tempfile.TemporaryDirectory() as tmp:
        for name, ok in extra_cases(p, tmp):
            if ok:
                passed += 1
                print("  ok    %s" % name)
            else:
                failed += 1
                print("  FAIL  %s" % name)
    for exp in sorted(glob.glob(os.path.join(HERE, "*.expect"))):
        path = exp[: -len(".expect")]
        problems = check(p, path)
        name = os.path.basename(path)
        if problems:
            failed += 1
            print("  FAIL  %s" % name)
            for pr in problems:
                print("        " + pr)
        else:
            passed += 1
            print("  ok    %s" % name)
    print("input: %d passed, %d failed" % (passed, failed))
    sys.exit(1 if failed else 0)


main()
