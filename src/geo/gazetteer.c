/* gazetteer.c - look-ups in the embedded place table (layout in tools/gen-gazetteer.py).
 *
 * The table is a flat image: header, place records, key records, a hash of the keys
 * (FNV-1a, linear probing), the id lists and a sorted country index, then the strings.
 * Reading it needs no start-up work and no memory of its own. */
#include "gazetteer.h"

#include <string.h>

/* Provided by embed.S. */
extern const unsigned char parley_gazetteer_bin[];

typedef struct geo_country {
    char cc[4];
    uint32_t place, capital;
} geo_country;

#define HDR ((const uint32_t *)(const void *)parley_gazetteer_bin)
#define N_PLACES (HDR[2])
#define N_KEYS (HDR[3])
#define N_SLOTS (HDR[4])
#define N_IDS (HDR[5])
#define N_COUNTRIES (HDR[6])
#define PLACES ((const geo_rec *)(const void *)(HDR + 8))
#define KEYS ((const geo_key *)(const void *)(PLACES + N_PLACES))
#define SLOTS ((const uint32_t *)(const void *)(KEYS + N_KEYS))
#define IDS (SLOTS + N_SLOTS)
#define COUNTRIES ((const geo_country *)(const void *)(IDS + N_IDS))
#define POOL ((const char *)(const void *)(COUNTRIES + N_COUNTRIES))

_Static_assert(sizeof(geo_rec) == 36, "geo_rec must match the generator's 36-byte record");
_Static_assert(sizeof(geo_key) == 12, "geo_key must match the generator's 12-byte record");
_Static_assert(sizeof(geo_country) == 12, "geo_country must match the generator");

static uint32_t fnv1a(const char *s, size_t n)
{
    uint32_t h = 0x811c9dc5u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 0x01000193u;
    return h;
}

const geo_key *gaz_find(const char *key, size_t n)
{
    uint32_t mask = N_SLOTS - 1;
    for (uint32_t i = fnv1a(key, n) & mask;; i = (i + 1) & mask) {
        uint32_t e = SLOTS[i];
        if (!e)
            return NULL;
        const geo_key *k = &KEYS[e - 1];
        const char *s = POOL + k->key;
        if (strncmp(s, key, n) == 0 && s[n] == '\0')
            return k;
    }
}

uint32_t gaz_id(const geo_key *k, uint32_t j)
{
    return IDS[k->first + j];
}

const geo_rec *gaz_place(uint32_t id)
{
    return &PLACES[id];
}

const char *gaz_str(uint32_t off)
{
    return POOL + off;
}

static const geo_country *country(const char *cc3)
{
    size_t lo = 0, hi = N_COUNTRIES;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strncmp(COUNTRIES[mid].cc, cc3, 3);
        if (c == 0)
            return &COUNTRIES[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

uint32_t gaz_country(const char *cc3)
{
    const geo_country *c = country(cc3);
    return c ? c->place : GEO_NONE;
}

uint32_t gaz_capital(const char *cc3)
{
    const geo_country *c = country(cc3);
    return c ? c->capital : GEO_NONE;
}

size_t gaz_places(void)
{
    return N_PLACES;
}

size_t gaz_keys(void)
{
    return N_KEYS;
}

int gaz_holds(uint32_t q, uint32_t c)
{
    const geo_rec *qr = gaz_place(q), *cr = gaz_place(c);
    if (q == c)
        return 0;
    if (qr->type == GEO_COUNTRY)
        return qr->cc[0] && strcmp(qr->cc, cr->cc) == 0;
    if (qr->type == GEO_ADM1)
        return cr->parent == q || (cr->parent == GEO_NONE && (qr->flags & GF_NOCOORD) && strcmp(qr->cc, cr->cc) == 0);
    return 0;
}
