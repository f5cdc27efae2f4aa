/* run.c - what `parley code` and `parley explain` share: their options and the loop that
 * reads every input document, reports bad records and hands good ones to a callback.
 *
 * Error policy: every input record ends coded or reported. A report is one JSON line
 * {"input","line","doc_id","error","code","severity"} on stderr (or the --errors file):
 * severity "error" for a record that could not be read (it makes the exit status 3),
 * "skipped" for one that is not English news text (another language, binary content:
 * reported, counted, not a failure), "warning" for a coded document some of whose
 * sentences a limit kept from the coder. A summary line closes the report when anything
 * was reported (docs/input.md). */
#define _GNU_SOURCE /* sched_getaffinity, CPU_COUNT */
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <pthread.h>
#include <unistd.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "../base/bytes.h"
#include "cli.h"

/* Parses a byte count: digits with an optional K, M or G suffix (powers of 1024). */
static int parse_size(const char *v, size_t *out)
{
    char *end;
    unsigned long long n = strtoull(v, &end, 10);
    if (end == v || v[0] == '-')
        return -1;
    unsigned long long mul = 1;
    if (*end == 'k' || *end == 'K')
        mul = 1024, end++;
    else if (*end == 'm' || *end == 'M')
        mul = 1024 * 1024, end++;
    else if (*end == 'g' || *end == 'G')
        mul = 1024ull * 1024 * 1024, end++;
    if (*end || n == 0 || n > (1ull << 40) / mul)
        return -1;
    *out = (size_t)(n * mul);
    return 0;
}

void run_report(run_opts *r, const parley_error *e)
{
    if (e->code == PARLEY_ESKIP)
        r->nskipped++;
    else
        r->nbad++;
    parley_error_write_json(r->errors ? r->errors : stderr, e,
                            e->code == PARLEY_ESKIP ? "skipped" : "error");
}

int run_opts_parse(run_opts *r, int argc, char **argv, int *i)
{
    const char *a = argv[*i];
    int r2 = dict_opt_parse(&r->dict, argc, argv, i);
    if (r2 != 0)
        return r2;
    if (strcmp(a, "--keep-negated") == 0) {
        /* "did not meet" events are written, marked negated: --option keep_negated=true */
        static const char kn[] = "keep_negated=true";
        parley_options_set(&r->coding, "keep_negated", "true");
        if (r->nuser_options < 64)
            r->user_options[r->nuser_options++] = kn;
        return 1;
    }
    if (strcmp(a, "--documents") == 0) {
        r->read_only = 1;
        return 1;
    }
    if (strcmp(a, "--date") != 0 && strcmp(a, "--id") != 0 && strcmp(a, "--option") != 0 &&
        strcmp(a, "--input-format") != 0 && strcmp(a, "--languages") != 0 &&
        strcmp(a, "--errors") != 0 && strcmp(a, "--max-doc-bytes") != 0 &&
        strcmp(a, "--max-input-bytes") != 0 && strcmp(a, "--max-sentence-tokens") != 0)
        return 0;
    if (*i + 1 >= argc) {
        fprintf(stderr, "parley: %s needs a value\n", a);
        return -1;
    }
    const char *v = argv[++*i];
    if (strcmp(a, "--date") == 0) {
        r->reader.date = v;
    } else if (strcmp(a, "--id") == 0) {
        r->reader.id = v;
    } else if (strcmp(a, "--input-format") == 0) {
        int f = parley_input_format_parse(v);
        if (f < 0) {
            fprintf(stderr, "parley: unknown input format \"%s\" (auto, jsonl, html, feed, "
                    "petrarch, tabari, text)\n", v);
            return -1;
        }
        r->reader.format = f;
    } else if (strcmp(a, "--languages") == 0) {
        r->reader.languages = v;
    } else if (strcmp(a, "--errors") == 0) {
        r->errors_path = v;
    } else if (strcmp(a, "--max-doc-bytes") == 0 || strcmp(a, "--max-input-bytes") == 0) {
        size_t n;
        if (parse_size(v, &n) < 0) {
            fprintf(stderr, "parley: %s needs a size in bytes (K, M, G suffixes)\n", a);
            return -1;
        }
        if (strcmp(a, "--max-doc-bytes") == 0)
            r->reader.max_doc_bytes = n;
        else
            r->reader.max_input_bytes = n;
    } else if (strcmp(a, "--max-sentence-tokens") == 0) {
        /* an alias of --option max_sentence_tokens=N, applied with the user's options */
        snprintf(r->max_tokens_opt, sizeof r->max_tokens_opt, "max_sentence_tokens=%.20s", v);
        if (parley_options_set(&r->coding, "max_sentence_tokens", v) < 0 ||
            r->nuser_options == 64) {
            fprintf(stderr, "parley: bad --max-sentence-tokens \"%s\"\n", v);
            return -1;
        }
        r->user_options[r->nuser_options++] = r->max_tokens_opt;
    } else {
        char name[64];
        const char *eq = strchr(v, '=');
        if (!eq || (size_t)(eq - v) >= sizeof name) {
            fprintf(stderr, "parley: --option needs NAME=VALUE\n");
            return -1;
        }
        memcpy(name, v, (size_t)(eq - v));
        name[eq - v] = '\0';
        if (parley_options_set(&r->coding, name, eq + 1) < 0) {
            fprintf(stderr, "parley: bad option \"%s\"\n", v);
            return -1;
        }
        if (r->nuser_options == 64) {
            fprintf(stderr, "parley: too many --option arguments\n");
            return -1;
        }
        r->user_options[r->nuser_options++] = v;
    }
    return 1;
}

int cli_jobs(const char *v, int max)
{
    char *end;
    long n = strtol(v, &end, 10);
    if (end == v || *end || n < 0 || n > max)
        return -1;
    if (n > 0)
        return (int)n;
    cpu_set_t set;
    long cores = sched_getaffinity(0, sizeof set, &set) == 0 ? CPU_COUNT(&set)
                                                              : sysconf(_SC_NPROCESSORS_ONLN);
    return cores < 1 ? 1 : cores > max ? max : (int)cores;
}

void run_opts_init(run_opts *r)
{
    memset(r, 0, sizeof *r);
    parley_options_init(&r->coding);
}

/* ---- the document loop -------------------------------------------------------------------
 * The main thread reads records into a ring of batches, workers code a batch at a time and
 * render its output into the batch's memory stream, and the main thread writes the batches
 * back in input order: the output of -j N is byte for byte that of -j 1. A document takes
 * a tenth of a millisecond to code, so handing over one document at a time cost more in
 * wake-ups than the second thread gained; a batch of BATCH_DOCS (or BATCH_BYTES of text)
 * makes the hand-over rare. With -j 1 the main thread codes each document itself, one
 * document a batch.
 *
 * A JSON Lines record travels as its bytes and is parsed by the thread that codes it
 * (parley_record_parse), into that thread's one document: parsing is a sixth of the work,
 * and in the main thread it kept -j 2 from using two cores; and one document per thread
 * keeps the memory coding writes in that core's cache, where a document per ring slot
 * (96 arenas for -j 2) made every stage slower. Other formats are read into a document of
 * the entry's own, as before. */

#define BATCH_DOCS 16
#define BATCH_BYTES (256 * 1024)

typedef struct entry {
    parley_doc *doc;        /* a document the reader made (not JSON Lines); reused */
    int deferred;           /* a JSON Lines record: its bytes are in the batch's raw buffer */
    size_t at, len, name_at; /* ...at raw + at, and its input's name at raw + name_at */
    long line;
    parley_langid *langid;
    int read_rc;            /* < 0: a bad record, reported from err */
    int rc;                 /* parley_code's result */
    size_t out_end;         /* end of its output in the batch's stream */
    const char *input;      /* the input file it came from, for reports */
    parley_error err;
    /* what the writer needs of the coded document, noted by the thread that coded it */
    long nsent;
    size_t nbytes;
    int warned;             /* warn holds a limit warning */
    parley_error warn;
} entry;

typedef struct batch {
    entry *e;
    int n;                  /* entries in use */
    size_t bytes;           /* their text */
    char *raw;              /* deferred records' bytes and input names */
    size_t raw_len, raw_cap;
    FILE *m;                /* rendered output, rewound for each batch */
    char *buf;
    size_t len;
    int state;              /* 0 free, 1 queued, 2 done */
} batch;

typedef struct pool {
    pthread_mutex_t mu;
    pthread_cond_t work, done;
    batch *b;
    int nb;
    int per_batch;          /* documents a batch holds */
    int submitted;          /* batches submitted so far (monotonic) */
    int taken;
    int stop;
    const parley_dict *d;
    const parley_options *opts;
    int read_only;
    run_fn fn;
    void *ud;
} pool;

/* A coded document some of whose sentences a limit kept from the coder gets a warning. */
static void note_limits(const parley_options *opts, entry *en, const parley_doc *doc)
{
    size_t first = 0, over = parley_doc_sentences_over_limit(doc, opts, &first);
    en->warned = over > 0;
    if (!over)
        return;
    parley_error *w = &en->warn;
    parley_error_clear(w);
    w->code = PARLEY_ELIMIT;
    snprintf(w->file, sizeof w->file, "%s", en->input);
    w->line = parley_doc_input_line(doc);
    snprintf(w->doc_id, sizeof w->doc_id, "%s", parley_doc_id(doc));
    snprintf(w->msg, sizeof w->msg, "%zu sentence%s over %d tokens not coded (first: sentence %zu; "
             "--max-sentence-tokens)", over, over == 1 ? "" : "s", opts->max_sentence_tokens,
             first);
}

/* Parses (when deferred), codes and renders one record; own is the coding thread's
 * document. */
static void code_entry(pool *p, batch *b, entry *en, parley_doc *own)
{
    parley_doc *doc = en->doc;
    if (en->deferred) {
        parley_record rec = {b->raw + en->at, en->len, en->line, b->raw + en->name_at,
                             en->langid};
        doc = own;
        int rc = parley_record_parse(&rec, doc, &en->err);
        en->read_rc = rc < 0 ? rc : 0;
    }
    if (en->read_rc < 0)
        return;
    if (p->read_only) { /* --documents: the document as read, uncoded */
        en->rc = parley_write_document(b->m, doc) < 0 ? PARLEY_EIO : 0;
    } else {
        en->rc = parley_code(p->d, p->opts, doc, &en->err);
        if (en->rc >= 0 && p->fn(b->m, p->d, doc, p->ud) < 0)
            en->rc = PARLEY_EIO;
    }
    /* the stream's length is known after a flush: it marks where this document ends */
    if (fflush(b->m) != 0 && en->rc >= 0)
        en->rc = PARLEY_ENOMEM;
    en->out_end = b->len;
    if (en->rc < 0) {
        if (!en->err.file[0])
            snprintf(en->err.file, sizeof en->err.file, "%s", en->input);
        if (!en->err.line)
            en->err.line = parley_doc_input_line(doc);
        return;
    }
    en->warned = 0;
    if (!p->read_only)
        note_limits(p->opts, en, doc);
    en->nsent = (long)parley_doc_sentence_count(doc);
    parley_doc_text(doc, &en->nbytes);
}

static void code_batch(pool *p, batch *b, parley_doc *own)
{
    rewind(b->m);
    for (int i = 0; i < b->n; i++)
        code_entry(p, b, &b->e[i], own);
}

/* Codes the oldest queued batch; called and returns with p->mu held. */
static void code_queued(pool *p, parley_doc *own)
{
    batch *b = &p->b[p->taken % p->nb];
    p->taken++;
    pthread_mutex_unlock(&p->mu);
    code_batch(p, b, own);
    pthread_mutex_lock(&p->mu);
    b->state = 2;
    pthread_cond_broadcast(&p->done);
}

static void *worker(void *arg)
{
    pool *p = arg;
    parley_doc *own = parley_doc_new();
    pthread_mutex_lock(&p->mu);
    for (;;) {
        while (!p->stop && p->taken == p->submitted)
            pthread_cond_wait(&p->work, &p->mu);
        if (p->taken == p->submitted && p->stop)
            break;
        code_queued(p, own);
    }
    pthread_mutex_unlock(&p->mu);
    parley_doc_free(own);
    return NULL;
}

/* Reports, counts and writes out one coded (or bad) record of a finished batch. */
static int drain_entry(run_opts *r, entry *en, size_t start, const char *out)
{
    if (en->read_rc < 0) {
        run_report(r, &en->err);
        return en->read_rc == PARLEY_ENOMEM ? -1 : 0;
    }
    if (en->deferred)
        r->ndocs++;
    if (en->rc < 0) {
        run_report(r, &en->err);
        return en->rc == PARLEY_EIO || en->rc == PARLEY_ENOMEM ? -1 : 0;
    }
    if (en->warned) {
        parley_error_write_json(r->errors ? r->errors : stderr, &en->warn, "warning");
        r->nwarnings++;
    }
    r->nevents += en->rc;
    r->nsent += en->nsent;
    r->nbytes += en->nbytes;
    size_t n = en->out_end - start;
    if (n && fwrite(out + start, 1, n, stdout) != n)
        return -1;
    return 0;
}

/* Writes out finished batches in order, starting at *head; with `wait`, waits for the
 * head. */
static int drain(run_opts *r, pool *p, int *head, int upto, int wait, parley_doc *own)
{
    int fatal = 0;
    while (*head < upto) {
        batch *b = &p->b[*head % p->nb];
        pthread_mutex_lock(&p->mu);
        while (wait && b->state != 2) {
            /* rather than sleep until the oldest batch is done, code one still queued:
             * reading is cheaper than coding, so the main thread would otherwise idle
             * with the ring full and -j N would use N - 1 cores for coding */
            if (p->taken < p->submitted)
                code_queued(p, own);
            else
                pthread_cond_wait(&p->done, &p->mu);
        }
        int ready = b->state == 2;
        pthread_mutex_unlock(&p->mu);
        if (!ready)
            break;
        size_t start = 0;
        for (int i = 0; i < b->n; i++) {
            entry *en = &b->e[i];
            if (drain_entry(r, en, start, b->buf) < 0)
                fatal = 1;
            if (en->read_rc == 0)
                start = en->out_end;
        }
        b->n = 0;
        b->bytes = 0;
        b->raw_len = 0;
        b->state = 0;
        (*head)++;
    }
    return fatal ? -1 : 0;
}

static int pool_init(pool *p, int threads)
{
    p->nb = threads ? threads * 3 : 1;
    p->per_batch = threads ? BATCH_DOCS : 1;
    if (!(p->b = calloc((size_t)p->nb, sizeof *p->b)))
        return -1;
    for (int i = 0; i < p->nb; i++) {
        batch *b = &p->b[i];
        if (!(b->e = calloc((size_t)p->per_batch, sizeof *b->e)) ||
            !(b->m = open_memstream(&b->buf, &b->len)))
            return -1;
    }
    return 0;
}

static void pool_free(pool *p)
{
    for (int i = 0; p->b && i < p->nb; i++) {
        batch *b = &p->b[i];
        for (int k = 0; b->e && k < p->per_batch; k++)
            parley_doc_free(b->e[k].doc);
        free(b->e);
        free(b->raw);
        if (b->m)
            fclose(b->m);
        free(b->buf);
    }
    free(p->b);
}

/* Copies a deferred record's bytes and input name into its batch. */
static int keep_record(batch *b, entry *en, const parley_record *rec)
{
    size_t name_len = strlen(rec->input) + 1, need = b->raw_len + rec->len + 1 + name_len;
    if (bytes_reserve(&b->raw, &b->raw_cap, b->raw_len, rec->len + 1 + name_len) < 0)
        return -1;
    en->at = b->raw_len;
    en->len = rec->len;
    memcpy(b->raw + en->at, rec->data, rec->len);
    b->raw[en->at + rec->len] = '\0';
    en->name_at = en->at + rec->len + 1;
    memcpy(b->raw + en->name_at, rec->input, name_len);
    b->raw_len = need;
    en->line = rec->line;
    en->langid = rec->langid;
    return 0;
}

/* Hands the batch being filled to the workers (or, with -j 1, codes it here). */
static void submit(pool *p, int nth, int *submitted, parley_doc *own)
{
    batch *b = &p->b[*submitted % p->nb];
    if (!nth) {
        code_batch(p, b, own);
        b->state = 2;
        (*submitted)++;
        p->submitted = p->taken = *submitted;
        return;
    }
    pthread_mutex_lock(&p->mu);
    b->state = 1;
    (*submitted)++;
    p->submitted = *submitted;
    pthread_cond_signal(&p->work);
    pthread_mutex_unlock(&p->mu);
}

static int run_all(run_opts *r, const parley_dict *d, const char *const *files, int nfiles,
                        run_fn fn, void *ud)
{
    pool p;
    memset(&p, 0, sizeof p);
    int threads = r->jobs > 1 ? r->jobs : 0;
    p.d = d;
    p.opts = &r->coding;
    p.read_only = r->read_only;
    p.fn = fn;
    p.ud = ud;
    /* the main thread's document: the records it parses and codes itself */
    parley_doc *own = parley_doc_new();
    if (!own || pool_init(&p, threads) < 0) {
        pool_free(&p);
        parley_doc_free(own);
        return EXIT_FATAL;
    }
    pthread_mutex_init(&p.mu, NULL);
    pthread_cond_init(&p.work, NULL);
    pthread_cond_init(&p.done, NULL);
    /* -j N is N threads coding: N - 1 workers and this one, which reads and writes
     * between batches it codes (an N-th worker only made the threads take turns on the
     * cores, each evicting the others' documents from the caches) */
    pthread_t *th = calloc((size_t)(threads ? threads : 1), sizeof *th);
    int nth = 0;
    while (th && nth < threads - 1 && pthread_create(&th[nth], NULL, worker, &p) == 0)
        nth++;
    int fatal = !th || (threads && nth == 0);
    int head = 0, submitted = 0;
    for (int f = 0; f < nfiles && !fatal; f++) {
        parley_reader *rd;
        parley_error err;
        if (parley_reader_open(&rd, files[f], &r->reader, &err) < 0) {
            /* earlier documents' output first, then this file's error */
            if (p.b[submitted % p.nb].n)
                submit(&p, nth, &submitted, own);
            if (drain(r, &p, &head, submitted, 1, own) < 0) {
                fatal = 1;
                break;
            }
            r->nrecords++;
            run_report(r, &err);
            continue;
        }
        for (;;) {
            /* the batch being filled must be free: write out the oldest, waiting for it
             * (and coding a queued batch meanwhile) if need be. Only the oldest: waiting
             * for every batch in the ring would leave the workers idle until it is read
             * full again */
            if (submitted - head >= p.nb && drain(r, &p, &head, head + 1, 1, own) < 0) {
                fatal = 1;
                break;
            }
            batch *b = &p.b[submitted % p.nb];
            entry *en = &b->e[b->n];
            if (!en->doc && !(en->doc = parley_doc_new())) {
                fatal = 1;
                break;
            }
            parley_record rec;
            int rc = parley_reader_next_record(rd, en->doc, &rec, &en->err);
            if (rc == 0)
                break;
            r->nrecords++;
            en->input = files[f];
            en->deferred = rc == 2;
            en->read_rc = rc < 0 ? rc : 0;
            b->n++;
            if (rc == 2) {
                if (keep_record(b, en, &rec) < 0) {
                    b->n--;
                    fatal = 1;
                    break;
                }
                b->bytes += rec.len;
            } else if (rc > 0) {
                r->ndocs++;
                size_t tl;
                parley_doc_text(en->doc, &tl);
                b->bytes += tl;
            }
            if (rc == PARLEY_ENOMEM) {
                fatal = 1;
                break;
            }
            if (b->n == p.per_batch || b->bytes >= BATCH_BYTES) {
                submit(&p, nth, &submitted, own);
                if (drain(r, &p, &head, submitted, 0, own) < 0) {
                    fatal = 1;
                    break;
                }
            }
        }
        parley_reader_close(rd);
    }
    /* the last batch, even after a fatal error: its reports are written */
    if (p.b[submitted % p.nb].n && submitted - head < p.nb)
        submit(&p, nth, &submitted, own);
    if (drain(r, &p, &head, submitted, 1, own) < 0)
        fatal = 1;
    pthread_mutex_lock(&p.mu);
    p.stop = 1;
    pthread_cond_broadcast(&p.work);
    pthread_mutex_unlock(&p.mu);
    for (int i = 0; i < nth; i++)
        pthread_join(th[i], NULL);
    free(th);
    pool_free(&p);
    parley_doc_free(own);
    pthread_mutex_destroy(&p.mu);
    pthread_cond_destroy(&p.work);
    pthread_cond_destroy(&p.done);
    return fatal ? EXIT_FATAL : 0;
}

int run_docs(run_opts *r, const char *const *files, int nfiles, run_fn fn, void *ud)
{
    static const char *const stdin_only[] = {"-"};
    if (!nfiles) {
        files = stdin_only;
        nfiles = 1;
    }
    r->errors = stderr;
    if (r->errors_path && !(r->errors = fopen(r->errors_path, "w"))) {
        fprintf(stderr, "parley: cannot write %s\n", r->errors_path);
        return EXIT_FATAL;
    }
    parley_dict *d = dict_opt_load(&r->dict);
    if (!d) {
        if (r->errors != stderr)
            fclose(r->errors);
        return EXIT_FATAL;
    }
    /* the dictionaries' own options first (a TABARI .options file), then the user's */
    parley_options_init(&r->coding);
    parley_dict_options(d, &r->coding);
    for (int i = 0; i < r->nuser_options; i++) {
        char name[64];
        const char *v = r->user_options[i], *eq = strchr(v, '=');
        snprintf(name, sizeof name, "%.*s", (int)(eq - v), v);
        parley_options_set(&r->coding, name, eq + 1);
    }
    r->coding.trace = r->trace != 0;
    /* One language identifier for every input (loading it takes ~20 ms); the readers run
     * in this thread only, so -j N shares it safely. */
    parley_langid *lid = NULL;
    if (!r->reader.languages || strcmp(r->reader.languages, "any") != 0) {
        parley_error lerr;
        if (parley_langid_new(&lid, r->reader.langid_dir, r->reader.languages, &lerr) == 0)
            r->reader.langid = lid;
        else
            fprintf(stderr, "parley: language identification off: %s\n", lerr.msg);
    }
    /* loaded here, like the dictionaries, rather than by the first document: --stats
     * reports loading and coding apart */
    double geo_ms = r->coding.geo && !r->read_only ? parley_geo_load() : 0;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    int fatal = run_all(r, d, files, nfiles, fn, ud) != 0;
    if (fflush(stdout) != 0) {
        fprintf(stderr, "parley: cannot write output\n");
        fatal = 1;
    }
    if (r->stats) {
        clock_gettime(CLOCK_MONOTONIC, &t1);
        double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
        if (secs <= 0)
            secs = 1e-9;
        parley_dict_stats st;
        parley_dict_get_stats(d, &st);
        struct rusage ru;
        getrusage(RUSAGE_SELF, &ru);
        fprintf(stderr,
                "parley: %ld documents, %ld sentences, %ld events, %ld failed records, %ld skipped, "
                "%llu bytes in %.3f s (%.0f sentences/s, %.0f documents/s, %.1f MB/s); "
                "dictionaries loaded in %.1f ms (%s); gazetteer loaded in %.1f ms; peak RSS %ld MB\n",
                r->ndocs, r->nsent, r->nevents, r->nbad, r->nskipped, r->nbytes, secs,
                (double)r->nsent / secs, (double)r->ndocs / secs, (double)r->nbytes / secs / 1e6,
                st.load_ms, dict_origin(&st), geo_ms, ru.ru_maxrss / 1024);
    }
    if (r->nbad || r->nskipped || r->nwarnings)
        fprintf(r->errors, "{\"summary\":{\"records\":%ld,\"coded\":%ld,\"failed\":%ld,"
                "\"skipped\":%ld,\"warnings\":%ld,\"events\":%ld}}\n",
                r->nrecords, r->nrecords - r->nbad - r->nskipped, r->nbad, r->nskipped,
                r->nwarnings, r->nevents);
    if (r->errors != stderr && fclose(r->errors) != 0) {
        fprintf(stderr, "parley: cannot write %s\n", r->errors_path);
        fatal = 1;
    }
    parley_langid_free(lid);
    parley_dict_free(d);
    if (fatal)
        return EXIT_FATAL;
    return r->nbad ? EXIT_RECORDS : EXIT_CLEAN;
}
