/* inflect.h - regular English inflection, shared by the lexicon generator and the
 * verb-dictionary loader (which generates the -s/-ed/-ing forms of dictionary verbs). */
#ifndef PARLEY_INFLECT_H
#define PARLEY_INFLECT_H

#include <stddef.h>

/* Each writes a NUL-terminated lowercase form of `base` into out (size cap) and returns
 * its length, or 0 when it does not fit. Irregular forms come from the lexicon. */
size_t inflect_s(const char *base, char *out, size_t cap);    /* attacks, pushes, tries */
size_t inflect_ed(const char *base, char *out, size_t cap);   /* attacked, tried, freed */
size_t inflect_ing(const char *base, char *out, size_t cap);  /* attacking, dying, making */

#endif
