/* text.h - UTF-8 checking, normalisation for matching, tokens and sentences.
 *
 * Tokens keep byte offsets into the original text; their `norm` form (lower case,
 * accents removed, curly quotes and dashes folded) is used for every dictionary match,
 * so "Erdoğan’s" in the text matches ERDOGAN 'S in a dictionary. */
#ifndef PARLEY_TEXT_H
#define PARLEY_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "../base/arena.h"
#include "../base/document.h"

/* Returns n when s[0..n) is valid UTF-8, else the offset of the first bad byte.
 * Overlong forms, surrogates and code points above U+10FFFF are invalid. */
size_t utf8_validate(const char *s, size_t n);
/* Decodes one code point at s (valid UTF-8 assumed); *len gets its byte length. */
uint32_t utf8_decode(const unsigned char *s, size_t n, int *len);

/* Normalises the bytes s[0..n) of one token into the arena (NUL-terminated): ASCII is
 * lower-cased, typographic quotes and dashes folded, other letters case-folded and
 * stripped of accents. Returns NULL on out-of-memory. */
char *text_normalize(arena *a, const char *s, size_t n, uint32_t *out_len);
/* The same for a dictionary phrase word written by a person (used by dict/). */
size_t text_normalize_buf(const char *s, size_t n, char *out, size_t cap);

/* Tokenises doc->text from doc->body_start, filling doc->toks. Detects a dateline
 * ("MOSCOW (Reuters) -") first. Returns 0 or PARLEY_ENOMEM. */
int text_tokenize(parley_doc *doc);
/* Splits doc->toks into sentences (doc->sents). Returns 0 or PARLEY_ENOMEM. */
int text_split_sentences(parley_doc *doc);

#endif
