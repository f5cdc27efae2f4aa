#!/usr/bin/env python3
"""stress.py - random and mutated documents through `parley code` (make stress).

usage: stress.py PARLEY [--count N] [--shared DIR] [--seed S] [--quick]

Builds N documents from the fuzz seed corpora, the reader fixtures and ../shared/corpus:
four in five are JSON Lines records (mutated fields, wrong types, broken escapes, invalid
UTF-8, control bytes, truncations, splices, random bytes, huge texts), one in five is a
whole file (a page, a feed, PETRARCH XML, TABARI, plain text; byte-level mutations, some
gzip-compressed, some truncated gzip). Then checks:
  - no run crashes (a signal, a sanitizer's exit) or hangs (time limit per batch);
  - the exit status is 0 or 3;
  - every JSON Lines record is coded or reported: the summary's record count equals the
    number of non-blank lines written, and coded + failed + skipped equals it;
  - pathological inputs (deep nesting, one endless sentence, a giant token, a feed of many
    items) cost time roughly linear in their size: 4x the input may take at most 10x the
    time.
Prints its figures and ends "stress: N passed, N failed".
"""
import argparse
import glob
import gzip
import json
import os
import random
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
DICTS = os.path.join(ROOT, "tests", "golden", "dicts")

passed = failed = 0


def result(name, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print("  ok    %s%s" % (name, (": " + detail) if detail else ""))
    else:
        failed += 1
        print("  FAIL  %s%s" % (name, (": " + detail) if detail else ""))


def load_records(shared, rng, limit=20000):
    recs = []
    for pat in [os.path.join(shared, "corpus", "*", "*.jsonl"), os.path.join(ROOT, "examples", "*.jsonl"),
                os.path.join(HERE, "corpus", "jsonl", "*")]:
        for path in sorted(glob.glob(pat)):
            with open(path, encoding="utf-8", errors="replace") as f:
                for ln in f:
                    ln = ln.strip()
                    if ln:
                        recs.append(ln)
    rng.shuffle(recs)
    return recs[:limit] or ['{"id": "x", "date": "2024-01-01", "text": "Norway condemned Latvia."}']


def load_files():
    files = []
    for d in ["html", "feed", "petrarch", "tabari", "pipeline"]:
        for path in sorted(glob.glob(os.path.join(HERE, "corpus", d, "*"))):
            files.append(open(path, "rb").read())
    for path in sorted(glob.glob(os.path.join(ROOT, "tests", "input", "*"))):
        if not path.endswith((".expect", ".py")):
            files.append(open(path, "rb").read())
    return files


WEIRD = ["\u202e", "\u0000", "\ufeff", "\U0001f600", "Erdoğan’s", "\u00a0", "\t", "\\", "\"",
         "U.S.", "...", "Путин", "中国外交部", "(((", ")))", "--", "—", "\u2028", "&amp;", "<p>"]


def mutate_bytes(b, rng, n=None):
    b = bytearray(b)
    for _ in range(n or rng.randint(1, 8)):
        op = rng.randrange(6)
        if not b:
            b += bytes([rng.randrange(256)])
            continue
        i = rng.randrange(len(b))
        if op == 0:
            b[i] = rng.randrange(256)
        elif op == 1:
            del b[i:i + rng.randint(1, 64)]
        elif op == 2:
            b[i:i] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 16)))
        elif op == 3:
            j = rng.randrange(len(b))
            b[i:i] = b[j:j + rng.randint(1, 256)]
        elif op == 4:
            b[i:i] = rng.choice(WEIRD).encode("utf-8")
        else:
            b[i] ^= 1 << rng.randrange(8)
    return bytes(b)


def mutate_record(line, rng, recs):
    kind = rng.randrange(12)
    try:
        o = json.loads(line)
    except ValueError:
        o = None
    if not isinstance(o, dict):
        o = {"id": "x", "date": "2024-01-01", "text": line}
    if kind == 0:  # field removed
        o.pop(rng.choice(["id", "date", "text"]), None)
    elif kind == 1:  # wrong types
        o[rng.choice(["id", "date", "text", "title"])] = rng.choice([None, 7, 1.5, [], {}, True, "", -1])
    elif kind == 2:  # bad dates
        o["date"] = rng.choice(["2024-02-30", "20241301", "0000-00-00", "yesterday", "2024-2-3",
                                "99999999", "1-1-1", "2024-01-01T00:00:00Z", "", "١٢٣"])
    elif kind == 3:  # weird text
        t = o.get("text") if isinstance(o.get("text"), str) else ""
        for _ in range(rng.randint(1, 20)):
            i = rng.randint(0, len(t))
            t = t[:i] + rng.choice(WEIRD) + t[i:]
        o["text"] = t
    elif kind == 4:  # long texts: one endless sentence, a giant token, many sentences
        w = rng.choice(["Norway condemned Latvia and ", "x" * 1000, "Peru. ", "( "])
        o["text"] = w * rng.randint(100, 3000)
    elif kind == 5:  # splice two records' texts
        other = rng.choice(recs)
        try:
            o2 = json.loads(other)
        except ValueError:
            o2 = None
        if isinstance(o2, dict):
            t1 = o.get("text") if isinstance(o.get("text"), str) else ""
            t2 = o2.get("text") if isinstance(o2.get("text"), str) else ""
            o["text"] = t1[: rng.randint(0, len(t1))] + t2[rng.randint(0, len(t2)):]
    elif kind == 6:  # text in another script
        o["text"] = rng.choice(["Президент России Владимир Путин провёл переговоры. " * 5,
                                "中国外交部发言人表示，中方对此表示强烈不满和坚决反对。" * 5,
                                "Der Außenminister bestellte den Botschafter ein und protestierte. " * 5])
    if kind < 7:
        out = json.dumps(o, ensure_ascii=rng.random() < 0.5)
    else:  # raw byte damage on the line
        out = mutate_bytes(line.encode("utf-8"), rng).decode("latin-1")
    out = out.replace("\n", " ").replace("\r", " ")
    if not out.strip():
        out = "x"
    return out


def run(parley, args, timeout):
    t0 = time.time()
    try:
        env = dict(os.environ, ASAN_OPTIONS="exitcode=86", UBSAN_OPTIONS="exitcode=86")
        res = subprocess.run([parley, "code", "--dict", DICTS] + args, capture_output=True,
                             timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        return None, time.time() - t0
    return res, time.time() - t0


def summary_of(res):
    for ln in res.stderr.decode("utf-8", "replace").splitlines():
        if ln.startswith('{"summary"'):
            return json.loads(ln)["summary"]
    return None


def jsonl_batches(parley, tmp, recs, n, rng, batches):
    per = max(1, n // batches)
    total = coded = reported = 0
    secs = 0.0
    ok = True
    for k in range(batches):
        path = os.path.join(tmp, "batch%d.jsonl" % k)
        lines = [mutate_record(rng.choice(recs), rng, recs) if rng.random() < 0.8 else rng.choice(recs)
                 for _ in range(per)]
        with open(path, "w", encoding="latin-1", errors="replace") as f:
            for ln in lines:
                f.write(ln + "\n")
        written = sum(1 for ln in open(path, "rb").read().split(b"\n") if ln.strip(b" \t\r"))
        res, dt = run(parley, ["--input-format", "jsonl", path], 600)
        secs += dt
        if res is None:
            result("jsonl batch %d" % k, False, "hung (over 600 s)")
            ok = False
            continue
        s = summary_of(res) or {"records": written, "coded": written, "failed": 0, "skipped": 0}
        good = res.returncode in (0, 3) and s["records"] == written and \
            s["coded"] + s["failed"] + s["skipped"] == s["records"]
        if not good:
            ok = False
            result("jsonl batch %d" % k, False, "status %d, %d lines written, summary %s; kept %s" %
                   (res.returncode, written, s, path))
            continue
        total += written
        coded += s["coded"]
        reported += s["failed"] + s["skipped"]
        os.unlink(path)
    result("%d JSON Lines records (%d mutated batches)" % (total, batches), ok,
           "%d coded, %d reported, %.1f s, %.0f records/s" % (coded, reported, secs, total / max(secs, 1e-9)))
    return total


def file_batches(parley, tmp, files, n, rng, batches):
    per = max(1, n // batches)
    ok = True
    secs = 0.0
    done = 0
    for k in range(batches):
        d = os.path.join(tmp, "files%d" % k)
        os.makedirs(d)
        for i in range(per):
            data = rng.choice(files)
            if rng.random() < 0.9:
                data = mutate_bytes(data, rng, rng.randint(1, 32))
            name = os.path.join(d, "f%05d" % i)
            if rng.random() < 0.1:
                data = gzip.compress(data)
                if rng.random() < 0.3:
                    data = data[: rng.randint(0, len(data))]
                name += ".gz"
            open(name, "wb").write(data)
        res, dt = run(parley, ["--date", "2024-01-01", d], 600)
        secs += dt
        if res is None or res.returncode not in (0, 3):
            ok = False
            result("file batch %d" % k, False, "hung" if res is None else "status %d; kept %s" % (res.returncode, d))
            continue
        done += per
        subprocess.run(["rm", "-rf", d])
    result("%d whole-file documents (pages, feeds, XML, TABARI, text; some gzip)" % done, ok,
           "%.1f s, %.0f files/s" % (secs, done / max(secs, 1e-9)))
    return done


def scaling(parley, tmp):
    """Time for input of size s and 4s: at most 10x (linear is 4x, quadratic 16x)."""
    cases = {
        "deeply nested HTML": lambda s: ("<html><body>" + "<div><span>" * s + "Norway condemned Latvia." +
                                         "</span></div>" * s, "page.html"),
        "nested <article>s": lambda s: ("<html><body>" + "<article><p>Peru urged Chile.</p>" * s, "a.html"),
        "one endless sentence": lambda s: (json.dumps({"id": "e", "date": "2024-01-01",
                                                       "text": "Norway and Latvia and " * s + "met."}) + "\n", "e.jsonl"),
        "a giant token": lambda s: (json.dumps({"id": "g", "date": "2024-01-01", "text": "x" * (s * 50)}) + "\n", "g.jsonl"),
        "a feed of many items": lambda s: ('<rss><channel><title>T</title>' + "<item><title>Norway condemned Latvia</title>"
                                           "<pubDate>Mon, 04 Mar 2024 09:00:00 GMT</pubDate></item>" * s +
                                           "</channel></rss>", "f.rss"),
        "TABARI records without blank lines": lambda s: ("240101  A\n" + "Norway condemned Latvia.\n" * s, "t.tabari"),
        "unclosed comment in TABARI": lambda s: ("240101  A\nNorway /*" + " x\n" * s, "c.tabari"),
    }
    for name, gen in cases.items():
        times = []
        for size in (5000, 20000):
            text, fname = gen(size)
            path = os.path.join(tmp, fname)
            open(path, "w").write(text)
            best = None
            for _ in range(2):
                res, dt = run(parley, ["--max-doc-bytes", "64M", "--max-input-bytes", "64M", path], 300)
                if res is None or res.returncode not in (0, 3):
                    best = None
                    break
                best = dt if best is None else min(best, dt)
            times.append(best)
        if None in times:
            result("linear time: " + name, False, "crashed or hung")
            continue
        base = max(times[0], 0.05)  # below that, process start-up dominates
        result("linear time: " + name, times[1] <= 10 * base,
               "%.2f s -> %.2f s for 4x the input" % (times[0], times[1]))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("parley")
    ap.add_argument("--count", type=int, default=100000)
    ap.add_argument("--shared", default=os.path.join(ROOT, "..", "shared"))
    ap.add_argument("--seed", type=int, default=6)
    ap.add_argument("--quick", action="store_true", help="no scaling checks")
    a = ap.parse_args()
    rng = random.Random(a.seed)
    if not os.path.isdir(os.path.join(a.shared, "corpus")):
        print("  note: %s/corpus not found: mutating the repository's own seeds only" % a.shared)
    recs = load_records(a.shared, rng)
    files = load_files()
    n_files = a.count // 5
    n_lines = a.count - n_files
    t0 = time.time()
    with tempfile.TemporaryDirectory() as tmp:
        got = jsonl_batches(a.parley, tmp, recs, n_lines, rng, max(1, n_lines // 10000))
        got += file_batches(a.parley, tmp, files, n_files, rng, max(1, n_files // 2000))
        if not a.quick:
            scaling(a.parley, tmp)
    print("  %d documents in %.0f s" % (got, time.time() - t0))
    print("stress: %d passed, %d failed" % (passed, failed))
    sys.exit(1 if failed else 0)


main()
