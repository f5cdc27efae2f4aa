/* lexicon.c - look-ups in the embedded binary lexicon (layout in tags.h).
 *
 * Every token of every document is looked up here, and the look-ups land all over the
 * 7 MB table, three dependent cache misses each (the slot, the entry, its form). So each
 * thread remembers its recent look-ups (word -> entry or none) in a table of 16384 words:
 * news is mostly a few thousand words, and the table holds each one in half a cache line
 * with its form, so a word seen before costs no access to the lexicon at all (seven
 * look-ups in eight, on Reuters). The memo is a cache of an immutable table: what it
 * returns is what the look-up would.
 *
 * (A copy of the lexicon in huge pages, as the gazetteer has, was tried: no measurable
 * gain on the look-ups, and ~10 ms more at start.) */
#include "lexicon.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "../base/strmap.h"

/* Provided by the assembler stub that embeds build/gen/lexicon.bin. */
extern const unsigned char parley_lexicon_bin[];

typedef struct lex_irr {
    uint32_t lemma, form;
} lex_irr;

_Static_assert(sizeof(lex_rec) == 20, "lex_rec must match the generator's 20-byte record");

typedef struct lexicon {
    uint32_t nentries, nslots, nirr;
    const uint32_t *slots;
    const lex_rec *entries;
    const lex_irr *irr;
    const uint8_t *report;
    const char *pool;
} lexicon;

static lexicon lx;
static pthread_once_t lx_once = PTHREAD_ONCE_INIT;

static void lx_open(void)
{
    const uint32_t *hdr = (const uint32_t *)(const void *)parley_lexicon_bin;
    lx.nentries = hdr[2];
    lx.nslots = hdr[3];
    lx.nirr = hdr[4];
    lx.slots = hdr + 6;
    lx.entries = (const lex_rec *)(const void *)(lx.slots + lx.nslots);
    lx.irr = (const lex_irr *)(const void *)(lx.entries + lx.nentries);
    lx.report = (const uint8_t *)(const void *)(lx.irr + lx.nirr);
    lx.pool = (const char *)(const void *)(lx.report + ((lx.nentries + 3u) & ~3u));
}

/* The lexicon every look-up uses: all lex_rec pointers point into it. */
static inline const lexicon *lex(void)
{
    pthread_once(&lx_once, lx_open);
    return &lx;
}

size_t lex_size(void)
{
    return lex()->nentries;
}

const char *lex_form(const lex_rec *r)
{
    return lex()->pool + r->form;
}

const lex_rec *lex_lemma(const lex_rec *r)
{
    return &lex()->entries[r->lemma];
}

const lex_rec *lex_find(const char *form, size_t n)
{
    return lex_find_hashed(form, n, strmap_hash(form, n));
}

static const lex_rec *lex_probe(const lexicon *l, const char *form, size_t n, uint64_t hash)
{
    uint32_t mask = l->nslots - 1, tag = LEX_SLOT_TAG(hash);
    uint32_t tagmask = ~((1u << LEX_ENTRY_BITS) - 1);
    for (uint32_t i = (uint32_t)hash & mask;; i = (i + 1) & mask) {
        uint32_t e = l->slots[i];
        if (!e)
            return NULL;
        if ((e & tagmask) != tag)
            continue;
        const lex_rec *r = &l->entries[LEX_SLOT_ENTRY(e)];
        const char *f = l->pool + r->form;
        if (strncmp(f, form, n) == 0 && f[n] == '\0')
            return r;
    }
}

/* ---- the per-thread memo ------------------------------------------------------------------
 * Direct-mapped by the word's hash; a slot holds the word itself (up to MEMO_LEN bytes;
 * longer words always probe), so a hit is checked without the lexicon. Allocated on a
 * thread's first look-up and freed when the thread ends (a pthread key's destructor). */

#define MEMO_SLOTS 16384u  /* 512 KB a thread: most of the words of a year of news */
#define MEMO_LEN 18u

typedef struct memo {        /* 32 bytes: two to a cache line */
    uint64_t hash;
    uint32_t entry;          /* the look-up's answer: entry index + 1, 0 for none */
    uint8_t n;               /* the word's length; 0: an empty slot */
    char form[MEMO_LEN + 1];
} memo;

_Static_assert(sizeof(memo) == 32, "a memo slot is half a cache line");

static _Thread_local memo *memos;
static _Thread_local int memos_failed;
static pthread_key_t memo_key;
static pthread_once_t memo_once = PTHREAD_ONCE_INIT;

static void memo_key_make(void)
{
    (void)pthread_key_create(&memo_key, free);
}

static memo *memo_table(void)
{
    if (memos || memos_failed)
        return memos;
    pthread_once(&memo_once, memo_key_make);
    memos = aligned_alloc(64, MEMO_SLOTS * sizeof *memos); /* a slot never straddles lines */
    if (memos)
        memset(memos, 0, MEMO_SLOTS * sizeof *memos);
    if (!memos || pthread_setspecific(memo_key, memos) != 0) {
        free(memos);
        memos = NULL;
        memos_failed = 1; /* look-ups probe the lexicon every time */
    }
    return memos;
}

/* The lexicon, without pthread_once's call once this thread has its memo: the memo is
 * made after lex() returned in the same thread, which orders the lexicon's setup before
 * it. (Two calls a token were spent asking.) */
static inline const lexicon *lex_here(void)
{
    return memos ? &lx : lex();
}

void lex_prefetch(uint64_t hash)
{
    if (!memos)
        return; /* this thread's first look-up is still to come */
    __builtin_prefetch(&memos[(hash >> 40) & (MEMO_SLOTS - 1)]);
    __builtin_prefetch(&lx.slots[hash & (lx.nslots - 1)]);
}

const lex_rec *lex_find_hashed(const char *form, size_t n, uint64_t hash)
{
    const lexicon *l = lex_here();
    memo *t = n && n <= MEMO_LEN ? memo_table() : NULL;
    if (!t)
        return lex_probe(l, form, n, hash);
    /* the high bits: the lexicon's slots use the low ones */
    memo *m = &t[(hash >> 40) & (MEMO_SLOTS - 1)];
    if (m->hash == hash && m->n == n && memcmp(m->form, form, n) == 0)
        return m->entry ? &l->entries[m->entry - 1] : NULL;
    const lex_rec *r = lex_probe(l, form, n, hash);
    m->hash = hash;
    m->n = (uint8_t)n;
    memcpy(m->form, form, n);
    m->entry = r ? (uint32_t)(r - l->entries) + 1 : 0;
    return r;
}

/* (a record comes from a look-up, so the lexicon is open: lex_here suffices) */
uint8_t lex_report(const lex_rec *r)
{
    const lexicon *l = lex_here();
    return l->report[r - l->entries];
}

size_t lex_irregular(const lex_rec *r, const lex_rec **out, size_t max)
{
    const lexicon *l = lex();
    uint32_t idx = (uint32_t)(r - l->entries);
    /* binary search for the first pair of this lemma */
    size_t lo = 0, hi = l->nirr;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (l->irr[mid].lemma < idx)
            lo = mid + 1;
        else
            hi = mid;
    }
    size_t k = 0;
    for (size_t i = lo; i < l->nirr && l->irr[i].lemma == idx; i++) {
        if (k < max)
            out[k] = &l->entries[l->irr[i].form];
        k++;
    }
    return k;
}
