/* gazetteer.c - look-ups in the place table (layout in tools/gen-gazetteer.py).
 *
 * The table is a flat image: header, place records, the keys in their hash slots (FNV-1a,
 * linear probing), the id lists, a sorted country index, two bit filters of the keys, then
 * the strings. It is embedded in the library, but coding uses a copy made by gaz_open()
 * (once per process, on first use: gaz_shared): the look-ups of a document land on pages all over the 10 MB, and on
 * the embedded image (a file mapping in 4 KiB pages) nearly every one missed the TLB --
 * measured at three times the cost of the same look-ups in an anonymous copy the kernel
 * backs with huge pages. The copy takes a few milliseconds at load and is read-only after. */
#include "gazetteer.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

/* Provided by embed.S. */
extern const unsigned char parley_gazetteer_bin[];
extern const unsigned char parley_gazetteer_end[];

typedef struct geo_country {
    char cc[4];
    uint32_t place, capital;
} geo_country;

#define BLOOM_BITS (1u << 21)
#define STRONG_BITS (1u << 19)
#define HUGE_PAGE (2u << 20)

_Static_assert(sizeof(geo_rec) == 36, "geo_rec must match the generator's 36-byte record");
_Static_assert(sizeof(geo_key) == 16, "geo_key must match the generator's 16-byte slot");
_Static_assert(sizeof(geo_country) == 12, "geo_country must match the generator");

static void layout(gazetteer *g, const unsigned char *image)
{
    const uint32_t *hdr = (const uint32_t *)(const void *)image;
    g->image = image;
    g->nplaces = hdr[2];
    g->nkeys = hdr[3];
    g->nslots = hdr[4];
    g->nids = hdr[5];
    g->ncountries = hdr[6];
    g->places = (const geo_rec *)(const void *)(hdr + 8);
    g->slots = (const geo_key *)(const void *)(g->places + g->nplaces);
    g->ids = (const uint32_t *)(const void *)(g->slots + g->nslots);
    g->countries = (const geo_country *)(const void *)(g->ids + g->nids);
    g->bloom = (const unsigned char *)(const void *)(g->countries + g->ncountries);
    g->strong = g->bloom + BLOOM_BITS / 8;
    g->pool = (const char *)(const void *)(g->strong + STRONG_BITS / 8);
}

int gaz_open(gazetteer *g)
{
    memset(g, 0, sizeof *g);
    size_t n = (size_t)(parley_gazetteer_end - parley_gazetteer_bin);
    size_t size = (n + HUGE_PAGE - 1) / HUGE_PAGE * HUGE_PAGE;
    void *copy = aligned_alloc(HUGE_PAGE, size);
    if (!copy) {
        /* slower, but correct: code from the embedded image */
        layout(g, parley_gazetteer_bin);
        return 0;
    }
    /* a hint: where the kernel gives no huge pages, the copy is still anonymous memory */
    (void)madvise(copy, size, MADV_HUGEPAGE);
    memcpy(copy, parley_gazetteer_bin, n);
    g->owned = copy;
    g->owned_size = size;
    layout(g, copy);
    return 0;
}

static gazetteer shared;
static pthread_once_t shared_once = PTHREAD_ONCE_INIT;

static void shared_open(void)
{
    gaz_open(&shared);
}

const gazetteer *gaz_shared(void)
{
    pthread_once(&shared_once, shared_open);
    return &shared;
}

/* The shared table's first-level divisions sorted by ISO 3166-2 code, made on first use:
 * the writers look divisions up by the code a stored location keeps. */
static uint32_t *divisions;
static uint32_t ndivisions;
static pthread_once_t divisions_once = PTHREAD_ONCE_INIT;

static int division_cmp(const void *a, const void *b)
{
    const gazetteer *g = &shared;
    return strcmp(gaz_str(g, gaz_place(g, *(const uint32_t *)a)->adm1),
                  gaz_str(g, gaz_place(g, *(const uint32_t *)b)->adm1));
}

static void divisions_open(void)
{
    const gazetteer *g = gaz_shared();
    uint32_t n = 0;
    for (uint32_t i = 0; i < g->nplaces; i++)
        n += g->places[i].type == GEO_ADM1 && gaz_str(g, g->places[i].adm1)[0];
    divisions = malloc((n ? n : 1) * sizeof *divisions);
    if (!divisions)
        return;
    for (uint32_t i = 0; i < g->nplaces; i++)
        if (g->places[i].type == GEO_ADM1 && gaz_str(g, g->places[i].adm1)[0])
            divisions[ndivisions++] = i;
    qsort(divisions, ndivisions, sizeof *divisions, division_cmp);
}

uint32_t gaz_shared_division(const char *code)
{
    pthread_once(&divisions_once, divisions_open);
    const gazetteer *g = &shared;
    size_t lo = 0, hi = ndivisions;
    while (code && *code && lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(gaz_str(g, gaz_place(g, divisions[mid])->adm1), code);
        if (c == 0)
            return divisions[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return GEO_NONE;
}

void gaz_close(gazetteer *g)
{
    if (!g)
        return;
    free(g->owned);
    memset(g, 0, sizeof *g);
}

/* Two FNV-1a hashes in one pass: the slot's and the tag's (another offset basis). */
static uint32_t fnv1a2(const char *s, size_t n, uint32_t *tag)
{
    uint32_t h = 0x811c9dc5u, t = 0x9747b28cu;
    for (size_t i = 0; i < n; i++) {
        h = (h ^ (unsigned char)s[i]) * 0x01000193u;
        t = (t ^ (unsigned char)s[i]) * 0x01000193u;
    }
    *tag = t;
    return h;
}

/* Could the key be in the table? Most capitalised words are no place: the filter answers
 * them from cache, where the table would cost a memory access. */
static int maybe(const gazetteer *g, uint32_t h)
{
    uint32_t a = h & (BLOOM_BITS - 1), b = (h >> 11) & (BLOOM_BITS - 1);
    return (g->bloom[a >> 3] >> (a & 7) & 1) && (g->bloom[b >> 3] >> (b & 7) & 1);
}

int gaz_may_be_strong(const gazetteer *g, const char *key, size_t n)
{
    uint32_t tag;
    uint32_t h = fnv1a2(key, n, &tag);
    uint32_t a = h & (STRONG_BITS - 1), b = (h >> 13) & (STRONG_BITS - 1);
    return (g->strong[a >> 3] >> (a & 7) & 1) && (g->strong[b >> 3] >> (b & 7) & 1);
}

const geo_key *gaz_find(const gazetteer *g, const char *key, size_t n)
{
    uint32_t mask = g->nslots - 1, tag;
    uint32_t h = fnv1a2(key, n, &tag);
    if (!maybe(g, h))
        return NULL;
    /* 64 bits of hash identify a key (the generator checks that no two keys share them),
     * so neither the key's string nor its places are read for a word that is no key */
    for (uint32_t i = h & mask;; i = (i + 1) & mask) {
        const geo_key *k = &g->slots[i];
        if (!k->maxwords)
            return NULL;
        if (k->tag == tag)
            return k;
    }
}

uint32_t gaz_id(const gazetteer *g, const geo_key *k, uint32_t j)
{
    return g->ids[k->first + j];
}

const geo_rec *gaz_place(const gazetteer *g, uint32_t id)
{
    return &g->places[id];
}

const char *gaz_str(const gazetteer *g, uint32_t off)
{
    return g->pool + off;
}

static const geo_country *country(const gazetteer *g, const char *cc3)
{
    size_t lo = 0, hi = g->ncountries;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strncmp(g->countries[mid].cc, cc3, 3);
        if (c == 0)
            return &g->countries[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

uint32_t gaz_country(const gazetteer *g, const char *cc3)
{
    const geo_country *c = country(g, cc3);
    return c ? c->place : GEO_NONE;
}

uint32_t gaz_capital(const gazetteer *g, const char *cc3)
{
    const geo_country *c = country(g, cc3);
    return c ? c->capital : GEO_NONE;
}

size_t gaz_places(const gazetteer *g)
{
    return g->nplaces;
}

size_t gaz_keys(const gazetteer *g)
{
    return g->nkeys;
}

int gaz_holds(const gazetteer *g, uint32_t q, uint32_t c)
{
    const geo_rec *qr = gaz_place(g, q), *cr = gaz_place(g, c);
    if (q == c)
        return 0;
    if (qr->type == GEO_COUNTRY)
        return qr->cc[0] && strcmp(qr->cc, cr->cc) == 0;
    if (qr->type == GEO_ADM1)
        return cr->parent == q || (cr->parent == GEO_NONE && (qr->flags & GF_NOCOORD) && strcmp(qr->cc, cr->cc) == 0);
    return 0;
}
