/* plover.c - events as PLOVER JSON, one object a line.
 *
 * PLOVER's field names: actor, recipient, event, mode, context, date, text; the CAMEO code
 * is converted through the CAMEO -> PLOVER table (data/cameo2plover.tsv). PLOVER has no
 * category for CAMEO's statements (01) and appeals (02): such events are written with
 * "event": null rather than dropped, so a conversion never loses an event silently. The
 * CAMEO code, names and provenance ride along under their own names, and so do the places:
 * "location" (where it happened, null when the text does not say) and, when the text places
 * them, "actor_location" and "recipient_location", each the object `parley code` writes. */
#include <string.h>

#include "../base/date.h"
#include "json.h"
#include "record.h"

static void str_or_null(FILE *out, const char *key, const char *v)
{
    fprintf(out, ",\"%s\":", key);
    if (v && *v)
        json_string(out, v);
    else
        fputs("null", out);
}

void out_plover(FILE *out, const out_event *e)
{
    char date[11];
    date_format(e->date, date);
    const out_plover_entry *p = out_plover_lookup(e->code);
    fputs("{\"id\":", out);
    json_string(out, e->event_id ? e->event_id : "");
    fprintf(out, ",\"date\":\"%s\"", date);
    str_or_null(out, "actor", e->source);
    str_or_null(out, "recipient", e->target);
    str_or_null(out, "event", p ? p->event : NULL);
    str_or_null(out, "mode", p ? p->mode : NULL);
    fputs(",\"context\":[", out);
    if (p) {
        /* the table separates several contexts with ';' */
        const char *c = p->context;
        int first = 1;
        while (*c) {
            size_t n = strcspn(c, ";");
            if (n) {
                if (!first)
                    putc(',', out);
                json_string_n(out, c, n);
                first = 0;
            }
            c += n + (c[n] == ';');
        }
    }
    putc(']', out);
    fputs(",\"text\":", out);
    json_string_n(out, e->text ? e->text : "", e->text ? e->text_len : 0);
    str_or_null(out, "actor_text", e->source_text);
    str_or_null(out, "recipient_text", e->target_text);
    str_or_null(out, "cameo", e->code);
    if (e->goldstein_known)
        fprintf(out, ",\"goldstein\":%.1f", e->goldstein);
    str_or_null(out, "modality", e->modality);
    if (e->negated)
        fputs(",\"negated\":true", out);
    if (e->location)
        out_location_json(out, "location", e->location);
    else
        fputs(",\"location\":null", out);
    if (e->source_location)
        out_location_json(out, "actor_location", e->source_location);
    if (e->target_location)
        out_location_json(out, "recipient_location", e->target_location);
    str_or_null(out, "doc_id", e->doc_id);
    fprintf(out, ",\"sentence\":%d", e->sentence);
    str_or_null(out, "outlet", e->outlet);
    str_or_null(out, "url", e->url);
    fprintf(out, ",\"num_mentions\":%ld,\"num_sources\":%ld,\"num_articles\":%ld}\n",
            e->num_mentions, e->num_sources, e->num_articles);
}
