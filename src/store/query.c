/* query.c - questions to the store: events by actor, dyad, code, class, date, outlet and
 * modality; dyad time series; top actors and dyads; documents; the reports (mentions) of a
 * document or an event with their evidence; counts; a summary.
 *
 * Every kind shares one filter (store_filter_build). Results go row by row to the caller with
 * their column names and types; numbers and dates are formatted here, not by the
 * database, so SQLite and PostgreSQL answer in the same words. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/date.h"
#include "store.h"

enum { F_TEXT, F_INT, F_REAL1, F_REAL5, F_DATE, F_DAYNUM, F_MONTH };

typedef struct column {
    const char *name;
    int fmt;             /* F_*: how the database's text becomes the answer's */
} column;

#define MAX_COLS 64
#define MAX_PARAMS STORE_MAX_PARAMS

typedef store_filter filter;

/* ---- the filter ---- */

static int add_param(filter *f, db_val v)
{
    if (f->np >= MAX_PARAMS)
        return -1;
    f->params[f->np++] = v;
    return f->np;
}

static void append(filter *f, const char *fmt, int a, int b)
{
    size_t n = strlen(f->sql);
    snprintf(f->sql + n, sizeof f->sql - n, fmt, a, b);
}

/* "col = $n", or for "PREFIX*" a range "col >= $n AND col < $m" that an index serves
 * (codes are ASCII, so the upper bound is the prefix with its last byte raised). */
static int code_cond(filter *f, const char *col, const char *value, char *out, size_t cap)
{
    size_t n = strlen(value);
    if (n > 0 && value[n - 1] == '*') {
        if (n == 1) {
            snprintf(out, cap, "1 = 1");
            return 0;
        }
        if (n - 1 >= sizeof f->scratch[0] || f->np + 2 > MAX_PARAMS)
            return -1;
        char *lo = f->scratch[f->np];
        memcpy(lo, value, n - 1);
        lo[n - 1] = '\0';
        int a = add_param(f, dbv_text(lo));
        char *hi = f->scratch[f->np];
        memcpy(hi, value, n - 1);
        hi[n - 1] = '\0';
        hi[n - 2] = (char)(hi[n - 2] + 1);
        int b = add_param(f, dbv_text(hi));
        snprintf(out, cap, "(%s >= $%d AND %s < $%d)", col, a, col, b);
        return 0;
    }
    int a = add_param(f, dbv_text(value));
    if (a < 0)
        return -1;
    snprintf(out, cap, "%s = $%d", col, a);
    return 0;
}

int store_filter_build(const parley_query *q, filter *f)
{
    char c1[160], c2[160];
    f->sql[0] = '\0';
    f->np = 0;
    strcat(f->sql, "1 = 1");
    if (q->actor && *q->actor) {
        if (code_cond(f, "e.source", q->actor, c1, sizeof c1) < 0 ||
            code_cond(f, "e.target", q->actor, c2, sizeof c2) < 0)
            return -1;
        size_t n = strlen(f->sql);
        snprintf(f->sql + n, sizeof f->sql - n, " AND (%s OR %s)", c1, c2);
    }
    const struct { const char *col, *v; } codes[] = {
        {"e.source", q->source}, {"e.target", q->target}, {"e.code", q->code},
        {"e.root", q->root}, {"e.modality", q->modality},
    };
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        if (!codes[i].v || !*codes[i].v)
            continue;
        if (code_cond(f, codes[i].col, codes[i].v, c1, sizeof c1) < 0)
            return -1;
        size_t n = strlen(f->sql);
        snprintf(f->sql + n, sizeof f->sql - n, " AND %s", c1);
    }
    if (q->quad) {
        int a = add_param(f, dbv_int(q->quad));
        if (a < 0)
            return -1;
        append(f, " AND e.quad = $%d", a, 0);
    }
    if (q->date_from) {
        int a = add_param(f, dbv_int(q->date_from));
        if (a < 0)
            return -1;
        append(f, " AND e.date >= $%d", a, 0);
    }
    if (q->date_to) {
        int a = add_param(f, dbv_int(q->date_to));
        if (a < 0)
            return -1;
        append(f, " AND e.date <= $%d", a, 0);
    }
    if (q->event_id) {
        int a = add_param(f, dbv_int(q->event_id));
        if (a < 0)
            return -1;
        append(f, " AND e.id = $%d", a, 0);
    }
    if (q->country && *q->country) {
        int a = add_param(f, dbv_text(q->country));
        if (a < 0)
            return -1;
        append(f, " AND e.loc_country = $%d", a, 0);
    }
    if (q->place && *q->place) {
        int a = add_param(f, dbv_text(q->place));
        if (a < 0)
            return -1;
        /* lower() folds ASCII letters alike on both backends (PostgreSQL's under the "C"
         * collation of the column) */
        append(f, " AND lower(e.loc_name) = lower($%d)", a, 0);
    }
    if (q->outlet && *q->outlet) {
        int a = add_param(f, dbv_text(q->outlet));
        if (a < 0)
            return -1;
        append(f, " AND EXISTS (SELECT 1 FROM mentions om JOIN documents od ON od.id = om.doc"
                  " WHERE om.event = e.id AND od.outlet = $%d)", a, 0);
    }
    return 0;
}

/* ---- rows out ---- */

typedef struct emit {
    const column *cols;
    int ncols;
    parley_row_fn fn;
    void *ud;
    const char *names[MAX_COLS];
    int types[MAX_COLS];
    char bufs[MAX_COLS][32];
} emit;

static void setup(emit *e, const column *cols, int ncols, parley_row_fn fn, void *ud)
{
    memset(e, 0, sizeof *e);
    e->cols = cols;
    e->ncols = ncols;
    e->fn = fn;
    e->ud = ud;
    for (int i = 0; i < ncols; i++) {
        e->names[i] = cols[i].name;
        e->types[i] = cols[i].fmt == F_INT ? PARLEY_COL_INT
                      : cols[i].fmt == F_REAL1 || cols[i].fmt == F_REAL5 ? PARLEY_COL_REAL
                                                                          : PARLEY_COL_TEXT;
    }
}

static const char *format(emit *e, int i, const char *v)
{
    if (!v)
        return NULL;
    char *b = e->bufs[i];
    switch (e->cols[i].fmt) {
    case F_INT:
        snprintf(b, 32, "%lld", strtoll(v, NULL, 10));
        return b;
    case F_REAL1:
        snprintf(b, 32, "%.1f", strtod(v, NULL));
        return strcmp(b, "-0.0") == 0 ? "0.0" : b;
    case F_REAL5:   /* coordinates: the 5 decimals (about a metre) parley places with */
        snprintf(b, 32, "%.5f", strtod(v, NULL));
        return b;
    case F_DATE:
        date_format((int)strtol(v, NULL, 10), b);
        return b;
    case F_DAYNUM:
        date_format(date_from_days(strtol(v, NULL, 10)), b);
        return b;
    case F_MONTH: {
        long m = strtol(v, NULL, 10);
        snprintf(b, 32, "%04ld-%02ld", m / 100, m % 100);
        return b;
    }
    default:
        return v;
    }
}

static int on_row(void *ud, int n, const char *const *v)
{
    emit *e = ud;
    const char *vals[MAX_COLS];
    for (int i = 0; i < e->ncols && i < n; i++)
        vals[i] = format(e, i, v[i]);
    parley_row row = {(size_t)e->ncols, e->names, vals, e->types};
    return e->fn(e->ud, &row);
}

static int run(parley_store *s, const char *sql, filter *f, const column *cols, int ncols,
               parley_row_fn fn, void *ud, parley_error *err)
{
    emit e;
    setup(&e, cols, ncols, fn, ud);
    return db_run(s->db, sql, f->params, f->np, on_row, &e, err);
}

/* ---- the kinds ---- */

static const column event_cols[] = {
    {"event_id", F_INT}, {"date", F_DATE}, {"source", F_TEXT}, {"target", F_TEXT},
    {"code", F_TEXT}, {"root", F_TEXT}, {"quad", F_INT}, {"goldstein", F_REAL1},
    {"num_mentions", F_INT}, {"num_sources", F_INT}, {"num_articles", F_INT},
    {"source_text", F_TEXT}, {"target_text", F_TEXT}, {"doc_id", F_TEXT}, {"outlet", F_TEXT},
    {"url", F_TEXT}, {"modality", F_TEXT}, {"negated", F_INT},
    {"location_name", F_TEXT}, {"location_country", F_TEXT}, {"location_adm1", F_TEXT},
    {"location_lat", F_REAL5}, {"location_lon", F_REAL5}, {"location_type", F_TEXT},
    {"location_precision", F_TEXT}, {"location_geonames_id", F_INT}, {"location_text", F_TEXT},
};
#define LOCATION_SQL                                                                        \
    ", e.loc_name, e.loc_country, e.loc_adm1, e.loc_lat, e.loc_lon, e.loc_type,"             \
    " e.loc_precision, e.loc_geonames_id, e.loc_text"

/* The first report's evidence, after event_cols when q->evidence. */
static const column evidence_cols[] = {
    {"pub_date", F_DATE}, {"title", F_TEXT}, {"sentence", F_INT}, {"sentence_text", F_TEXT},
    {"sentence_start", F_INT}, {"sentence_end", F_INT}, {"verb_start", F_INT},
    {"verb_end", F_INT}, {"source_start", F_INT}, {"source_end", F_INT},
    {"target_start", F_INT}, {"target_end", F_INT}, {"verb", F_TEXT}, {"pattern", F_TEXT},
    {"pattern_file", F_TEXT}, {"pattern_line", F_INT}, {"date_precision", F_INT},
    {"attribution", F_TEXT}, {"location_start", F_INT}, {"location_end", F_INT},
    {"source_location", F_TEXT}, {"target_location", F_TEXT},
};
#define EVIDENCE_SQL                                                                        \
    ", fd.pub_date, fd.title, fm.sentence, fm.sentence_text, fm.sentence_start,"            \
    " fm.sentence_end, fm.verb_start, fm.verb_end, fm.source_start, fm.source_end,"         \
    " fm.target_start, fm.target_end, fm.verb, fm.pattern, fm.pattern_file, fm.pattern_line," \
    " fm.date_precision, fm.attribution,"                                                   \
    " CASE WHEN e.loc_mention = e.first_mention THEN fm.loc_start END,"                     \
    " CASE WHEN e.loc_mention = e.first_mention THEN fm.loc_end END,"                       \
    " fm.source_location, fm.target_location"

/* " LIMIT $n OFFSET $m" for q's paging ("" when it asks for every row). An offset needs a
 * limit in SQLite's grammar: the largest integer stands for none. */
static int paging(const parley_query *q, filter *f, char *out, size_t cap)
{
    out[0] = '\0';
    if (q->limit <= 0 && q->offset <= 0)
        return 0;
    int a = add_param(f, dbv_int(q->limit > 0 ? q->limit : INT64_MAX));
    int b = q->offset > 0 ? add_param(f, dbv_int(q->offset)) : 0;
    if (a < 0 || b < 0)
        return -1;
    if (b)
        snprintf(out, cap, " LIMIT $%d OFFSET $%d", a, b);
    else
        snprintf(out, cap, " LIMIT $%d", a);
    return 0;
}

static int q_events(parley_store *s, const parley_query *q, filter *f, parley_row_fn fn, void *ud,
                    parley_error *err)
{
    char sql[4096], limit[48];
    if (paging(q, f, limit, sizeof limit) < 0)
        return PARLEY_EARG;
    /* a page: the events' ids are chosen and sorted first (by day, whose index serves the
     * order; it orders as date does), and only the page's rows are joined to their first
     * report: joining every match before the sort carried the sentences of thousands of
     * events through it, 10x slower on a page of 50 */
    snprintf(sql, sizeof sql,
             "SELECT e.id, e.date, e.source, e.target, e.code, e.root, e.quad, e.goldstein,"
             " e.num_mentions, e.num_sources, e.num_articles, fm.source_text, fm.target_text,"
             " fd.doc_id, fd.outlet, fd.url, e.modality, e.negated" LOCATION_SQL "%s"
             " FROM (SELECT e.id FROM events e WHERE %s ORDER BY e.day DESC, e.dedup_key%s) page"
             " JOIN events e ON e.id = page.id"
             " LEFT JOIN mentions fm ON fm.id = e.first_mention"
             " LEFT JOIN documents fd ON fd.id = fm.doc"
             " ORDER BY e.date DESC, e.dedup_key",
             q->evidence ? EVIDENCE_SQL : "", f->sql, limit);
    if (!q->evidence)
        return run(s, sql, f, event_cols, sizeof event_cols / sizeof event_cols[0], fn, ud, err);
    enum { NE = sizeof event_cols / sizeof event_cols[0],
           NV = sizeof evidence_cols / sizeof evidence_cols[0] };
    column cols[NE + NV];
    memcpy(cols, event_cols, sizeof event_cols);
    memcpy(cols + NE, evidence_cols, sizeof evidence_cols);
    return run(s, sql, f, cols, NE + NV, fn, ud, err);
}

static const column count_cols[] = {{"events", F_INT}};

static int q_count(parley_store *s, filter *f, parley_row_fn fn, void *ud, parley_error *err)
{
    char sql[4096];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM events e WHERE %s", f->sql);
    return run(s, sql, f, count_cols, 1, fn, ud, err);
}

/* The reports of one document or one event: each mention with its evidence, its event's
 * class and counts, and the reporting document. */
static const column mention_cols[] = {
    {"event_id", F_INT}, {"doc_id", F_TEXT}, {"idx", F_INT}, {"sentence", F_INT},
    {"date", F_DATE}, {"date_precision", F_INT}, {"source", F_TEXT}, {"target", F_TEXT},
    {"code", F_TEXT}, {"root", F_TEXT}, {"quad", F_INT}, {"goldstein", F_REAL1},
    {"source_text", F_TEXT}, {"target_text", F_TEXT}, {"sentence_text", F_TEXT},
    {"sentence_start", F_INT}, {"sentence_end", F_INT}, {"verb_start", F_INT},
    {"verb_end", F_INT}, {"source_start", F_INT}, {"source_end", F_INT},
    {"target_start", F_INT}, {"target_end", F_INT}, {"verb", F_TEXT}, {"pattern", F_TEXT},
    {"pattern_file", F_TEXT}, {"pattern_line", F_INT}, {"modality", F_TEXT},
    {"negated", F_INT}, {"attribution", F_TEXT}, {"outlet", F_TEXT}, {"pub_date", F_DATE},
    {"url", F_TEXT}, {"title", F_TEXT}, {"num_mentions", F_INT}, {"num_sources", F_INT},
    {"num_articles", F_INT},
    {"location_name", F_TEXT}, {"location_country", F_TEXT}, {"location_adm1", F_TEXT},
    {"location_lat", F_REAL5}, {"location_lon", F_REAL5}, {"location_type", F_TEXT},
    {"location_precision", F_TEXT}, {"location_geonames_id", F_INT}, {"location_text", F_TEXT},
    {"location_start", F_INT}, {"location_end", F_INT}, {"source_location", F_TEXT},
    {"target_location", F_TEXT},
};

static int q_mentions(parley_store *s, const parley_query *q, parley_row_fn fn, void *ud,
                      parley_error *err)
{
    filter f;
    memset(&f, 0, sizeof f);
    const char *order;
    if (q->doc_id && *q->doc_id) {
        snprintf(f.sql, sizeof f.sql, "d.doc_id = $%d", add_param(&f, dbv_text(q->doc_id)));
        order = "m.idx";
    } else if (q->event_id) {
        snprintf(f.sql, sizeof f.sql, "m.event = $%d", add_param(&f, dbv_int(q->event_id)));
        order = "d.pub_date, d.doc_id, m.idx";   /* the first report first */
    } else {
        db_error(err, "a query for mentions needs a document or an event", NULL);
        if (err)
            err->code = PARLEY_EARG;
        return PARLEY_EARG;
    }
    char sql[4096], limit[48];
    if (paging(q, &f, limit, sizeof limit) < 0)
        return PARLEY_EARG;
    snprintf(sql, sizeof sql,
             "SELECT m.event, d.doc_id, m.idx, m.sentence, m.date, m.date_precision, m.source,"
             " m.target, m.code, e.root, e.quad, e.goldstein, m.source_text, m.target_text,"
             " m.sentence_text, m.sentence_start, m.sentence_end, m.verb_start, m.verb_end,"
             " m.source_start, m.source_end, m.target_start, m.target_end, m.verb, m.pattern,"
             " m.pattern_file, m.pattern_line, m.modality, m.negated, m.attribution, d.outlet,"
             " d.pub_date, d.url, d.title, e.num_mentions, e.num_sources, e.num_articles,"
             " m.loc_name, m.loc_country, m.loc_adm1, m.loc_lat, m.loc_lon, m.loc_type,"
             " m.loc_precision, m.loc_geonames_id, m.loc_text, m.loc_start, m.loc_end,"
             " m.source_location, m.target_location"
             " FROM mentions m JOIN documents d ON d.id = m.doc JOIN events e ON e.id = m.event"
             " WHERE %s ORDER BY %s%s", f.sql, order, limit);
    return run(s, sql, &f, mention_cols, sizeof mention_cols / sizeof mention_cols[0], fn, ud,
               err);
}

/* Time series: one row per period from the first to the last (or over the asked date
 * range), periods without events included as zeros: a series with holes would plot as if
 * nothing changed. */
typedef struct series_state {
    emit e;
    int period;
    long next;           /* the period expected next; LONG_MIN before the first */
    int started;
    long stop;           /* last period to emit (from --to), or 0 */
} series_state;

static long period_of_date(int period, int ymd)
{
    long d = date_to_days(ymd);
    if (period == PARLEY_PERIOD_DAY)
        return d;
    if (period == PARLEY_PERIOD_WEEK)
        return d - (((d + 3) % 7) + 7) % 7;   /* back to Monday (1970-01-01 was a Thursday) */
    return ymd / 100;
}

static long period_next(int period, long p)
{
    if (period == PARLEY_PERIOD_DAY)
        return p + 1;
    if (period == PARLEY_PERIOD_WEEK)
        return p + 7;
    return p % 100 == 12 ? (p / 100 + 1) * 100 + 1 : p + 1;
}

static int emit_zero(series_state *st, long p)
{
    char pbuf[32];
    snprintf(pbuf, sizeof pbuf, "%ld", p);
    const char *v[5] = {pbuf, "0", "0", "0", NULL};
    return on_row(&st->e, 5, v);
}

static int on_series(void *ud, int n, const char *const *v)
{
    series_state *st = ud;
    long p = strtol(v[0], NULL, 10);
    for (; st->started && st->next < p; st->next = period_next(st->period, st->next)) {
        int rc = emit_zero(st, st->next);
        if (rc)
            return rc;
    }
    st->started = 1;
    st->next = period_next(st->period, p);
    /* mean Goldstein over the events that have one */
    char mean[32];
    const char *vals[5] = {v[0], v[1], v[2], v[3], NULL};
    long with = n > 4 && v[4] ? strtol(v[4], NULL, 10) : 0;
    if (with > 0 && v[3]) {
        snprintf(mean, sizeof mean, "%.17g", strtod(v[3], NULL) / (double)with);
        vals[4] = mean;
    }
    return on_row(&st->e, 5, vals);
}

static const column series_day_cols[] = {
    {"period", F_DAYNUM}, {"events", F_INT}, {"mentions", F_INT}, {"goldstein_sum", F_REAL1},
    {"goldstein_mean", F_REAL1},
};
static const column series_month_cols[] = {
    {"period", F_MONTH}, {"events", F_INT}, {"mentions", F_INT}, {"goldstein_sum", F_REAL1},
    {"goldstein_mean", F_REAL1},
};

static int q_series(parley_store *s, const parley_query *q, filter *f, parley_row_fn fn, void *ud,
                    parley_error *err)
{
    static const char *const expr[] = {
        "e.day", "e.day - (((e.day + 3) % 7) + 7) % 7", "e.date / 100",
    };
    int period = q->period >= 0 && q->period <= 2 ? q->period : PARLEY_PERIOD_DAY;
    char sql[4096];
    snprintf(sql, sizeof sql,
             "SELECT %s AS p, count(*), sum(e.num_mentions), coalesce(sum(e.goldstein), 0),"
             " count(e.goldstein) FROM events e WHERE %s GROUP BY p ORDER BY p",
             expr[period], f->sql);
    series_state st;
    memset(&st, 0, sizeof st);
    const column *cols = period == PARLEY_PERIOD_MONTH ? series_month_cols : series_day_cols;
    setup(&st.e, cols, 5, fn, ud);
    st.period = period;
    if (q->date_from) {
        st.started = 1;
        st.next = period_of_date(period, q->date_from);
    }
    int rc = db_run(s->db, sql, f->params, f->np, on_series, &st, err);
    if (rc == 0 && q->date_to) {
        long last = period_of_date(period, q->date_to);
        if (!st.started) {
            st.started = 1;
            st.next = q->date_from ? period_of_date(period, q->date_from) : last;
        }
        for (; rc == 0 && st.next <= last; st.next = period_next(period, st.next))
            rc = emit_zero(&st, st.next);
    }
    return rc;
}

static const column top_actor_cols[] = {
    {"actor", F_TEXT}, {"events", F_INT}, {"mentions", F_INT}, {"goldstein_sum", F_REAL1},
};
static const column top_dyad_cols[] = {
    {"source", F_TEXT}, {"target", F_TEXT}, {"events", F_INT}, {"mentions", F_INT},
    {"goldstein_sum", F_REAL1},
};

static int q_top(parley_store *s, const parley_query *q, filter *f, parley_row_fn fn, void *ud,
                 parley_error *err)
{
    char sql[6144];
    int lim = add_param(f, dbv_int(q->limit > 0 ? q->limit : 10));
    if (lim < 0)
        return PARLEY_EARG;
    if (q->kind == PARLEY_QUERY_TOP_ACTORS) {
        /* an event counts once for each actor in it: a country acting on itself once */
        snprintf(sql, sizeof sql,
                 "SELECT a, count(*) AS n, sum(m), coalesce(sum(g), 0) FROM ("
                 " SELECT e.source AS a, e.num_mentions AS m, e.goldstein AS g FROM events e"
                 " WHERE %s AND e.source <> ''"
                 " UNION ALL"
                 " SELECT e.target, e.num_mentions, e.goldstein FROM events e"
                 " WHERE %s AND e.target <> '' AND e.target <> e.source"
                 ") x GROUP BY a ORDER BY n DESC, a LIMIT $%d", f->sql, f->sql, lim);
        return run(s, sql, f, top_actor_cols, 4, fn, ud, err);
    }
    snprintf(sql, sizeof sql,
             "SELECT e.source, e.target, count(*) AS n, sum(e.num_mentions),"
             " coalesce(sum(e.goldstein), 0) FROM events e"
             " WHERE %s AND e.source <> '' AND e.target <> ''"
             " GROUP BY e.source, e.target ORDER BY n DESC, e.source, e.target LIMIT $%d",
             f->sql, lim);
    return run(s, sql, f, top_dyad_cols, 5, fn, ud, err);
}

static const column doc_cols[] = {
    {"doc_id", F_TEXT}, {"pub_date", F_DATE}, {"outlet", F_TEXT}, {"status", F_TEXT},
    {"events", F_INT}, {"error", F_TEXT}, {"input", F_TEXT}, {"url", F_TEXT},
    {"ingested_at", F_TEXT}, {"title", F_TEXT}, {"sentences", F_INT},
};

static int q_documents(parley_store *s, const parley_query *q, parley_row_fn fn, void *ud,
                       parley_error *err)
{
    filter f;
    memset(&f, 0, sizeof f);
    snprintf(f.sql, sizeof f.sql, "status <> 'pending'");
    if (q->status && *q->status)
        append(&f, " AND status = $%d", add_param(&f, dbv_text(q->status)), 0);
    if (q->doc_id && *q->doc_id)
        append(&f, " AND doc_id = $%d", add_param(&f, dbv_text(q->doc_id)), 0);
    if (q->outlet && *q->outlet)
        append(&f, " AND outlet = $%d", add_param(&f, dbv_text(q->outlet)), 0);
    if (q->date_from)
        append(&f, " AND pub_date >= $%d", add_param(&f, dbv_int(q->date_from)), 0);
    if (q->date_to)
        append(&f, " AND pub_date <= $%d", add_param(&f, dbv_int(q->date_to)), 0);
    char sql[4096], limit[48];
    if (paging(q, &f, limit, sizeof limit) < 0)
        return PARLEY_EARG;
    snprintf(sql, sizeof sql,
             "SELECT doc_id, pub_date, outlet, status, n_events, error, input, url,"
             " ingested_at, title, n_sentences FROM documents WHERE %s ORDER BY doc_id%s",
             f.sql, limit);
    return run(s, sql, &f, doc_cols, sizeof doc_cols / sizeof doc_cols[0], fn, ud, err);
}

static const column summary_cols[] = {{"what", F_TEXT}, {"value", F_TEXT}};

static int on_summary(void *ud, int n, const char *const *row)
{
    char date[16];
    const char *const *v = row + 1;   /* after the ordinal */
    const char *vals[2] = {v[0], n > 2 ? v[1] : NULL};
    size_t len = v[0] ? strlen(v[0]) : 0;
    if (len > 4 && strcmp(v[0] + len - 4, "date") == 0 && vals[1]) {
        date_format((int)strtol(vals[1], NULL, 10), date);
        vals[1] = date;
    }
    return on_row(ud, 2, vals);
}

static int q_summary(parley_store *s, parley_row_fn fn, void *ud, parley_error *err)
{
    filter f;
    memset(&f, 0, sizeof f);
    /* one statement, so both backends give the rows in this order */
    /* numbered rows, sorted: UNION ALL alone promises no order */
    const char *sql =
        "SELECT n, what, v FROM ("
        " SELECT 1 AS n, 'backend' AS what, CAST($1 AS TEXT) AS v"
        " UNION ALL SELECT 2, 'dedup', (SELECT value FROM meta WHERE key = 'dedup')"
        " UNION ALL SELECT 3, 'documents', CAST(count(*) AS TEXT) FROM documents"
        "   WHERE status <> 'pending'"
        " UNION ALL SELECT 4, 'documents coded', CAST(count(*) AS TEXT) FROM documents"
        "   WHERE status = 'coded'"
        " UNION ALL SELECT 5, 'documents discarded', CAST(count(*) AS TEXT) FROM documents"
        "   WHERE status = 'discarded'"
        " UNION ALL SELECT 6, 'documents failed', CAST(count(*) AS TEXT) FROM documents"
        "   WHERE status = 'failed'"
        " UNION ALL SELECT 7, 'events', CAST(count(*) AS TEXT) FROM events"
        " UNION ALL SELECT 8, 'mentions', CAST(count(*) AS TEXT) FROM mentions"
        " UNION ALL SELECT 9, 'first event date', CAST(min(date) AS TEXT) FROM events"
        " UNION ALL SELECT 10, 'last event date', CAST(max(date) AS TEXT) FROM events"
        " UNION ALL SELECT 11, 'coders', CAST(count(*) AS TEXT) FROM coders"
        ") x ORDER BY n";
    add_param(&f, dbv_text(parley_store_backend(s)));
    emit e;
    setup(&e, summary_cols, 2, fn, ud);
    return db_run(s->db, sql, f.params, f.np, on_summary, &e, err);
}

int parley_store_query(parley_store *s, const parley_query *q, parley_row_fn fn, void *ud,
                       parley_error *err)
{
    parley_error_clear(err);
    if (q->kind == PARLEY_QUERY_DOCUMENTS)
        return q_documents(s, q, fn, ud, err);
    if (q->kind == PARLEY_QUERY_SUMMARY)
        return q_summary(s, fn, ud, err);
    if (q->kind == PARLEY_QUERY_MENTIONS)
        return q_mentions(s, q, fn, ud, err);
    filter *f = calloc(1, sizeof *f);
    if (!f) {
        db_error(err, "out of memory", NULL);
        return PARLEY_ENOMEM;
    }
    int rc = store_filter_build(q, f);
    if (rc < 0) {
        db_error(err, "query too complex", NULL);
        if (err)
            err->code = PARLEY_EARG;
        free(f);
        return PARLEY_EARG;
    }
    switch (q->kind) {
    case PARLEY_QUERY_EVENTS: rc = q_events(s, q, f, fn, ud, err); break;
    case PARLEY_QUERY_SERIES: rc = q_series(s, q, f, fn, ud, err); break;
    case PARLEY_QUERY_COUNT: rc = q_count(s, f, fn, ud, err); break;
    case PARLEY_QUERY_TOP_ACTORS:
    case PARLEY_QUERY_TOP_DYADS: rc = q_top(s, q, f, fn, ud, err); break;
    default:
        db_error(err, "unknown query kind", NULL);
        rc = PARLEY_EARG;
    }
    free(f);
    return rc;
}
