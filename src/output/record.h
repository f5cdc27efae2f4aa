/* record.h - one event as the table writers (CSV, GDELT, PLOVER, Phoenix) see it.
 *
 * The same writers serve `parley code --format` (an event of a freshly coded document: one
 * mention, counts of 1) and `parley export` (a deduplicated event from the store, with its
 * mention counts and first report), so both fill this record and call out_write(). */
#ifndef PARLEY_OUTPUT_RECORD_H
#define PARLEY_OUTPUT_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "../../include/parley.h"

typedef struct out_event {
    int64_t id;                 /* GDELT GLOBALEVENTID: the store's event id, or a hash */
    const char *event_id;       /* textual id (CSV, PLOVER): "42" or "doc-1#0" */
    const char *doc_id;         /* the (first) document that reported it */
    int sentence;               /* its sentence there, 0-based */
    int date;                   /* event date, yyyymmdd */
    int pub_date;               /* publication date of that document, yyyymmdd (0 unknown) */
    const char *source, *target;          /* CAMEO actor codes, "" when none */
    const char *source_text, *target_text;
    const char *code, *root;
    int quad;                   /* 0 unknown */
    double goldstein;
    bool goldstein_known;
    long num_mentions, num_sources, num_articles;
    const char *outlet;         /* outlet of the first report, NULL when unknown */
    const char *url;            /* url of the first report, NULL when unknown */
    const char *outlets, *urls; /* every distinct one, ';'-separated (Phoenix); NULL: as above */
    const char *text;           /* the sentence of the first report (not NUL-terminated) */
    size_t text_len;
    const char *modality;       /* "asserted", "reported", ...: parley_modality_name() */
    bool negated;               /* "did not meet" (kept with the keep_negated option) */
    const char *dedup_key;      /* store events only */
    /* where it happened, and where the text places its source and target; NULL: unknown */
    const parley_location *location, *source_location, *target_location;
} out_event;

/* Fills e from event i of a coded document (one mention). The strings point into the
 * document; idbuf (at least 300 bytes) holds the textual id. */
void out_from_doc(const parley_doc *doc, size_t i, out_event *e, char *idbuf);

/* Writes one record in a PARLEY_FORMAT_* other than the document JSON Lines. GDELT and
 * Phoenix have no way to say that an event did not happen: negated events are left out
 * of them. */
int out_write(FILE *out, int format, const out_event *e);

void out_csv(FILE *out, const out_event *e);
void out_csv_header(FILE *out);
void out_gdelt(FILE *out, const out_event *e);
void out_plover(FILE *out, const out_event *e);
void out_phoenix(FILE *out, const out_event *e);
void out_jsonl(FILE *out, const out_event *e);   /* a store event as one JSON object */

/* The CAMEO -> PLOVER map (data/cameo2plover.tsv, compiled in). */
typedef struct out_plover_entry {
    const char *code, *event, *mode, *context;   /* context: ';'-separated, "" = none */
} out_plover_entry;
/* The PLOVER entry of a CAMEO code: the code's own, else its parent's; NULL when PLOVER
 * has no category for it (CAMEO roots 01 and 02). */
const out_plover_entry *out_plover_lookup(const char *code);

/* A location as GDELT's eight geography columns give it (docs/store.md, "GDELT 2.0"). */
typedef struct out_geo {
    int type;                   /* Geo_Type: 1 country, 2 US state, 3 US city or landmark,
                                   4 world city or landmark, 5 world state; 0 no location */
    char full_name[512];        /* "Kharkiv, Kharkivska oblast, Ukraine" */
    const char *country;        /* FIPS 10-4, "" when unknown */
    char adm1[16];              /* ADM1Code: "USTX" in the US, else the FIPS country code */
    bool has_coords;
    double lat, lon;
    char feature[32];           /* FeatureID: GeoNames id, ADM1Code, ISO 3166-2 or FIPS code */
} out_geo;
void out_gdelt_geo(const parley_location *l, out_geo *g);

/* ISO 3166-1 alpha-3 -> FIPS 10-4 ("" when it has none; l, when given, settles Palestine's
 * two FIPS codes) and a short English name (NULL when unknown). geocodes.c. */
const char *out_fips_country(const char *iso3, const parley_location *l);
const char *out_country_name(const char *iso3);

/* Writes ,"key":{name, country, adm1, lat, lon, type, precision, geonames_id, text} as
 * `parley code` writes an event's location (docs/events.md). */
void out_location_json(FILE *out, const char *key, const parley_location *l);

/* Helpers shared by the writers. */
void out_tsv_field(FILE *out, const char *s);              /* tabs and newlines -> spaces */
void out_tsv_field_n(FILE *out, const char *s, size_t n);
void out_csv_field_n(FILE *out, const char *s, size_t n);  /* RFC 4180 quoting */
void out_csv_field(FILE *out, const char *s);
uint64_t out_hash(const char *s, size_t n, uint64_t h);    /* FNV-1a, chainable */
#define OUT_HASH_SEED 14695981039346656037ull

#endif
