/* export.c - deduplicated events out of the store, in any of the writers' formats.
 *
 * Each event is written once with its mention counts and its first report (the
 * earliest publication) as GDELT does; Phoenix also gets every reporting URL and outlet.
 * Events stream from the database one row at a time, in date then key order, so an
 * export is the same whichever order the documents were ingested in. */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../output/record.h"
#include "store.h"

typedef struct export_state {
    FILE *out;
    int format;
    long n;
    int failed;
} export_state;

static long num(const char *v)
{
    return v ? strtol(v, NULL, 10) : 0;
}

static const char *str(const char *v)
{
    return v ? v : "";
}

static int type_of(const char *name)
{
    for (int t = PARLEY_LOC_CITY; t <= PARLEY_LOC_WATER; t++)
        if (name && strcmp(name, parley_location_type_name(t)) == 0)
            return t;
    return 0;
}

static int precision_of(const char *name)
{
    for (int p = PARLEY_LOC_STATED; p <= PARLEY_LOC_ADJECTIVE; p++)
        if (name && strcmp(name, parley_location_precision_name(p)) == 0)
            return p;
    return 0;
}

/* The event's location from its columns (v: loc_name ... loc_text, 9 values); NULL when the
 * event has none. */
static const parley_location *stored_location(const char *const *v, parley_location *l)
{
    if (!v[0])
        return NULL;
    memset(l, 0, sizeof *l);
    l->name = v[0];
    l->country = str(v[1]);
    l->adm1 = str(v[2]);
    l->has_coords = v[3] && v[4];
    l->lat = v[3] ? strtod(v[3], NULL) : 0;
    l->lon = v[4] ? strtod(v[4], NULL) : 0;
    l->type = type_of(v[5]);
    l->precision = precision_of(v[6]);
    l->geonames_id = v[7] ? (uint32_t)strtoul(v[7], NULL, 10) : 0;
    l->text = str(v[8]);
    return l;
}

static const char *json_str(const cJSON *o, const char *key)
{
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(it) ? it->valuestring : "";
}

/* An actor's location from its JSON (as `parley code` writes it); its strings live in *doc,
 * which the caller deletes. NULL when there is none. */
static const parley_location *json_location(const char *text, cJSON **doc, parley_location *l)
{
    *doc = text ? cJSON_Parse(text) : NULL;
    if (!cJSON_IsObject(*doc))
        return NULL;
    memset(l, 0, sizeof *l);
    l->name = json_str(*doc, "name");
    l->country = json_str(*doc, "country");
    l->adm1 = json_str(*doc, "adm1");
    const cJSON *lat = cJSON_GetObjectItemCaseSensitive(*doc, "lat");
    const cJSON *lon = cJSON_GetObjectItemCaseSensitive(*doc, "lon");
    l->has_coords = cJSON_IsNumber(lat) && cJSON_IsNumber(lon);
    l->lat = l->has_coords ? lat->valuedouble : 0;
    l->lon = l->has_coords ? lon->valuedouble : 0;
    l->type = type_of(json_str(*doc, "type"));
    l->precision = precision_of(json_str(*doc, "precision"));
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(*doc, "geonames_id");
    l->geonames_id = cJSON_IsNumber(id) && id->valuedouble > 0 ? (uint32_t)id->valuedouble : 0;
    l->text = json_str(*doc, "text");
    return l;
}

static int on_event(void *ud, int n, const char *const *v)
{
    export_state *x = ud;
    if (n < 35)
        return 0;
    out_event e;
    memset(&e, 0, sizeof e);
    e.id = strtoll(v[0], NULL, 10);
    e.event_id = v[0];
    e.date = (int)num(v[1]);
    e.source = str(v[2]);
    e.target = str(v[3]);
    e.code = str(v[4]);
    e.root = str(v[5]);
    e.quad = (int)num(v[6]);
    e.goldstein_known = v[7] != NULL;
    e.goldstein = v[7] ? strtod(v[7], NULL) : 0;
    e.num_mentions = num(v[8]);
    e.num_sources = num(v[9]);
    e.num_articles = num(v[10]);
    e.modality = v[11];
    e.dedup_key = v[12];
    e.sentence = (int)num(v[13]);
    e.source_text = str(v[14]);
    e.target_text = str(v[15]);
    e.text = str(v[16]);
    e.text_len = strlen(e.text);
    e.doc_id = str(v[17]);
    e.pub_date = (int)num(v[18]);
    e.outlet = v[19];
    e.url = v[20];
    e.urls = v[21];
    e.outlets = v[22];
    e.negated = v[23] && strcmp(v[23], "0") != 0;
    parley_location where, src, tgt;
    cJSON *sdoc = NULL, *tdoc = NULL;
    e.location = stored_location(v + 24, &where);
    e.source_location = json_location(v[33], &sdoc, &src);
    e.target_location = json_location(v[34], &tdoc, &tgt);
    int rc = out_write(x->out, x->format, &e);
    cJSON_Delete(sdoc);
    cJSON_Delete(tdoc);
    if (rc < 0) {
        x->failed = 1;
        return 1;
    }
    x->n++;
    return 0;
}

long parley_store_export(parley_store *s, const parley_query *q, FILE *out, int format,
                         parley_error *err)
{
    parley_error_clear(err);
    if (format < PARLEY_FORMAT_JSONL || format > PARLEY_FORMAT_PHOENIX) {
        db_error(err, "unknown export format", NULL);
        if (err)
            err->code = PARLEY_EARG;
        return PARLEY_EARG;
    }
    store_filter *f = calloc(1, sizeof *f);
    if (!f) {
        db_error(err, "out of memory", NULL);
        return PARLEY_ENOMEM;
    }
    parley_query all;
    memset(&all, 0, sizeof all);
    if (store_filter_build(q ? q : &all, f) < 0) {
        free(f);
        db_error(err, "query too complex", NULL);
        return PARLEY_EARG;
    }
    /* every URL and outlet of an event costs a look at its mentions: only Phoenix,
     * whose URLs and NewsSources columns list them, pays it */
    const char *all_reports =
        ", (SELECT {AGG}(u, ';') FROM (SELECT DISTINCT d.url AS u FROM mentions m"
        "   JOIN documents d ON d.id = m.doc WHERE m.event = e.id AND d.url IS NOT NULL"
        "   ORDER BY u) x)"
        ", (SELECT {AGG}(o, ';') FROM (SELECT DISTINCT d.outlet AS o FROM mentions m"
        "   JOIN documents d ON d.id = m.doc WHERE m.event = e.id AND d.outlet IS NOT NULL"
        "   ORDER BY o) y)";
    char sql[6144], limit[32] = "";
    if (q && q->limit > 0 && f->np < STORE_MAX_PARAMS) {
        f->params[f->np++] = dbv_int(q->limit);
        snprintf(limit, sizeof limit, " LIMIT $%d", f->np);
    }
    snprintf(sql, sizeof sql,
             "SELECT e.id, e.date, e.source, e.target, e.code, e.root, e.quad, e.goldstein,"
             " e.num_mentions, e.num_sources, e.num_articles, e.modality, e.dedup_key,"
             " fm.sentence, fm.source_text, fm.target_text, fm.sentence_text, fd.doc_id,"
             " fd.pub_date, fd.outlet, fd.url%s, e.negated, e.loc_name, e.loc_country,"
             " e.loc_adm1, e.loc_lat, e.loc_lon, e.loc_type, e.loc_precision, e.loc_geonames_id,"
             " e.loc_text, fm.source_location, fm.target_location"
             " FROM events e LEFT JOIN mentions fm ON fm.id = e.first_mention"
             " LEFT JOIN documents fd ON fd.id = fm.doc"
             " WHERE %s ORDER BY e.date, e.dedup_key%s",
             format == PARLEY_FORMAT_PHOENIX ? all_reports : ", NULL, NULL", f->sql, limit);
    export_state x = {out, format, 0, 0};
    int rc = parley_write_header(out, format);
    if (rc == 0)
        rc = db_run(s->db, sql, f->params, f->np, on_event, &x, err);
    free(f);
    if (x.failed || (rc == 0 && ferror(out))) {
        db_error(err, "cannot write the export", NULL);
        if (err)
            err->code = PARLEY_EIO;
        return PARLEY_EIO;
    }
    return rc < 0 ? rc : x.n;
}
