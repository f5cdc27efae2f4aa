/* ingest.c - `parley ingest`: documents in, coded, deduplicated and kept in a store.
 *
 * Documents are read a batch at a time; the store says which of them it already holds
 * unchanged (those are not coded again), the rest are coded and the batch is written in
 * one transaction. On a terminal a status line shows the progress; nothing extra is
 * written when stderr is not a terminal. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

static void usage(FILE *f)
{
    fputs("usage: parley ingest --db STORE [OPTIONS] [FILE...]\n"
          "\n"
          "Codes news documents (as `parley code` reads them, standard input when no FILE)\n"
          "into an event store: a SQLite file, or a PostgreSQL database given as\n"
          "postgresql://USER@HOST/DB (or pg:\"KEY=VALUE ...\"). Events reported by several\n"
          "documents are kept once with their mention counts. Ingesting a document again\n"
          "changes nothing; a changed document replaces its events; a failed one is\n"
          "recorded with its error. Safe to interrupt and re-run, and to run many at once.\n"
          "\n"
          "store:\n"
          "  --db STORE           the store (default: $PARLEY_DB)\n"
          "  --dedup KEY          when a new store counts two reports as one event:\n"
          "                       day (same event date, source, target, code; default),\n"
          "                       oneaday (same publication day: Phoenix's one-a-day filter),\n"
          "                       window:N (same N-day period)\n"
          "  --batch N            documents per transaction (default 500)\n"
          "  --progress / --no-progress   the status line (default: when stderr is a terminal)\n"
          "  --stats              print counts and timing to stderr at the end\n"
          "  -j N                 code each batch with N threads, 0: one a core (the store is\n"
          "                       the same)\n"
          "dictionaries, input and coding: as `parley code` (parley code --help):\n"
          "  --dict PATH  --verbs FILE  --actors FILE  --agents FILE  --discards FILE\n"
          "  --no-default-dicts  --dict-warnings  --dict-compiled FILE  --no-dict-cache\n"
          "  --option NAME=VALUE\n"
          "  --input-format jsonl|text  --date YYYY-MM-DD  --id ID\n"
          "\n"
          "Exit status: 0 all records coded, 3 some records failed (each reported on stderr and\n"
          "recorded in the store), 1 could not run, 2 bad usage.\n",
          f);
}

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* -j: the documents of a chunk to code, shared out among threads; results in input order */
typedef struct coding {
    parley_doc **docs;
    const bool *skip;
    int *rc;
    parley_error *errs;
    size_t n, next, done;
} coding;

typedef struct run {
    parley_store *store;
    const parley_dict *dict;
    const parley_options *opts;
    long docs, failed, events, sentences, skipped;
    unsigned long long bytes;
    int progress;
    int jobs;
    parley_doc *work[512];  /* where documents are coded: 8 per thread */
    size_t nwork;
    double t0, last_shown;
    /* the -j N pool: N - 1 threads for the whole run, and this one. Threads made for each
     * chunk started cold every time (their lexicon memo is their own) */
    pthread_t th[64];
    int nth;
    pthread_mutex_t mu;
    pthread_cond_t ready, finished;   /* a chunk to code; the chunk coded */
    coding *cur;            /* the chunk being coded, NULL between chunks */
    int stop;
} run;

/* Codes documents of r->cur until none is left; called and returns with r->mu held. */
static void code_some(run *r)
{
    coding *c = r->cur;
    while (c->next < c->n) {
        size_t i = c->next++;
        pthread_mutex_unlock(&r->mu);
        if (!c->skip[i] && c->rc[i] == 0)
            c->rc[i] = parley_code(r->dict, r->opts, c->docs[i], &c->errs[i]);
        pthread_mutex_lock(&r->mu);
        if (++c->done == c->n)
            pthread_cond_broadcast(&r->finished);
    }
}

static void *pool_thread(void *arg)
{
    run *r = arg;
    pthread_mutex_lock(&r->mu);
    for (;;) {
        while (!r->stop && !(r->cur && r->cur->next < r->cur->n))
            pthread_cond_wait(&r->ready, &r->mu);
        if (r->stop)
            break;
        code_some(r);
    }
    pthread_mutex_unlock(&r->mu);
    return NULL;
}

static void pool_start(run *r)
{
    pthread_mutex_init(&r->mu, NULL);
    pthread_cond_init(&r->ready, NULL);
    pthread_cond_init(&r->finished, NULL);
    while (r->jobs > 1 && r->nth < r->jobs - 1 && r->nth < 64 &&
           pthread_create(&r->th[r->nth], NULL, pool_thread, r) == 0)
        r->nth++;
}

static void pool_stop(run *r)
{
    pthread_mutex_lock(&r->mu);
    r->stop = 1;
    pthread_cond_broadcast(&r->ready);
    pthread_mutex_unlock(&r->mu);
    for (int k = 0; k < r->nth; k++)
        pthread_join(r->th[k], NULL);
    pthread_mutex_destroy(&r->mu);
    pthread_cond_destroy(&r->ready);
    pthread_cond_destroy(&r->finished);
}

/* Codes the documents not skipped, with the pool and this thread; rc[i] is parley_code's
 * result. */
static void code_batch(run *r, parley_doc **docs, const bool *skip, size_t n, int *rc,
                       parley_error *errs)
{
    coding c = {docs, skip, rc, errs, n, 0, 0};
    pthread_mutex_lock(&r->mu);
    r->cur = &c;
    pthread_cond_broadcast(&r->ready);
    code_some(r);   /* this thread works too (alone with -j 1) */
    while (c.done < c.n)
        pthread_cond_wait(&r->finished, &r->mu);
    r->cur = NULL;
    pthread_mutex_unlock(&r->mu);
}

static void show(run *r, int final)
{
    double t = now_s();
    if (!final && t - r->last_shown < 0.25)
        return;
    r->last_shown = t;
    double secs = t - r->t0 > 1e-9 ? t - r->t0 : 1e-9;
    /* \r and erase-line: the status line rewrites itself */
    fprintf(stderr, "\r\033[Kparley: %ld documents (%.0f/s), %ld unchanged, %ld events, %ld errors",
            r->docs, (double)r->docs / secs, r->skipped, r->events, r->failed);
    if (final)
        fputc('\n', stderr);
    fflush(stderr);
}

static int record_failure(run *r, const parley_doc *doc, const parley_error *why)
{
    parley_error err;
    r->failed++;
    if (parley_store_add_failed(r->store, doc, why, &err) < 0) {
        print_error(&err);
        return -1;
    }
    return 0;
}

/* Codes the documents the store does not already hold as they are, then writes the batch. */
/* A read document copied into a work document for coding (the work documents' memory
 * stays warm from one document to the next). */
static int to_work(parley_doc *work, const parley_doc *doc, parley_error *err)
{
    char date[16];
    size_t len;
    const char *text = parley_doc_text(doc, &len);
    snprintf(date, sizeof date, "%08d", parley_doc_date(doc));
    return parley_doc_set(work, parley_doc_id(doc), date, text, len, parley_doc_title(doc),
                          parley_doc_source(doc), parley_doc_url(doc), err);
}

static int process(run *r, parley_doc **docs, bool *unchanged, int *rc, parley_error *errs,
                   size_t n)
{
    parley_error err;
    if (parley_store_unchanged(r->store, docs, n, unchanged, &err) < 0) {
        print_error(&err);
        return -1;
    }
    /* The batch is coded a few documents at a time in a small pool of work documents:
     * coding every document of a batch in its own memory (tokens, phrases, clauses: tens
     * of megabytes of cold pages) made ingest markedly slower than coding on long
     * articles. */
    size_t chunk = r->nwork;
    for (size_t start = 0; start < n; start += chunk) {
        size_t m = n - start < chunk ? n - start : chunk;
        for (size_t j = 0; j < m; j++) {
            rc[j] = 0;
            if (!unchanged[start + j] && to_work(r->work[j], docs[start + j], &errs[j]) < 0)
                rc[j] = errs[j].code;
        }
        code_batch(r, r->work, unchanged + start, m, rc, errs);
        for (size_t j = 0; j < m; j++) {
            r->docs++;
            if (unchanged[start + j]) {
                r->skipped++;
                continue;
            }
            parley_doc *doc = r->work[j];
            int ne = rc[j];
            err = errs[j];
            if (ne < 0) {
                if (r->progress)
                    fputs("\r\033[K", stderr);
                print_error(&err);
                if (err.code == PARLEY_ENOMEM || record_failure(r, docs[start + j], &err) < 0)
                    return -1;
                continue;
            }
            r->events += ne;
            r->sentences += (long)parley_doc_sentence_count(doc);
            size_t tl;
            parley_doc_text(doc, &tl);
            r->bytes += tl;
            if (parley_store_add(r->store, doc, &err) < 0) {
                print_error(&err);
                return -1;
            }
        }
    }
    /* written by the store's thread while the next batch is read and coded */
    if (parley_store_submit(r->store, &err) < 0) {
        if (r->progress)
            fputs("\r\033[K", stderr);
        print_error(&err);
        return -1;
    }
    if (r->progress)
        show(r, 0);
    return 0;
}

int cmd_ingest(int argc, char **argv)
{
    run_opts ro;            /* the dictionary, input and coding options of `parley code` */
    run_opts_init(&ro);
    store_opts so;
    memset(&so, 0, sizeof so);
    parley_store_opts sopts;
    memset(&sopts, 0, sizeof sopts);
    sopts.background = true;   /* batches are written while the next ones are coded */
    const char *files[1024];
    int nfiles = 0, stats = 0, progress = isatty(2), jobs = 1;
    long batch = 500;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int r = run_opts_parse(&ro, argc, argv, &i);
        if (r == 0 && strcmp(a, "--db") == 0)
            r = store_opt_parse(&so, argc, argv, &i);
        if (r < 0)
            return EXIT_USAGE;
        if (r > 0)
            continue;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            return EXIT_CLEAN;
        }
        if (strcmp(a, "--stats") == 0) {
            stats = 1;
        } else if (strcmp(a, "-j") == 0 || strcmp(a, "--jobs") == 0) {
            if (i + 1 >= argc || (jobs = cli_jobs(argv[i + 1], 64)) < 1) {
                fprintf(stderr, "parley: -j needs a number of threads (1-64, or 0 for one a core)\n");
                return EXIT_USAGE;
            }
            i++;
        } else if (strcmp(a, "--progress") == 0) {
            progress = 1;
        } else if (strcmp(a, "--no-progress") == 0) {
            progress = 0;
        } else if (strcmp(a, "--dedup") == 0 || strcmp(a, "--batch") == 0) {
            if (i + 1 >= argc) {
                fprintf(stderr, "parley: %s needs a value\n", a);
                return EXIT_USAGE;
            }
            const char *v = argv[++i];
            if (strcmp(a, "--batch") == 0) {
                char *end;
                batch = strtol(v, &end, 10);
                if (*end || batch < 1 || batch > 100000) {
                    fprintf(stderr, "parley: --batch takes 1..100000\n");
                    return EXIT_USAGE;
                }
            } else if (strcmp(v, "day") == 0) {
                sopts.dedup = PARLEY_DEDUP_DAY;
            } else if (strcmp(v, "oneaday") == 0 || strcmp(v, "one-a-day") == 0) {
                sopts.dedup = PARLEY_DEDUP_ONEADAY;
            } else if (strncmp(v, "window:", 7) == 0 && atoi(v + 7) >= 1 && atoi(v + 7) <= 366 &&
                       strspn(v + 7, "0123456789") == strlen(v + 7)) {
                int days = atoi(v + 7);
                sopts.dedup = days == 1 ? PARLEY_DEDUP_DAY : PARLEY_DEDUP_WINDOW;
                sopts.window_days = days == 1 ? 0 : days;
            } else {
                fprintf(stderr, "parley: --dedup takes day, oneaday or window:N (N = 1..366)\n");
                return EXIT_USAGE;
            }
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "parley: unknown option \"%s\" (parley ingest --help)\n", a);
            return EXIT_USAGE;
        } else {
            if (nfiles >= 1024) {
                fprintf(stderr, "parley: too many input files\n");
                return EXIT_USAGE;
            }
            files[nfiles++] = a;
        }
    }
    const char *uri = store_opt_db(&so);
    if (!uri) {
        fprintf(stderr, "parley: ingest needs --db STORE (or $PARLEY_DB)\n");
        return EXIT_USAGE;
    }
    if (!nfiles)
        files[nfiles++] = "-";

    parley_dict *d = dict_opt_load(&ro.dict);
    if (!d)
        return EXIT_FATAL;
    parley_error err;
    run r;
    memset(&r, 0, sizeof r);
    r.dict = d;
    r.opts = &ro.coding;
    r.progress = progress;
    r.jobs = jobs;
    if (parley_store_open(&r.store, uri, &sopts, &err) < 0) {
        print_error(&err);
        parley_dict_free(d);
        return err.code == PARLEY_EARG ? EXIT_USAGE : EXIT_FATAL;
    }
    int fatal = 0;
    if (parley_store_set_coder(r.store, &ro.dict.spec, d, &ro.coding, &err) < 0) {
        print_error(&err);
        fatal = 1;
    }
    parley_doc **docs = calloc((size_t)batch, sizeof *docs);
    bool *unchanged = calloc((size_t)batch, sizeof *unchanged);
    int *rcs = calloc((size_t)batch, sizeof *rcs);
    parley_error *errs = calloc((size_t)batch, sizeof *errs);
    if (!docs || !unchanged || !rcs || !errs) {
        fprintf(stderr, "parley: out of memory\n");
        fatal = 1;
    }
    for (long k = 0; !fatal && k < batch; k++)
        if (!(docs[k] = parley_doc_new())) {
            fprintf(stderr, "parley: out of memory\n");
            fatal = 1;
        }
    r.nwork = 8 * (size_t)jobs;
    for (size_t k = 0; !fatal && k < r.nwork; k++)
        if (!(r.work[k] = parley_doc_new())) {
            fprintf(stderr, "parley: out of memory\n");
            fatal = 1;
        }
    pool_start(&r);
    r.t0 = now_s();
    size_t n = 0;
    for (int f = 0; f < nfiles && !fatal; f++) {
        parley_reader *rd;
        if (parley_reader_open(&rd, files[f], &ro.reader, &err) < 0) {
            print_error(&err);
            r.failed++;
            continue;
        }
        int rc;
        while (!fatal && (rc = parley_reader_next(rd, docs[n], &err)) != 0) {
            if (rc < 0) {
                if (progress)
                    fputs("\r\033[K", stderr);
                print_error(&err);
                /* the documents read before it go first, so that of two copies of one
                 * document the later one wins, failed or not */
                parley_error why = err;
                if (rc == PARLEY_ENOMEM || (n && process(&r, docs, unchanged, rcs, errs, n) < 0) ||
                    record_failure(&r, NULL, &why) < 0)
                    fatal = 1;
                n = 0;
                continue;
            }
            if (++n == (size_t)batch) {
                fatal = process(&r, docs, unchanged, rcs, errs, n) < 0;
                n = 0;
            }
        }
        parley_reader_close(rd);
    }
    if (!fatal && process(&r, docs, unchanged, rcs, errs, n) < 0)
        fatal = 1;
    if (!fatal && parley_store_flush(r.store, &err) < 0) {
        print_error(&err);
        fatal = 1;
    }
    if (progress)
        show(&r, 1);
    if (stats) {
        double secs = now_s() - r.t0;
        if (secs <= 0)
            secs = 1e-9;
        parley_store_counts c;
        parley_store_get_counts(r.store, &c);
        struct rusage ru;
        getrusage(RUSAGE_SELF, &ru);
        /* the first part reads like `parley code --stats`, so bench/run.sh parses both */
        fprintf(stderr,
                "parley: %ld documents, %ld sentences, %ld events, %ld failed records, %llu bytes "
                "in %.3f s (%.0f documents/s, %.0f events/s); store %s: %ld documents written, "
                "%ld unchanged, %ld mentions written, %ld retries; peak RSS %ld MB\n",
                r.docs, r.sentences, r.events, r.failed, r.bytes, secs, (double)r.docs / secs,
                (double)r.events / secs, parley_store_backend(r.store), c.docs_written,
                c.docs_unchanged, c.mentions_written, c.retries, ru.ru_maxrss / 1024);
    }
    pool_stop(&r);
    for (long k = 0; docs && k < batch; k++)
        parley_doc_free(docs[k]);
    for (size_t k = 0; k < r.nwork; k++)
        parley_doc_free(r.work[k]);
    free(docs);
    free(unchanged);
    free(rcs);
    free(errs);
    parley_store_close(r.store);
    parley_dict_free(d);
    if (fatal)
        return EXIT_FATAL;
    return r.failed ? EXIT_RECORDS : EXIT_CLEAN;
}
