#!/usr/bin/python3
"""parley_dask.py - ingest a corpus larger than one machine: Dask distributed partitions
the JSON Lines files and every worker runs `parley ingest` into one PostgreSQL database.

usage:
  parley_dask.py --db postgresql://USER@HOST/DB [--scheduler tcp://HOST:8786 | --local-workers N]
                 [--parts N] [--parley PATH] [--ship] FILE... [-- INGEST OPTIONS]

  --db URL            the PostgreSQL store every worker writes to (must be reachable from them)
  --scheduler ADDR    an existing Dask scheduler (dask-scheduler / dask-worker on many machines)
  --local-workers N   or start a local cluster of N worker processes (default 2)
  --parts N           how many pieces to cut the input into (default: 4 per worker)
  --parley PATH       the parley binary on the workers (default: "parley" on their PATH)
  --ship              send each piece's bytes from here instead of letting the workers read
                      FILE themselves (when the files are not on storage the workers share)
  -- INGEST OPTIONS   passed to every `parley ingest` (dictionaries, --dedup, --batch, ...)

Nothing here schedules, retries or tracks state itself: Dask does that. What makes it safe
is parley's ingest: each piece is coded and written in transactions, the store merges
concurrent writers without duplicates, and a piece run twice (a retried task, a rerun of
the whole job) changes nothing. So Dask may retry a failed task freely, and the result is
the same as one `parley ingest` over the whole corpus. Pieces are cut at line boundaries
of JSON Lines input (whole-file plain-text input is not split). A record too broken to have
an id is recorded under the name of its piece ("FILE@OFFSET:LINE").

Needs Debian's python3-distributed on the driver and the workers (this script runs with
/usr/bin/python3 for that reason). Prints one line per piece and a total; exits non-zero
when a piece failed after Dask's retries.
"""
import argparse
import os
import subprocess
import sys
import tempfile
import time


def plan(files, nparts):
    """Cuts the files into about nparts pieces of similar size, at line boundaries."""
    sizes = [os.path.getsize(f) for f in files]
    total = sum(sizes) or 1
    target = max(1, total // nparts)
    parts = []
    for path, size in zip(files, sizes):
        start = 0
        with open(path, "rb") as f:
            while start < size:
                cut = start + target
                if cut >= size:
                    cut = size
                else:
                    f.seek(cut)
                    f.readline()            # to the end of the line the cut falls in
                    cut = min(f.tell(), size)
                parts.append((path, start, cut))
                start = cut
    return parts


def read_piece(path, start, end):
    with open(path, "rb") as f:
        f.seek(start)
        return f.read(end - start)


def ingest_piece(piece, db, parley, opts, data=None):
    """Runs on a worker: one `parley ingest` over one piece. Exit status 3 (some records
    failed, and were recorded) is a result; anything else raises, so Dask retries."""
    path, start, end = piece
    if data is None:
        data = read_piece(path, start, end)
    name = "%s@%d" % (os.path.basename(path), start)
    with tempfile.TemporaryDirectory(prefix="parley-dask-") as d:
        # a file named after the piece, so that records without an id are named apart
        piece_file = os.path.join(d, name)
        with open(piece_file, "wb") as f:
            f.write(data)
        t0 = time.time()
        res = subprocess.run([parley, "ingest", "--db", db, "--stats", "--no-progress"] + opts +
                             [piece_file], capture_output=True, text=True)
    stats = [l for l in res.stderr.splitlines() if " documents, " in l]
    if res.returncode not in (0, 3):
        raise RuntimeError("parley ingest failed on %s (exit %d): %s" %
                           (name, res.returncode, res.stderr.strip()[-500:]))
    return {"piece": name, "returncode": res.returncode, "seconds": time.time() - t0,
            "stats": stats[-1] if stats else "", "host": os.uname().nodename}


def number(stats, word):
    """The number before `word` in parley's --stats line (0 when absent)."""
    text = stats.split(word)[0].rstrip().rsplit(" ", 1)
    try:
        return int(text[-1])
    except ValueError:
        return 0


def main(argv):
    if "--" in argv:
        k = argv.index("--")
        argv, opts = argv[:k], argv[k + 1:]
    else:
        opts = []
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--db", required=True)
    ap.add_argument("--scheduler")
    ap.add_argument("--local-workers", type=int, default=2)
    ap.add_argument("--parts", type=int)
    ap.add_argument("--parley", default="parley")
    ap.add_argument("--ship", action="store_true")
    ap.add_argument("files", nargs="+")
    a = ap.parse_args(argv)
    if not a.db.startswith(("postgresql://", "postgres://", "pg:")):
        print("parley_dask: --db must be a PostgreSQL store: workers on other machines cannot "
              "share a SQLite file", file=sys.stderr)
        return 2

    from dask.distributed import Client, LocalCluster   # Debian: python3-distributed

    cluster = None
    if a.scheduler:
        client = Client(a.scheduler)
    else:
        cluster = LocalCluster(n_workers=a.local_workers, threads_per_worker=1, processes=True,
                               dashboard_address=None)
        client = Client(cluster)
    try:
        nworkers = max(1, len(client.scheduler_info().get("workers", {})))
        pieces = plan(a.files, a.parts or 4 * nworkers)
        t0 = time.time()
        futures = []
        for piece in pieces:
            data = read_piece(*piece) if a.ship else None
            # retries are safe: ingesting a piece again changes nothing
            futures.append(client.submit(ingest_piece, piece, a.db, a.parley, opts, data,
                                         retries=2, pure=False))
        failed, results = 0, []
        for fut in futures:
            try:
                r = fut.result()
                results.append(r)
                print("%-28s exit %d on %s in %.1f s: %s" % (r["piece"], r["returncode"], r["host"],
                                                            r["seconds"], r["stats"]))
            except Exception as e:   # reported, and the job fails, after Dask's retries
                failed += 1
                print("piece failed: %s" % e, file=sys.stderr)
        docs = sum(number(r["stats"], "documents,") for r in results)
        events = sum(number(r["stats"], "events,") for r in results)
        bad = sum(number(r["stats"], "failed records") for r in results)
        written = sum(number(r["stats"], "documents written") for r in results)
        print("parley_dask: %d pieces on %d workers, %d documents, %d events, %d failed records, "
              "%d documents written, in %.1f s%s" % (len(pieces), nworkers, docs, events, bad, written,
                                                    time.time() - t0,
                                                    "; %d pieces FAILED" % failed if failed else ""))
        return 1 if failed else 0
    finally:
        client.close()
        if cluster:
            cluster.close()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
