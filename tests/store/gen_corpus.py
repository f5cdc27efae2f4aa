#!/usr/bin/env python3
"""gen_corpus.py - a synthetic news corpus for the store's kill and concurrency tests.

usage: gen_corpus.py N [SEED] > corpus.jsonl

N documents of one to four sentences built from the actors and verbs of tests/store/dicts,
spread over 30 days and 6 outlets, so that many documents report the same event (the same
day, source, target and code) and deduplication has work to do. The same N and SEED always
give the same corpus.
"""
import json
import random
import sys

n = int(sys.argv[1])
rng = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 1)
actors = ["Norway", "Finland", "Estonia", "Latvia", "Chile", "Peru", "The Norwegian government",
          "Finnish police", "Chilean troops"]
targets = ["Norway", "Finland", "Estonia", "Latvia", "Chile", "Peru", "Estonian students"]
verbs = ["condemned", "met", "attacked", "praised", "accused", "arrested", "denounced"]
outlets = ["Alpha News", "Beta Times", "Gamma Post", "Delta Wire", "Epsilon Daily", "Zeta Radio"]
filler = ["Officials gave no details.", "The talks were described as difficult.",
          "Markets were calm on the news."]
for i in range(n):
    sents = []
    for _ in range(rng.randint(1, 4)):
        if rng.random() < 0.2:
            sents.append(rng.choice(filler))
            continue
        a = rng.choice(actors)
        t = rng.choice([x for x in targets if x not in a])
        sents.append("%s %s %s." % (a, rng.choice(verbs), t))
    day = 1 + rng.randrange(30)
    outlet = rng.choice(outlets)
    doc = {"id": "s%05d" % i, "date": "2024-04-%02d" % day, "source": outlet,
           "url": "https://%s.example/%d" % (outlet.split()[0].lower(), i), "text": " ".join(sents)}
    print(json.dumps(doc))
