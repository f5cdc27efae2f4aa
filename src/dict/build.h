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
    int tabari;                 /* the file being read is in the TABARI dialect */
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
/* Adds WM_* class bits to a word id. */
int wmode_set(parley_dict *d, uint32_t wid, uint8_t bits);
/* The id of the literal text + LIT_MARK + mode ('s' stem, 'e' closed with endings). */
uint32_t literal_get(const parley_dict *d, const char *text, uint32_t n, char mode);
/* TABARI's regular endings, "" first; NULL-terminated. */
extern const char *const tabari_endings[];
/* Tokenises s[0..n) like document text into b->scratch (valid until the next call);
 * returns the number of tokens, -1 on error. */
int phrase_tokens(dict_builder *b, const char *s, size_t n);

/* Tokenises a dictionary phrase (words joined by '_' or spaces) the way document text is
 * tokenised, and interns its words. Returns the number of words (0 on empty/too long).
 * `connect[i]` (optional) gets 1 when word i was joined to word i+1 by '_'. */
int phrase_words(dict_builder *b, const char *s, size_t n, uint32_t *wids, int max,
                 uint8_t *connect);

/* Adds an edge node --wid--> child (an existing node); 0 or PARLEY_ENOMEM. */
int trie_link(trie *t, uint32_t node, uint32_t wid, uint32_t child);
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

/* ---- verb dictionary pieces shared by the PETRARCH and TABARI readers ------------ */

/* One element of a pattern line as read: a word, a synset, an actor slot or the verb. */
typedef struct pat_item {
    uint8_t type;       /* PE_* (0 with star set for '*') */
    uint32_t arg;       /* wid or synset index */
    uint8_t joined;     /* must be adjacent to the item after it ('_' between them) */
    uint8_t star;
} pat_item;

/* Finds "[CODE]" in s, removes it, returns its pool offset+1 (0 when absent). */
uint32_t take_code(dict_builder *b, long line, char *s);
/* The index of synset "&NAME" (created on first use). */
int synset_index(dict_builder *b, const char *name, size_t n, uint32_t *out);
/* Adds a member (a word sequence) to synset `set`. */
int synset_member_add(dict_builder *b, uint32_t set, const uint32_t *w, uint32_t n);
/* Appends word ids to form_words; *first gets where they start. */
int push_words(parley_dict *d, const uint32_t *w, uint32_t n, uint32_t *first);
/* Adds a verb form (word ids w[0..k), the inflected one at `head`) to the last block. */
int add_form(dict_builder *b, long line, const uint32_t *w, int k, int head, uint32_t code,
             uint32_t text, int generated);
/* Adds a pattern of the items (exactly one with `star`) to the last block. */
int pattern_add(dict_builder *b, long line, uint32_t text, uint32_t code, const pat_item *items, int n);

/* ---- the TABARI dialect (tabari_file.c) ------------------------------------------- */

/* Does this dictionary text look like TABARI's dialect rather than PETRARCH's? (';'
 * comments after codes, <SYNSETS>/<NOUN>/<TIME> sections, ~~FINISH; for a verbs file,
 * coded verb roots without "--- LABEL ---" block headers.) Ties are PETRARCH's. */
int dict_text_is_tabari(const char *text, size_t n, int verbs);
/* How a TABARI phrase's closed words match: LIT_ENDS for actors, agents, verb roots and
 * forms (regular endings allowed), LIT_EXACT for pattern and synset words. */
enum { LIT_EXACT = 0, LIT_STEM = 1, LIT_ENDS = 2 };
/* Reads a TABARI phrase (words joined by '_' or spaces, with '_', '=' and '~' marks) into
 * word ids: exact words, stems and closed words as literals (see dict.h). `kind` says how
 * closed words match (LIT_ENDS or LIT_EXACT). `joined[i]` gets 1 when word i must be
 * followed directly by word i+1. Returns the number of words, 0 when unreadable. */
int tabari_phrase(dict_builder *b, const char *s, size_t n, uint32_t *wids, int max,
                  uint8_t *joined, uint8_t kind);
/* Strips a TABARI ';' comment (outside brackets) and trailing space. */
void tabari_strip_comment(char *line);
/* The TABARI verbs file: <SYNSETS>, <TIME>, <NOUN>/<ADJECTIVE> sections, verb roots with
 * their {forms} and patterns with {A | B} alternatives. */
int read_tabari_verbs(dict_builder *b, const char *path, const char *mem, size_t mem_len, parley_error *err);
/* TABARI's defaults for the options parley shares with it (a TABARI project sets them
 * before its options file). */
int tabari_default_options(dict_builder *b);
/* A TABARI .options file: the commands parley supports become dictionary options. */
int read_tabari_options(dict_builder *b, const char *path, const char *mem, size_t mem_len, parley_error *err);
/* After every file, before verbs_finish(): a word id also matches the shorter literals it
 * satisfies (trie edges, verb forms, pattern words and synset members are added for it). */
int tabari_finish(dict_builder *b);
/* A <NOUN> or <ADJECTIVE> section line: marks the words' class in d->wmode. */
int tabari_word_class(dict_builder *b, long line, char *s, uint8_t cls);

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
