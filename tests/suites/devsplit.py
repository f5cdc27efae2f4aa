#!/usr/bin/env python3
"""devsplit.py - the dev-set figures for the items of more than one sentence.

usage: devsplit.py PARLEY GOLD.jsonl EVENTS.jsonl

Document understanding (references across sentences, dates from earlier sentences) shows
on the multi-sentence items; this scores them apart. Sentences are counted as parley
splits them (`parley explain --json`); the events are those `parley code` already wrote for
the whole set. Prints score.py's summary for that subset.
"""
import json
import os
import subprocess
import sys
import tempfile


def main(argv):
    parley, gold_path, events_path = argv[1:4]
    res = subprocess.run([parley, "explain", "--json", gold_path], capture_output=True, text=True)
    nsent = {}
    for line in res.stdout.splitlines():
        d = json.loads(line)
        nsent[d["doc_id"]] = len(d.get("sentences", []))
    gold = [json.loads(l) for l in open(gold_path, encoding="utf-8") if l.strip()]
    multi = [g for g in gold if nsent.get(g["id"], 0) > 1]
    ids = {g["id"] for g in multi}
    with tempfile.TemporaryDirectory() as tmp:
        gp, ep = os.path.join(tmp, "gold.jsonl"), os.path.join(tmp, "events.jsonl")
        with open(gp, "w") as f:
            for g in multi:
                f.write(json.dumps(g) + "\n")
        with open(ep, "w") as f:
            for line in open(events_path, encoding="utf-8"):
                if line.strip() and json.loads(line).get("doc_id") in ids:
                    f.write(line)
        score = os.path.join(os.path.dirname(os.path.abspath(gold_path)), "score.py")
        out = subprocess.run([sys.executable, score, gp, ep], capture_output=True, text=True).stdout
    print("multi-sentence items: %d of %d" % (len(multi), len(gold)))
    print(out.strip().splitlines()[-1] if out.strip() else "no score")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
