#!/usr/bin/env python3
"""test_http.py - `parley serve` over HTTP: every endpoint, paging, filters, limits, and
malformed requests, against a server started on a free loopback port.

usage: test_http.py PARLEY [--shared DIR] [--out DIR] [--browser]

The store is built here by ingesting tests/serve/fixture.jsonl (and, when DIR/corpus is
present, the shared corpus into a second store, whose endpoints are checked too; when a
PostgreSQL server answers at $PARLEY_TEST_PG, default postgresql:///postgres, the fixture
in PostgreSQL too, whose answers must equal SQLite's). Answers are compared with what
`parley query` and `parley code` say. Every malformed request must
get a 4xx JSON error, and the server must be alive and answering at the end.
PARLEY_SERVE_WRAP runs the server under a wrapper ("valgrind --error-exitcode=99 ..."):
the server's exit status is then checked.

--browser also runs test_browser.js (Chromium via playwright-core) against the fixture
server, saving screenshots under OUT/screenshots.

Every check prints one line; the last line is "serve: N passed, N failed".
"""
import argparse
import concurrent.futures
import http.client
import json
import os
import shlex
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

PARLEY = None
OUT = None
DB = None
passed = failed = 0


class Fail(Exception):
    pass


def check(cond, msg):
    if not cond:
        raise Fail(msg)


def case(name, fn, *args):
    global passed, failed
    t0 = time.time()
    try:
        fn(*args)
        passed += 1
        print("  ok    %-52s %5.2f s" % (name, time.time() - t0))
    except Fail as e:
        failed += 1
        print("  FAIL  %s: %s" % (name, e))
    except Exception as e:   # a broken test is a failed test, with the reason shown
        failed += 1
        print("  FAIL  %s: %s: %s" % (name, type(e).__name__, e))
    sys.stdout.flush()


def parley(*args, ok=(0,), stdin=None):
    res = subprocess.run([PARLEY] + list(args), input=stdin, capture_output=True, text=True)
    if ok is not None and res.returncode not in ok:
        raise Fail("parley %s exited %d: %s" % (" ".join(args[:3]), res.returncode, res.stderr[-300:]))
    return res


def jsonl(text):
    return [json.loads(line) for line in text.splitlines() if line.strip()]


# ---- the server ----

class Server:
    def __init__(self, db, *extra, name="server"):
        self.log = os.path.join(OUT, name + ".log")
        wrap = shlex.split(os.environ.get("PARLEY_SERVE_WRAP", ""))
        self.wrapped = bool(wrap)
        cmd = wrap + [PARLEY, "serve", "--db", db, "--port", "0", "--threads", "4"] + list(extra)
        self.logf = open(self.log, "w")
        self.proc = subprocess.Popen(cmd, stdout=self.logf, stderr=subprocess.STDOUT)
        self.port = None
        deadline = time.time() + (120 if self.wrapped else 20)
        while time.time() < deadline and self.proc.poll() is None:
            with open(self.log) as f:
                for line in f:
                    if "listening on http://" in line:
                        self.port = int(line.split("http://")[1].split("/")[0].rsplit(":", 1)[1])
            if self.port:
                break
            time.sleep(0.05)
        if not self.port:
            self.stop()
            with open(self.log) as f:
                raise Fail("the server did not start: " + f.read()[-500:])
        self.timeout = 120 if self.wrapped else 30

    def conn(self):
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)

    def request(self, method, path, body=None, headers=None):
        c = self.conn()
        try:
            c.request(method, path, body=body, headers=headers or {})
            r = c.getresponse()
            data = r.read()
            return r.status, dict((k.lower(), v) for k, v in r.getheaders()), data
        finally:
            c.close()

    def get(self, path, status=200):
        st, hdr, data = self.request("GET", path)
        check(st == status, "GET %s: status %d, expected %d: %s" % (path, st, status, data[:300]))
        check(hdr.get("content-type", "").startswith("application/json"),
              "GET %s: content type %s" % (path, hdr.get("content-type")))
        return json.loads(data)

    def post(self, path, body, ctype="application/json", status=200):
        if isinstance(body, str):
            body = body.encode()
        st, hdr, data = self.request("POST", path, body, {"Content-Type": ctype})
        check(st == status, "POST %s: status %d, expected %d: %s" % (path, st, status, data[:300]))
        return json.loads(data)

    def alive(self):
        return self.proc.poll() is None and self.get("/healthz")["status"] == "ok"

    def stop(self):
        """SIGTERM, then the exit status (the server stops cleanly: 0)."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=180 if self.wrapped else 20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.logf.close()
        return self.proc.returncode


def error_json(srv, method, path, status, body=None, headers=None, want=None):
    """A request that must fail with `status` and the JSON error shape."""
    st, hdr, data = srv.request(method, path, body, headers)
    check(st == status, "%s %s: status %d, expected %d: %s" % (method, path[:80], st, status, data[:200]))
    try:
        e = json.loads(data)
    except ValueError:
        raise Fail("%s %s: the error is not JSON: %r" % (method, path[:80], data[:200]))
    check(isinstance(e.get("error"), dict) and e["error"].get("status") == status and
          isinstance(e["error"].get("message"), str) and e["error"]["message"],
          "%s %s: not an error object: %s" % (method, path[:80], data[:200]))
    if want:
        check(want in e["error"]["message"], "message %r lacks %r" % (e["error"]["message"], want))
    return e, hdr


# ---- the checks ----

def t_health(s):
    h = s.get("/healthz")
    check(h["status"] == "ok" and h["version"], h)
    st, hdr, data = s.request("HEAD", "/healthz")
    check(st == 200 and data == b"", "HEAD: %d %r" % (st, data[:50]))


def t_openapi_routes(s):
    spec = s.get("/v1/openapi.json")
    check(spec["openapi"].startswith("3."), spec.get("openapi"))
    documented = set()
    for path, ops in spec["paths"].items():
        for method in ops:
            if method in ("get", "post", "put", "delete", "patch", "head", "options"):
                documented.add("%s %s" % (method.upper(), path))
    served = set(parley("serve", "--routes").stdout.split("\n")) - {""}
    check(served == documented, "served but not documented: %s; documented but not served: %s"
          % (sorted(served - documented), sorted(documented - served)))
    # every $ref resolves
    text = json.dumps(spec)
    for ref in set(part.split('"')[0] for part in text.split('"$ref": "#/')[1:]):
        node = spec
        for key in ref.split("/"):
            check(key in node, "unresolved $ref #/%s" % ref)
            node = node[key]


def t_summary(s, db):
    got = s.get("/v1/summary")
    want = {r["what"].replace(" ", "_"): r["value"] for r in
            jsonl(parley("query", "--db", db, "--summary", "--format", "jsonl").stdout)}
    for k, v in want.items():
        check(str(got[k]) == str(v), "%s: %r, parley query says %r" % (k, got[k], v))


def cli_events(db, *filters):
    return jsonl(parley("query", "--db", db, "--format", "jsonl", *filters).stdout)


def t_events_paging(s, db):
    want = [e["event_id"] for e in cli_events(db)]
    got, offset, pages = [], 0, 0
    while offset is not None:
        p = s.get("/v1/events?limit=10&offset=%d" % offset)
        check(p["total"] == len(want), "total %d, parley query has %d" % (p["total"], len(want)))
        check(p["limit"] == 10 and p["offset"] == offset, p)
        check(len(p["events"]) <= 10, "page of %d" % len(p["events"]))
        got += [e["event_id"] for e in p["events"]]
        offset = p["next_offset"]
        pages += 1
        check(pages < 100, "next_offset never ends")
    check(got == want, "paged ids differ from parley query's order")
    p = s.get("/v1/events?offset=%d" % len(want))
    check(p["events"] == [] and p["next_offset"] is None, "past the end: %s" % p)
    p = s.get("/v1/events")
    check(len(p["events"]) == min(50, len(want)), "default page size")


def t_events_filters(s, db):
    cases = [
        ("actor=RUS*", ["--actor", "RUS*"]),
        ("dyad=RUSMIL,UKR", ["--dyad", "RUSMIL,UKR"]),
        ("source=USA&target=RUS", ["--source", "USA", "--target", "RUS"]),
        ("code=19*", ["--code", "19*"]),
        ("root=11", ["--root", "11"]),
        ("quad=4", ["--quad", "4"]),
        ("from=2024-03&to=2024-04", ["--from", "2024-03", "--to", "2024-04"]),
        ("from=20240301&to=2024-03-31&actor=UKR", ["--from", "2024-03-01", "--to", "2024-03-31",
                                                   "--actor", "UKR"]),
        ("outlet=Northern+Post", ["--outlet", "Northern Post"]),
        ("modality=reported", ["--modality", "reported"]),
        ("actor=rusmil", ["--actor", "RUSMIL"]),
        ("country=UKR", ["--country", "UKR"]),
        ("country=rus&root=19", ["--country", "RUS", "--root", "19"]),
        ("place=kharkiv", ["--place", "Kharkiv"]),
        ("place=Beijing&country=CHN", ["--place", "Beijing", "--country", "CHN"]),
    ]
    for q, cli in cases:
        want = [e["event_id"] for e in cli_events(db, *cli)]
        p = s.get("/v1/events?limit=1000&" + q)
        got = [e["event_id"] for e in p["events"]]
        check(p["total"] == len(want) and got == want, "%s: %d events, parley query: %d" % (q, len(got), len(want)))
        check(len(want) > 0 or q.startswith("modality"), "%s: the fixture should have some" % q)
    for e in s.get("/v1/events?dyad=RUSMIL,UKR")["events"]:
        check(e["source"] == "RUSMIL" and e["target"] == "UKR", e)


def t_event_evidence(s):
    p = s.get("/v1/events?limit=1000")
    for e in p["events"]:
        fr = e["first_report"]
        ev = fr["evidence"]
        sent = fr["text"].encode()
        s0, s1 = ev["sentence"]
        check(s1 - s0 == len(sent), "event %d: sentence span %s, text of %d bytes" % (e["event_id"], ev["sentence"], len(sent)))
        v0, v1 = ev["verb"]
        check(s0 <= v0 < v1 <= s1, "event %d: verb span outside the sentence" % e["event_id"])
        check(sent[v0 - s0:v1 - s0].decode() == ev["verb_text"],
              "event %d: verb span %r is not %r" % (e["event_id"], sent[v0 - s0:v1 - s0], ev["verb_text"]))
        if "source" in ev:
            a, b = ev["source"]
            check(sent[a - s0:b - s0].decode() == e["source_text"], "event %d: source span" % e["event_id"])
        check(fr["attribution"] and fr["attribution"][0]["relation"] == "published" and
              fr["attribution"][0]["text"] == fr["outlet"], "event %d: attribution %s" % (e["event_id"], fr["attribution"]))
        check(e["event"] and e["quad"] in (1, 2, 3, 4), "event %d: class" % e["event_id"])


LOCATION_KEYS = ["name", "country", "adm1", "lat", "lon", "type", "precision", "geonames_id", "text"]


def t_event_locations(s, db):
    """Every event carries its location (or null), as parley query gives it; so do its reports."""
    want = {e["event_id"]: e for e in cli_events(db)}
    p = s.get("/v1/events?limit=1000")
    placed = 0
    for e in p["events"]:
        check("location" in e, "event %d has no location key" % e["event_id"])
        w = want[e["event_id"]]
        if w["location_name"] is None:
            check(e["location"] is None, "event %d: location %s, none in the store" % (e["event_id"], e["location"]))
            continue
        placed += 1
        l = e["location"]
        got = [l.get(k) for k in LOCATION_KEYS]
        check(got == [w["location_" + k] for k in LOCATION_KEYS], "event %d: %s vs %s" % (e["event_id"], got, w))
        ev = e["first_report"]["evidence"]
        if "location" in ev:
            a, b = ev["location"]
            s0 = ev["sentence"][0]
            check(e["first_report"]["text"].encode()[a - s0:b - s0].decode() == l["text"],
                  "event %d: location span" % e["event_id"])
    check(placed >= 10, "the fixture places %d events" % placed)
    kh = s.get("/v1/events?place=Kharkiv")["events"]
    check(kh and all(e["location"]["name"] == "Kharkiv" and e["location"]["country"] == "UKR" and
                     e["location"]["geonames_id"] == 706483 for e in kh), "Kharkiv: %s" % kh[:1])
    d = s.get("/v1/events/%d" % kh[0]["event_id"])
    check(d["event"]["location"] == kh[0]["location"], "the event view's location")
    check(any(r["location"] and r["location"]["name"] == "Kharkiv" for r in d["reports"]),
          "a report states Kharkiv: %s" % [r["location"] for r in d["reports"]])
    # series and top take the same filters
    n = sum(r["events"] for r in s.get("/v1/series?country=UKR&from=2024-01&to=2024-12")["series"])
    check(n == s.get("/v1/events?country=UKR&from=2024-01&to=2024-12")["total"], "series by country")
    top = s.get("/v1/top?by=actors&country=CHN")["rows"]
    check(top == jsonl(parley("query", "--db", db, "--format", "jsonl", "--top", "actors", "--country",
                              "CHN").stdout), "top by country")
    # /v1/code places coded events as parley code does
    c = s.post("/v1/code", json.dumps({"id": "g", "date": "2024-03-06", "text":
                                       "Protesters in Nairobi stormed the parliament on Tuesday."}).encode())
    e = c["events"][0]
    check(e["location"]["name"] == "Nairobi" and e["source_location"]["name"] == "Nairobi" and
          e["evidence"]["location"] == [14, 21], "code: %s" % e)


PARAM_SAMPLES = {"actor": "USA", "source": "USA", "target": "RUS", "dyad": "USA,RUS", "code": "19*", "root": "19",
          "quad": "4", "from": "2024", "to": "2024", "outlet": "Northern Post", "modality": "asserted",
          "country": "UKR", "place": "Kharkiv", "limit": "5", "offset": "0", "period": "month", "by": "actors"}


def t_openapi_params(s):
    """Every query parameter the OpenAPI file lists for the store's routes is one the route
    takes, and one it does not list is refused."""
    spec = s.get("/v1/openapi.json")
    comps = spec["components"]["parameters"]
    for path in ("/v1/events", "/v1/series", "/v1/top"):
        ops = spec["paths"][path]
        names = []
        for prm in ops["get"].get("parameters", []):
            if "$ref" in prm:
                prm = comps[prm["$ref"].split("/")[-1]]
            if prm["in"] == "query":
                names.append(prm["name"])
        for name in names:
            st, _, data = s.request("GET", "%s?%s=%s" % (path, name, urllib.parse.quote(PARAM_SAMPLES.get(name, "1"))))
            check(st == 200, "%s refuses its documented parameter %s: %d %s" % (path, name, st, data[:200]))
        if names:
            error_json(s, "GET", path + "?undocumented=1", 400, want="undocumented")
    check({"country", "place"} <= set(comps), "country and place are documented")


def t_event_reports(s):
    p = s.get("/v1/events?limit=1000")
    multi = [e for e in p["events"] if e["num_mentions"] > 1]
    check(multi, "the fixture has events reported twice")
    for e in multi[:5]:
        d = s.get("/v1/events/%d" % e["event_id"])
        check(d["event"]["event_id"] == e["event_id"], d["event"])
        check(len(d["reports"]) == e["num_mentions"], "%d reports, num_mentions %d" % (len(d["reports"]), e["num_mentions"]))
        check(len({r["doc_id"] for r in d["reports"]}) == e["num_articles"], "distinct documents")
        check(all(r["event_id"] == e["event_id"] for r in d["reports"]), "reports of another event")
        check(d["reports"][0]["doc_id"] == e["first_report"]["doc_id"], "the first report first")
        one = s.get("/v1/events/%d?limit=1&offset=1" % e["event_id"])
        check(len(one["reports"]) == 1 and one["reports"][0]["doc_id"] == d["reports"][1]["doc_id"], "reports paging")
    error_json(s, "GET", "/v1/events/99999999", 404)
    error_json(s, "GET", "/v1/events/abc", 404)
    error_json(s, "GET", "/v1/events/-1", 404)


def t_series(s, db):
    for period in ("day", "week", "month"):
        q = "dyad=RUSMIL,UKR&period=" + period
        got = s.get("/v1/series?" + q)["series"]
        want = jsonl(parley("query", "--db", db, "--format", "jsonl", "--dyad", "RUSMIL,UKR",
                            "--series", period).stdout)
        check(got == want, "%s: the series differs from parley query's" % period)
    m = s.get("/v1/series?from=2024-01&to=2024-06")["series"]
    check([r["period"] for r in m] == ["2024-0%d" % i for i in range(1, 7)], [r["period"] for r in m])
    total = s.get("/v1/events?from=2024-01&to=2024-06&limit=1")["total"]
    check(sum(r["events"] for r in m) == total, "the series counts %d events, events says %d" % (sum(r["events"] for r in m), total))
    d = s.get("/v1/series?period=day&from=2024-02-01&to=2024-02-29")["series"]
    check(len(d) == 29 and d[0]["period"] == "2024-02-01" and d[-1]["period"] == "2024-02-29", len(d))
    error_json(s, "GET", "/v1/series?period=day&from=1900&to=2024", 400, want="periods")
    error_json(s, "GET", "/v1/series?period=year", 400, want="period")


def t_top(s, db):
    got = s.get("/v1/top?by=dyads&limit=3")["rows"]
    want = jsonl(parley("query", "--db", db, "--format", "jsonl", "--top", "dyads", "--limit", "3").stdout)
    check(got == want, "%s vs %s" % (got, want))
    got = s.get("/v1/top?by=actors&from=2024-03")["rows"]
    want = jsonl(parley("query", "--db", db, "--format", "jsonl", "--top", "actors", "--from", "2024-03").stdout)
    check(got == want, "top actors differ")
    error_json(s, "GET", "/v1/top?by=outlets", 400)
    error_json(s, "GET", "/v1/top?limit=0", 400)
    error_json(s, "GET", "/v1/top?limit=101", 400)


def t_documents(s):
    first = s.get("/v1/events?limit=1")["events"][0]["first_report"]["doc_id"]
    d = s.get("/v1/documents/" + urllib.parse.quote(first, safe=""))
    check(d["document"]["doc_id"] == first and d["document"]["status"] == "coded", d["document"])
    check(d["document"]["title"] and d["document"]["outlet"] and d["document"]["pub_date"], d["document"])
    check(len(d["events"]) == d["document"]["events"] >= 1, "events %d of %d" % (len(d["events"]), d["document"]["events"]))
    for e in d["events"]:
        check(e["doc_id"] == first and e["text"] and e["attribution"], e)
    bad = s.get("/v1/documents/fx-bad")
    check(bad["document"]["status"] == "failed" and "date" in bad["document"]["error"] and bad["events"] == [], bad)
    error_json(s, "GET", "/v1/documents/no-such-doc", 404)
    error_json(s, "GET", "/v1/documents/a%2Fb%20c", 404)
    error_json(s, "GET", "/v1/documents/", 404)


def t_actors(s):
    a = s.get("/v1/actors?q=putin")
    check(a["actors"] and a["actors"][0]["name"] == "Vladimir Putin" and a["actors"][0]["exact"], a)
    check(a["actors"][0]["code"] == "RUSGOV" and a["actors"][0]["windows"], a["actors"][0])
    old = s.get("/v1/actors?q=putin&date=1995-01-01")["actors"][0]
    check(old["code"] != "RUSGOV", "Putin was not in government in 1995: %s" % old["code"])
    c = s.get("/v1/actors?q=RUSMIL&limit=5")["actors"]
    check(c and all(x["code"].startswith("RUSMIL") for x in c) and len(c) <= 5, c)
    n = s.get("/v1/actors?q=united+nations")["actors"]
    check(n and n[0]["code"].startswith("IGO"), n[:1])
    page2 = s.get("/v1/actors?q=RUSMIL&limit=2&offset=2")["actors"]
    check([x["phrase"] for x in page2] == [x["phrase"] for x in c[2:4]], "actors paging")
    check(s.get("/v1/actors?q=zzqqxxv")["actors"] == [], "no match")
    error_json(s, "GET", "/v1/actors", 400)
    error_json(s, "GET", "/v1/actors?q=putin&date=2024-02-30", 400)


SAMPLE = {"id": "s1", "date": "2024-02-13", "source": "Example Wire",
          "text": "Turkish President Recep Tayyip Erdogan hosted Hungarian Prime Minister Viktor Orban "
                  "in Ankara on Monday, the presidency said. Warsaw expelled two Russian diplomats."}


def t_code(s):
    got = s.post("/v1/code", json.dumps(SAMPLE))
    want = jsonl(parley("code", stdin=json.dumps(SAMPLE) + "\n").stdout)
    check(got["events"] == want and got["coded"] == 1 and got["failed"] == 0, "differs from parley code")
    # an array with a bad record in the middle: the others are still coded
    docs = [SAMPLE, {"id": "bad", "date": "2024-99-01", "text": "x"}, dict(SAMPLE, id="s3")]
    r = s.post("/v1/code", json.dumps(docs))
    check(r["documents"] == 3 and r["coded"] == 2 and r["failed"] == 1, r)
    check(r["errors"][0]["record"] == 1 and r["errors"][0]["id"] == "bad", r["errors"])
    check({e["doc_id"] for e in r["events"]} == {"s1", "s3"}, "events of the good records")
    # JSON Lines, with a malformed line and a blank one
    body = json.dumps(SAMPLE) + "\n{not json\n\n" + json.dumps(dict(SAMPLE, id="s4")) + "\n"
    r = s.post("/v1/code", body, "application/x-ndjson")
    check(r["coded"] == 2 and r["failed"] == 1 and r["errors"][0]["line"] == 2, r)
    # plain text with a date
    r = s.post("/v1/code?date=2024-02-13&id=t&outlet=Wire", SAMPLE["text"], "text/plain")
    check(r["coded"] == 1 and len(r["events"]) == len(want) and r["events"][0]["doc_id"] == "t", r)
    check(r["events"][0]["attribution"][0]["text"] == "Wire", r["events"][0]["attribution"])
    # sniffed as text without a content type
    st, _, data = s.request("POST", "/v1/code?date=2024-02-13", SAMPLE["text"].encode())
    check(st == 200 and json.loads(data)["coded"] == 1, st)
    # missing fields, wrong types
    r = s.post("/v1/code", json.dumps([{"id": "x", "date": "2024-01-01"}, 5, {"date": "2024-01-01", "text": "a"}]),
               status=422)
    check(r["error"]["status"] == 422 and r["failed"] == 3 and len(r["errors"]) == 3, r)
    check("text" in r["errors"][0]["message"] and "object" in r["errors"][1]["message"], r["errors"])


def t_code_errors(s):
    error_json(s, "POST", "/v1/code", 400, b"", {"Content-Type": "application/json"}, want="empty")
    error_json(s, "POST", "/v1/code", 400, b'[{"id": "a"', {"Content-Type": "application/json"}, want="malformed")
    error_json(s, "POST", "/v1/code", 400, b"some text", {"Content-Type": "text/plain"}, want="date")
    error_json(s, "POST", "/v1/code?date=2024-13-01", 400, b"some text", {"Content-Type": "text/plain"})
    error_json(s, "POST", "/v1/code?date=2024-01-01", 422, b"bad \xff\xfe utf-8", {"Content-Type": "text/plain"})
    error_json(s, "POST", "/v1/code?format=xml", 400, b"{}", {"Content-Type": "application/json"}, want="format")
    e, hdr = error_json(s, "GET", "/v1/code", 405)
    check("POST" in hdr.get("allow", ""), hdr)
    # nesting far deeper than any document: refused, not a crash
    error_json(s, "POST", "/v1/code", 400, b"[" * 200000 + b"]" * 200000, {"Content-Type": "application/json"})
    # more documents than one request may carry
    e, _ = error_json(s, "POST", "/v1/code", 413, ("[" + ",".join(["{}"] * 10001) + "]").encode(),
                      {"Content-Type": "application/json"})


def t_body_limits(s):
    # a length over the limit is refused before the body is read (the client may stop
    # sending: the answer comes at once, then the connection closes)
    for expect in (b"", b"Expect: 100-continue\r\n"):
        head = raw(s, b"POST /v1/code?date=2024-01-01 HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\n"
                   b"Content-Length: 8388609\r\n" + expect + b"\r\n" + b"x" * 1000)
        status = head.split(b"\r\n", 1)[0]
        check(b" 413 " in status and b'"status":413' in head, "a too long body: %r" % head[:200])
    small = Server(DB, "--max-body", "1K", name="small-body-server")
    try:
        error_json(small, "POST", "/v1/code", 413, b"[" + b" " * 2000 + b"]", {"Content-Type": "application/json"},
                   want="1024")
        check(small.post("/v1/code", json.dumps(SAMPLE))["coded"] == 1, "a body under the limit")
    finally:
        check(small.stop() == 0, "the small-body server did not stop cleanly")
    # the same without a length up front (chunked): read, dropped, refused
    c = s.conn()
    try:
        c.putrequest("POST", "/v1/code?date=2024-01-01")
        c.putheader("Transfer-Encoding", "chunked")
        c.putheader("Content-Type", "text/plain")
        c.endheaders()
        chunk = b"y" * 65536
        for _ in range(130):   # 8.1 MiB
            c.send(b"%x\r\n%s\r\n" % (len(chunk), chunk))
        c.send(b"0\r\n\r\n")
        r = c.getresponse()
        body = r.read()
        check(r.status == 413 and json.loads(body)["error"]["status"] == 413, "chunked: %d %s" % (r.status, body[:100]))
    finally:
        c.close()
    check(s.alive(), "the server died")


def t_explain(s):
    q = urllib.parse.urlencode({"text": SAMPLE["text"], "date": "2024-02-13"})
    x = s.get("/v1/explain?" + q)
    want = json.loads(parley("explain", "--json", "--date", "2024-02-13", "--text", SAMPLE["text"]).stdout)
    check(x["sentences"] == want["sentences"] and x["events"] == want["events"], "differs from parley explain --json")
    y = s.post("/v1/explain?date=2024-02-13", SAMPLE["text"], "text/plain")
    check(y["events"] == want["events"], "POST text")
    z = s.post("/v1/explain", json.dumps(SAMPLE))
    check(len(z["sentences"]) == 2 and z["doc_id"] == "s1", "POST JSON")
    error_json(s, "GET", "/v1/explain?text=Hello", 400, want="date")
    error_json(s, "GET", "/v1/explain?date=2024-01-01", 400, want="text")
    error_json(s, "POST", "/v1/explain", 400, b'{"id": ', {"Content-Type": "application/json"})
    error_json(s, "POST", "/v1/explain", 422, b'{"id": "a", "date": "x", "text": "t"}', {"Content-Type": "application/json"})


def t_bad_parameters(s):
    bad = [
        ("/v1/events?acter=USA", "acter"), ("/v1/events?limit=0", "limit"), ("/v1/events?limit=1001", "limit"),
        ("/v1/events?limit=abc", "limit"), ("/v1/events?offset=-1", "offset"), ("/v1/events?offset=100001", "offset"),
        ("/v1/events?quad=5", "quad"), ("/v1/events?root=21", "root"), ("/v1/events?root=x", "root"),
        ("/v1/events?code=abc", "code"), ("/v1/events?code=12345", "code"), ("/v1/events?actor=US%20A", "actor"),
        ("/v1/events?actor=USA;DROP", "actor"), ("/v1/events?dyad=USA", "dyad"), ("/v1/events?dyad=USA,RUS,CHN", "dyad"),
        ("/v1/events?dyad=USA,RUS&source=USA", "dyad"), ("/v1/events?from=2024-02-30", "from"),
        ("/v1/events?from=2024-13", "from"), ("/v1/events?to=yesterday", "to"), ("/v1/events?from=2024-05&to=2024-01", "from"),
        ("/v1/events?modality=maybe", "modality"), ("/v1/events?outlet=" + "x" * 300, "outlet"),
        ("/v1/events?country=UK", "country"), ("/v1/events?country=U1R", "country"),
        ("/v1/events?place=" + "x" * 300, "place"), ("/v1/top?country=Ukraine", "country"),
        ("/v1/summary?x=1", "x"), ("/healthz?verbose=1", "verbose"), ("/v1/documents/x?y=1", "y"),
        ("/v1/series?period=day&from=0001-01-01&to=9999-12-31", "periods"),
    ]
    for path, word in bad:
        error_json(s, "GET", path, 400, want=word)
    # SQL in a filter value is a value, nothing more
    p = s.get("/v1/events?outlet=" + urllib.parse.quote("x' OR '1'='1"))
    check(p["total"] == 0, "an outlet with a quote matched %d events" % p["total"])
    p = s.get("/v1/events?place=" + urllib.parse.quote("x' OR '1'='1"))
    check(p["total"] == 0, "a place with a quote matched %d events" % p["total"])


def t_routes_methods(s):
    error_json(s, "GET", "/v1/nope", 404)
    error_json(s, "GET", "/v1", 404)
    error_json(s, "GET", "/v1/events/", 404)
    error_json(s, "POST", "/v1/nope", 404, b"{}")
    error_json(s, "GET", "/assets/none.js", 404)
    error_json(s, "GET", "/assets/../../../../etc/passwd", 404)
    error_json(s, "GET", "/%2e%2e/%2e%2e/etc/passwd", 404)
    error_json(s, "GET", "/src/serve/web/app.js", 404)
    for method, path in (("DELETE", "/v1/events"), ("PUT", "/v1/code"), ("POST", "/v1/events"),
                         ("PATCH", "/v1/documents/x"), ("POST", "/healthz"), ("OPTIONS", "/v1/series")):
        e, hdr = error_json(s, method, path, 405)
        check(hdr.get("allow"), "%s %s: no Allow header" % (method, path))


def t_dashboard(s):
    st, hdr, page = s.request("GET", "/")
    check(st == 200 and hdr["content-type"].startswith("text/html") and b"app.js" in page, st)
    check("default-src 'none'" in hdr.get("content-security-policy", ""), "no CSP")
    check(hdr.get("x-frame-options") == "DENY" and hdr.get("x-content-type-options") == "nosniff", hdr)
    etag = hdr.get("etag")
    st, _, body = s.request("GET", "/", headers={"If-None-Match": etag})
    check(st == 304 and body == b"", "revalidation: %d" % st)
    for path, ctype in (("/assets/app.js", "text/javascript"), ("/assets/app.css", "text/css"),
                        ("/assets/favicon.svg", "image/svg+xml"), ("/index.html", "text/html")):
        st, hdr, body = s.request("GET", path)
        check(st == 200 and hdr["content-type"].startswith(ctype) and body, "%s: %d %s" % (path, st, hdr.get("content-type")))
        with open(os.path.join(HERE, "..", "..", "src", "serve", "web", os.path.basename(path))) as f:
            check(body.decode() == f.read(), "%s differs from the file in the repository" % path)


def raw(s, data, read=True):
    """Sends bytes on a socket; returns what came back (b"" when the server closed)."""
    with socket.create_connection(("127.0.0.1", s.port), timeout=s.timeout) as sock:
        sock.sendall(data)
        if not read:
            return b""
        out = b""
        try:
            while True:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                out += chunk
                head, sep, body = out.partition(b"\r\n\r\n")
                length = [l for l in head.split(b"\r\n") if l.lower().startswith(b"content-length:")]
                if sep and length and len(body) >= int(length[0].split(b":")[1]):
                    break
        except (socket.timeout, ConnectionResetError):
            pass
        return out


def t_malformed_http(s):
    # garbage, a bad request line, a header without a colon, a truncated request, an early close
    for data in (b"GARBAGE\r\n\r\n", b"GET\r\n\r\n", b"GET / HTTP/9.9\r\n\r\n",
                 b"GET /healthz HTTP/1.1\r\nHost: x\r\nBadHeader\r\n\r\n",
                 b"\x00\x01\x02\xff\xfe\r\n\r\n", b"POST /v1/code HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{}"):
        with socket.create_connection(("127.0.0.1", s.port), timeout=1) as sock:
            sock.sendall(data)
            sock.shutdown(socket.SHUT_WR)
            try:
                while sock.recv(65536):
                    pass
            except (socket.timeout, ConnectionResetError):
                pass
    raw(s, b"GET /v1/events HTTP/1.1\r\nHost: x\r\n", read=False)
    # a URL longer than the server takes
    st = None
    try:
        st, _, _ = s.request("GET", "/v1/explain?date=2024-01-01&text=" + "a" * 200000)
    except (ConnectionError, http.client.HTTPException):
        st = "closed"
    check(st in (414, 431, 413, 400, "closed"), "a 200 KB URL got %s" % st)
    # a bad percent escape and a NUL in a parameter
    error_json(s, "GET", "/v1/events?actor=%ZZ", 400)
    error_json(s, "GET", "/v1/events?actor=US%00A", 400)
    # keep-alive: several requests on one connection
    c = s.conn()
    for _ in range(5):
        c.request("GET", "/v1/summary")
        r = c.getresponse()
        check(r.status == 200, r.status)
        r.read()
    c.close()
    check(s.alive(), "the server died")


def t_concurrency(s):
    doc = json.dumps(SAMPLE)

    def one(i):
        if i % 3 == 0:
            return s.request("POST", "/v1/code", doc.encode(), {"Content-Type": "application/json"})[0]
        if i % 3 == 1:
            return s.request("GET", "/v1/events?limit=20&offset=%d" % (i % 40))[0]
        return s.request("GET", "/v1/series?period=week&actor=RUS*")[0]
    with concurrent.futures.ThreadPoolExecutor(max_workers=12) as ex:
        codes = list(ex.map(one, range(240)))
    check(all(c == 200 for c in codes), "statuses: %s" % sorted(set(codes)))
    check(s.alive(), "the server died")


def t_timeout(db):
    """A statement over the time limit is stopped: 503 JSON, and the connection serves on."""
    big = os.path.join(OUT, "big.db")
    shutil.copy(db, big)
    con = sqlite3.connect(big)
    # 300k more events (no mentions needed for counts and tops), quickly: no secondary
    # indexes, no syncs
    con.execute("PRAGMA synchronous=OFF")
    for index in ("events_dyad", "events_target", "events_day", "events_code"):
        con.execute("DROP INDEX " + index)
    con.execute("""WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300000)
                   INSERT INTO events (dedup_key, date, day, source, target, code, root, quad, goldstein,
                                       modality, num_mentions, num_sources, num_articles)
                   SELECT 'bulk|' || i, 20240101 + (i % 28), 19723 + (i % 28), 'A' || (i % 997),
                          'B' || (i % 991), '190', '19', 4, -10.0, 'asserted', 1, 1, 1 FROM n""")
    con.commit()
    con.close()
    srv = Server(big, "--query-timeout", "20", name="timeout-server")
    try:
        e, _ = error_json(srv, "GET", "/v1/top?by=actors&limit=100", 503, want="limit")
        check(srv.get("/v1/events/1")["event"]["event_id"] == 1, "a cheap query after the stopped one")
        check(srv.get("/v1/documents/fx-001")["events"], "a cheap query after the stopped one")
        check(srv.alive(), "the server died")
    finally:
        rc = srv.stop()
    check(rc == 0, "the server exited %s" % rc)


def t_shared(shared):
    """The shared corpus (when present): every endpoint answers on a real store."""
    db = os.path.join(OUT, "shared.db")
    if os.path.exists(db):
        os.remove(db)
    files = [os.path.join(shared, "corpus", p) for p in ("reuters21578/dev.jsonl", "bbc-politics/politics.jsonl")]
    parley("ingest", "--db", db, *[f for f in files if os.path.exists(f)], ok=(0, 3))
    srv = Server(db, name="shared-server")
    try:
        summ = srv.get("/v1/summary")
        check(summ["events"] > 1000, summ)
        ev = srv.get("/v1/events?limit=100")
        check(ev["total"] == summ["events"] and len(ev["events"]) == 100, ev["total"])
        top = srv.get("/v1/top?by=dyads&limit=1")["rows"][0]
        ser = srv.get("/v1/series?period=month&dyad=%s,%s" % (top["source"], top["target"]))["series"]
        check(sum(r["events"] for r in ser) == top["events"], "series and top disagree")
        e = ev["events"][0]
        d = srv.get("/v1/documents/" + urllib.parse.quote(e["first_report"]["doc_id"], safe=""))
        check(d["events"], d["document"])
        check(srv.get("/v1/events/%d" % e["event_id"])["reports"], "reports")
        check(srv.get("/v1/actors?q=united+states")["actors"], "actors")
        with open(files[0]) as f:
            first = f.readline()
        r = srv.post("/v1/code", first)
        check(r["coded"] == 1, r)
        check(srv.alive(), "the server died")
    finally:
        rc = srv.stop()
    check(rc == 0, "the server exited %s" % rc)
    return db


def strip_ids(x):
    """An answer without the store's own numbering (event ids, ingest times), which differs
    between two stores holding the same events."""
    if isinstance(x, dict):
        return {k: strip_ids(v) for k, v in x.items() if k not in ("event_id", "ingested_at")}
    if isinstance(x, list):
        return [strip_ids(v) for v in x]
    return x


def t_postgresql(pg, sqlite_srv_db):
    """The same fixture in PostgreSQL: the same answers as from SQLite."""
    name = "parley_test_serve_%d" % os.getpid()
    base = pg.rsplit("/", 1)[0]
    url = base + "/" + name

    def psql(sql):
        subprocess.run(["psql", "-X", "-q", pg, "-c", sql], check=True, capture_output=True)
    psql("DROP DATABASE IF EXISTS " + name)
    psql("CREATE DATABASE " + name)
    try:
        parley("ingest", "--db", url, os.path.join(HERE, "fixture.jsonl"), ok=(3,))
        a, b = Server(sqlite_srv_db, name="sqlite-server"), Server(url, name="pg-server")
        try:
            for path in ("/v1/summary", "/v1/events?limit=1000", "/v1/events?actor=RUS*&from=2024-03&limit=5",
                         "/v1/series?period=week&dyad=RUSMIL,UKR", "/v1/top?by=actors", "/v1/top?by=dyads",
                         "/v1/documents/fx-001", "/v1/documents/fx-bad"):
                x, y = strip_ids(a.get(path)), strip_ids(b.get(path))
                if path == "/v1/summary":
                    x.pop("backend")
                    y.pop("backend")
                check(x == y, "%s: PostgreSQL answers otherwise than SQLite" % path)
            error_json(b, "GET", "/v1/events?quad=7", 400)
            check(b.alive(), "the server died")
        finally:
            ra, rb = a.stop(), b.stop()
        check(ra == 0 and rb == 0, "exit statuses %s, %s" % (ra, rb))
    finally:
        psql("DROP DATABASE IF EXISTS " + name)


def pg_reachable(pg):
    if not shutil.which("psql"):
        return False
    r = subprocess.run(["psql", "-X", "-q", "-At", pg, "-c", "SELECT 1"], capture_output=True, text=True)
    return r.returncode == 0


def main():
    global PARLEY, OUT, DB
    ap = argparse.ArgumentParser()
    ap.add_argument("parley")
    ap.add_argument("--shared", default=os.path.join(ROOT, "..", "shared"))
    ap.add_argument("--out", default=os.path.join(ROOT, "build", "test-out", "serve"))
    ap.add_argument("--browser", action="store_true")
    args = ap.parse_args()
    PARLEY = os.path.abspath(args.parley)
    OUT = os.path.abspath(args.out)
    os.makedirs(OUT, exist_ok=True)
    db = DB = os.path.join(OUT, "fixture.db")
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(db + suffix):
            os.remove(db + suffix)
    parley("ingest", "--db", db, os.path.join(HERE, "fixture.jsonl"), ok=(3,))   # fx-bad fails

    srv = Server(db)
    try:
        case("health and HEAD", t_health, srv)
        case("OpenAPI lists exactly the served routes", t_openapi_routes, srv)
        case("summary = parley query --summary", t_summary, srv, db)
        case("events: paging covers every event once", t_events_paging, srv, db)
        case("events: filters = parley query's", t_events_filters, srv, db)
        case("events: evidence spans and attribution", t_event_evidence, srv)
        case("events/{id}: every report", t_event_reports, srv)
        case("events: locations, country and place filters", t_event_locations, srv, db)
        case("OpenAPI parameters are the routes' parameters", t_openapi_params, srv)
        case("series = parley query --series", t_series, srv, db)
        case("top dyads and actors", t_top, srv, db)
        case("documents/{id}", t_documents, srv)
        case("actors: by name, code, date", t_actors, srv)
        case("code: object, array, JSON Lines, text", t_code, srv)
        case("code: malformed bodies get 4xx JSON", t_code_errors, srv)
        case("body limit: 413, with and without a length", t_body_limits, srv)
        case("explain = parley explain --json", t_explain, srv)
        case("bad parameters get 400 naming them", t_bad_parameters, srv)
        case("unknown routes 404, wrong methods 405", t_routes_methods, srv)
        case("dashboard files, headers, revalidation", t_dashboard, srv)
        case("malformed HTTP does not hurt the server", t_malformed_http, srv)
        case("240 concurrent requests", t_concurrency, srv)
        if args.browser:
            node = shutil.which("node")
            chromium = os.environ.get("CHROMIUM", "/usr/bin/chromium")
            pw = os.path.join(HERE, "node_modules", "playwright-core")
            if node and os.path.exists(chromium) and os.path.isdir(pw):
                shots = os.path.join(OUT, "screenshots")
                res = subprocess.run([node, os.path.join(HERE, "test_browser.js"),
                                      "http://127.0.0.1:%d" % srv.port, shots],
                                     capture_output=True, text=True, timeout=300)
                print(res.stdout.rstrip())
                if res.returncode != 0 or "browser:" not in res.stdout:
                    print(res.stderr[-1000:])
                global passed, failed
                for line in res.stdout.splitlines():
                    if line.startswith("browser: "):
                        w = line.split()
                        passed += int(w[1])
                        failed += int(w[3])
                        break
                else:
                    failed += 1
                    print("  FAIL  the browser test did not report")
            else:
                failed += 1
                print("  FAIL  browser test: needs node, %s and tests/serve/node_modules "
                      "(scripts/install-deps.sh installs them)" % chromium)
        case("still alive after all that", lambda: check(srv.alive(), "dead"))
    finally:
        rc = srv.stop()
    case("stops cleanly on SIGTERM", lambda: check(rc == 0, "exit status %s (see %s)" % (rc, srv.log)))
    case("query time limit: 503, then serves on", t_timeout, db)
    pg = os.environ.get("PARLEY_TEST_PG", "postgresql:///postgres")
    if pg_reachable(pg):
        case("PostgreSQL store: the same answers", t_postgresql, pg, db)
    else:
        print("  SKIP  PostgreSQL store: no server answers at %s (PARLEY_TEST_PG)" % pg)
    if os.path.isdir(os.path.join(args.shared, "corpus")):
        case("the shared corpus: every endpoint", t_shared, args.shared)
    else:
        print("  SKIP  the shared corpus: %s not found" % args.shared)
    print("serve: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
