/* build.h - load-time helpers shared by the dictionary readers (not used while coding). */
#ifndef PARLEY_DICT_BUILD_H
#define PARLEY_DICT_BUILD_H

#include <stddef.h>
#include <stdint.h>

#include "dict.h"

#define MAX_PHRASE_WORDS 64

typedef struct pending_member {
    uint32_t set, first, n;      /* n == 0: a reference to synset `first` */
} pending_member;

typedef struct dict_builder {
    parley_dict *d;
    parley_doc *scratch;        /* tokenises phrases exactly like document text */
    parley_diag_fn diag;
    void *ud;
    long warnings;
    const char *file;           /* file being read */
    uint32_t file_index;
    strmap synset_names;        /* "&NAME" -> synset index + 1 */
    uint32_t *synset_refs;      /* per synset: defined yet? (1) */
    uint32_t cap_synset_refs;
    int lint;                   /* report what parley dict lint reports */
    pending_member *pend;       /* synset members, grouped by verbs_finish() */
    uint32_t npend, cap_pend;
} dict_builder;

/* A file's text split into lines: iterate with line_next(). */
typedef struct line_iter {
    char *buf;                  /* whole file, owned */
    size_t len, pos;
    long lineno;
} line_iter;

int lines_open(line_iter *it, const char *path, const char *mem, size_t mem_len, parley_error *err);
/* Next line (NUL-terminated, newline removed, writable); NULL at the end. */
char *lines_next(line_iter *it);
void lines_close(line_iter *it);

/* Reports a non-fatal problem at file:line:column. */
void build_warn(dict_builder *b, long line, long col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

uint32_t pool_add(parley_dict *d, const char *s, size_t n);     /* dedup'd, returns offset */
uint32_t vocab_add(parley_dict *d, const char *norm, size_t n); /* returns wid >= 1 */

/* Tokenises a dictionary phrase (words joined by '_' or spaces) the way document text is
 * tokenised, and interns its words. Returns the number of words (0 on empty/too long).
 * `connect[i]` (optional) gets 1 when word i was joined to word i+1 by '_'. */
int phrase_words(dict_builder *b, const char *s, size_t n, uint32_t *wids, int max,
                 uint8_t *connect);

/* Inserts a word-id path; returns the end node (never 0) or 0 on out-of-memory. */
uint32_t trie_insert(trie *t, const uint32_t *wids, uint32_t n);
void trie_free(trie *t);

/* Growable arrays in the dictionary: ensures room for one more element. */
int grow(void **arr, uint32_t n, uint32_t *cap, size_t elem);
#define GROW(d, arr, n, cap) grow((void **)&(d)->arr, (d)->n, &(d)->cap, sizeof *(d)->arr)

/* English plural of a phrase's last word (POLICEMAN -> POLICEMEN, AUTHORITY -> AUTHORITIES). */
void plural_of(const char *s, char *out, size_t cap);

/* Strips a "#" comment (outside brackets is enough for these formats) and trailing space. */
void strip_comment(char *line);
char *trim(char *s);

/* Parses a date of 6 (YYMMDD, YY<=30 -> 20YY) or 8 digits; 0 when invalid. */
int dict_parse_date(const char *s, size_t n);

/* Readers, one per kind. Each returns 0, or a negative code for an unreadable file;
 * malformed lines become warnings. mem/mem_len: read from memory instead of path. */
int read_actors(dict_builder *b, const char *path, const char *mem, size_t mem_len, parley_error *err);
int read_agents(dict_builder *b, const char *path, const char *mem, size_t mem_len, parley_error *err);
int read_discards(dict_builder *b, const char *path, const char *mem, size_t mem_len, parley_error *err);
int read_verbs(dict_builder *b, const char *path, const char *mem, size_t mem_len, parley_error *err);
int read_nouns(dict_builder *b, const char *path, const char *mem, size_t mem_len, parley_error *err);
/* After all verb files: builds the head-word index. */
int verbs_finish(dict_builder *b);
/* The checks of parley dict lint that need the whole dictionary. */
void dict_lint(dict_builder *b);

#endif
