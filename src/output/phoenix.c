/* phoenix.c - events as the Phoenix data set's 26 tab-separated columns, no header.
 *
 * EventID Date Year Month Day SourceActorFull SourceActorEntity SourceActorRole
 * SourceActorAttribute TargetActorFull TargetActorEntity TargetActorRole
 * TargetActorAttribute EventCode EventRootCode PentaClass GoldsteinScore Issues Lat Lon
 * LocationName StateName CountryCode SentenceID URLs NewsSources
 *
 * Actor codes split as Phoenix's one-a-day formatter split them: the first three letters
 * are the entity, the next three the role, the rest the attribute. PentaClass is QuadClass
 * with statements and appeals (roots 01, 02) as class 0. Issues are not coded by parley
 * and stay empty. The geography is the event's location, as Phoenix's geolocation gave it:
 * Lat, Lon, LocationName (the place's name), StateName (its first-level division's name)
 * and CountryCode (ISO 3166-1 alpha-3). URLs and NewsSources list every report
 * (';'-separated) when the event comes from the store. */
#include <string.h>

#include "../geo/gazetteer.h"
#include "record.h"

/* Lat Lon LocationName StateName CountryCode, each followed by a tab. */
static void geo(FILE *out, const parley_location *l)
{
    if (!l) {
        fputs("\t\t\t\t\t", out);
        return;
    }
    if (l->has_coords)
        fprintf(out, "%.5f\t%.5f\t", l->lat, l->lon);
    else
        fputs("\t\t", out);
    if (l->type != PARLEY_LOC_COUNTRY)
        out_tsv_field(out, l->name);
    putc('\t', out);
    if (l->type == PARLEY_LOC_ADM1) {
        out_tsv_field(out, l->name);
    } else if (l->adm1 && *l->adm1) {
        uint32_t d = gaz_shared_division(l->adm1);
        if (d != GEO_NONE)
            out_tsv_field(out, gaz_str(gaz_shared(), gaz_place(gaz_shared(), d)->name));
    }
    putc('\t', out);
    out_tsv_field(out, l->country);
    putc('\t', out);
}

static void actor(FILE *out, const char *code)
{
    size_t n = code ? strlen(code) : 0;
    out_tsv_field(out, code);
    putc('\t', out);
    out_tsv_field_n(out, code, n < 3 ? n : 3);
    putc('\t', out);
    if (n > 3)
        out_tsv_field_n(out, code + 3, n < 6 ? n - 3 : 3);
    putc('\t', out);
    if (n > 6)
        out_tsv_field(out, code + 6);
    putc('\t', out);
}

void out_phoenix(FILE *out, const out_event *e)
{
    fprintf(out, "%s\t%d\t%d\t%d\t%d\t", e->event_id ? e->event_id : "", e->date,
            e->date / 10000, e->date / 100 % 100, e->date % 100);
    actor(out, e->source);
    actor(out, e->target);
    out_tsv_field(out, e->code);
    putc('\t', out);
    out_tsv_field(out, e->root);
    putc('\t', out);
    if (e->quad) {
        const char *r = e->root ? e->root : "";
        int root = r[0] && r[1] ? (r[0] - '0') * 10 + (r[1] - '0') : 0;
        fprintf(out, "%d", root == 1 || root == 2 ? 0 : e->quad);
    }
    putc('\t', out);
    if (e->goldstein_known)
        fprintf(out, "%.1f", e->goldstein);
    /* Issues (not coded), Lat Lon LocationName StateName CountryCode */
    fputs("\t\t", out);
    geo(out, e->location);
    out_tsv_field(out, e->doc_id);
    fprintf(out, "_%d\t", e->sentence);
    out_tsv_field(out, e->urls ? e->urls : e->url);
    putc('\t', out);
    out_tsv_field(out, e->outlets ? e->outlets : e->outlet);
    putc('\n', out);
}
