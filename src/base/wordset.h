/* wordset.h - "is this token one of these words?" for the fixed word lists of the
 * tagger, analyser, coder and document stages, in one probe instead of a strcmp per word.
 *
 * A list stays written as it was (a NULL-terminated array of normalised words); its hash
 * table is built on first use, once per process, under a lock, and read without one
 * afterwards. A token carries strmap_hash() of its normalised form (token.hash), so a
 * test costs one probe and, on a hit, one strcmp: the answer is exactly that of calling
 * tok_is() on every word of the list. */
#ifndef PARLEY_WORDSET_H
#define PARLEY_WORDSET_H

#include <stdatomic.h>
#include <stdint.h>

#include "document.h"

#define WORDSET_SLOTS 256   /* a power of two, over twice the longest list */

typedef struct wordset {
    const char *const *words;   /* NULL-terminated */
    atomic_int ready;
    struct {
        uint64_t hash;
        const char *word;       /* NULL: free */
        uint32_t index;         /* its position in the list */
    } slot[WORDSET_SLOTS];
} wordset;

/* A static wordset over a static list: static wordset ws = WORDSET(list); */
#define WORDSET(list) {(list), 0, {{0, NULL, 0}}}

/* Builds the table (first use only; thread-safe). */
void wordset_build(wordset *ws);

/* The position + 1 of s in the list, 0 when it is not there. */
static inline uint32_t wordset_index(wordset *ws, const char *s, uint64_t hash)
{
    if (!atomic_load_explicit(&ws->ready, memory_order_acquire))
        wordset_build(ws);
    for (uint32_t i = (uint32_t)hash & (WORDSET_SLOTS - 1);; i = (i + 1) & (WORDSET_SLOTS - 1)) {
        if (!ws->slot[i].word)
            return 0;
        if (ws->slot[i].hash == hash && strcmp(ws->slot[i].word, s) == 0)
            return ws->slot[i].index + 1;
    }
}

/* Is the string s (NUL-terminated, hash = strmap_hash(s, strlen(s))) in the set? */
static inline int wordset_has(wordset *ws, const char *s, uint64_t hash)
{
    return wordset_index(ws, s, hash) != 0;
}

/* Is the token's normalised form one of the words? (tok_is() over the list) */
static inline int tok_in(const token *t, wordset *ws)
{
    return wordset_has(ws, t->norm, t->hash);
}

#endif
