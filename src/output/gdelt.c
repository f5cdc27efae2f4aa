/* gdelt.c - events as the GDELT 2.0 event table: 61 tab-separated columns, no header,
 * in the order of GDELT's schema (docs/store.md lists them).
 *
 * What parley knows goes in its column (dates, actor codes split into their parts, names,
 * CAMEO codes, QuadClass, Goldstein, the mention counts, where the event happened and where
 * the text places its actors, the first report's URL); what it cannot know (tone, ethnic
 * codes, GAUL ADM2 codes) stays empty, as GDELT leaves unknown fields empty. DATEADDED is
 * the first report's publication date at 00:00:00, so an export is the same however often
 * and in what order the documents were ingested.
 *
 * Geography (docs/store.md has the table): parley's types map to GDELT's -- country 1, a
 * division 2 in the US and 5 elsewhere, a city 3 in the US and 4 elsewhere, a region inside
 * one country 5 (3 in the US), a region of no one country and a sea 4 (landmarks); country
 * codes are FIPS 10-4 (geocodes.c); ADM1Code is "US" + the state's code in the US and the
 * FIPS country code elsewhere (parley's divisions are ISO 3166-2, which has no FIPS
 * correspondence table); FeatureID is the GeoNames id of a city, ADM1Code of a US state, the
 * ISO 3166-2 code of another division, the FIPS code of a country. */
#include <stdio.h>
#include <string.h>

#include "../geo/gazetteer.h"
#include "record.h"

/* CAMEO's role and organisation codes (the 3-letter parts after a country). */
static const char *const types[] = {
    "AGR", "BUS", "COP", "CRM", "CVL", "DEV", "EDU", "ELI", "ENV", "GOV", "HLH", "HRI", "IGO",
    "IMG", "INS", "INT", "JUD", "LAB", "LEG", "MED", "MIL", "MNC", "MOD", "NGM", "NGO", "OPP",
    "PPL", "PTY", "RAD", "REB", "REF", "REL", "SEP", "SET", "SPY", "UAF", "UIS",
};
/* CAMEO's religion codes (MUS is the Phoenix dictionaries' spelling of MOS). */
static const char *const religions[] = {
    "ADR", "ALE", "ATH", "BAH", "BUD", "CHR", "CON", "CPT", "CTH", "DOX", "DRZ", "HIN", "HSD",
    "ITR", "JAN", "JEW", "JHW", "LDS", "MOS", "MRN", "MUS", "NRM", "PAG", "PRO", "SFI", "SHI",
    "SHN", "SIK", "SUN", "TAO", "UDR", "ZRO",
};
/* Parts after which an unknown part names a known group (PSEREBHMS: Hamas, IGOUNO). */
static const char *const group_heads[] = {
    "IGO", "IMG", "INS", "INT", "MNC", "MOD", "NGM", "NGO", "OPP", "PTY", "RAD", "REB", "SEP",
    "UAF",
};

static bool in(const char *part, const char *const *set, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (memcmp(part, set[i], 3) == 0)
            return true;
    return false;
}
#define IN(p, set) in(p, set, sizeof set / sizeof set[0])

typedef struct actor_parts {
    char country[4], group[4], religion[2][4], type[3][4];
} actor_parts;

static void split_actor(const char *code, actor_parts *a)
{
    memset(a, 0, sizeof *a);
    size_t n = strlen(code);
    if (n < 3)
        return;
    int nrel = 0, ntype = 0;
    bool group_head = false;
    const char *unknown[4];
    int nunknown = 0;
    for (size_t i = 0; i + 3 <= n; i += 3) {
        const char *p = code + i;
        if (IN(p, types)) {
            if (ntype < 3)
                memcpy(a->type[ntype++], p, 3);
            if (IN(p, group_heads))
                group_head = true;
        } else if (IN(p, religions)) {
            if (nrel < 2)
                memcpy(a->religion[nrel++], p, 3);
        } else if (i == 0) {
            memcpy(a->country, p, 3);   /* countries and CAMEO regions (EUR, AFR, ...) */
        } else if (nunknown < 4) {
            unknown[nunknown++] = p;
        }
    }
    if (nunknown && group_head) {
        memcpy(a->group, unknown[nunknown - 1], 3);
        nunknown--;
    }
    if (nunknown && !a->country[0])
        memcpy(a->country, unknown[0], 3);   /* IGOEUREEC: the EU's region */
}

static void tab(FILE *out)
{
    putc('\t', out);
}

static void actor(FILE *out, const char *code, const char *text)
{
    actor_parts a;
    split_actor(code ? code : "", &a);
    out_tsv_field(out, code);
    tab(out);
    /* GDELT writes actor names in capitals */
    for (const char *s = text ? text : ""; *s; s++) {
        char c = *s;
        putc(c == '\t' || c == '\n' || c == '\r' ? ' ' : (c >= 'a' && c <= 'z') ? c - 32 : c, out);
    }
    tab(out);
    fputs(a.country, out);
    tab(out);
    fputs(a.group, out);
    tab(out);
    tab(out);   /* EthnicCode: parley has no list of CAMEO's ethnic codes */
    fputs(a.religion[0], out);
    tab(out);
    fputs(a.religion[1], out);
    for (int i = 0; i < 3; i++) {
        tab(out);
        fputs(a.type[i], out);
    }
    tab(out);
}

static void join(char *buf, size_t cap, const char *part)
{
    size_t n = strlen(buf);
    if (!part || !*part || n + 3 >= cap)
        return;
    snprintf(buf + n, cap - n, "%s%s", n ? ", " : "", part);
}

void out_gdelt_geo(const parley_location *l, out_geo *g)
{
    memset(g, 0, sizeof *g);
    g->country = "";
    if (!l)
        return;
    const char *cc = l->country ? l->country : "";
    bool us = strcmp(cc, "USA") == 0;
    switch (l->type) {
    case PARLEY_LOC_COUNTRY: g->type = 1; break;
    case PARLEY_LOC_ADM1: g->type = us ? 2 : 5; break;
    case PARLEY_LOC_CITY: g->type = us ? 3 : 4; break;
    case PARLEY_LOC_REGION: g->type = us ? 3 : *cc ? 5 : 4; break;
    default: g->type = us ? 3 : 4; break;   /* water: a landmark */
    }
    g->country = *cc ? out_fips_country(cc, l) : "";
    const char *adm1 = l->adm1 ? l->adm1 : "";
    if (us && strncmp(adm1, "US-", 3) == 0 && strlen(adm1) <= 6)
        snprintf(g->adm1, sizeof g->adm1, "US%s", adm1 + 3);
    else
        snprintf(g->adm1, sizeof g->adm1, "%s", g->country);
    g->has_coords = l->has_coords;
    g->lat = l->lat;
    g->lon = l->lon;
    /* FullName: "City, Division, Country", "Division, Country", "Country" */
    const char *cname = *cc ? out_country_name(cc) : NULL;
    if (l->type == PARLEY_LOC_COUNTRY) {
        join(g->full_name, sizeof g->full_name, cname ? cname : l->name);
    } else {
        join(g->full_name, sizeof g->full_name, l->name);
        if (l->type == PARLEY_LOC_CITY && *adm1) {
            uint32_t d = gaz_shared_division(adm1);
            if (d != GEO_NONE) {
                const gazetteer *gz = gaz_shared();
                const char *dname = gaz_str(gz, gaz_place(gz, d)->name);
                if (!l->name || strcmp(dname, l->name) != 0)
                    join(g->full_name, sizeof g->full_name, dname);
            }
        }
        join(g->full_name, sizeof g->full_name, cname);
    }
    /* FeatureID */
    if (l->geonames_id && (l->type == PARLEY_LOC_CITY || l->type == PARLEY_LOC_REGION ||
                           l->type == PARLEY_LOC_WATER))
        snprintf(g->feature, sizeof g->feature, "%u", l->geonames_id);
    else if (l->type == PARLEY_LOC_COUNTRY)
        snprintf(g->feature, sizeof g->feature, "%s", g->country);
    else if (l->type == PARLEY_LOC_ADM1)
        snprintf(g->feature, sizeof g->feature, "%s", us && g->adm1[2] ? g->adm1 : adm1);
}

/* The eight columns of one location (Type FullName CountryCode ADM1Code ADM2Code Lat Long
 * FeatureID), each followed by a tab; eight empty ones when l is NULL. */
static void geo(FILE *out, const parley_location *l)
{
    out_geo g;
    out_gdelt_geo(l, &g);
    if (!g.type) {
        fputs("\t\t\t\t\t\t\t\t", out);
        return;
    }
    fprintf(out, "%d\t", g.type);
    out_tsv_field(out, g.full_name);
    fprintf(out, "\t%s\t%s\t\t", g.country, g.adm1);
    if (g.has_coords)
        fprintf(out, "%.4f\t%.4f\t", g.lat, g.lon);
    else
        fputs("\t\t", out);
    out_tsv_field(out, g.feature);
    tab(out);
}

void out_gdelt(FILE *out, const out_event *e)
{
    int y = e->date / 10000, m = e->date / 100 % 100, d = e->date % 100;
    /* 1-5: GLOBALEVENTID SQLDATE MonthYear Year FractionDate (GDELT's (month*30+day)/365) */
    fprintf(out, "%lld\t%d\t%d\t%d\t%.4f\t", (long long)e->id, e->date, e->date / 100, y,
            y + (m * 30 + d) / 365.0);
    /* 6-25: Actor1 and Actor2, ten columns each */
    actor(out, e->source, e->source_text);
    actor(out, e->target, e->target_text);
    /* 26-30: IsRootEvent (the first report's lead sentence), EventCode, EventBaseCode,
     * EventRootCode, QuadClass */
    char base[4] = "";
    size_t cl = strlen(e->code ? e->code : "");
    memcpy(base, e->code ? e->code : "", cl > 3 ? 3 : cl);
    fprintf(out, "%d\t", e->sentence == 0 ? 1 : 0);
    out_tsv_field(out, e->code);
    fprintf(out, "\t%s\t", base);
    out_tsv_field(out, e->root);
    tab(out);
    if (e->quad)
        fprintf(out, "%d", e->quad);
    tab(out);
    /* 31-35: GoldsteinScale NumMentions NumSources NumArticles AvgTone (unknown) */
    if (e->goldstein_known)
        fprintf(out, "%.1f", e->goldstein);
    fprintf(out, "\t%ld\t%ld\t%ld\t\t", e->num_mentions, e->num_sources, e->num_articles);
    /* 36-59: Actor1Geo_*, Actor2Geo_*, ActionGeo_* (8 each) */
    geo(out, e->source_location);
    geo(out, e->target_location);
    geo(out, e->location);
    /* 60-61: DATEADDED SOURCEURL */
    if (e->pub_date)
        fprintf(out, "%d000000", e->pub_date);
    tab(out);
    out_tsv_field(out, e->url);
    putc('\n', out);
}
