/* dict.h - compiled dictionaries: the read-only tables the coding stages consult.
 *
 * Loading (load.c) reads the PETRARCH/TABARI files into these tables; afterwards nothing
 * changes, so one parley_dict serves every thread. Words are interned once into dense ids
 * (the vocabulary), phrases become paths in a word-id trie, codes live in one string pool.
 *
 * Semantics follow PETRARCH's validation suite (see docs/dictionaries.md): actor date
 * windows are tried in file order and are inclusive at both ends, agents combine onto
 * actor codes without repeating a 3-letter segment, patterns are tried in file order. */
#ifndef PARLEY_DICT_H
#define PARLEY_DICT_H

#include <stdbool.h>
#include <stdint.h>

#include "../../include/parley.h"
#include "../base/document.h"
#include "../base/strmap.h"

/* ---- phrase trie: word-id paths, shared by actors, agents and discards ---------- */

typedef struct trie_edge {
    uint64_t key;      /* (node << 32) | wid, 0 = empty */
    uint32_t child;
} trie_edge;

typedef struct trie_node {
    uint32_t payload;      /* index+1 into the owner's payload array, 0 = none */
    uint32_t nchildren;
} trie_node;

typedef struct trie {
    trie_node *nodes;
    uint32_t nnodes, cap_nodes;
    trie_edge *edges;      /* open addressing, power-of-two capacity */
    uint32_t cap_edges, nedges;
    /* bit wid set: some phrase starts with word wid. Every token of every sentence asks
     * the root of each trie, and nearly every answer is no: a bitmap that stays in the
     * cache answers it without probing the edge table (a miss probes several slots of
     * a table megabytes wide) */
    uint64_t *roots;
    uint32_t nroots;       /* 64-bit words in roots */
} trie;

/* The child of node along word wid, or 0 when there is none (node 0 is the root and is
 * never a child). The root's answer, nearly always no, is the bitmap's, here in line:
 * every token of every sentence asks it of three tries. */
uint32_t trie_probe(const trie *t, uint32_t node, uint32_t wid);
/* Does some phrase of the trie start with word wid? (the root bitmap) */
static inline int trie_is_root(const trie *t, uint32_t wid)
{
    return wid / 64 < t->nroots && (t->roots[wid / 64] >> (wid % 64) & 1);
}
static inline uint32_t trie_step(const trie *t, uint32_t node, uint32_t wid)
{
    if (node == 0 && !trie_is_root(t, wid))
        return 0;
    return trie_probe(t, node, wid);
}

/* ---- actors --------------------------------------------------------------------- */

typedef struct actor_window {
    int from, to;          /* yyyymmdd, inclusive; 0 = unbounded */
    uint32_t code;         /* offset into the code pool */
} actor_window;

typedef struct actor_entry {
    uint32_t win_first, nwin;
    uint32_t defcode;      /* offset+1 of the default code, 0 = none */
    uint32_t file;         /* index into dict->files */
    uint32_t line;
    uint32_t primary;      /* offset of the primary phrase text in the code pool */
} actor_entry;

/* A phrase that ends at a trie node: which entry, and whether it is an actor or agent. */
typedef struct phrase_payload {
    uint32_t entry;
    uint8_t kind;          /* MK_ACTOR or MK_AGENT (document.h) */
    uint8_t prefix;        /* agent code goes before the country code (NGO~) */
    uint16_t nwords;
    uint8_t exact;         /* written with a trailing '_' */
    uint32_t next;         /* another payload on the same node, index+1 */
} phrase_payload;

typedef struct agent_entry {
    uint32_t code;         /* offset into the code pool */
    uint8_t prefix;
    uint32_t file, line;
} agent_entry;

/* ---- verbs and patterns ----------------------------------------------------------- */

enum {
    PE_WORD = 1,    /* a word (wid) */
    PE_SYNSET,      /* any member of a synonym set (arg = synset index) */
    PE_SOURCE,      /* $ */
    PE_TARGET,      /* + */
    PE_SKIP,        /* ^ */
    PE_COMPOUND,    /* % */
};

typedef struct pat_elem {
    uint8_t type;
    uint8_t adjacent;      /* must directly follow the previous element (or the verb) */
    uint32_t arg;          /* wid or synset index */
} pat_elem;

typedef struct pattern {
    uint32_t upper_first, nupper;   /* elements before the verb, nearest first */
    uint32_t lower_first, nlower;   /* elements after the verb, in order */
    uint32_t code;                  /* offset+1 into codes, 0 = "---" (matched, no event) */
    uint32_t file, line;
    uint32_t text;                  /* offset of the pattern line's text */
} pattern;

typedef struct verb_block {
    uint32_t pat_first, npat;
    uint32_t code;                  /* block default, offset+1, 0 = none */
    uint32_t name;                  /* block label */
} verb_block;

/* One written form of one verb: the head word (the inflected one) with the words that
 * must precede and follow it ("broken down", "wire tapped", "lash out"). */
typedef struct verb_form {
    uint32_t head;                  /* wid */
    uint32_t pre_first, npre;       /* wids in form_words, in order */
    uint32_t post_first, npost;
    uint32_t block;
    uint32_t code;                  /* the verb line's own code, offset+1, 0 = block's */
    uint32_t file, line;
    uint32_t text;                  /* the verb line as written */
    uint32_t next;                  /* next form with the same head, index+1 */
    uint8_t generated;              /* an inflection parley made, not a form the file wrote */
} verb_form;

typedef struct synset {
    uint32_t name;                  /* offset of "&NAME" */
    uint32_t mem_first, nmem;       /* members: ranges in syn_words, see synset_member */
} synset;

typedef struct syn_member {
    uint32_t first, n;              /* wids in form_words */
} syn_member;

/* ---- event nouns ------------------------------------------------------------------- */

/* Prepositions that introduce an event noun's other party ("strike on", "talks with"). */
enum {
    NOUN_ON = 1 << 0, NOUN_AGAINST = 1 << 1, NOUN_AT = 1 << 2, NOUN_WITH = 1 << 3,
    NOUN_TO = 1 << 4, NOUN_OF = 1 << 5, NOUN_INTO = 1 << 6, NOUN_BETWEEN = 1 << 7,
    NOUN_FOR = 1 << 8, NOUN_IN = 1 << 9,
};

/* A noun that tells an event without a verb: "Iran's barrage against Israel", "a phone
 * call with Putin", "Putin's first visit to North Korea" (parley.nouns.txt). */
typedef struct noun_entry {
    uint32_t code;                  /* offset into the code pool ("190", "041:041") */
    uint32_t preps;                 /* NOUN_* */
    uint32_t file, line;
    uint32_t text;                  /* the line as written */
} noun_entry;

/* ---- how a word may match (TABARI dialect) ----------------------------------------- */

/* TABARI words match by how they are written: "CRITICI" (no closing '_') is a stem any word
 * beginning with it matches, "DEPART_" a closed word that also takes the regular endings,
 * "BAN=" (and, in patterns, "BAN_") an exact word. The vocabulary keys an exact word by its
 * normalised text, and the other two as literals of their own: text + "\x02s" (stem) and
 * text + "\x02e" (closed with endings). dict_word() gives a text word the id of its exact
 * key, else of the longest literal it matches; the tables are compiled so that an id also
 * matches every shorter literal it satisfies (tabari_finish). */
#define LIT_MARK '\x02'

/* Word classes per word id, from a TABARI dictionary. */
enum {
    WM_NOUN = 8,       /* listed in a <NOUN> section */
    WM_ADJ = 16,       /* listed in an <ADJECTIVE> section */
    WM_VERB = 32,      /* the head of a verb root or form */
};

/* A coding option a dictionary file set (TABARI's .options): name and value in the pool. */
typedef struct dict_option {
    uint32_t name, value;
} dict_option;

/* ---- the compiled dictionary ------------------------------------------------------ */

struct parley_dict {
    strmap vocab;                   /* normalised word -> wid */
    uint32_t nwords;

    char *pool;                     /* NUL-terminated strings: codes, phrases, lines */
    uint32_t pool_len, pool_cap;
    strmap pool_index;              /* dedup of pool strings */

    char **files;                   /* source file names */
    uint32_t nfiles;

    trie phrases;                   /* actors and agents */
    phrase_payload *payloads;
    uint32_t npayloads, cap_payloads;
    actor_entry *actors;
    uint32_t nactors, cap_actors;
    actor_window *windows;
    uint32_t nwindows, cap_windows;
    agent_entry *agents;
    uint32_t nagents, cap_agents;

    trie discards;                  /* payload = 1 sentence, 2 story; +4 exact end */
    uint32_t ndiscards;
    /* strmap_hash of each word a discard phrase starts with, plus "s": a set (open
     * addressing, 0 empty, cap_plural_roots a power of two, or 0 with no discards). Most
     * tokens end in 's' and start none: the set spares them the vocabulary look-up of
     * their stem (see dict_plural_root_may). */
    uint64_t *plural_roots;
    uint32_t cap_plural_roots;

    verb_form *forms;
    uint32_t nforms, cap_forms;
    uint32_t *form_head;            /* wid -> first form index+1 (size nform_head) */
    uint32_t nform_head;            /* nwords+1 when verbs_finish() built it */
    uint32_t *form_words;
    uint32_t nform_words, cap_form_words;
    verb_block *blocks;
    uint32_t nblocks, cap_blocks;
    pattern *patterns;
    uint32_t npatterns, cap_patterns;
    pat_elem *elems;
    uint32_t nelems, cap_elems;
    synset *synsets;
    uint32_t nsynsets, cap_synsets;
    syn_member *syn_members;
    uint32_t nsyn_members, cap_syn_members;
    /* word -> synsets, for "may a member of synset S start (end) at this word?": the
     * synsets with a member whose first word is w are syn_first[syn_first_at[w] ..
     * syn_first_at[w + 1]), ascending; syn_last the same for last words */
    uint32_t *syn_first_at, *syn_last_at;   /* nsyn_at offsets each (nwords + 2) */
    uint32_t nsyn_at;
    uint32_t *syn_first, *syn_last;         /* synset ids */
    uint32_t nsyn_first, nsyn_last;

    trie nouns;                     /* payload = noun entry index + 1 */
    noun_entry *noun_entries;
    uint32_t nnouns, cap_nouns;

    uint8_t *wmode;                 /* WM_* word classes per word id (size cap_wmode) */
    uint32_t cap_wmode;
    uint8_t literals;               /* stem or ending literals are in the vocabulary */
    uint8_t tabari;                 /* some file was read in the TABARI dialect */
    uint32_t gap_wid;               /* in the phrase trie: other words may come here (TABARI's
                                       space between two words of an actor), 0 = unused */

    dict_option *options;           /* coding options set by the dictionaries, in order */
    uint32_t noptions, cap_options;

    parley_dict_stats stats;

    /* Where the tables live (compiled.c): NULL when the loader allocated each of them,
     * else the read-only mapping of a compiled file they all point into. Either way
     * nothing writes to them after parley_dict_load() returns. */
    const void *map;
    size_t map_len;
    char *compiled_path;            /* the compiled file read or written (stats), owned */
    char *cache_problem;            /* why the cache was not used or written (stats), owned */
};

static inline const char *dict_str(const parley_dict *d, uint32_t off)
{
    return d->pool + off;
}

/* May the token form norm (ending in 's', hash its strmap_hash) be a plural of a word a
 * discard phrase starts with? False is exact: norm minus its 's' starts no discard
 * phrase. True may be wrong (a hash collision): look the stem up. TABARI dictionaries
 * give words the ids of literals they match, which the set does not know: always true. */
static inline int dict_plural_root_may(const parley_dict *d, uint64_t hash)
{
    if (d->literals)
        return 1;
    if (!d->cap_plural_roots)
        return 0;
    uint32_t mask = d->cap_plural_roots - 1;
    for (uint32_t i = (uint32_t)hash & mask;; i = (i + 1) & mask) {
        if (d->plural_roots[i] == hash)
            return 1;
        if (!d->plural_roots[i])
            return 0;
    }
}

/* Builds d->plural_roots from the vocabulary and the discards trie (after loading text). */
int dict_plural_roots_build(parley_dict *d);

/* The word id of a normalised token form, 0 when no dictionary uses the word. With TABARI
 * dictionaries a word that is not itself in the vocabulary takes the id of the longest
 * literal it matches: a closed word plus a regular ending, or a stem it begins with
 * (TABARI's longest-literal rule). */
uint32_t dict_word(const parley_dict *d, const char *norm, uint32_t n);
/* The same with strmap_hash(norm, n) given (a token's hash). */
uint32_t dict_word_hashed(const parley_dict *d, const char *norm, uint32_t n, uint64_t hash);
/* The word classes token t (its wid set) can have, given the dictionaries: a TABARI
 * dictionary decides its verbs as TABARI does -- a verb root or form is a verb unless
 * "a", "an" or "the" comes before it or it is capitalised inside the sentence -- and its
 * <NOUN>s (never verbs) and <ADJECTIVE>s. Other dictionaries leave t->tags unchanged. */
uint32_t dict_token_tags(const parley_dict *d, const token *t, const token *prev);
/* The code of an actor entry on a date: the first window containing it, else the default,
 * else "---" (a known phrase with no code on that date). */
const char *dict_actor_code(const parley_dict *d, uint32_t entry, int date);
/* Which window of an actor entry applies on a date: its index, -1 for the default code,
 * -2 when none (the "---" of dict_actor_code). */
int dict_actor_window(const parley_dict *d, uint32_t entry, int date);
/* Is the word (wid) a member of synset s, and how many words does the member span at
 * words[0..n)? Returns the matched length (0 = no match). `reverse` matches backwards. */
uint32_t dict_synset_match(const parley_dict *d, uint32_t s, const uint32_t *wids, uint32_t n);
/* Can a member of synset s start (or, reverse, end) with word wid? A quick filter: the
 * synsets one word starts (or ends) a member of are syn_first[syn_first_at[w] ..
 * syn_first_at[w + 1]), ascending. The pattern matcher asks about every element at every
 * position, and most words begin no member, so most answers are two loads (in line: it
 * is asked some sixty times a sentence). */
static inline int dict_synset_may(const parley_dict *d, uint32_t s, uint32_t wid, int reverse)
{
    if (wid + 1 >= d->nsyn_at)
        return 0;
    const uint32_t *at = reverse ? d->syn_last_at : d->syn_first_at;
    const uint32_t *sets = reverse ? d->syn_last : d->syn_first;
    for (uint32_t i = at[wid], e = at[wid + 1]; i < e && sets[i] <= s; i++)
        if (sets[i] == s)
            return 1;
    return 0;
}

#endif
