/* record.c - the event record shared by the table writers: filling it from a coded
 * document, choosing the writer for a format, field escaping, and the JSON Lines form of a
 * store event. */
#include "record.h"

#include <stdlib.h>
#include <string.h>

#include "../base/date.h"
#include "json.h"

uint64_t out_hash(const char *s, size_t n, uint64_t h)
{
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ull;
    }
    return h;
}

void out_from_doc(const parley_doc *doc, size_t i, out_event *e, char *idbuf)
{
    const parley_event *ev = parley_doc_event(doc, i);
    const char *id = parley_doc_id(doc);
    memset(e, 0, sizeof *e);
    snprintf(idbuf, 300, "%.280s#%zu", id, i);
    /* A GDELT event id must be an integer: a hash of "doc#index" keeps it stable across
     * runs and machines (parley code is also run as a mapper, many at once). */
    e->id = (int64_t)(out_hash(idbuf, strlen(idbuf), OUT_HASH_SEED) >> 11);
    e->event_id = idbuf;
    e->doc_id = id;
    e->sentence = ev->sentence;
    e->date = ev->date;
    e->pub_date = parley_doc_date(doc);
    e->source = ev->source ? ev->source : "";
    e->target = ev->target ? ev->target : "";
    e->source_text = ev->source_text ? ev->source_text : "";
    e->target_text = ev->target_text ? ev->target_text : "";
    e->code = ev->code;
    e->root = ev->root;
    e->quad = ev->quad;
    e->goldstein = ev->goldstein;
    e->goldstein_known = ev->goldstein_known;
    e->num_mentions = e->num_sources = e->num_articles = 1;
    e->modality = parley_modality_name(ev->modality);
    e->negated = ev->negated;
    e->location = ev->location;
    e->source_location = ev->source_location;
    e->target_location = ev->target_location;
    e->outlet = parley_doc_source(doc);
    e->url = parley_doc_url(doc);
    size_t len;
    const char *text = parley_doc_text(doc, &len);
    if (ev->sentence_span.end > ev->sentence_span.start && ev->sentence_span.end <= len) {
        e->text = text + ev->sentence_span.start;
        e->text_len = ev->sentence_span.end - ev->sentence_span.start;
    } else {
        e->text = "";
    }
}

int out_write(FILE *out, int format, const out_event *e)
{
    if (e->negated && (format == PARLEY_FORMAT_GDELT || format == PARLEY_FORMAT_PHOENIX))
        return 0;
    switch (format) {
    case PARLEY_FORMAT_CSV: out_csv(out, e); break;
    case PARLEY_FORMAT_GDELT: out_gdelt(out, e); break;
    case PARLEY_FORMAT_PLOVER: out_plover(out, e); break;
    case PARLEY_FORMAT_PHOENIX: out_phoenix(out, e); break;
    case PARLEY_FORMAT_JSONL: out_jsonl(out, e); break;
    default: return PARLEY_EARG;
    }
    return ferror(out) ? PARLEY_EIO : 0;
}

int parley_format_parse(const char *name)
{
    static const struct { const char *name; int format; } names[] = {
        {"jsonl", PARLEY_FORMAT_JSONL}, {"json", PARLEY_FORMAT_JSONL},
        {"csv", PARLEY_FORMAT_CSV},     {"gdelt", PARLEY_FORMAT_GDELT},
        {"plover", PARLEY_FORMAT_PLOVER}, {"phoenix", PARLEY_FORMAT_PHOENIX},
    };
    for (size_t i = 0; name && i < sizeof names / sizeof names[0]; i++)
        if (strcmp(name, names[i].name) == 0)
            return names[i].format;
    return PARLEY_EARG;
}

int parley_write_header(FILE *out, int format)
{
    if (format == PARLEY_FORMAT_CSV)
        out_csv_header(out);
    return ferror(out) ? PARLEY_EIO : 0;
}

/* ---- the CAMEO -> PLOVER map ---- */

extern const out_plover_entry out_plover_table[];
extern const unsigned long out_plover_count;

static int plover_cmp(const void *key, const void *elem)
{
    return strcmp((const char *)key, ((const out_plover_entry *)elem)->code);
}

const out_plover_entry *out_plover_lookup(const char *code)
{
    char buf[8];
    size_t n = code ? strlen(code) : 0;
    if (n == 0 || n >= sizeof buf)
        return NULL;
    memcpy(buf, code, n + 1);
    /* a code the table does not list takes its parent's category (0871 -> 087 -> 08) */
    for (; n >= 2; buf[--n] = '\0') {
        const out_plover_entry *p = bsearch(buf, out_plover_table, out_plover_count,
                                      sizeof out_plover_table[0], plover_cmp);
        if (p)
            return p;
    }
    return NULL;
}

/* ---- escaping ---- */

void out_tsv_field_n(FILE *out, const char *s, size_t n)
{
    /* a tab or line break inside a field would shift every later column */
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        putc(c == '\t' || c == '\n' || c == '\r' ? ' ' : c, out);
    }
}

void out_tsv_field(FILE *out, const char *s)
{
    if (s)
        out_tsv_field_n(out, s, strlen(s));
}

void out_csv_field_n(FILE *out, const char *s, size_t n)
{
    if (!s)
        return;
    bool quote = false;
    for (size_t i = 0; i < n && !quote; i++)
        quote = s[i] == ',' || s[i] == '"' || s[i] == '\n' || s[i] == '\r';
    if (!quote) {
        fwrite(s, 1, n, out);
        return;
    }
    putc('"', out);
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '"')
            putc('"', out);
        putc(s[i], out);
    }
    putc('"', out);
}

void out_csv_field(FILE *out, const char *s)
{
    if (s)
        out_csv_field_n(out, s, strlen(s));
}

/* ---- locations ---- */

void out_location_json(FILE *out, const char *key, const parley_location *l)
{
    fprintf(out, ",\"%s\":{\"name\":", key);
    json_string(out, l->name ? l->name : "");
    fputs(",\"country\":", out);
    if (l->country && l->country[0])
        json_string(out, l->country);
    else
        fputs("null", out);
    fputs(",\"adm1\":", out);
    if (l->adm1 && l->adm1[0])
        json_string(out, l->adm1);
    else
        fputs("null", out);
    if (l->has_coords)
        fprintf(out, ",\"lat\":%.5f,\"lon\":%.5f", l->lat, l->lon);
    else
        fputs(",\"lat\":null,\"lon\":null", out);
    fprintf(out, ",\"type\":\"%s\",\"precision\":\"%s\"", parley_location_type_name(l->type),
            parley_location_precision_name(l->precision));
    if (l->geonames_id)
        fprintf(out, ",\"geonames_id\":%u", l->geonames_id);
    fputs(",\"text\":", out);
    json_string(out, l->text ? l->text : "");
    fputc('}', out);
}

/* ---- JSON Lines for store events ---- */

static void json_key_str(FILE *out, const char *key, const char *v)
{
    fprintf(out, ",\"%s\":", key);
    if (v)
        json_string(out, v);
    else
        fputs("null", out);
}

void out_jsonl(FILE *out, const out_event *e)
{
    char date[11], pub[11];
    date_format(e->date, date);
    fputs("{\"event_id\":", out);
    json_string(out, e->event_id ? e->event_id : "");
    fprintf(out, ",\"date\":\"%s\"", date);
    json_key_str(out, "source", e->source);
    json_key_str(out, "target", e->target);
    json_key_str(out, "code", e->code);
    json_key_str(out, "root", e->root);
    const parley_cameo *cm = parley_cameo_lookup(e->code);
    if (e->quad)
        fprintf(out, ",\"quad\":%d", e->quad);
    else
        fputs(",\"quad\":null", out);
    if (e->goldstein_known)
        fprintf(out, ",\"goldstein\":%.1f", e->goldstein);
    else
        fputs(",\"goldstein\":null", out);
    json_key_str(out, "event", cm ? cm->name : NULL);
    json_key_str(out, "source_text", e->source_text);
    json_key_str(out, "target_text", e->target_text);
    fprintf(out, ",\"num_mentions\":%ld,\"num_sources\":%ld,\"num_articles\":%ld",
            e->num_mentions, e->num_sources, e->num_articles);
    json_key_str(out, "doc_id", e->doc_id);
    fprintf(out, ",\"sentence\":%d", e->sentence);
    if (e->pub_date) {
        date_format(e->pub_date, pub);
        fprintf(out, ",\"pub_date\":\"%s\"", pub);
    } else {
        fputs(",\"pub_date\":null", out);
    }
    json_key_str(out, "outlet", e->outlet);
    json_key_str(out, "url", e->url);
    json_key_str(out, "modality", e->modality);
    fprintf(out, ",\"negated\":%s", e->negated ? "true" : "false");
    json_key_str(out, "dedup_key", e->dedup_key);
    if (e->location)
        out_location_json(out, "location", e->location);
    else
        fputs(",\"location\":null", out);
    if (e->source_location)
        out_location_json(out, "source_location", e->source_location);
    if (e->target_location)
        out_location_json(out, "target_location", e->target_location);
    fputs(",\"text\":", out);
    json_string_n(out, e->text ? e->text : "", e->text ? e->text_len : 0);
    fputs("}\n", out);
}
