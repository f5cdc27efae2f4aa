/* tags.h - word-class tags shared by the lexicon generator (tools/genlex.c) and the
 * runtime lexicon. A lexicon entry carries the set of tags a word form can have; the
 * syntax stage picks one per token in context. */
#ifndef PARLEY_TAGS_H
#define PARLEY_TAGS_H

#include <stdint.h>

enum {
    T_NN = 1u << 0,     /* noun, singular */
    T_NNS = 1u << 1,    /* noun, plural */
    T_VB = 1u << 2,     /* verb, base form */
    T_VBZ = 1u << 3,    /* verb, 3rd person singular present */
    T_VBD = 1u << 4,    /* verb, past tense */
    T_VBN = 1u << 5,    /* verb, past participle */
    T_VBG = 1u << 6,    /* verb, -ing */
    T_VBP = 1u << 7,    /* verb, present non-3rd */
    T_JJ = 1u << 8,     /* adjective */
    T_RB = 1u << 9,     /* adverb */
    T_DT = 1u << 10,
    T_PRP = 1u << 11,
    T_PRPS = 1u << 12,  /* possessive pronoun */
    T_IN = 1u << 13,    /* preposition */
    T_SUB = 1u << 14,   /* subordinating conjunction */
    T_CC = 1u << 15,
    T_WH = 1u << 16,
    T_MD = 1u << 17,
    T_TO = 1u << 18,
    T_NEG = 1u << 19,
    T_EX = 1u << 20,
    T_CD = 1u << 21,
    T_BE = 1u << 22,
    T_HAVE = 1u << 23,
    T_DO = 1u << 24,
    T_POS = 1u << 25,   /* possessive 's */
    T_RP = 1u << 26,    /* particle */
    T_MONTH = 1u << 27,
    T_WEEKDAY = 1u << 28,
    T_TIME = 1u << 29,
    T_TITLE = 1u << 30,
};

#define T_VERB (T_VB | T_VBZ | T_VBD | T_VBN | T_VBG | T_VBP)
#define T_NOUN (T_NN | T_NNS)
#define T_AUX (T_BE | T_HAVE | T_DO)
#define T_CLOSED (T_DT | T_PRP | T_PRPS | T_IN | T_SUB | T_CC | T_WH | T_MD | T_TO | T_NEG | \
                  T_EX | T_CD | T_AUX | T_POS | T_RP | T_MONTH | T_WEEKDAY | T_TIME | T_TITLE)

#define LEX_MAGIC 0x58454c50u /* "PLEX" little-endian */
#define LEX_VERSION 3u

/* Binary lexicon layout (all fields little-endian u32, written by genlex):
 *   header: magic, version, n_entries, n_slots, n_irregular, pool_size
 *   slots[n_slots]       0 = empty, else LEX_SLOT(entry index, hash): the entry index + 1
 *                        in the low LEX_ENTRY_BITS bits, bits 32.. of the form's
 *                        strmap_hash above them (a word that is not the slot's is then
 *                        passed over without reading its entry and form: two cache misses)
 *   entries[n_entries]   lex_rec
 *   irregular[n_irr]     {lemma entry, form entry} sorted by lemma: irregular verb forms
 *   report[n_entries]    u8: 1 + the row of src/lex/reporting.h its lemma is, 0 none
 *                        (zero bytes to a multiple of 4 after it)
 *   pool[pool_size]      NUL-terminated forms */
#define LEX_ENTRY_BITS 18u /* up to 262,143 forms (WordNet and the closed classes: 163k) */
#define LEX_SLOT(entry, hash) \
    (((uint32_t)(entry) + 1) | (uint32_t)((hash) >> 32) << LEX_ENTRY_BITS)
#define LEX_SLOT_TAG(hash) ((uint32_t)((hash) >> 32) << LEX_ENTRY_BITS)
#define LEX_SLOT_ENTRY(slot) (((slot) & ((1u << LEX_ENTRY_BITS) - 1)) - 1)

typedef struct lex_rec {
    uint32_t form;        /* offset of the form in the pool */
    uint32_t tags;        /* T_* bits */
    uint32_t lemma;       /* entry index of the verb lemma, or of the noun lemma if no verb */
    uint16_t nfreq;       /* SemCor tag count of the lemma as a noun (capped) */
    uint16_t vfreq;       /* ... as a verb */
    uint16_t afreq;       /* ... as an adjective */
    uint16_t rfreq;       /* ... as an adverb */
} lex_rec;

#endif
