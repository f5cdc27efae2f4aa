/* lexicon.c - look-ups in the embedded binary lexicon (layout in tags.h). */
#include "lexicon.h"

#include <string.h>

#include "../base/strmap.h"

/* Provided by the assembler stub that embeds build/gen/lexicon.bin. */
extern const unsigned char parley_lexicon_bin[];

typedef struct lex_irr {
    uint32_t lemma, form;
} lex_irr;

#define HDR ((const uint32_t *)(const void *)parley_lexicon_bin)
#define N_ENTRIES (HDR[2])
#define N_SLOTS (HDR[3])
#define N_IRR (HDR[4])
#define SLOTS (HDR + 6)
#define ENTRIES ((const lex_rec *)(const void *)(SLOTS + N_SLOTS))
#define IRR ((const lex_irr *)(const void *)(ENTRIES + N_ENTRIES))
#define POOL ((const char *)(const void *)(IRR + N_IRR))

_Static_assert(sizeof(lex_rec) == 20, "lex_rec must match the generator's 20-byte record");

size_t lex_size(void)
{
    return N_ENTRIES;
}

const char *lex_form(const lex_rec *r)
{
    return POOL + r->form;
}

const lex_rec *lex_lemma(const lex_rec *r)
{
    return &ENTRIES[r->lemma];
}

const lex_rec *lex_find(const char *form, size_t n)
{
    return lex_find_hashed(form, n, strmap_hash(form, n));
}

const lex_rec *lex_find_hashed(const char *form, size_t n, uint64_t hash)
{
    uint32_t mask = N_SLOTS - 1;
    const char *pool = POOL;
    for (uint32_t i = (uint32_t)hash & mask;; i = (i + 1) & mask) {
        uint32_t e = SLOTS[i];
        if (!e)
            return NULL;
        const lex_rec *r = &ENTRIES[e - 1];
        const char *f = pool + r->form;
        if (strncmp(f, form, n) == 0 && f[n] == '\0')
            return r;
    }
}

size_t lex_irregular(const lex_rec *r, const lex_rec **out, size_t max)
{
    uint32_t idx = (uint32_t)(r - ENTRIES);
    /* binary search for the first pair of this lemma */
    size_t lo = 0, hi = N_IRR;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (IRR[mid].lemma < idx)
            lo = mid + 1;
        else
            hi = mid;
    }
    size_t k = 0;
    for (size_t i = lo; i < N_IRR && IRR[i].lemma == idx; i++) {
        if (k < max)
            out[k] = &ENTRIES[IRR[i].form];
        k++;
    }
    return k;
}
