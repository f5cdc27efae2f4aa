#!/usr/bin/env python3
"""test_store.py - the event store's tests: ingest, deduplication, queries, exports, and
crash and concurrency safety, on SQLite and (when a server is reachable) PostgreSQL.

usage: test_store.py PARLEY [--pg URL] [--shared DIR] [--only NAME]

PostgreSQL tests need a server and a role that may create databases: --pg (default
$PARLEY_TEST_PG, else postgresql:///postgres) names a database to connect to, and the
tests create and drop databases named parley_test_* beside it. Without a reachable
server they are skipped with a message. The Dask recipe test also needs Debian's
python3-distributed (run with /usr/bin/python3).

Every check prints one line; the last line is "store: N passed, N failed".
"""
import argparse
import csv
import io
import json
import os
import shlex
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
DICTS = ["--dict", os.path.join(HERE, "dicts"), "--no-default-dicts"]

PARLEY = None
TMP = None
PG = None           # base URL of a reachable server, or None
passed = failed = 0


class Fail(Exception):
    pass


def check(cond, msg):
    if not cond:
        raise Fail(msg)


def run_case(name, fn):
    global passed, failed
    t0 = time.time()
    try:
        fn()
        passed += 1
        print("  ok    %-28s %5.1f s" % (name, time.time() - t0))
    except Fail as e:
        failed += 1
        print("  FAIL  %s: %s" % (name, e))
    except Exception as e:   # a broken test is a failed test, with the reason shown
        failed += 1
        print("  FAIL  %s: %s: %s" % (name, type(e).__name__, e))
    sys.stdout.flush()


def parley(*args, stdin=None, ok=(0,)):
    res = subprocess.run([PARLEY] + list(args), input=stdin, capture_output=True, text=True)
    if ok is not None and res.returncode not in ok:
        raise Fail("parley %s exited %d: %s" % (" ".join(args[:3]), res.returncode,
                                                 res.stderr.strip()[-400:]))
    return res


def ingest(db, *files, extra=(), ok=(0,)):
    return parley("ingest", "--db", db, *DICTS, *extra, *files, ok=ok)


def fixture(name):
    return os.path.join(HERE, name)


def tmp(name):
    return os.path.join(TMP, name)


def fresh_sqlite(name):
    p = tmp(name)
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(p + suffix):
            os.remove(p + suffix)
    return p


# ---- PostgreSQL helpers ----

def pg_url(dbname):
    u = urllib.parse.urlsplit(PG)
    return "%s://%s/%s%s" % (u.scheme, u.netloc, dbname, "?" + u.query if u.query else "")


def psql(url, sql):
    res = subprocess.run(["psql", "-X", "-q", "-At", "-F", "\t", "-v", "ON_ERROR_STOP=1", url,
                          "-c", sql], capture_output=True, text=True)
    if res.returncode != 0:
        raise Fail("psql: %s" % res.stderr.strip()[-300:])
    return res.stdout


def fresh_pg(name):
    # the process id keeps concurrent runs of the suite (two checkouts, one server) apart
    dbname = "parley_test_%s_%d" % (name, os.getpid())
    psql(PG, "DROP DATABASE IF EXISTS %s" % dbname)
    psql(PG, "CREATE DATABASE %s" % dbname)
    return pg_url(dbname)


def drop_pg(url):
    name = urllib.parse.urlsplit(url).path.lstrip("/")
    try:
        psql(PG, "DROP DATABASE IF EXISTS %s" % name)
    except Fail:
        pass


def is_pg(db):
    return db.startswith("postgres")


# ---- the canonical content of a store (no surrogate ids, no timestamps) ----

# a location's columns as text (coordinates to 1e-5 degrees)
LOC = ("coalesce(X.loc_name, ''), coalesce(X.loc_country, ''), coalesce(X.loc_adm1, ''),"
       " coalesce(CAST(CAST(round(X.loc_lat * 100000) AS INTEGER) AS TEXT), ''),"
       " coalesce(CAST(CAST(round(X.loc_lon * 100000) AS INTEGER) AS TEXT), ''),"
       " coalesce(X.loc_type, ''), coalesce(X.loc_precision, ''),"
       " coalesce(CAST(X.loc_geonames_id AS TEXT), ''), coalesce(X.loc_text, '')")

DUMP = [
    ("documents",
     "SELECT doc_id, coalesce(CAST(pub_date AS TEXT), ''), coalesce(outlet, ''), coalesce(url, ''),"
     " coalesce(title, ''), content_hash, status, coalesce(error, ''), n_events FROM documents"
     " ORDER BY doc_id"),
    ("events",
     "SELECT e.dedup_key, e.date, e.day, e.source, e.target, e.code, e.root,"
     " coalesce(CAST(e.quad AS TEXT), ''), CAST(round(e.goldstein * 10) AS INTEGER),"
     " e.num_mentions, e.num_sources, e.num_articles, d.doc_id, m.idx, coalesce(e.modality, ''),"
     " e.negated, " + LOC.replace("X.", "e.") + ", coalesce(ld.doc_id, ''),"
     " coalesce(CAST(lm.idx AS TEXT), '') FROM events e"
     " LEFT JOIN mentions lm ON lm.id = e.loc_mention LEFT JOIN documents ld ON ld.id = lm.doc"
     " LEFT JOIN mentions m ON m.id = e.first_mention LEFT JOIN documents d ON d.id = m.doc"
     " ORDER BY e.dedup_key"),
    ("mentions",
     "SELECT d.doc_id, m.idx, e.dedup_key, m.sentence, m.date, m.source, m.target, m.code,"
     " coalesce(m.source_text, ''), coalesce(m.target_text, ''), m.sentence_start,"
     " m.sentence_end, m.verb_start, m.verb_end, coalesce(m.sentence_text, ''),"
     " coalesce(m.modality, ''), m.negated, coalesce(m.attribution, ''),"
     " coalesce(CAST(m.date_precision AS TEXT), ''), " + LOC.replace("X.", "m.") + ","
     " coalesce(CAST(m.loc_start AS TEXT), ''), coalesce(m.source_location, ''),"
     " coalesce(m.target_location, '')"
     " FROM mentions m JOIN documents d ON d.id = m.doc JOIN events e ON e.id = m.event"
     " ORDER BY d.doc_id, m.idx"),
]

CONSISTENCY = (
    "SELECT 'counts', e.dedup_key FROM events e WHERE e.num_mentions = 0"
    " OR e.num_mentions <> (SELECT count(*) FROM mentions m WHERE m.event = e.id)"
    " OR e.num_articles <> (SELECT count(DISTINCT m.doc) FROM mentions m WHERE m.event = e.id)"
    " OR e.first_mention IS NULL"
    " OR e.modality IS DISTINCT FROM (SELECT m.modality FROM mentions m WHERE m.id = e.first_mention)"
    " UNION ALL SELECT 'orphan', CAST(m.id AS TEXT) FROM mentions m"
    " WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.id = m.event)"
    " OR NOT EXISTS (SELECT 1 FROM documents d WHERE d.id = m.doc)"
    " UNION ALL SELECT 'pending', doc_id FROM documents WHERE status = 'pending'"
    " UNION ALL SELECT 'n_events', d.doc_id FROM documents d"
    " WHERE d.n_events <> (SELECT count(*) FROM mentions m WHERE m.doc = d.id)")


def sql_rows(db, sql):
    if is_pg(db):
        out = psql(db, sql)
        return [line.split("\t") for line in out.splitlines()]
    con = sqlite3.connect(db)
    try:
        rows = con.execute(sql).fetchall()
    finally:
        con.close()
    return [["" if v is None else str(v) for v in r] for r in rows]


def dump(db):
    """The store's content as text, after checking that it is consistent."""
    problems = sql_rows(db, CONSISTENCY)
    check(not problems, "inconsistent store: %s" % problems[:5])
    parts = []
    for name, sql in DUMP:
        parts.append("== " + name)
        parts += ["\t".join(r) for r in sql_rows(db, sql)]
    return "\n".join(parts) + "\n"


def same_dump(a, b, what):
    if a == b:
        return
    la, lb = a.splitlines(), b.splitlines()
    diff = [x for x in la if x not in set(lb)][:3] + ["--"] + [x for x in lb if x not in set(la)][:3]
    raise Fail("%s differ: %s" % (what, " | ".join(diff)))


def export_events(db, *args):
    res = parley("export", "--db", db, "--format", "jsonl", *args)
    return [json.loads(line) for line in res.stdout.splitlines()]


def by_key(events):
    return {e["dedup_key"]: e for e in events}


# ---- the cases ----

def case_dedup(db):
    ingest(db, fixture("dedup.jsonl"))
    ev = by_key(export_events(db))
    check(sorted(ev) == ["20240304|FIN|EST|040", "20240304|NOR|LVA|111", "20240305|NOR|LVA|111"],
          "events: %s" % sorted(ev))
    e = ev["20240304|NOR|LVA|111"]
    got = (e["num_mentions"], e["num_articles"], e["num_sources"], e["doc_id"], e["url"])
    check(got == (4, 3, 2, "d1", "https://alpha.example/d1"),
          "three articles, one event: mentions/articles/sources/first/url = %s" % (got,))
    check(e["date"] == "2024-03-04" and e["goldstein"] == -3.5 and e["quad"] == 3,
          "event fields: %s" % e)
    f = ev["20240304|FIN|EST|040"]
    check((f["num_mentions"], f["num_articles"], f["num_sources"]) == (1, 1, 1), "FIN EST: %s" % f)


def case_idempotent(db):
    before = dump(db)
    res = ingest(db, fixture("dedup.jsonl"), extra=["--stats"])
    check("0 documents written, 4 unchanged" in res.stderr, "re-ingest stats: %s" % res.stderr)
    same_dump(before, dump(db), "stores before and after re-ingest")
    # the same documents again through the write path (not skipped before coding): a
    # document given twice in one input, then the input again
    both = tmp("twice.jsonl")
    with open(both, "w") as f:
        f.write(open(fixture("dedup.jsonl")).read() * 2)
    ingest(db, both)
    same_dump(before, dump(db), "stores before and after a doubled input")


def case_changed(db):
    ingest(db, fixture("changed.jsonl"))
    ev = by_key(export_events(db))
    check("20240305|NOR|LVA|111" not in ev, "the event only d0 reported is gone")
    check("20240305|CHL|PER|190" in ev, "d0's new event is there")
    e = ev["20240304|NOR|LVA|111"]
    got = (e["num_mentions"], e["num_articles"], e["num_sources"])
    check(got == (3, 2, 2), "d3 no longer reports NOR LVA: %s" % (got,))
    f = ev["20240304|FIN|EST|040"]
    got = (f["num_mentions"], f["num_articles"], f["num_sources"], f["doc_id"])
    check(got == (2, 2, 1, "d1"), "d3 now reports FIN EST: %s" % (got,))
    dump(db)


def case_failures(db):
    res = ingest(db, fixture("failures.jsonl"), ok=(3,))
    check(len(res.stderr.strip().splitlines()) == 2, "two errors reported: %s" % res.stderr)
    rows = json_rows(parley("query", "--db", db, "--documents", "--status", "failed",
                            "--format", "jsonl").stdout)
    ids = sorted(r["doc_id"] for r in rows)
    check(len(ids) == 2 and "f1" in ids and [i for i in ids if i != "f1"][0].endswith("failures.jsonl:2"),
          "failed records f1 and FILE:2: %s" % ids)
    f1 = [r for r in rows if r["doc_id"] == "f1"][0]
    check("bad date" in f1["error"] and f1["input"].endswith("failures.jsonl:1"), "f1: %s" % f1)
    before = dump(db)
    ingest(db, fixture("failures.jsonl"), ok=(3,))
    same_dump(before, dump(db), "stores before and after re-ingesting failures")
    ingest(db, fixture("fixed.jsonl"))
    rows = json_rows(parley("query", "--db", db, "--documents", "--format", "jsonl").stdout)
    f1 = [r for r in rows if r["doc_id"] == "f1"][0]
    check(f1["status"] == "coded" and f1["events"] == 1 and f1["error"] is None,
          "f1 fixed replaces its failure: %s" % f1)


def json_rows(text):
    return [json.loads(line) for line in text.splitlines()]


def case_modality(db):
    """The first report's modality is the event's; negated events are events of their own,
    kept out of GDELT and Phoenix; attribution chains are kept with the mentions."""
    docs = tmp("modality.jsonl")
    lines = [
        '{"id": "m1", "date": "2024-03-20", "source": "A", "text": "Finland will meet Norway."}',
        '{"id": "m2", "date": "2024-03-20", "source": "B", "text": "Latvia reportedly accused Norway."}',
        '{"id": "m3", "date": "2024-03-20", "source": "C", "text": "Finland did not meet Norway."}',
        '{"id": "m4", "date": "2024-03-21", "source": "Delta Wire", "text": "Chile attacked Peru, according to Reuters."}',
    ]
    with open(docs, "w") as f:
        f.write("\n".join(lines) + "\n")
    opt = ["--option", "keep_negated=true"]
    coded = [json.loads(l) for l in parley("code", *DICTS, *opt, docs).stdout.splitlines()]
    check(len(coded) == 4, "fixture: 4 events coded, got %d" % len(coded))
    ingest(db, docs)
    check(len(export_events(db)) == 3, "without keep_negated: 3 events")
    # another coding option is another coder: the documents are coded again
    res = ingest(db, docs, extra=opt + ["--stats"])
    check("4 documents written" in res.stderr, "new options recode: %s" % res.stderr.strip())
    ev = export_events(db)
    check(len(ev) == 4, "4 events: %s" % [e["dedup_key"] for e in ev])
    for c in coded:
        e = [x for x in ev if x["doc_id"] == c["doc_id"]][0]
        check(e["modality"] == c["modality"] and e["negated"] == bool(c.get("negated")),
              "%s: store %s/%s, coder %s/%s" % (c["doc_id"], e["modality"], e["negated"],
                                                c["modality"], c.get("negated")))
    neg = [e for e in ev if e["negated"]]
    check(len(neg) == 1 and neg[0]["dedup_key"].endswith("|not"), "one negated event: %s" % neg)
    for c in coded:
        rows = json_rows(parley("query", "--db", db, "--modality", c["modality"], "--format",
                                "jsonl").stdout)
        check(any(r["doc_id"] == c["doc_id"] for r in rows), "--modality %s" % c["modality"])
    kinds = sorted(set(c["modality"] for c in coded))
    if len(kinds) < 3:
        print("        note: the coder gave only these modalities: %s" % kinds)
    gd = parley("export", "--db", db, "--format", "gdelt").stdout.splitlines()
    ph = parley("export", "--db", db, "--format", "phoenix").stdout.splitlines()
    pl = [json.loads(l) for l in parley("export", "--db", db, "--format", "plover").stdout.splitlines()]
    check(len(gd) == 3 and len(ph) == 3, "GDELT and Phoenix leave the negated event out")
    check(len(pl) == 4 and sum(1 for x in pl if x.get("negated")) == 1, "PLOVER marks it")
    want = [c["attribution"] for c in coded if c["doc_id"] == "m4"][0]
    got = sql_rows(db, "SELECT m.attribution FROM mentions m JOIN documents d ON d.id = m.doc"
                       " WHERE d.doc_id = 'm4'")
    check(got and json.loads(got[0][0] or "[]") == want, "attribution kept: %s, want %s" % (got, want))
    # an earlier report (doc_id m0 < m1, same day) stating it as fact: the event's modality
    # becomes the new first report's
    more = tmp("modality2.jsonl")
    with open(more, "w") as f:
        f.write('{"id": "m0", "date": "2024-03-20", "source": "D", "text": "Finland met Norway."}\n')
    m0 = json.loads(parley("code", *DICTS, *opt, more).stdout.splitlines()[0])
    ingest(db, more, extra=opt)
    e = [x for x in export_events(db) if x["source"] == "FIN" and not x["negated"]][0]
    check((e["doc_id"], e["num_articles"], e["modality"]) == ("m0", 2, m0["modality"]),
          "first report m0 sets the modality: %s" % e)


def case_window(db):
    ingest(db, fixture("dedup.jsonl"), extra=["--dedup", "window:7"])
    ev = export_events(db)
    nor = [e for e in ev if e["source"] == "NOR"]
    check(len(nor) == 1, "window:7 merges 03-04 and 03-05: %s" % [e["dedup_key"] for e in nor])
    e = nor[0]
    got = (e["dedup_key"], e["date"], e["num_mentions"], e["num_articles"], e["num_sources"],
           e["doc_id"])
    # 7-day periods counted from Thursday 1970-01-01: 2024-02-29 .. 2024-03-06; the first
    # report is the earliest published (d1), not the first doc_id (d0)
    check(got == ("20240229|NOR|LVA|111", "2024-03-04", 5, 4, 3, "d1"), "window event: %s" % (got,))
    res = ingest(db, fixture("dedup.jsonl"), extra=["--dedup", "day"], ok=(2,))
    check("deduplicates by \"window:7\"" in res.stderr, "another key refused: %s" % res.stderr)


def case_oneaday(db):
    # the second document dates its event the day before publication ("on Monday"): the
    # exact-day key keeps two events, the one-a-day key (publication day) one
    docs = tmp("oneaday.jsonl")
    with open(docs, "w") as f:
        f.write('{"id": "o1", "date": "2024-03-05", "source": "A", "text": "Norway condemned Latvia."}\n')
        f.write('{"id": "o2", "date": "2024-03-05", "source": "B", "text": "Norway condemned Latvia on Monday."}\n')
    coded = parley("code", *DICTS, docs).stdout
    dates = sorted(json.loads(line)["date"] for line in coded.splitlines())
    ingest(db, docs, extra=["--dedup", "oneaday"])
    ev = export_events(db)
    check(len(ev) == 1 and ev[0]["num_articles"] == 2 and ev[0]["dedup_key"].startswith("20240305|"),
          "oneaday: one event keyed by publication day: %s" % [(e["dedup_key"], e["num_articles"]) for e in ev])
    check(ev[0]["date"] == dates[0], "its date is the earliest mention's: %s" % ev[0]["date"])
    day = fresh_sqlite("oneaday-day.db")
    ingest(day, docs)
    if dates == ["2024-03-04", "2024-03-05"]:
        check(len(export_events(day)) == 2, "day: two events")
    else:
        print("        note: the coder does not date events from the text yet ('on Monday');"
              " the two keys agree until it does")
    res = ingest(db, docs, extra=["--dedup", "window:3"], ok=(2,))
    check("deduplicates by \"oneaday\"" in res.stderr, "another key refused: %s" % res.stderr)


def case_queries(db):
    ingest(db, fixture("corpus.jsonl"), ok=(3,))
    problems = []
    cases = parse_queries(fixture("queries.test"))
    for args, header, rows in cases:
        res = parley("query", "--db", db, "--format", "jsonl", *args, ok=None)
        if res.returncode != 0:
            problems.append("%s: exit %d %s" % (" ".join(args), res.returncode, res.stderr.strip()))
            continue
        got = []
        for line in res.stdout.splitlines():
            r = json.loads(line)
            got.append(["" if r.get(c) is None else fmt(r.get(c)) for c in header])
        if len(got) != len(rows) or any(
                len(g) != len(w) or any(x != y and y != "*" for x, y in zip(g, w))
                for g, w in zip(got, rows)):
            problems.append("%s:\n      expected %s\n      got      %s" % (" ".join(args), rows, got))
    check(not problems, "%d of %d queries differ:\n    %s" % (len(problems), len(cases), "\n    ".join(problems)))


def fmt(v):
    if isinstance(v, float):
        return "%.1f" % v
    return str(v)


def parse_queries(path):
    cases, cur = [], None
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if line.startswith("#"):
            continue
        if line.startswith("$ "):
            cur = [shlex.split(line[2:]), None, []]
            cases.append(cur)
        elif not line.strip():
            cur = None
        elif cur is not None:
            row = next(csv.reader([line]))
            if cur[1] is None:
                cur[1] = row
            else:
                cur[2].append(row)
    return [(a, h, r) for a, h, r in cases]


def gdelt_columns():
    cols = []
    for line in open(fixture("gdelt2_columns.txt"), encoding="utf-8"):
        if line.startswith("#") or not line.strip():
            continue
        name, typ = line.rstrip("\n").split("\t")
        cols.append((name, typ))
    return cols


def load_gdelt(text, cols):
    """Loads GDELT TSV into an SQLite table named and typed as GDELT's schema says."""
    con = sqlite3.connect(":memory:")
    types = {"INTEGER": "INTEGER", "FLOAT": "REAL", "STRING": "TEXT"}
    con.execute("CREATE TABLE events (%s)" % ", ".join('"%s" %s' % (n, types[t]) for n, t in cols))
    rows = []
    for i, line in enumerate(text.splitlines()):
        f = line.split("\t")
        check(len(f) == 61, "GDELT line %d has %d columns, not 61" % (i + 1, len(f)))
        row = []
        for v, (n, t) in zip(f, cols):
            if v == "":
                row.append(None)
            elif t == "INTEGER":
                check(v.lstrip("-").isdigit(), "GDELT %s is not an integer: %r" % (n, v))
                row.append(int(v))
            elif t == "FLOAT":
                row.append(float(v))
            else:
                row.append(v)
        rows.append(row)
    con.executemany("INSERT INTO events VALUES (%s)" % ",".join("?" * 61), rows)
    return con


def case_gdelt(db):
    cols = gdelt_columns()
    check(len(cols) == 61, "the column list has %d names" % len(cols))
    schema = os.path.join(SHARED, "reference", "gdelt2_events_schema.csv") if SHARED else None
    if schema and os.path.exists(schema):
        names = [r[0] for r in list(csv.reader(open(schema, encoding="utf-8")))[1:]]
        check(names == [n for n, _ in cols], "the column list differs from %s" % schema)
    out = parley("export", "--db", db, "--format", "gdelt").stdout
    con = load_gdelt(out, cols)
    check(con.execute("SELECT count(*) FROM events").fetchone()[0] == 8, "8 events exported")
    r = con.execute(
        'SELECT SQLDATE, MonthYear, Year, FractionDate, Actor1Code, Actor1Name, Actor1CountryCode,'
        ' Actor2Code, Actor2CountryCode, IsRootEvent, EventCode, EventBaseCode, EventRootCode,'
        ' QuadClass, GoldsteinScale, NumMentions, NumSources, NumArticles, AvgTone, DATEADDED,'
        ' SOURCEURL FROM events WHERE Actor1Code = \'NOR\' AND SQLDATE = 20240304').fetchall()
    want = [(20240304, 202403, 2024, 2024.2575, "NOR", "NORWAY", "NOR", "LVA", "LVA", 1, "111",
             "111", "11", 3, -3.5, 2, 2, 2, None, 20240304000000, "https://alpha.example/q03")]
    check(r == want, "NOR LVA row:\n      got  %s\n      want %s" % (r, want))
    r = con.execute("SELECT Actor1Code, Actor1CountryCode, Actor1Type1Code, Actor2Code"
                    " FROM events WHERE EventRootCode = '19' ORDER BY SQLDATE").fetchall()
    check(r == [("CHL", "CHL", None, "PER"), ("CHLMIL", "CHL", "MIL", "PER")], "actor parts: %s" % r)
    # parley code writes the same table, one row per coded event
    code = parley("code", *DICTS, "--format", "gdelt", fixture("corpus.jsonl"), ok=(3,)).stdout
    con = load_gdelt(code, cols)
    check(con.execute("SELECT count(*), sum(NumMentions) FROM events").fetchone() == (9, 9),
          "code --format gdelt: 9 events, one mention each")


def case_formats(db):
    # Phoenix: 26 columns, actor parts, PentaClass, all URLs
    out = parley("export", "--db", db, "--format", "phoenix").stdout.splitlines()
    check(len(out) == 8 and all(len(l.split("\t")) == 26 for l in out), "phoenix: 8 lines of 26 columns")
    row = [l.split("\t") for l in out if "\tCHLMIL\t" in l][0]
    check(row[1:9] == ["20240306", "2024", "3", "6", "CHLMIL", "CHL", "MIL", ""] and row[15] == "4"
          and row[23] == "q05_0" and row[25] == "Gamma Post", "phoenix CHLMIL row: %s" % row)
    row = [l.split("\t") for l in out if l.split("\t")[1] == "20240304" and "\tNOR\t" in l][0]
    check(row[24] == "https://alpha.example/q03;https://beta.example/q04" and
          row[25] == "Alpha News;Beta Times", "phoenix lists every report: %s" % row[24:])
    # PLOVER
    out = [json.loads(l) for l in parley("export", "--db", db, "--format", "plover").stdout.splitlines()]
    check(len(out) == 8, "plover: 8 events")
    e = [x for x in out if x["cameo"] == "190" and x["actor"] == "CHLMIL"][0]
    check((e["actor"], e["recipient"], e["event"], e["mode"], e["context"], e["date"], e["text"])
          == ("CHLMIL", "PER", "ASSAULT", None, ["military"], "2024-03-06", "Chilean troops attacked Peru."),
          "plover event: %s" % e)
    e = [x for x in out if x["cameo"] == "111"][0]
    check((e["event"], e["mode"]) == ("ACCUSE", "disapprove"), "plover 111: %s" % e)
    # CSV: a header and the same events
    rows = list(csv.DictReader(io.StringIO(parley("export", "--db", db, "--format", "csv").stdout)))
    check(len(rows) == 8 and rows[0]["date"] == "2024-02-26" and rows[0]["num_mentions"] == "1",
          "csv: %s" % rows[:1])
    big = [r for r in rows if r["num_mentions"] == "2"][0]
    check((big["source"], big["target"], big["num_sources"], big["doc_id"], big["outlet"]) ==
          ("NOR", "LVA", "2", "q03", "Alpha News"), "csv NOR LVA: %s" % big)
    # filters apply to exports too
    n = len(parley("export", "--db", db, "--format", "jsonl", "--root", "19").stdout.splitlines())
    check(n == 2, "export --root 19: %d" % n)
    # parley code: every format, one line (plus the CSV header) per coded event
    for fmt_, extra in (("csv", 1), ("plover", 0), ("phoenix", 0), ("jsonl", 0)):
        res = parley("code", *DICTS, "--format", fmt_, fixture("corpus.jsonl"), ok=(3,))
        check(len(res.stdout.splitlines()) == 9 + extra, "code --format %s: %d lines" %
              (fmt_, len(res.stdout.splitlines())))
    res = parley("code", "--format", "xml", stdin="", ok=(2,))


# GDELT's eight geography columns of a location: Type FullName CountryCode ADM1Code ADM2Code
# Lat Long FeatureID (docs/store.md)
AUSTIN = ["3", "Austin, Texas, United States", "US", "USTX", "", "30.2672", "-97.7431", "4671654"]
RIGA = ["4", "Riga, Rīga, Latvia", "LG", "LG", "", "56.9460", "24.1059", "456172"]
ARICA = ["4", "Arica, Arica y Parinacota, Chile", "CI", "CI", "", "-18.4746", "-70.2979", "3899361"]
HELSINKI = ["4", "Helsinki, Finland", "FI", "FI", "", "60.1695", "24.9354", "658225"]
NOGEO = [""] * 8


def gdelt_geo(line):
    """Actor1Geo, Actor2Geo and ActionGeo (columns 36-59) of a GDELT line."""
    f = line.split("\t")
    check(len(f) == 61, "GDELT line has %d columns" % len(f))
    return f[35:43], f[43:51], f[51:59]


def case_locations(db):
    """Where events happened, kept per mention and per event, exported and filtered."""
    ingest(db, fixture("places.jsonl"))
    ev = by_key(export_events(db))
    check(len(ev) == 5, "5 events: %s" % sorted(ev))
    # two reports: the first (p1) says only "Chilean police"; the second states Arica. The
    # event's location is the earliest report that states where, the rest is the first's
    e = ev["20240304|CHLCOP|PEREDU|173"]
    check((e["doc_id"], e["num_mentions"]) == ("p1", 2), "first report: %s" % e)
    check(e["location"] == {"name": "Arica", "country": "CHL", "adm1": "CL-AP", "lat": -18.4746,
                            "lon": -70.29792, "type": "city", "precision": "stated",
                            "geonames_id": 3899361, "text": "Arica"}, "location: %s" % e["location"])
    check("target_location" not in e, "the first report places no actor: %s" % e)
    m = sql_rows(db, "SELECT d.doc_id, m.loc_name, m.loc_precision, m.loc_country FROM mentions m"
                     " JOIN documents d ON d.id = m.doc ORDER BY d.doc_id")
    check(m == [["p1", "Chile", "adjective", "CHL"], ["p2", "Arica", "stated", "CHL"],
                ["p3", "Riga", "stated", "LVA"], ["p4", "Helsinki", "stated", "FIN"],
                ["p5", "", "", ""], ["p6", "Austin", "stated", "USA"]], "mentions: %s" % m)
    e = ev["20240305|NOR|LVA|111"]
    check(e["location"]["name"] == "Riga" and e["target_location"]["name"] == "Riga" and
          "source_location" not in e, "Riga: %s" % e)
    check(ev["20240306|NOR|FIN|051"]["location"] is None, "no location: null")
    check(ev["20240306|FINMIL|EST|040"]["source_location"]["name"] == "Helsinki", "source place")
    # GDELT: the geography columns, exactly, from the store and from coding
    lines = parley("export", "--db", db, "--format", "gdelt").stdout.splitlines()
    check(len(lines) == 5, "gdelt: %d lines" % len(lines))
    geo = {l.split("\t")[26] + l.split("\t")[1]: gdelt_geo(l) for l in lines}
    want = {"17320240304": (NOGEO, NOGEO, ARICA), "11120240305": (NOGEO, RIGA, RIGA),
            "04020240306": (HELSINKI, NOGEO, HELSINKI), "05120240306": (NOGEO, NOGEO, NOGEO),
            "19020240307": (NOGEO, AUSTIN, AUSTIN)}
    for k, w in want.items():
        check(geo.get(k) == w, "gdelt %s:\n      got  %s\n      want %s" % (k, geo.get(k), w))
    code = parley("code", *DICTS, "--format", "gdelt", fixture("places.jsonl")).stdout.splitlines()
    check(len(code) == 6, "code --format gdelt: %d lines" % len(code))
    check(gdelt_geo(code[5]) == (NOGEO, AUSTIN, AUSTIN), "code gdelt Austin: %s" % (gdelt_geo(code[5]),))
    check(gdelt_geo(code[0])[2] == ["1", "Chile", "CI", "CI", "", "-33.7432", "-71.1829", "CI"],
          "code gdelt p1 (a country): %s" % (gdelt_geo(code[0])[2],))
    load_gdelt("\n".join(lines), gdelt_columns())
    # filters: the event's location country and place, in queries and exports
    def q(*args):
        return [r["event_id"] for r in json_rows(parley("query", "--db", db, "--format", "jsonl",
                                                          *args).stdout)]
    def x(*args):
        return len(parley("export", "--db", db, "--format", "jsonl", *args).stdout.splitlines())
    for args, n in ((["--country", "LVA"], 1), (["--country", "chl"], 1), (["--place", "riga"], 1),
                    (["--place", "Arica", "--country", "CHL"], 1), (["--place", "Arica", "--country", "PER"], 0),
                    (["--country", "USA", "--root", "19"], 1), (["--place", "Nowhere"], 0),
                    (["--country", "FIN"], 1)):
        check(len(q(*args)) == n and x(*args) == n, "%s: %d events, %d exported, want %d" %
              (" ".join(args), len(q(*args)), x(*args), n))
    r = parley("query", "--db", db, "--country", "LATVIA", ok=(2,))
    check("alpha-3" in r.stderr, "a bad --country is refused: %r" % r.stderr)
    row = json_rows(parley("query", "--db", db, "--format", "jsonl", "--place", "Austin").stdout)[0]
    check((row["location_name"], row["location_country"], row["location_adm1"], row["location_lat"],
           row["location_lon"], row["location_type"], row["location_precision"],
           row["location_geonames_id"]) == ("Austin", "USA", "US-TX", 30.26715, -97.74306, "city",
                                            "stated", 4671654), "query row: %s" % row)
    # the other formats
    rows = {r["doc_id"]: r for r in csv.DictReader(io.StringIO(
        parley("export", "--db", db, "--format", "csv").stdout))}
    check((rows["p3"]["location_name"], rows["p3"]["location_country"], rows["p3"]["location_lat"],
           rows["p3"]["location_type"], rows["p3"]["location_geonames_id"]) ==
          ("Riga", "LVA", "56.94600", "city", "456172") and rows["p5"]["location_name"] == "",
          "csv: %s" % rows["p3"])
    ph = [l.split("\t") for l in parley("export", "--db", db, "--format", "phoenix").stdout.splitlines()]
    check(all(len(r) == 26 for r in ph), "phoenix: 26 columns")
    aus = [r for r in ph if r[23] == "p6_0"][0]
    check(aus[18:23] == ["30.26715", "-97.74306", "Austin", "Texas", "USA"], "phoenix geo: %s" % aus[18:23])
    pl = [json.loads(l) for l in parley("export", "--db", db, "--format", "plover").stdout.splitlines()]
    e = [p for p in pl if p["doc_id"] == "p3"][0]
    check(e["location"]["name"] == "Riga" and e["recipient_location"]["name"] == "Riga", "plover: %s" % e)


def make_v1(db):
    """Turns a store into what parley wrote before it kept locations (schema version 1)."""
    stmts = ["DROP INDEX events_country"]
    for t, cols in (("mentions", "loc_name loc_country loc_adm1 loc_lat loc_lon loc_type loc_precision"
                                 " loc_geonames_id loc_text loc_start loc_end source_location target_location"),
                    ("events", "loc_mention loc_name loc_country loc_adm1 loc_lat loc_lon loc_type"
                               " loc_precision loc_geonames_id loc_text")):
        stmts += ["ALTER TABLE %s DROP COLUMN %s" % (t, c) for c in cols.split()]
    stmts.append("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    if is_pg(db):
        psql(db, "; ".join(stmts))
    else:
        con = sqlite3.connect(db)
        for st in stmts:
            con.execute(st)
        con.commit()
        con.close()


def case_upgrade(db):
    """A store of schema version 1 is refused read-only, upgraded by a writer, and its
    documents are coded again (with their locations) when given again."""
    ingest(db, fixture("places.jsonl"))
    before = export_events(db)
    make_v1(db)
    r = parley("query", "--db", db, ok=(1,))
    check("schema version 1" in r.stderr and "upgrade" in r.stderr, "read-only: %r" % r.stderr)
    r = parley("export", "--db", db, "--format", "gdelt", ok=(1,))
    check("schema version 1" in r.stderr, "export: %r" % r.stderr)
    ingest(db, "/dev/null")
    check(sql_rows(db, "SELECT value FROM meta WHERE key = 'schema_version'") == [["2"]], "version 2")
    ev = export_events(db)
    check(len(ev) == 5 and all(e["location"] is None for e in ev), "upgraded, no locations yet")
    ingest(db, fixture("places.jsonl"))
    after = export_events(db)
    check(after == before, "ingested again: the same events, placed")
    ingest(db, fixture("places.jsonl"))   # and now unchanged
    check(export_events(db) == before, "a third ingest changes nothing")


def case_progress(db):
    # not a terminal: nothing on stderr but errors
    res = ingest(db, fixture("dedup.jsonl"))
    check(res.stderr == "", "quiet when stderr is not a terminal: %r" % res.stderr)
    res = ingest(db, fixture("dedup.jsonl"), extra=["--progress"])
    check("\x1b[K" in res.stderr and "documents (" in res.stderr and "events" in res.stderr,
          "--progress shows a status line: %r" % res.stderr)


def corpus(n, seed, name):
    path = tmp(name)
    if not os.path.exists(path):
        with open(path, "w") as f:
            subprocess.run([sys.executable, fixture("gen_corpus.py"), str(n), str(seed)], stdout=f,
                           check=True)
    return path


def count_docs(db):
    try:
        return int(sql_rows(db, "SELECT count(*) FROM documents")[0][0])
    except Exception:
        return 0


def case_kill(db, reference):
    """SIGKILL in the middle of an ingest, then the same ingest again: exactly the rows of
    an uninterrupted run."""
    total = 4000
    src = corpus(total, 7, "kill.jsonl")
    args = [PARLEY, "ingest", "--db", db, *DICTS, "--batch", "100", src]
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    seen, deadline = 0, time.time() + 60
    while proc.poll() is None and time.time() < deadline:
        seen = count_docs(db)
        if seen >= 1000:
            break
        time.sleep(0.005)
    proc.kill()
    proc.wait()
    check(0 < seen < total, "the kill did not land mid-ingest (%d documents stored)" % seen)
    dump(db)   # whole batches only: consistent
    n_killed = count_docs(db)
    check(n_killed < total, "the killed run was not finished (%d documents)" % n_killed)
    print("        killed with %d of %d documents stored" % (n_killed, total))
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    subprocess.run([PARLEY, "ingest", "--db", reference, *DICTS, src], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    same_dump(dump(reference), dump(db), "killed-and-resumed and uninterrupted stores")


def case_jobs(db, reference):
    """-j 2 codes with two threads: the same store as one thread."""
    src = corpus(2000, 11, "concurrent.jsonl")
    ingest(db, src, extra=["-j", "2", "--batch", "64"])
    ingest(reference, src)
    same_dump(dump(reference), dump(db), "ingest -j 2 and -j 1 stores")


def parts_of(src, nparts, name):
    """Overlapping parts: every document goes to two of the parts, in a different order."""
    lines = open(src).read().splitlines(True)
    paths = []
    for p in range(nparts):
        mine = [l for i, l in enumerate(lines) if (i // 50 + p) % nparts in (0, 1)]
        if p % 2:
            mine.reverse()
        path = tmp("%s.part%d.jsonl" % (name, p))
        with open(path, "w") as f:
            f.writelines(mine)
        paths.append(path)
    return paths


def case_concurrent(db, reference, nproc):
    src = corpus(2000, 11, "concurrent.jsonl")
    parts = parts_of(src, nproc, "conc")
    procs = [subprocess.Popen([PARLEY, "ingest", "--db", db, *DICTS, "--batch", "25", "--stats", p],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
             for p in parts]
    errs = [p.communicate()[1] for p in procs]
    bad = [(p.returncode, e) for p, e in zip(procs, errs) if p.returncode != 0]
    check(not bad, "an ingest process failed: %s" % bad[:1])
    subprocess.run([PARLEY, "ingest", "--db", reference, *DICTS, src], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    same_dump(dump(reference), dump(db), "%d concurrent ingests and one ingest" % nproc)
    retries = sum(int(e.split(" retries")[0].rsplit(" ", 1)[1]) for e in errs if " retries" in e)
    print("        %d processes, %d batch retries after conflicts" % (nproc, retries))


def case_same_result(sqlite_db, pg_db):
    """The same operations on SQLite and PostgreSQL leave the same content."""
    for db in (sqlite_db, pg_db):
        ingest(db, fixture("dedup.jsonl"))
        ingest(db, fixture("changed.jsonl"))
        ingest(db, fixture("failures.jsonl"), ok=(3,))
        ingest(db, fixture("corpus.jsonl"), ok=(3,))
        ingest(db, fixture("places.jsonl"))
    a, b = dump(sqlite_db), dump(pg_db)
    # failure records without an id are named by their file, the same file here
    same_dump(a, b, "SQLite and PostgreSQL stores")
    for fmt_ in ("gdelt", "phoenix", "csv"):
        ea = parley("export", "--db", sqlite_db, "--format", fmt_).stdout
        eb = parley("export", "--db", pg_db, "--format", fmt_).stdout
        strip = (lambda t: [l.split("\t", 1)[1] for l in t.splitlines()]) if fmt_ != "csv" else \
            (lambda t: [l.split(",", 1)[1] for l in t.splitlines()])
        check(strip(ea) == strip(eb), "%s exports differ between backends" % fmt_)


def case_dask(pg_db, reference):
    py = "/usr/bin/python3"
    probe = subprocess.run([py, "-c", "import distributed"], capture_output=True)
    if probe.returncode != 0:
        print("        SKIP: Debian's python3-distributed is not installed")
        return
    src = corpus(2000, 13, "dask.jsonl")
    res = subprocess.run([py, os.path.join(ROOT, "contrib", "dask", "parley_dask.py"), "--db", pg_db,
                          "--local-workers", "2", "--parts", "6", "--parley", PARLEY, src, "--",
                          *DICTS, "--batch", "50"], capture_output=True, text=True,
                         timeout=300)
    check(res.returncode == 0, "the recipe failed (%d): %s" % (res.returncode, res.stderr[-600:]))
    subprocess.run([PARLEY, "ingest", "--db", reference, *DICTS, src], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    same_dump(dump(reference), dump(pg_db), "the Dask ingest and a single-process ingest")
    print("        " + res.stdout.strip().splitlines()[-1])


def pg_reachable(url):
    if not shutil.which("psql"):
        return "psql is not installed"
    res = subprocess.run(["psql", "-X", "-At", url, "-c", "SELECT 1"], capture_output=True, text=True)
    if res.returncode != 0:
        return (res.stderr.strip().splitlines() or ["no answer"])[-1]
    return None


SHARED = None


def main():
    global PARLEY, TMP, PG, SHARED
    ap = argparse.ArgumentParser()
    ap.add_argument("parley")
    ap.add_argument("--pg", default=os.environ.get("PARLEY_TEST_PG", "postgresql:///postgres"))
    ap.add_argument("--shared", default=os.environ.get("SHARED", os.path.join(ROOT, "..", "shared")))
    ap.add_argument("--only", default=None)
    a = ap.parse_args()
    PARLEY = os.path.abspath(a.parley)
    SHARED = a.shared
    TMP = tempfile.mkdtemp(prefix="parley-store-")
    only = a.only

    def want(name):
        return not only or only in name

    s = lambda n: fresh_sqlite(n + ".db")
    db = s("dedup")
    for name, fn in (("sqlite dedup counts", lambda: case_dedup(db)),
                     ("sqlite idempotent re-ingest", lambda: case_idempotent(db)),
                     ("sqlite changed documents", lambda: case_changed(db))):
        if want(name):
            run_case(name, fn)
    if want("sqlite failed records"):
        fdb = s("failures")
        run_case("sqlite failed records", lambda: case_failures(fdb))
    if want("sqlite modality"):
        mdb = s("modality")
        run_case("sqlite modality and negation", lambda: case_modality(mdb))
    if want("sqlite window dedup"):
        wdb = s("window")
        run_case("sqlite window dedup", lambda: case_window(wdb))
    if want("sqlite oneaday dedup"):
        odb = s("oneaday")
        run_case("sqlite oneaday dedup", lambda: case_oneaday(odb))
    qdb = s("queries")
    if want("sqlite queries") or want("export"):
        run_case("sqlite queries", lambda: case_queries(qdb))
    if want("gdelt export"):
        run_case("gdelt export loads back", lambda: case_gdelt(qdb))
    if want("other exports"):
        run_case("other exports and formats", lambda: case_formats(qdb))
    if want("sqlite locations"):
        run_case("sqlite locations", lambda: case_locations(s("places")))
    if want("sqlite upgrade"):
        run_case("sqlite schema 1 -> 2 upgrade", lambda: case_upgrade(s("upgrade")))
    if want("progress"):
        pdb = s("progress")
        run_case("progress only on a terminal", lambda: case_progress(pdb))
    if want("sqlite kill"):
        run_case("sqlite SIGKILL and re-run", lambda: case_kill(s("kill"), s("kill-ref")))
    if want("sqlite jobs"):
        run_case("sqlite ingest -j 2", lambda: case_jobs(s("jobs"), s("jobs-ref")))
    if want("sqlite concurrent"):
        run_case("sqlite 2 concurrent ingests", lambda: case_concurrent(s("conc"), s("conc-ref"), 2))

    why = pg_reachable(a.pg)
    if why:
        print("  SKIP  PostgreSQL tests: no server at %s (%s); set PARLEY_TEST_PG=postgresql://..."
              % (a.pg, why))
    else:
        PG = a.pg
        urls = []

        def p(name):
            u = fresh_pg(name)
            urls.append(u)
            return u
        if want("pg same result"):
            run_case("pg same rows as sqlite", lambda: case_same_result(s("same"), p("same")))
        if want("pg queries"):
            pq = p("queries")
            run_case("pg queries", lambda: case_queries(pq))
        if want("pg idempotent"):
            pd = p("dedup")

            def pg_dedup():
                case_dedup(pd)
                case_idempotent(pd)
                case_changed(pd)
            run_case("pg dedup, re-ingest, changes", pg_dedup)
        if want("pg locations"):
            run_case("pg locations", lambda: case_locations(p("places")))
        if want("pg upgrade"):
            run_case("pg schema 1 -> 2 upgrade", lambda: case_upgrade(p("upgrade")))
        if want("pg kill"):
            run_case("pg SIGKILL and re-run", lambda: case_kill(p("kill"), p("kill_ref")))
        if want("pg concurrent"):
            run_case("pg 4 concurrent ingests", lambda: case_concurrent(p("conc"), p("conc_ref"), 4))
        if want("dask"):
            run_case("dask recipe, 2 workers", lambda: case_dask(p("dask"), p("dask_ref")))
        for u in urls:
            drop_pg(u)
    shutil.rmtree(TMP, ignore_errors=True)
    print("store: %d passed, %d failed" % (passed, failed))
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
