#!/usr/bin/env python3
"""make_fixture.py - writes fixture.jsonl, the small news corpus the server's tests ingest.

Sixty-odd short wire stories, January to June 2024, written for these tests: a few dyads
with a story each (Russia's strikes on Ukraine grow in March and April; the United States
criticises and sanctions Russia; China and Russia consult; Israel and Iran; Ukraine asks
Germany for arms and gets them; Turkey and Hungary trade), several outlets, some events
reported by two outlets (deduplicated into one event with two reports), attribution
("officials said", "according to"), a date fixed by the text ("on Tuesday"), and one
record with a bad date (stored as failed). Deterministic: run it again, get the same file.

usage: make_fixture.py > fixture.jsonl
"""
import datetime
import json
import random

OUTLETS = ["Example Wire", "Northern Post", "Daily Ledger", "Baltic Observer"]

# (dyad label, sentences); each story is one or two of these
STORIES = {
    "RUS-UKR": [
        "Russian forces shelled the Ukrainian city of Kharkiv on Tuesday, Ukrainian officials said.",
        "Russian missiles struck Ukrainian energy facilities overnight, the Ukrainian air force said.",
        "Russia launched a wave of drones against Ukraine, according to the Ukrainian military.",
        "Russian troops attacked Ukrainian positions near Avdiivka, Kyiv said.",
    ],
    "UKR-RUS": [
        "Ukrainian drones attacked an oil refinery in Russia.",
        "Ukraine accused Russia of war crimes in occupied towns.",
    ],
    "USA-RUS": [
        "U.S. Secretary of State Antony Blinken criticized Russia for the attacks.",
        "The United States imposed sanctions on Russia.",
        "Washington condemned Russia over the death of a jailed opposition leader.",
    ],
    "CHN-RUS": [
        "China's foreign minister Wang Yi met his Russian counterpart Sergei Lavrov in Beijing.",
        "Chinese President Xi Jinping praised Russia for its cooperation.",
    ],
    "ISR-IRN": [
        "Israel accused Iran of arming Hezbollah, according to a government statement.",
        "Israel threatened Iran with a military response.",
    ],
    "IRN-ISR": [
        "Iran launched drones and missiles at Israel on Saturday, Iranian state media said.",
    ],
    "UKR-DEU": [
        "Ukraine urged Germany to send more air defence systems.",
    ],
    "DEU-UKR": [
        "Germany promised military aid to Ukraine.",
    ],
    "TUR-HUN": [
        "Turkish President Recep Tayyip Erdogan hosted Hungarian Prime Minister Viktor Orban in Ankara.",
        "Turkey and Hungary signed a trade agreement.",
    ],
    "RUS-EST": [
        "Russia expelled two Estonian diplomats, the foreign ministry said.",
    ],
    "RUS-FIN": [
        "Russia threatened Finland with retaliation.",
    ],
}

# how many stories per dyad per month (Jan..Jun): the war heats up in March and April
PLAN = {
    "RUS-UKR": [2, 2, 5, 6, 3, 2],
    "UKR-RUS": [1, 0, 2, 2, 1, 1],
    "USA-RUS": [1, 1, 2, 1, 0, 1],
    "CHN-RUS": [0, 1, 0, 1, 1, 1],
    "ISR-IRN": [0, 0, 1, 2, 0, 0],
    "IRN-ISR": [0, 0, 0, 1, 0, 0],
    "UKR-DEU": [1, 0, 1, 0, 0, 1],
    "DEU-UKR": [0, 1, 0, 1, 0, 0],
    "TUR-HUN": [1, 0, 0, 0, 1, 0],
    "RUS-EST": [0, 1, 0, 0, 0, 0],
    "RUS-FIN": [0, 0, 1, 0, 0, 1],
}


def main():
    rnd = random.Random(20240101)
    docs = []
    n = 0
    for dyad, per_month in PLAN.items():
        for month, count in enumerate(per_month, start=1):
            for _ in range(count):
                day = rnd.randint(1, 28)
                date = datetime.date(2024, month, day)
                text = rnd.choice(STORIES[dyad])
                n += 1
                outlet = rnd.choice(OUTLETS)
                doc = {"id": "fx-%03d" % n, "date": date.isoformat(), "source": outlet,
                       "title": text.split(",")[0].rstrip("."),
                       "url": "https://news.example/%s/%03d" % (outlet.lower().replace(" ", "-"), n),
                       "text": text}
                docs.append(doc)
                # every third story is also carried by a second outlet the same day
                if n % 3 == 0:
                    n += 1
                    other = OUTLETS[(OUTLETS.index(outlet) + 1) % len(OUTLETS)]
                    twin = dict(doc, id="fx-%03d" % n, source=other,
                                url="https://news.example/%s/%03d" % (other.lower().replace(" ", "-"), n))
                    docs.append(twin)
    docs.sort(key=lambda d: (d["date"], d["id"]))
    docs.append({"id": "fx-bad", "date": "2024-13-45", "source": "Example Wire",
                 "text": "A record with an impossible date is stored as failed."})
    for d in docs:
        print(json.dumps(d, ensure_ascii=False))


if __name__ == "__main__":
    main()
