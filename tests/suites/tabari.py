#!/usr/bin/env python3
"""tabari.py - runs TABARI's validation suite through `parley code --dict Validate.project`.

usage: tabari.py PARLEY SHARED_DIR [--min-pass X] [--show-failures] [--out FILE]

The suite (SHARED_DIR/peers/tabari/Validate.text, named by Validate.project) is a TABARI
text file: a record is a header line "YYMMDD ID" (YYYYMMDD in its 4-digit-year stretch),
then the sentence, up to a blank line. Comment blocks /* ... */ in a record hold what
TABARI should produce:
  { SRC / TGT / CODE } [date]   an expected event (any number of them)
  {---} or { --- }              no event expected
  {###}                         a discard: no event expected
  {+++}                         TABARI calls the record "complex" and codes nothing
  -{ ... }                      an expectation the suite's author switched off
  { OPTION: command }           changes the options for the records that follow

Records with expected events or an explicit no-event mark ({---}, {###}) are scored: a
record passes when the set of (source, target, code) parley emits equals the expected set.
Skipped, with counts: option-setting records, "complex" records ({+++}), records with no
active expectation, and the records after FINAL-01 (TABARI's own validation stops there:
"the remaining records require other .options settings, or crash the program").

Options: the records after an OPTION record are coded with a copy of the project whose
options file is Validate.options followed by every OPTION command met so far, exactly as
TABARI applies them; parley reads the options it supports from that file. One parley
process codes each run of records under the same options. While a FORWARD: command is in
force (TABARI carries actors from one sentence of a story to the next), the records of one
story (the same ID up to its last '-') are coded as one document, sentence after
sentence, and each event goes to the record its sentence starts in.

Prints the pass rate per category (the ID up to its first '-') and overall, and the skipped
counts; with --min-pass exits 1 when the overall rate is lower.
"""
import json
import os
import re
import subprocess
import sys
import tempfile

HEADER = re.compile(r"^(\d{6,9})\s+(\S+)(?:\s+(\S+))?")
EVENT = re.compile(r"(-?)\{\s*([^{}/]+?)\s*/\s*([^{}/]+?)\s*/\s*([^{}/\s]+)\s*\}")
MARK = re.compile(r"(-?)\{\s*(---|###|\+\+\+)\s*\}")
OPTION = re.compile(r"\{\s*OPTION:\s*([^}]*?)\s*(?:\}|\*/|$)", re.M)


def iso_date(s):
    """TABARI record dates: YYMMDD (00-30 -> 20YY), YYYYMMDD; longer strings are cut."""
    if len(s) == 6 or len(s) == 7:
        s = s[:6]
        yy = int(s[:2])
        return "%d-%s-%s" % ((2000 if yy <= 30 else 1900) + yy, s[2:4], s[4:6])
    s = s[:8]
    return "%s-%s-%s" % (s[:4], s[4:6], s[6:8])


def split_comments(lines):
    """Text outside /* ... */ (markup lines starting with \\n dropped) and comment text."""
    body = "\n".join(lines)
    text, comments = [], []
    pos = 0
    while True:
        a = body.find("/*", pos)
        if a < 0:
            text.append(body[pos:])
            break
        text.append(body[pos:a])
        b = body.find("*/", a + 2)
        if b < 0:
            comments.append(body[a + 2:])
            break
        comments.append(body[a + 2:b])
        pos = b + 2
    kept = []
    for chunk in text:
        for ln in chunk.split("\n"):
            if ln.lstrip().startswith("\\n"):
                continue
            kept.append(ln)
    return " ".join(" ".join(kept).split()), "\n".join(comments)


def load(path):
    """Records in file order: dicts with id, date, text, expected, kind."""
    lines = open(path, encoding="latin-1").read().split("\n")
    records = []
    i = 0
    while i < len(lines):
        m = HEADER.match(lines[i])
        if not m:
            i += 1
            continue
        date, rid = m.group(1), m.group(2)
        if rid.isdigit() and m.group(3):  # "950101  950101  AGENTS-11"
            rid = m.group(3)
        i += 1
        block = []
        while i < len(lines) and lines[i].strip() and not HEADER.match(lines[i]):
            block.append(lines[i])
            i += 1
        text, comment = split_comments(block)
        options = [o.strip() for o in OPTION.findall(comment)]
        expected, marks, disabled = set(), set(), 0
        for neg, src, tgt, code in EVENT.findall(comment):
            if src.strip().upper().startswith("OPTION"):
                continue
            if neg:
                disabled += 1
                continue
            expected.add((src.strip(), tgt.strip(), code.strip()))
        for neg, mark in MARK.findall(comment):
            if neg:
                disabled += 1
            else:
                marks.add(mark)
        records.append({"id": rid, "date": iso_date(date), "text": text, "options": options,
                        "expected": expected, "marks": marks})
    return records


def category(rid):
    c = rid.split("-")[0]
    return c if c and not c.isdigit() else "OTHER"


def forwarding(commands):
    """Is a FORWARD: command in force after these OPTION commands?"""
    on = False
    for c in commands:
        if re.match(r"FORWARD:", c, re.I):
            on = not re.search(r"\bOFF\s*$", c, re.I)
    return on


def project_files(project):
    """The <tag> file names of a TABARI project, resolved against its directory."""
    base = os.path.dirname(os.path.abspath(project))
    files = {}
    for ln in open(project, encoding="latin-1"):
        m = re.match(r"\s*<(\w+)>\s*(\S+)", ln)
        if m and m.group(1).endswith("file"):
            files[m.group(1)] = os.path.join(base, m.group(2))
    return files


def write_project(tmpdir, files, commands, n):
    """A copy of the project whose options file adds the OPTION commands met so far."""
    opt = os.path.join(tmpdir, "options-%d.options" % n)
    lines, tail = [], []
    if "optionsfile" in files:
        for ln in open(files["optionsfile"], encoding="latin-1").read().split("\n"):
            # the file ends at a "~~~~~" line: the commands go before it
            (tail if tail or ln.startswith("~~") else lines).append(ln)
    with open(opt, "w", encoding="latin-1") as f:
        f.write("\n".join(lines).rstrip("\n") + "\n")
        f.write("// OPTION commands of the validation records\n")
        for c in commands:
            f.write(c + "\n")
        f.write("\n".join(tail))
    proj = os.path.join(tmpdir, "validate-%d.project" % n)
    with open(proj, "w", encoding="latin-1") as f:
        f.write("Validation suite run by tests/suites/tabari.py\n")
        for tag in ("actorsfile", "verbsfile", "agentsfile"):
            if tag in files:
                f.write("<%s> %s\n" % (tag, files[tag]))
        f.write("<optionsfile> %s\n" % opt)
    return proj


def main(argv):
    if len(argv) < 2:
        print(__doc__)
        return 2
    parley, shared = argv[0], argv[1]
    min_pass = float(argv[argv.index("--min-pass") + 1]) if "--min-pass" in argv else None
    out = argv[argv.index("--out") + 1] if "--out" in argv else None
    show = "--show-failures" in argv
    project = os.path.join(shared, "peers", "tabari", "Validate.project")
    files = project_files(project)
    records = load(files.get("textfile", os.path.join(os.path.dirname(project), "Validate.text")))

    skipped = {"option records": 0, "complex ({+++})": 0, "no active expectation": 0,
               "after FINAL-01": 0}
    commands = []
    groups = []  # (commands, [records])
    ended = False
    for r in records:
        if ended:
            skipped["after FINAL-01"] += 1
            continue
        if r["id"].startswith("FINAL-"):
            ended = True
            skipped["after FINAL-01"] += 1
            continue
        if r["options"]:
            commands = commands + r["options"]
            skipped["option records"] += 1
            continue
        if "+++" in r["marks"]:
            skipped["complex ({+++})"] += 1
            continue
        if not r["expected"] and not r["marks"]:
            skipped["no active expectation"] += 1
            continue
        key = tuple(commands)
        if not groups or groups[-1][0] != key:
            groups.append((key, []))
        r["forward"] = forwarding(commands)
        groups[-1][1].append(r)

    scored = []
    with tempfile.TemporaryDirectory(prefix="parley-tabari-") as tmp:
        for n, (key, recs) in enumerate(groups):
            proj = project if not key else write_project(tmp, files, list(key), n)
            docs = os.path.join(tmp, "records-%d.jsonl" % n)
            stories = []  # (first record, [(byte offset, record)], text)
            for r in recs:
                r["seq"] = len(scored)
                scored.append(r)
                story = r["id"].rsplit("-", 1)[0]
                if (r["forward"] and stories and stories[-1][0]["forward"] and
                        stories[-1][0]["id"].rsplit("-", 1)[0] == story):
                    first, parts, text = stories[-1]
                    parts.append((len(text.encode("utf-8")) + 1, r))
                    stories[-1] = (first, parts, text + " " + r["text"])
                else:
                    stories.append((r, [(0, r)], r["text"]))
            with open(docs, "w") as f:
                for first, parts, text in stories:
                    f.write(json.dumps({"id": "r%d" % first["seq"], "date": first["date"],
                                        "text": text}) + "\n")
            starts = {first["seq"]: parts for first, parts, text in stories}
            res = subprocess.run([parley, "code", "--dict", proj, docs], capture_output=True,
                                 text=True)
            if res.returncode not in (0, 3):
                sys.stderr.write(res.stderr)
                print("tabari suite: parley failed with status %d" % res.returncode)
                return 1
            for line in res.stdout.splitlines():
                e = json.loads(line)
                parts = starts[int(e["doc_id"][1:])]
                at = e.get("evidence", {}).get("sentence", [0])[0]
                r = [rec for off, rec in parts if off <= at][-1]
                r.setdefault("got", set()).add((e["source"], e["target"], e["code"]))

    cats = {}
    passed = 0
    lines = []
    for r in scored:
        got = r.get("got", set())
        ok = got == r["expected"]
        passed += ok
        c = cats.setdefault(category(r["id"]), [0, 0])
        c[0] += ok
        c[1] += 1
        if not ok:
            exp = sorted(r["expected"]) if r["expected"] else "{%s}" % "".join(sorted(r["marks"]))
            lines.append("FAIL %-16s expected %s got %s | %s" % (r["id"], exp, sorted(got),
                                                                 r["text"][:100]))
    if out:
        with open(out, "w") as f:
            f.write("\n".join(lines) + "\n")
    if show:
        print("\n".join(lines))
    n = len(scored)
    print("TABARI validation suite (Validate.project, raw text):")
    for cat in sorted(cats):
        ok, tot = cats[cat]
        print("  %-10s %3d/%3d  %5.1f%%" % (cat, ok, tot, 100.0 * ok / tot))
    print("  skipped: %d (%s)" % (sum(skipped.values()),
                                  ", ".join("%s %d" % (k, v) for k, v in skipped.items())))
    rate = passed / n if n else 0.0
    print("tabari suite: %d/%d scored records pass (%.1f%%)" % (passed, n, 100.0 * rate))
    if min_pass is not None and rate < min_pass:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
