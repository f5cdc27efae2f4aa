/* csv.c - events as comma-separated values (RFC 4180), one header line first.
 *
 * One column set for `parley code --format csv` (each event one mention, counts of 1) and
 * `parley export --format csv` (deduplicated events with their counts), so that a
 * spreadsheet or a data frame reads both the same way. The location columns come last
 * (empty when the text does not say where the event happened). */
#include <string.h>

#include "../base/date.h"
#include "record.h"

static const char *const columns[] = {
    "event_id", "date", "source", "target", "code", "root", "quad", "goldstein", "event",
    "source_text", "target_text", "num_mentions", "num_sources", "num_articles", "doc_id",
    "sentence", "pub_date", "outlet", "url", "modality", "negated", "text", "location_name",
    "location_country", "location_adm1", "location_lat", "location_lon", "location_type",
    "location_precision", "location_geonames_id",
};

void out_csv_header(FILE *out)
{
    for (size_t i = 0; i < sizeof columns / sizeof columns[0]; i++) {
        if (i)
            putc(',', out);
        fputs(columns[i], out);
    }
    fputs("\n", out);
}

void out_csv(FILE *out, const out_event *e)
{
    char date[11], pub[11] = "";
    date_format(e->date, date);
    if (e->pub_date)
        date_format(e->pub_date, pub);
    const parley_cameo *cm = parley_cameo_lookup(e->code);
    out_csv_field(out, e->event_id);
    fprintf(out, ",%s,", date);
    out_csv_field(out, e->source);
    putc(',', out);
    out_csv_field(out, e->target);
    putc(',', out);
    out_csv_field(out, e->code);
    putc(',', out);
    out_csv_field(out, e->root);
    putc(',', out);
    if (e->quad)
        fprintf(out, "%d", e->quad);
    putc(',', out);
    if (e->goldstein_known)
        fprintf(out, "%.1f", e->goldstein);
    putc(',', out);
    out_csv_field(out, cm ? cm->name : "");
    putc(',', out);
    out_csv_field(out, e->source_text);
    putc(',', out);
    out_csv_field(out, e->target_text);
    fprintf(out, ",%ld,%ld,%ld,", e->num_mentions, e->num_sources, e->num_articles);
    out_csv_field(out, e->doc_id);
    fprintf(out, ",%d,%s,", e->sentence, pub);
    out_csv_field(out, e->outlet);
    putc(',', out);
    out_csv_field(out, e->url);
    putc(',', out);
    out_csv_field(out, e->modality);
    fputs(e->negated ? ",1," : ",0,", out);
    out_csv_field_n(out, e->text ? e->text : "", e->text ? e->text_len : 0);
    const parley_location *l = e->location;
    if (!l) {
        fputs(",,,,,,,,\n", out);
        return;
    }
    putc(',', out);
    out_csv_field(out, l->name);
    putc(',', out);
    out_csv_field(out, l->country);
    putc(',', out);
    out_csv_field(out, l->adm1);
    if (l->has_coords)
        fprintf(out, ",%.5f,%.5f,", l->lat, l->lon);
    else
        fputs(",,,", out);
    fprintf(out, "%s,%s,", parley_location_type_name(l->type),
            parley_location_precision_name(l->precision));
    if (l->geonames_id)
        fprintf(out, "%u", l->geonames_id);
    fputs("\n", out);
}
