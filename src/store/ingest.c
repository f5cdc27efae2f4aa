/* ingest.c - documents into the store: the pending batch and the transaction that
 * merges it.
 *
 * A batch is staged into per-connection temporary tables, then merged by set-based
 * statements inside one transaction:
 *
 *   1. lock the batch's documents (PostgreSQL), in doc_id order
 *   2. mark "todo" the documents whose content or coder differ from the stored ones
 *   3. collect the dedup keys they touch: their new mentions' and their old mentions'
 *   4. upsert those events in key order, which locks them (PostgreSQL)
 *   5. delete the todo documents' old mentions, upsert the documents, insert the mentions
 *   6. recount the touched events from their mentions; drop those left with none
 *
 * Counts are recomputed from the mentions rather than incremented, so a replaced
 * document, a re-run after a kill or a concurrent process can never leave them off by
 * one; an event's first report is the earliest publication (then doc_id), so it does not
 * depend on the order of ingestion either. Locks are taken in one global order
 * (documents by id, then events by key), so concurrent processes queue rather than
 * deadlock; a deadlock or unique-key race that still happens is retried. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../base/date.h"
#include "../output/json.h"
#include "../output/record.h"
#include "store.h"

static const char *const doc_cols[DOC_COLS] = {
    "doc_id", "pub_date", "outlet", "url", "title", "content_hash", "status", "error", "input",
    "n_sentences", "n_events",
};

static const char *const mention_cols[MENTION_COLS] = {
    "doc_id", "idx", "dedup_key", "date", "day", "sentence", "source", "target", "code", "root",
    "quad", "goldstein", "source_text", "target_text", "sentence_start", "sentence_end",
    "verb_start", "verb_end", "source_start", "source_end", "target_start", "target_end", "verb",
    "pattern", "pattern_file", "pattern_line", "sentence_text", "date_precision", "modality",
    "negated", "attribution", "loc_name", "loc_country", "loc_adm1", "loc_lat", "loc_lon",
    "loc_type", "loc_precision", "loc_geonames_id", "loc_text", "loc_start", "loc_end",
    "source_location", "target_location",
};

int store_one_int(void *ud, int n, const char *const *v)
{
    if (n > 0 && v[0])
        *(int64_t *)ud = strtoll(v[0], NULL, 10);
    return 0;
}

void batch_init(store_batch *b)
{
    memset(b, 0, sizeof *b);
    arena_init(&b->strings, 1 << 20);
    strmap_init(&b->ids);
}

void batch_free(store_batch *b)
{
    arena_free(&b->strings);
    strmap_free(&b->ids);
    free(b->docs);
    free(b->mentions);
    memset(b, 0, sizeof *b);
}

static void batch_clear(store_batch *b)
{
    arena_reset(&b->strings);
    strmap_free(&b->ids);
    strmap_init(&b->ids);
    b->ndocs = b->nmentions = 0;
    b->failed = 0;
}

static db_val *grow_rows(db_val **rows, size_t *cap, size_t n, size_t cols)
{
    if (n == *cap) {
        size_t c = *cap ? *cap * 2 : 256;
        db_val *p = realloc(*rows, c * cols * sizeof *p);
        if (!p)
            return NULL;
        *rows = p;
        *cap = c;
    }
    return *rows + n * cols;
}

static const char *copy(store_batch *b, const char *s)
{
    return s ? arena_strdup(&b->strings, s) : NULL;
}

static const char *copy_n(store_batch *b, const char *s, size_t n)
{
    return arena_strndup(&b->strings, s, n);
}

static uint64_t hash_field(uint64_t h, const char *s)
{
    /* a field and its terminator, so "ab"+"c" and "a"+"bc" differ; NULL differs from "" */
    if (!s)
        return out_hash("\1", 1, h);
    return out_hash(s, strlen(s) + 1, h);
}

static void doc_hash(const parley_doc *doc, char out[17])
{
    char date[16];
    snprintf(date, sizeof date, "%d", parley_doc_date(doc));
    uint64_t h = OUT_HASH_SEED;
    h = hash_field(h, parley_doc_id(doc));
    h = hash_field(h, date);
    h = hash_field(h, parley_doc_title(doc));
    h = hash_field(h, parley_doc_source(doc));
    h = hash_field(h, parley_doc_url(doc));
    size_t len;
    const char *text = parley_doc_text(doc, &len);
    h = out_hash(text, len, h);
    store_hex64(h, out);
}

static int oom(parley_error *err)
{
    db_error(err, "out of memory", NULL);
    if (err)
        err->code = PARLEY_ENOMEM;
    return PARLEY_ENOMEM;
}

/* A document id already in the batch: the batch is written first, so the later copy
 * replaces the earlier one in the next transaction (the last copy given wins). */
static int make_room(parley_store *s, const char *id, parley_error *err)
{
    if (strmap_get(&s->batch.ids, id, strlen(id))) {
        int rc = parley_store_flush(s, err);
        if (rc < 0)
            return rc;
    }
    if (strmap_put(&s->batch.ids, id, strlen(id), (uint32_t)s->batch.ndocs + 1) < 0)
        return oom(err);
    return 0;
}

/* The attribution chain as JSON, as `parley code` writes it: [{"text", "code", "relation"}]. */
static const char *attribution_json(store_batch *b, const parley_event *e)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        return NULL;
    putc('[', f);
    for (uint32_t i = 0; i < e->nattribution; i++) {
        const parley_link *l = &e->attribution[i];
        fputs(i ? ",{\"text\":" : "{\"text\":", f);
        json_string(f, l->text);
        fputs(",\"code\":", f);
        json_string(f, l->code);
        fputs(",\"relation\":", f);
        json_string(f, l->relation);
        putc('}', f);
    }
    putc(']', f);
    const char *out = fclose(f) == 0 ? copy(b, buf) : NULL;
    free(buf);
    return out;
}

/* A location as the JSON object `parley code` writes (source_location, target_location). */
static const char *location_json(store_batch *b, const parley_location *l)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        return NULL;
    out_location_json(f, "l", l);
    const char *out = NULL;
    /* out_location_json writes ,"l":{...}: the object starts after the key */
    if (fclose(f) == 0 && len > 5)
        out = copy(b, buf + 5);
    free(buf);
    return out;
}

static const char *str_or_null(const char *s)
{
    return s && *s ? s : NULL;
}

/* The location columns of a mention (loc_name ... target_location: 13 values). */
static void location_vals(store_batch *b, const parley_event *e, db_val *m)
{
    const parley_location *l = e->location;
    for (int i = 0; i < 11; i++)
        m[i] = dbv_null();
    if (l) {
        m[0] = dbv_text(copy(b, l->name));
        m[1] = dbv_text(copy(b, str_or_null(l->country)));
        m[2] = dbv_text(copy(b, str_or_null(l->adm1)));
        if (l->has_coords) {
            m[3] = dbv_real(l->lat);
            m[4] = dbv_real(l->lon);
        }
        m[5] = dbv_text(parley_location_type_name(l->type));
        m[6] = dbv_text(parley_location_precision_name(l->precision));
        if (l->geonames_id)
            m[7] = dbv_int(l->geonames_id);
        m[8] = dbv_text(copy(b, l->text));
        if (l->span.end > l->span.start) {
            m[9] = dbv_int(l->span.start);
            m[10] = dbv_int(l->span.end);
        }
    }
    m[11] = dbv_text(e->source_location ? location_json(b, e->source_location) : NULL);
    m[12] = dbv_text(e->target_location ? location_json(b, e->target_location) : NULL);
}

static db_val span_val(uint32_t v, bool known)
{
    return known ? dbv_int(v) : dbv_null();
}

int parley_store_add(parley_store *s, const parley_doc *doc, parley_error *err)
{
    store_batch *b = &s->batch;
    const char *id = parley_doc_id(doc);
    int rc = make_room(s, id, err);
    if (rc < 0)
        return rc;
    db_val *row = grow_rows(&b->docs, &b->cap_docs, b->ndocs, DOC_COLS);
    if (!row)
        return oom(err);
    char hash[17];
    doc_hash(doc, hash);
    size_t nev = parley_doc_event_count(doc);
    row[0] = dbv_text(copy(b, id));
    row[1] = dbv_int(parley_doc_date(doc));
    row[2] = dbv_text(copy(b, parley_doc_source(doc)));
    row[3] = dbv_text(copy(b, parley_doc_url(doc)));
    row[4] = dbv_text(copy(b, parley_doc_title(doc)));
    row[5] = dbv_text(copy(b, hash));
    row[6] = dbv_text(parley_doc_discarded(doc) ? "discarded" : "coded");
    row[7] = dbv_null();
    row[8] = dbv_null();
    row[9] = dbv_int((int64_t)parley_doc_sentence_count(doc));
    row[10] = dbv_int((int64_t)nev);
    size_t tlen;
    const char *text = parley_doc_text(doc, &tlen);
    for (size_t i = 0; i < nev; i++) {
        const parley_event *e = parley_doc_event(doc, i);
        db_val *m = grow_rows(&b->mentions, &b->cap_mentions, b->nmentions, MENTION_COLS);
        if (!m)
            return oom(err);
        const char *src = e->source ? e->source : "", *tgt = e->target ? e->target : "";
        char key[512];
        dedup_key(s, e->date, parley_doc_date(doc), src, tgt, e->code, e->negated, key, sizeof key);
        bool has_src = e->source_text && *e->source_text;
        bool has_tgt = e->target_text && *e->target_text;
        uint32_t ss = e->sentence_span.start, se = e->sentence_span.end;
        m[0] = row[0];
        m[1] = dbv_int((int64_t)i);
        m[2] = dbv_text(copy(b, key));
        m[3] = dbv_int(e->date);
        m[4] = dbv_int(date_to_days(e->date));
        m[5] = dbv_int(e->sentence);
        m[6] = dbv_text(copy(b, src));
        m[7] = dbv_text(copy(b, tgt));
        m[8] = dbv_text(copy(b, e->code));
        m[9] = dbv_text(copy(b, e->root));
        m[10] = e->quad ? dbv_int(e->quad) : dbv_null();
        m[11] = e->goldstein_known ? dbv_real(e->goldstein) : dbv_null();
        m[12] = dbv_text(copy(b, has_src ? e->source_text : NULL));
        m[13] = dbv_text(copy(b, has_tgt ? e->target_text : NULL));
        m[14] = dbv_int(ss);
        m[15] = dbv_int(se);
        m[16] = dbv_int(e->verb_span.start);
        m[17] = dbv_int(e->verb_span.end);
        m[18] = span_val(e->source_span.start, has_src);
        m[19] = span_val(e->source_span.end, has_src);
        m[20] = span_val(e->target_span.start, has_tgt);
        m[21] = span_val(e->target_span.end, has_tgt);
        m[22] = dbv_text(copy(b, e->verb));
        m[23] = dbv_text(copy(b, e->pattern));
        m[24] = dbv_text(copy(b, e->pattern_file));
        m[25] = e->pattern_line ? dbv_int(e->pattern_line) : dbv_null();
        m[26] = dbv_text(se > ss && se <= tlen ? copy_n(b, text + ss, se - ss) : NULL);
        m[27] = dbv_int(e->date_precision);
        m[28] = dbv_text(parley_modality_name(e->modality));
        m[29] = dbv_int(e->negated ? 1 : 0);
        m[30] = dbv_text(e->nattribution ? attribution_json(b, e) : NULL);
        location_vals(b, e, m + 31);
        b->nmentions++;
    }
    b->ndocs++;
    return arena_failed(&b->strings) ? oom(err) : 0;
}

int parley_store_add_failed(parley_store *s, const parley_doc *doc, const parley_error *why,
                            parley_error *err)
{
    store_batch *b = &s->batch;
    char name[600], input[600] = "";
    const char *id = doc ? parley_doc_id(doc) : NULL;
    if (!id || !*id)
        id = why->doc_id[0] ? why->doc_id : NULL;
    if (why->file[0])
        snprintf(input, sizeof input, "%.560s:%ld", why->file, why->line);
    if (!id) {
        /* a record without a readable id is named by where it was: re-ingesting the same
         * file finds the same record */
        snprintf(name, sizeof name, "%s", input[0] ? input : "(unknown record)");
        id = name;
    }
    int rc = make_room(s, id, err);
    if (rc < 0)
        return rc;
    db_val *row = grow_rows(&b->docs, &b->cap_docs, b->ndocs, DOC_COLS);
    if (!row)
        return oom(err);
    const char *msg = why->msg[0] ? why->msg : parley_strerror(why->code);
    uint64_t h = hash_field(hash_field(OUT_HASH_SEED, "failed"), id);
    char hash[17];
    if (doc) {
        doc_hash(doc, hash);
        h = hash_field(h, hash);
    }
    store_hex64(hash_field(h, msg), hash);
    row[0] = dbv_text(copy(b, id));
    row[1] = doc && parley_doc_date(doc) ? dbv_int(parley_doc_date(doc)) : dbv_null();
    row[2] = dbv_text(doc ? copy(b, parley_doc_source(doc)) : NULL);
    row[3] = dbv_text(doc ? copy(b, parley_doc_url(doc)) : NULL);
    row[4] = dbv_text(doc ? copy(b, parley_doc_title(doc)) : NULL);
    row[5] = dbv_text(copy(b, hash));
    row[6] = dbv_text("failed");
    row[7] = dbv_text(copy(b, msg));
    row[8] = dbv_text(input[0] ? copy(b, input) : NULL);
    row[9] = dbv_null();
    row[10] = dbv_int(0);
    b->ndocs++;
    b->failed++;
    return arena_failed(&b->strings) ? oom(err) : 0;
}

/* ---- the unchanged check before coding ---- */

typedef struct check_state {
    strmap *ids;          /* doc id -> last index + 1 */
    const int32_t *prev;  /* previous index with the same id, -1 */
    bool *unchanged;
    long found;
} check_state;

static int on_unchanged(void *ud, int n, const char *const *v)
{
    check_state *c = ud;
    if (n < 1 || !v[0])
        return 0;
    uint32_t k = strmap_get(c->ids, v[0], strlen(v[0]));
    for (int32_t i = (int32_t)k - 1; i >= 0; i = c->prev[i]) {
        if (!c->unchanged[i])
            c->found++;
        c->unchanged[i] = true;
    }
    return 0;
}

int parley_store_unchanged(parley_store *s, parley_doc *const *docs, size_t n, bool *unchanged,
                           parley_error *err)
{
    for (size_t i = 0; i < n; i++)
        unchanged[i] = false;
    if (!n || !s->coder_id)
        return 0;
    db_val *rows = malloc(n * 2 * sizeof *rows);
    char (*hashes)[17] = malloc(n * sizeof *hashes);
    int32_t *prev = malloc(n * sizeof *prev);
    strmap ids;
    strmap_init(&ids);
    int rc = 0;
    if (!rows || !hashes || !prev) {
        rc = oom(err);
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        const char *id = parley_doc_id(docs[i]);
        doc_hash(docs[i], hashes[i]);
        rows[2 * i] = dbv_text(id);
        rows[2 * i + 1] = dbv_text(hashes[i]);
        prev[i] = (int32_t)strmap_get(&ids, id, strlen(id)) - 1;
        if (strmap_put(&ids, id, strlen(id), (uint32_t)i + 1) < 0) {
            rc = oom(err);
            goto done;
        }
    }
    static const char *const cols[2] = {"doc_id", "content_hash"};
    check_state c = {&ids, prev, unchanged, 0};
    db_val coder = dbv_int(s->coder_id);
    /* in background mode the writer may be using the main connection: this one reads
     * what is committed, so a document of the batch in flight counts as changed and is
     * coded again, which the write finds unchanged then */
    db *d = s->check ? s->check : s->db;
    if ((rc = db_run(d, "DELETE FROM s_check", NULL, 0, NULL, NULL, err)) < 0 ||
        (rc = d->ops->load(d, "s_check", cols, 2, rows, n, err)) < 0 ||
        (rc = db_run(d,
                     "SELECT c.doc_id FROM s_check c JOIN documents d ON d.doc_id = c.doc_id"
                     " AND d.content_hash = c.content_hash WHERE d.coder = $1",
                     &coder, 1, on_unchanged, &c, err)) < 0)
        goto done;
    if (s->background)
        pthread_mutex_lock(&s->mu);
    s->counts.docs_unchanged += c.found;
    if (s->background)
        pthread_mutex_unlock(&s->mu);
done:
    strmap_free(&ids);
    free(rows);
    free(hashes);
    free(prev);
    return rc;
}

/* ---- the transaction ---- */

typedef struct step {
    const char *sql;
    int nparams;           /* $1 the coder id, $2 the time */
    int pg_only;           /* SQLite's write lock already serializes whole batches */
    int mode;              /* ALL_KEYS, or only with (DAY_ONLY) or without (NOT_DAY) the day key */
} step;

enum { ALL_KEYS = 0, DAY_ONLY, NOT_DAY };

/* The touched events' counts, first report (and its modality) and earliest date, from
 * their mentions. */
/* The event's location is its mention's that comes first in rank: the earliest report
 * that states where (precision stated or document), else the earliest with any location
 * (dateline, adjective); with the same order as the first report's, so it does not depend on
 * the order of ingestion either. */
#define LOC_PICK(col) "   min(CASE WHEN x.rl = 1 THEN x." col " END) AS " col ","
#define RECOUNT \
    " FROM (SELECT x.ev, count(*) AS n, count(DISTINCT x.doc) AS na, count(DISTINCT x.o) AS ns," \
    "   min(x.date) AS d, min(x.day) AS dy, min(CASE WHEN x.rn = 1 THEN x.id END) AS f," \
    LOC_PICK("loc_name") LOC_PICK("loc_country") LOC_PICK("loc_adm1") LOC_PICK("loc_lat") \
    LOC_PICK("loc_lon") LOC_PICK("loc_type") LOC_PICK("loc_precision") \
    LOC_PICK("loc_geonames_id") LOC_PICK("loc_text") \
    "   min(CASE WHEN x.rl = 1 AND x.loc_name IS NOT NULL THEN x.id END) AS lm," \
    "   min(CASE WHEN x.rn = 1 THEN x.modality END) AS md" \
    "   FROM (SELECT m.event AS ev, m.doc, coalesce(d.outlet, '') AS o, m.date, m.day, m.id," \
    "     m.modality, m.loc_name, m.loc_country, m.loc_adm1, m.loc_lat, m.loc_lon, m.loc_type," \
    "     m.loc_precision, m.loc_geonames_id, m.loc_text," \
    "     row_number() OVER (PARTITION BY m.event ORDER BY d.pub_date, d.doc_id, m.idx) AS rn," \
    "     row_number() OVER (PARTITION BY m.event ORDER BY CASE WHEN m.loc_name IS NULL THEN 2" \
    "       WHEN m.loc_precision IN ('stated', 'document') THEN 0 ELSE 1 END," \
    "       d.pub_date, d.doc_id, m.idx) AS rl" \
    "     FROM s_keys k CROSS JOIN events e CROSS JOIN mentions m CROSS JOIN documents d" \
    "     WHERE e.dedup_key = k.dedup_key AND m.event = e.id AND d.id = m.doc) x" \
    "   GROUP BY x.ev) a" \
    " WHERE events.id = a.ev"
#define LOCSET \
    ", loc_mention = a.lm, loc_name = a.loc_name, loc_country = a.loc_country," \
    " loc_adm1 = a.loc_adm1, loc_lat = a.loc_lat, loc_lon = a.loc_lon, loc_type = a.loc_type," \
    " loc_precision = a.loc_precision, loc_geonames_id = a.loc_geonames_id," \
    " loc_text = a.loc_text"

static const step merge[] = {
    /* 1. lock the batch's documents in doc_id order, creating placeholders for new ones:
     * a second process with the same document waits here until the first commits, then
     * finds it stored and leaves it alone */
    {"INSERT INTO documents (doc_id, content_hash, status, coder, ingested_at)"
     " SELECT doc_id, '', 'pending', CAST($1 AS BIGINT), CAST($2 AS TEXT) FROM s_docs"
     " WHERE 1 = 1 ORDER BY doc_id"
     " ON CONFLICT (doc_id) DO UPDATE SET doc_id = excluded.doc_id", 2, 1, ALL_KEYS},

    /* 2. which documents change */
    {"UPDATE s_docs SET todo = 0 WHERE EXISTS (SELECT 1 FROM documents d"
    " WHERE d.doc_id = s_docs.doc_id AND d.content_hash = s_docs.content_hash"
    " AND d.coder = $1)", 1, 0, ALL_KEYS},

    /* 3. the events they touch, new and old, with the values a new event row needs */
    {"INSERT INTO s_keys (dedup_key) SELECT m.dedup_key FROM s_mentions m"
     " JOIN s_docs s ON s.doc_id = m.doc_id WHERE s.todo = 1"
     " UNION SELECT e.dedup_key FROM s_docs s CROSS JOIN documents d CROSS JOIN mentions m"
     " CROSS JOIN events e WHERE s.todo = 1 AND d.doc_id = s.doc_id AND m.doc = d.id"
     " AND e.id = m.event", 0, 0, ALL_KEYS},

    /* 4. lock (and create) them in key order; an old event keeps its row */
    {"INSERT INTO events (dedup_key, date, day, source, target, code, root, quad, goldstein,"
    " negated)"
    " SELECT k.dedup_key, coalesce(min(m.date), min(e.date)), coalesce(min(m.day), min(e.day)),"
    " coalesce(min(m.source), min(e.source)), coalesce(min(m.target), min(e.target)),"
    " coalesce(min(m.code), min(e.code)), coalesce(min(m.root), min(e.root)),"
    " coalesce(min(m.quad), min(e.quad)), coalesce(min(m.goldstein), min(e.goldstein)),"
    " coalesce(min(m.negated), min(e.negated))"
    " FROM s_keys k LEFT JOIN s_mentions m ON m.dedup_key = k.dedup_key"
    " LEFT JOIN events e ON e.dedup_key = k.dedup_key WHERE 1 = 1"
    " GROUP BY k.dedup_key ORDER BY k.dedup_key"
    " ON CONFLICT (dedup_key) {LOCKROW}", 0, 0, ALL_KEYS},

    /* 5. the documents' old mentions go, the new versions come */
    {"DELETE FROM mentions WHERE doc IN (SELECT d.id FROM documents d"
     " JOIN s_docs s ON s.doc_id = d.doc_id WHERE s.todo = 1)", 0, 0, ALL_KEYS},

    {"INSERT INTO documents (doc_id, pub_date, outlet, url, title, content_hash, status, error,"
    " input, n_sentences, n_events, coder, ingested_at)"
    " SELECT doc_id, pub_date, outlet, url, title, content_hash, status, error, input,"
    " n_sentences, n_events, CAST($1 AS BIGINT), CAST($2 AS TEXT) FROM s_docs WHERE todo = 1"
    " ORDER BY doc_id"
    " ON CONFLICT (doc_id) DO UPDATE SET pub_date = excluded.pub_date, outlet = excluded.outlet,"
    " url = excluded.url, title = excluded.title, content_hash = excluded.content_hash,"
    " status = excluded.status, error = excluded.error, input = excluded.input,"
    " n_sentences = excluded.n_sentences, n_events = excluded.n_events, coder = excluded.coder,"
    " ingested_at = excluded.ingested_at", 2, 0, ALL_KEYS},

    {"INSERT INTO mentions (doc, idx, event, sentence, date, day, source, target, code,"
    " source_text, target_text, sentence_start, sentence_end, verb_start, verb_end,"
    " source_start, source_end, target_start, target_end, verb, pattern, pattern_file,"
    " pattern_line, sentence_text, date_precision, modality, negated, attribution, loc_name,"
    " loc_country, loc_adm1, loc_lat, loc_lon, loc_type, loc_precision, loc_geonames_id,"
    " loc_text, loc_start, loc_end, source_location, target_location)"
    " SELECT d.id, m.idx, e.id, m.sentence, m.date, m.day, m.source, m.target, m.code,"
    " m.source_text, m.target_text, m.sentence_start, m.sentence_end, m.verb_start, m.verb_end,"
    " m.source_start, m.source_end, m.target_start, m.target_end, m.verb, m.pattern,"
    " m.pattern_file, m.pattern_line, m.sentence_text, m.date_precision, m.modality, m.negated,"
    " m.attribution, m.loc_name, m.loc_country, m.loc_adm1, m.loc_lat, m.loc_lon, m.loc_type,"
    " m.loc_precision, m.loc_geonames_id, m.loc_text, m.loc_start, m.loc_end,"
    " m.source_location, m.target_location"
    " FROM s_mentions m JOIN s_docs s ON s.doc_id = m.doc_id AND s.todo = 1"
    " JOIN documents d ON d.doc_id = m.doc_id JOIN events e ON e.dedup_key = m.dedup_key",
     0, 0, ALL_KEYS},

    /* 6. counts from the mentions, as GDELT counts them: every mention, distinct
     * documents, distinct outlets (documents without one count as one unknown outlet);
     * the first report is the earliest published (then doc_id). One pass over the
     * touched events' mentions (correlated subqueries per event were 3x slower). */
    /* (with the exact-day key every mention of an event has its date: the date columns,
     * which are indexed, are left alone) */
    {"UPDATE events SET num_mentions = a.n, num_articles = a.na, num_sources = a.ns,"
     " first_mention = a.f, modality = a.md" LOCSET RECOUNT, 0, 0, DAY_ONLY},
    {"UPDATE events SET num_mentions = a.n, num_articles = a.na, num_sources = a.ns,"
     " first_mention = a.f, modality = a.md, date = a.d, day = a.dy" LOCSET RECOUNT, 0, 0, NOT_DAY},

    /* an event whose every report was replaced is no longer reported */
    {"DELETE FROM events WHERE dedup_key IN (SELECT dedup_key FROM s_keys)"
     " AND NOT EXISTS (SELECT 1 FROM mentions m WHERE m.event = events.id)", 0, 0, ALL_KEYS},
};

static int write_batch(parley_store *s, store_batch *b, int64_t *unchanged, int64_t *mentions,
                       parley_error *err)
{
    db *d = s->db;
    int rc;
    if ((rc = d->ops->begin(d, err)) < 0)
        return rc;
    if ((rc = db_run(d, "DELETE FROM s_docs", NULL, 0, NULL, NULL, err)) < 0 ||
        (rc = db_run(d, "DELETE FROM s_mentions", NULL, 0, NULL, NULL, err)) < 0 ||
        (rc = db_run(d, "DELETE FROM s_keys", NULL, 0, NULL, NULL, err)) < 0 ||
        (rc = d->ops->load(d, "s_docs", doc_cols, DOC_COLS, b->docs, b->ndocs, err)) < 0 ||
        (rc = d->ops->load(d, "s_mentions", mention_cols, MENTION_COLS, b->mentions,
                           b->nmentions, err)) < 0)
        return rc;
    char now[32];
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%SZ", &tm);
    db_val params[2] = {dbv_int(s->coder_id), dbv_text(now)};
    for (size_t i = 0; i < sizeof merge / sizeof merge[0]; i++) {
        if (merge[i].pg_only && d->kind != DB_PG)
            continue;
        if ((merge[i].mode == DAY_ONLY && s->dedup != PARLEY_DEDUP_DAY) ||
            (merge[i].mode == NOT_DAY && s->dedup == PARLEY_DEDUP_DAY))
            continue;
        if ((rc = db_run(d, merge[i].sql, params, merge[i].nparams, NULL, NULL, err)) < 0)
            return rc;
    }
    *unchanged = *mentions = 0;
    if ((rc = db_run(d, "SELECT count(*) FROM s_docs WHERE todo = 0", NULL, 0, store_one_int,
                     unchanged, err)) < 0 ||
        (rc = db_run(d, "SELECT count(*) FROM s_mentions m JOIN s_docs s ON s.doc_id = m.doc_id"
                        " WHERE s.todo = 1", NULL, 0, store_one_int, mentions, err)) < 0)
        return rc;
    return d->ops->commit(d, err);
}

/* Writes a batch, running it again after a retryable failure; counts what it did. */
static int write_with_retries(parley_store *s, store_batch *b, parley_error *err)
{
    if (!b->ndocs)
        return 0;
    int64_t unchanged = 0, mentions = 0;
    for (int attempt = 0;; attempt++) {
        int rc = write_batch(s, b, &unchanged, &mentions, err);
        if (rc == 0)
            break;
        s->db->ops->rollback(s->db);
        if (!s->db->retryable || attempt >= 30)
            return rc;
        /* another process holds what this batch needs, or got there first: wait a
         * little (longer each time, never in step with the others) and run it again */
        if (s->background)
            pthread_mutex_lock(&s->mu);
        s->counts.retries++;
        if (s->background)
            pthread_mutex_unlock(&s->mu);
        usleep((useconds_t)(1000 * (5 + rand() % (10 * (attempt + 1)))));
    }
    if (s->background)
        pthread_mutex_lock(&s->mu);
    s->counts.docs_unchanged += (long)unchanged;
    s->counts.docs_written += (long)b->ndocs - (long)unchanged;
    s->counts.docs_failed += b->failed;
    s->counts.mentions_written += (long)mentions;
    if (s->background)
        pthread_mutex_unlock(&s->mu);
    batch_clear(b);
    return 0;
}

static int check_writable(parley_store *s, parley_error *err)
{
    if (s->read_only) {
        db_error(err, "the store was opened read-only", NULL);
        return PARLEY_EARG;
    }
    if (!s->coder_id && s->batch.ndocs) {
        db_error(err, "internal error", "parley_store_set_coder was not called");
        return PARLEY_EARG;
    }
    return 0;
}

void *store_writer(void *arg)
{
    parley_store *s = arg;
    pthread_mutex_lock(&s->mu);
    for (;;) {
        while (!s->busy && !s->stop)
            pthread_cond_wait(&s->cv, &s->mu);
        if (!s->busy)
            break;
        pthread_mutex_unlock(&s->mu);
        parley_error e;
        parley_error_clear(&e);
        int rc = write_with_retries(s, &s->writing, &e);
        pthread_mutex_lock(&s->mu);
        if (rc < 0 && !s->wrc) {
            s->wrc = rc;
            s->werr = e;
        }
        s->busy = 0;
        pthread_cond_broadcast(&s->cv);
    }
    pthread_mutex_unlock(&s->mu);
    return NULL;
}

int store_wait(parley_store *s, parley_error *err)
{
    if (!s->background)
        return 0;
    pthread_mutex_lock(&s->mu);
    while (s->busy)
        pthread_cond_wait(&s->cv, &s->mu);
    int rc = s->wrc;
    if (rc < 0 && err)
        *err = s->werr;
    pthread_mutex_unlock(&s->mu);
    return rc;
}

int parley_store_flush(parley_store *s, parley_error *err)
{
    int rc = check_writable(s, err);
    if (rc == 0)
        rc = store_wait(s, err);
    if (rc == 0)
        rc = write_with_retries(s, &s->batch, err);
    return rc;
}

int parley_store_submit(parley_store *s, parley_error *err)
{
    if (!s->background)
        return parley_store_flush(s, err);
    int rc = check_writable(s, err);
    if (rc == 0)
        rc = store_wait(s, err);
    if (rc < 0 || !s->batch.ndocs)
        return rc;
    /* the writer takes the batch; the (empty) batch it wrote becomes the pending one */
    pthread_mutex_lock(&s->mu);
    store_batch t = s->writing;
    s->writing = s->batch;
    s->batch = t;
    s->busy = 1;
    pthread_cond_broadcast(&s->cv);
    pthread_mutex_unlock(&s->mu);
    return 0;
}
