/* lexicon.h - English word classes and lemmas, generated at build time from WordNet.
 *
 * The lexicon is a read-only table embedded in the library (see tools/genlex.c), so it
 * costs nothing to load and is shared by every engine and thread. Look-ups take the
 * normalised (lower-case, accent-free) form of a word. */
#ifndef PARLEY_LEXICON_H
#define PARLEY_LEXICON_H

#include <stddef.h>
#include <stdint.h>

#include "tags.h"

/* Returns the record of a word form, or NULL when WordNet and the closed-class list do
 * not know it. Valid for the life of the process. */
const lex_rec *lex_find(const char *form, size_t n);
/* The same with the form's strmap_hash() given (a token carries its own). */
const lex_rec *lex_find_hashed(const char *form, size_t n, uint64_t hash);
/* Asks for the cache lines a look-up of hash will read first (the thread's memo slot, the
 * lexicon's slot): a loop over tokens asks a few tokens ahead, so the misses overlap. */
void lex_prefetch(uint64_t hash);
const char *lex_form(const lex_rec *r);
const lex_rec *lex_lemma(const lex_rec *r);
/* 1 + the row of LEX_REPORTING (reporting.h) the record's lemma is, 0 when none: from a
 * table the generator made, so no lemma is read and compared per token. */
uint8_t lex_report(const lex_rec *r);
/* The irregular forms WordNet lists for the verb lemma `r` (spoke, spoken for speak):
 * fills out[] with up to max records and returns how many there are. */
size_t lex_irregular(const lex_rec *r, const lex_rec **out, size_t max);
/* Number of forms (for diagnostics and tests). */
size_t lex_size(void);



#include "../base/document.h"
/* If the token is a verb of reporting or belief (say, tell, report, deny, believe ...),
 * the relation it stands for in an attribution ("said", "reported", "denied"); else NULL. */
const char *lex_reporting(const token *t);

/* Sets tok->lex and tok->tags for every token of the document. */
void lex_annotate(parley_doc *doc);
#endif
