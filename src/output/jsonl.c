/* jsonl.c - the event contract: one JSON object per event per line. */
#include <stdio.h>

#include "../base/date.h"
#include "../base/document.h"
#include "json.h"
#include "record.h"

static void span(FILE *out, const char *key, parley_span s)
{
    fprintf(out, ",\"%s\":[%u,%u]", key, s.start, s.end);
}

static void write_event(FILE *out, const parley_doc *doc, const parley_event *e)
{
    char date[11];
    date_format(e->date, date);
    fputs("{\"doc_id\":", out);
    json_string(out, doc->id);
    fprintf(out, ",\"sentence\":%d,\"date\":\"%s\",\"date_precision\":\"%s\",\"source\":", e->sentence,
            date, e->date_precision == PARLEY_DATE_DAY ? "day" : "approximate");
    json_string(out, e->source);
    fputs(",\"target\":", out);
    json_string(out, e->target);
    fputs(",\"code\":", out);
    json_string(out, e->code);
    fputs(",\"root\":", out);
    json_string(out, e->root);
    const parley_cameo *cm = parley_cameo_lookup(e->code);
    if (cm) {
        fprintf(out, ",\"quad\":%d,\"goldstein\":%.1f,\"event\":", e->quad, e->goldstein);
        json_string(out, cm->name);
    } else {
        fputs(",\"quad\":null,\"goldstein\":null", out);
    }
    fputs(",\"modality\":", out);
    json_string(out, parley_modality_name(e->modality));
    if (e->negated)
        fputs(",\"negated\":true", out);
    fputs(",\"attribution\":[", out);
    for (uint32_t i = 0; i < e->nattribution; i++) {
        const parley_link *l = &e->attribution[i];
        fputs(i ? ",{\"text\":" : "{\"text\":", out);
        json_string(out, l->text);
        fputs(",\"code\":", out);
        json_string(out, l->code);
        fputs(",\"relation\":", out);
        json_string(out, l->relation);
        fputc('}', out);
    }
    fputc(']', out);
    fputs(",\"source_text\":", out);
    json_string(out, e->source_text);
    fputs(",\"target_text\":", out);
    json_string(out, e->target_text);
    if (e->location)
        out_location_json(out, "location", e->location);
    if (e->source_location)
        out_location_json(out, "source_location", e->source_location);
    if (e->target_location)
        out_location_json(out, "target_location", e->target_location);
    fputs(",\"evidence\":{", out);
    fprintf(out, "\"sentence\":[%u,%u]", e->sentence_span.start, e->sentence_span.end);
    span(out, "verb", e->verb_span);
    if (e->source_text && *e->source_text)
        span(out, "source", e->source_span);
    if (e->target_text && *e->target_text)
        span(out, "target", e->target_span);
    if (e->location && e->location->span.end > e->location->span.start)
        span(out, "location", e->location->span);
    if (e->nquotes) {
        fputs(",\"quotes\":[", out);
        for (uint32_t i = 0; i < e->nquotes; i++) {
            const parley_quote *q = &e->quotes[i];
            fputs(i ? ",{\"text\":" : "{\"text\":", out);
            json_string(out, q->text);
            fprintf(out, ",\"span\":[%u,%u],\"speaker\":", q->span.start, q->span.end);
            json_string(out, q->speaker);
            fputs(",\"speaker_text\":", out);
            json_string(out, q->speaker_text);
            fputc('}', out);
        }
        fputc(']', out);
    }
    fputs(",\"verb_text\":", out);
    json_string(out, e->verb);
    fputs(",\"pattern\":", out);
    json_string(out, e->pattern);
    fputs(",\"pattern_file\":", out);
    json_string(out, e->pattern_file);
    fprintf(out, ",\"pattern_line\":%d}}\n", e->pattern_line);
}

int parley_write_events(FILE *out, const parley_doc *doc, int format)
{
    if (format != PARLEY_FORMAT_JSONL) {
        /* the table formats (record.h) share one writer with the store's export */
        char id[300];
        out_event rec;
        for (uint32_t i = 0; i < doc->nevents; i++) {
            out_from_doc(doc, i, &rec, id);
            int rc = out_write(out, format, &rec);
            if (rc < 0)
                return rc;
        }
        return 0;
    }
    for (uint32_t i = 0; i < doc->nevents; i++)
        write_event(out, doc, &doc->events[i]);
    return ferror(out) ? PARLEY_EIO : 0;
}
