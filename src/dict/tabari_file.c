/* tabari_file.c - the TABARI dialect: its verbs and options files, how its words match,
 * and how a file is recognised as TABARI's.
 *
 * TABARI (the C++ coder of the KEDS project) writes the same dictionary ideas as PETRARCH
 * with an older syntax. What differs, and how parley reads it:
 *  - ';' starts a comment; "~~FINISH" (any "~~" line) ends a file.
 *  - A word matches by how it is written: "CRITICI" (no closing '_') is a stem that any
 *    word beginning with it matches; "DEPART_" is closed and matches itself plus TABARI's
 *    regular endings (-S -ES -ED -D -EN -ING); "BAN=" matches itself only, and so does a
 *    closed word inside a pattern or synset. Stems and closed words are literals of their
 *    own in the vocabulary (dict.h); dict_word() gives a text word its exact key or its
 *    longest literal, and tabari_finish() widens the tables so that a word also matches
 *    every shorter literal it satisfies, as TABARI matches all of them.
 *  - '_' after a word also means "the next word follows directly"; a space lets other
 *    words come between (in patterns, and in actor and agent phrases through a gap edge
 *    of the phrase trie). "REAL~_PLEASANT" is an open word joined to the next.
 *  - The verbs file has no "--- LABEL ---" blocks: every verb root line "ROOT [CODE]"
 *    starts its own block, its extra forms follow in "{ FORM FORM }", its patterns follow
 *    as "- ... [CODE]". Patterns are tried longest first, as TABARI does (pattern_length).
 *    A root of several words with gaps ("DEATH TOLL RISEN") is its first word as the verb
 *    with the rest put in front of each of its patterns (and a pattern of the rest alone
 *    with the root's code).
 *  - Patterns may hold alternatives "{ A | B C }": they are expanded into one pattern each.
 *  - Sections: <SYNSETS> (&NAME and +member lines; a member may itself contain &SET),
 *    <NOUN> and <ADJECTIVE> (word classes: dict_token_tags), <TIME> (time shifts: read
 *    and ignored, except a discard code [###], which discards the sentence).
 *  - Codes: [CODE?] and [CODE!] (TABARI's subordinate and dominant events) code as CODE;
 *    [+++] ("complex") gives no event; a verb root coded [###] is a discard phrase; an
 *    actor coded ### or +++ (on the sentence's date) leaves the sentence uncoded.
 *  - Options: a TABARI project starts from TABARI's defaults (tabari_default_options);
 *    its .options file may change COMMA: (comma_*), SET: CODE ALL / BY CLAUSE
 *    (subordinate_clauses), SET: MINIMUM WORDS (min_sentence_words), SET: CONVERT AGENT
 *    (lone_agents), DEFAULT: SOURCE [X] PRIOR TARGET [Y] AFTER (default_*). Commands that
 *    only change TABARI's screens and output files are accepted silently; the other
 *    coding commands (COMPLEX:, FORWARD:, SET: CODE BY SENTENCE ...) are reported as not
 *    supported. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../base/document.h"
#include "../lex/tags.h"
#include "build.h"

/* ---- recognising the dialect ------------------------------------------------------- */

static int starts_with_ci(const char *s, const char *p)
{
    return strncasecmp(s, p, strlen(p)) == 0;
}

/* The first occurrence of p in s, ignoring case; NULL when none. */
static char *find_ci(char *s, const char *p)
{
    for (; *s; s++)
        if (starts_with_ci(s, p))
            return s;
    return NULL;
}

int dict_text_is_tabari(const char *text, size_t n, int verbs)
{
    long tabari = 0, petrarch = 0, headers = 0, roots = 0;
    size_t pos = 0;
    int lines = 0;
    while (pos < n && lines < 20000) {
        const char *s = text + pos;
        const char *nl = memchr(s, '\n', n - pos);
        size_t len = nl ? (size_t)(nl - s) : n - pos;
        pos += len + 1;
        lines++;
        while (len && (*s == ' ' || *s == '\t')) {
            s++;
            len--;
        }
        if (!len)
            continue;
        char line[256];
        size_t k = len < sizeof line - 1 ? len : sizeof line - 1;
        memcpy(line, s, k);
        line[k] = '\0';
        if (starts_with_ci(line, "<SYNSETS>") || starts_with_ci(line, "<TIME>") ||
            starts_with_ci(line, "<NOUN>") || starts_with_ci(line, "<ADJECTIVE>") ||
            starts_with_ci(line, "<ATTRIB>") || starts_with_ci(line, "~~FINISH"))
            tabari += 20;
        else if (strncmp(line, "<!--", 4) == 0)
            petrarch += 2;
        else if (strncmp(line, "---", 3) == 0 && strchr(line, '[') && strstr(line + 3, "---"))
            petrarch += 5, headers++; /* "--- LABEL [CODE] ---" */
        else if (!strchr("-+&#<~;{", line[0]) && strchr(line, '['))
            roots++; /* "ABANDON [345]": in a verbs file, a root without a block */
        else if (line[0] == ';')
            tabari += 1;
        else if (line[0] == '#')
            petrarch += 1;
        /* a code followed by a ';' comment: "ALBRIGHT [USAGOV 991201-010114] ;ems" */
        const char *rb = strrchr(line, ']');
        if (rb) {
            while (*++rb == ' ' || *rb == '\t')
                ;
            if (*rb == ';')
                tabari += 2;
        }
    }
    /* a verbs file whose verbs carry their own codes, with no "--- LABEL ---" blocks */
    if (verbs && !headers && roots)
        return 1;
    return tabari > petrarch;
}

void tabari_strip_comment(char *line)
{
    int depth = 0;
    for (char *p = line; *p; p++) {
        if (*p == '[' || *p == '{')
            depth++;
        else if ((*p == ']' || *p == '}') && depth > 0)
            depth--;
        else if (*p == ';' && depth == 0) {
            *p = '\0';
            break;
        }
    }
    size_t n = strlen(line);
    while (n && (line[n - 1] == ' ' || line[n - 1] == '\t' || line[n - 1] == '\r'))
        line[--n] = '\0';
}

/* ---- words -------------------------------------------------------------------------- */

/* One word of a TABARI phrase: its text, how it matches, and whether the next word must
 * follow it directly. */
typedef struct tword {
    char text[128];
    uint8_t mode;        /* LIT_STEM, LIT_ENDS or LIT_EXACT */
    uint8_t joined;
} tword;

/* Splits s[0..n) into TABARI words. Returns the count, -1 when a word is too long. */
static int split_words(const char *s, size_t n, tword *out, int max, uint8_t kind)
{
    int k = 0;
    size_t i = 0;
    while (i < n) {
        while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '_'))
            i++;
        if (i >= n)
            break;
        size_t a = i;
        while (i < n && s[i] != ' ' && s[i] != '\t' && s[i] != '_')
            i++;
        size_t b = i;
        if (k >= max || b - a >= sizeof out[0].text)
            return -1;
        tword *w = &out[k++];
        uint8_t mode = LIT_STEM;
        int open = 0, exact = 0;
        /* trailing marks: '=' exact, '~' open (stem) */
        while (b > a && (s[b - 1] == '=' || s[b - 1] == '~')) {
            if (s[b - 1] == '=')
                exact = 1;
            else
                open = 1;
            b--;
        }
        memcpy(w->text, s + a, b - a);
        w->text[b - a] = '\0';
        int closed = i < n && s[i] == '_';
        w->joined = closed && i + 1 < n && s[i + 1] != ' ' && s[i + 1] != '\t';
        if (exact)
            mode = LIT_EXACT;
        else if (closed && !open)
            mode = kind;
        w->mode = mode;
    }
    return k;
}

/* The word ids of one TABARI word (a word with an apostrophe may be two tokens); its mode
 * makes the last of them a literal, the others are exact. */
static int word_ids(dict_builder *b, const tword *w, uint32_t *wids, int max, uint8_t *joined)
{
    int m = phrase_tokens(b, w->text, strlen(w->text));
    if (m <= 0 || m > max)
        return 0;
    const parley_doc *sc = b->scratch;
    for (int i = 0; i < m; i++) {
        const token *t = &sc->toks[i];
        char key[160];
        size_t n = t->norm_len;
        if (n + 2 >= sizeof key)
            return 0;
        memcpy(key, t->norm, n);
        if (i == m - 1 && w->mode != LIT_EXACT) {
            key[n++] = LIT_MARK;
            key[n++] = w->mode == LIT_STEM ? 's' : 'e';
            b->d->literals = 1;
        }
        wids[i] = vocab_add(b->d, key, n);
        if (!wids[i])
            return -1;
        if (joined)
            joined[i] = i + 1 < m ? 1 : w->joined;
    }
    return m;
}

int tabari_phrase(dict_builder *b, const char *s, size_t n, uint32_t *wids, int max, uint8_t *joined,
                  uint8_t kind)
{
    tword words[MAX_PHRASE_WORDS];
    int nw = split_words(s, n, words, MAX_PHRASE_WORDS, kind);
    if (nw <= 0)
        return 0;
    int k = 0;
    for (int i = 0; i < nw; i++) {
        int m = word_ids(b, &words[i], wids + k, max - k, joined ? joined + k : NULL);
        if (m <= 0)
            return 0;
        k += m;
    }
    if (joined && k)
        joined[k - 1] = 0;
    return k;
}

int tabari_word_class(dict_builder *b, long line, char *s, uint8_t cls)
{
    s = trim(s);
    if (!*s)
        return 0;
    char *lb = strchr(s, '[');
    if (lb)
        *lb = '\0';
    uint32_t wids[MAX_PHRASE_WORDS];
    int k = tabari_phrase(b, s, strlen(s), wids, MAX_PHRASE_WORDS, NULL, LIT_ENDS);
    if (k <= 0) {
        build_warn(b, line, 1, "cannot read \"%.40s\"", s);
        return 0;
    }
    /* the class belongs to the phrase's head, its last word */
    return wmode_set(b->d, wids[k - 1], cls);
}

/* ---- codes ------------------------------------------------------------------------- */

/* The event code of a root or pattern line: [CODE], with TABARI's '?' (subordinate) and
 * '!' (dominant) marks dropped and [+++] read as no event. Removes the brackets from s.
 * Returns the pool offset+1, 0 when absent; *discard is set for [###]. */
static uint32_t event_code(dict_builder *b, long line, char *s, int *discard)
{
    *discard = 0;
    char *lb = strchr(s, '[');
    if (!lb)
        return 0;
    char *rb = strchr(lb, ']');
    if (!rb) {
        build_warn(b, line, (long)(lb - s) + 1, "unclosed '['");
        *lb = '\0';
        return 0;
    }
    char code[32];
    size_t n = 0;
    for (char *p = lb + 1; p < rb && n + 1 < sizeof code; p++)
        if (*p != ' ' && *p != '\t' && *p != '?' && *p != '!')
            code[n++] = (char)toupper((unsigned char)*p);
    code[n] = '\0';
    /* the rest of the line after the code is not part of the phrase */
    *lb = '\0';
    if (!n) {
        build_warn(b, line, (long)(lb - s) + 1, "empty event code");
        return 0;
    }
    if (strcmp(code, "###") == 0)
        *discard = 1;
    if (strcmp(code, "+++") == 0 || strcmp(code, "###") == 0)
        snprintf(code, sizeof code, "---");
    return pool_add(b->d, code, strlen(code)) + 1;
}

static int add_discard(dict_builder *b, long line, const char *s)
{
    uint32_t wids[MAX_PHRASE_WORDS];
    int k = tabari_phrase(b, s, strlen(s), wids, MAX_PHRASE_WORDS, NULL, LIT_ENDS);
    if (k <= 0) {
        build_warn(b, line, 1, "cannot read discard phrase \"%.40s\"", s);
        return 0;
    }
    uint32_t node = trie_insert(&b->d->discards, wids, (uint32_t)k);
    if (!node)
        return PARLEY_ENOMEM;
    if (!b->d->discards.nodes[node].payload)
        b->d->discards.nodes[node].payload = 1;
    b->d->stats.discards++;
    return 0;
}

/* ---- patterns ------------------------------------------------------------------------ */

#define MAX_ITEMS 96
#define MAX_ALTS 64

/* A pattern being read: a list of units, each one item or a {A | B} group of sequences. */
typedef struct pseq {
    pat_item it[MAX_ITEMS];
    int n;
} pseq;

/* Reads one item at *pp (word, &SET, * $ + % ^), or returns 0 at a brace or bar. */
static int read_item(dict_builder *b, long line, const char **pp, const char *end, pseq *out)
{
    const char *p = *pp;
    const char *q = p;
    while (q < end && *q != ' ' && *q != '\t' && *q != '_' && *q != '{' && *q != '}' && *q != '|')
        q++;
    /* the word's own marks stay with it: "REAL~_", "BAN=" */
    size_t len = (size_t)(q - p);
    int closed = q < end && *q == '_';
    int joined = closed && q + 1 < end && q[1] != ' ' && q[1] != '\t';
    const char *next = q + (closed ? 1 : 0);
    if (!len) {
        *pp = next;
        return 0;
    }
    if (out->n >= MAX_ITEMS)
        return -1;
    pat_item *it = &out->it[out->n];
    memset(it, 0, sizeof *it);
    if (len == 1 && strchr("*$+^%", *p)) {
        it->type = *p == '*' ? 0 : *p == '$' ? PE_SOURCE : *p == '+' ? PE_TARGET
                   : *p == '^' ? PE_SKIP : PE_COMPOUND;
        it->star = *p == '*';
        it->joined = (uint8_t)joined;
        out->n++;
    } else if (*p == '&') {
        uint32_t idx;
        if (synset_index(b, p, len, &idx) < 0)
            return -2;
        it->type = PE_SYNSET;
        it->arg = idx;
        it->joined = (uint8_t)joined;
        out->n++;
    } else {
        /* the word with its closing '_' when it has one, so split_words sees it */
        char buf[160];
        size_t bl = len + (size_t)closed < sizeof buf ? len : sizeof buf - 2;
        memcpy(buf, p, bl);
        if (closed)
            buf[bl++] = '_';
        buf[bl] = '\0';
        tword w[2];
        int nw = split_words(buf, bl, w, 2, LIT_EXACT);
        if (nw != 1) {
            build_warn(b, line, 1, "cannot read pattern word \"%.*s\"", (int)len, p);
        } else {
            w[0].joined = (uint8_t)joined;
            uint32_t wids[8];
            uint8_t jn[8];
            int m = word_ids(b, &w[0], wids, 8, jn);
            if (m < 0)
                return -2;
            for (int i = 0; i < m; i++) {
                if (out->n >= MAX_ITEMS)
                    return -1;
                pat_item *x = &out->it[out->n++];
                memset(x, 0, sizeof *x);
                x->type = PE_WORD;
                x->arg = wids[i];
                x->joined = jn[i];
            }
        }
    }
    *pp = next;
    return 1;
}

/* Expands the pattern body into up to MAX_ALTS item sequences. Returns how many, or a
 * negative PARLEY_E* code; 0 on a syntax error (already reported). */
static int expand_pattern(dict_builder *b, long line, const char *body, pseq *outs)
{
    int nout = 1;
    outs[0].n = 0;
    const char *p = body, *end = body + strlen(body);
    while (p < end) {
        if (*p == ' ' || *p == '\t') {
            p++;
            continue;
        }
        if (*p == '|' || *p == '}') {
            build_warn(b, line, (long)(p - body) + 1, "'%c' outside { }", *p);
            return 0;
        }
        if (*p != '{') {
            int before = outs[0].n;
            pseq one;
            one.n = 0;
            int r = read_item(b, line, &p, end, &one);
            if (r == -2)
                return PARLEY_ENOMEM;
            if (r < 0) {
                build_warn(b, line, 1, "pattern too long");
                return 0;
            }
            (void)before;
            for (int o = 0; o < nout; o++) {
                if (outs[o].n + one.n > MAX_ITEMS) {
                    build_warn(b, line, 1, "pattern too long");
                    return 0;
                }
                memcpy(&outs[o].it[outs[o].n], one.it, sizeof one.it[0] * (size_t)one.n);
                outs[o].n += one.n;
            }
            continue;
        }
        /* { A | B C | ... } */
        const char *close = memchr(p, '}', (size_t)(end - p));
        if (!close) {
            build_warn(b, line, (long)(p - body) + 1, "unclosed '{'");
            return 0;
        }
        pseq alts[16];
        int nalts = 0;
        const char *q = p + 1;
        alts[0].n = 0;
        nalts = 1;
        while (q < close) {
            if (*q == ' ' || *q == '\t' || *q == '_') {
                q++;
                continue;
            }
            if (*q == '|') {
                if (nalts == 16) {
                    build_warn(b, line, 1, "too many alternatives");
                    return 0;
                }
                alts[nalts++].n = 0;
                q++;
                continue;
            }
            if (*q == '{') { /* read_item stops at a brace without moving: it would loop */
                build_warn(b, line, (long)(q - body) + 1, "'{' inside { }");
                return 0;
            }
            int r = read_item(b, line, &q, close, &alts[nalts - 1]);
            if (r == -2)
                return PARLEY_ENOMEM;
            if (r < 0) {
                build_warn(b, line, 1, "pattern too long");
                return 0;
            }
        }
        /* the group's own connector: "}_CONVENTIONS" joins each alternative's last word */
        p = close + 1;
        int joined = p < end && *p == '_' && p + 1 < end && p[1] != ' ' && p[1] != '\t';
        if (p < end && *p == '_')
            p++;
        if (nout * nalts > MAX_ALTS) {
            build_warn(b, line, 1, "too many alternatives in one pattern");
            return 0;
        }
        for (int a = 0; a < nalts; a++)
            if (alts[a].n)
                alts[a].it[alts[a].n - 1].joined = (uint8_t)joined;
        /* the cartesian product, alternative-major so file order is kept per prefix */
        int nnew = 0;
        pseq *tmp = malloc(sizeof *tmp * (size_t)(nout * nalts));
        if (!tmp)
            return PARLEY_ENOMEM;
        for (int o = 0; o < nout; o++)
            for (int a = 0; a < nalts; a++) {
                pseq *t = &tmp[nnew++];
                *t = outs[o];
                if (t->n + alts[a].n > MAX_ITEMS) {
                    build_warn(b, line, 1, "pattern too long");
                    free(tmp);
                    return 0;
                }
                memcpy(&t->it[t->n], alts[a].it, sizeof alts[a].it[0] * (size_t)alts[a].n);
                t->n += alts[a].n;
            }
        memcpy(outs, tmp, sizeof tmp[0] * (size_t)nnew);
        free(tmp);
        nout = nnew;
    }
    return nout;
}

/* TABARI tries a verb's patterns longest first. The length counts the characters of the
 * pattern's words and slots outside its {A | B} alternatives, not the spaces and
 * connectors between them, a synonym set as one; ties go to the longer alternatives, then
 * to file order. (The suite pins this: "IN_*" and "IN_ *" tie and keep their file order,
 * "* DOLLAR" goes before "* &CURRENCY", "* RESISTANCE TO THE INVADING" before
 * "* RESIST { ... }", and "{ TO THE END OF THE EARTH | ...}" before "{ UNTIL HELL ... }".) */
static uint32_t seq_length(const char *p, const char *end)
{
    uint32_t len = 0;
    while (p < end) {
        if (*p == '&') {
            len++;
            while (p < end && *p != ' ' && *p != '\t' && *p != '_' && *p != '{' && *p != '}' && *p != '|')
                p++;
            continue;
        }
        if (*p != ' ' && *p != '\t' && *p != '_' && *p != '~' && *p != '=')
            len++;
        p++;
    }
    return len;
}

static uint32_t pattern_length(const char *body)
{
    uint32_t len = 0, alt = 0;
    const char *p = body, *end = body + strlen(body);
    while (p < end) {
        const char *open = memchr(p, '{', (size_t)(end - p));
        if (!open) {
            len += seq_length(p, end);
            break;
        }
        len += seq_length(p, open);
        const char *close = memchr(open, '}', (size_t)(end - open));
        if (!close)
            close = end;
        uint32_t best = 0;
        for (const char *a = open + 1; a < close;) {
            const char *bar = memchr(a, '|', (size_t)(close - a));
            const char *e = bar ? bar : close;
            uint32_t l = seq_length(a, e);
            best = l > best ? l : best;
            a = bar ? bar + 1 : close;
        }
        alt += best;
        p = close < end ? close + 1 : end;
    }
    return len * 1024 + (alt < 1023 ? alt : 1023);
}

/* ---- verbs ----------------------------------------------------------------------------- */

/* The verb root being read: its block, the words of the root after its first verb form
 * when the root has gaps ("DEATH TOLL RISEN": TOLL RISEN), and its code. */
typedef struct root_ctx {
    int open;
    uint32_t block;
    pat_item rest[MAX_PHRASE_WORDS];
    int nrest;
    uint8_t star_joined;   /* the first rest word follows the verb directly */
    uint32_t code;         /* the root's code when it has a rest */
    uint32_t text;
    long line;
    uint32_t *lengths;     /* per pattern of the block, for the final ordering */
    uint32_t nlen, cap_len;
} root_ctx;

static int add_block_pattern(dict_builder *b, root_ctx *r, long line, uint32_t text, uint32_t code,
                             const pat_item *items, int n, uint32_t length)
{
    pat_item all[MAX_ITEMS + MAX_PHRASE_WORDS];
    int k = 0;
    for (int i = 0; i < n; i++) {
        if (k >= MAX_ITEMS)
            break;
        all[k++] = items[i];
        if (items[i].star && r->nrest) {
            /* the root's own words come right after the verb, then the pattern's */
            uint8_t after = items[i].joined;
            all[k - 1].joined = r->star_joined;
            for (int j = 0; j < r->nrest && k < MAX_ITEMS + MAX_PHRASE_WORDS; j++)
                all[k++] = r->rest[j];
            all[k - 1].joined = after;
        }
    }
    uint32_t before = b->d->npatterns;
    int rc = pattern_add(b, line, text, code, all, k);
    if (rc < 0)
        return rc;
    if (b->d->npatterns != before) {
        if (grow((void **)&r->lengths, r->nlen, &r->cap_len, sizeof *r->lengths) < 0)
            return PARLEY_ENOMEM;
        r->lengths[r->nlen++] = length;
    }
    return 0;
}

typedef struct order_key {
    uint32_t len, seq;
    pattern p;
} order_key;

static int cmp_order(const void *a, const void *b)
{
    const order_key *x = a, *y = b;
    if (x->len != y->len)
        return x->len > y->len ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Ends the root being read: its patterns ordered longest first, then the pattern of the
 * root's own words (for a root with gaps). */
static int close_root(dict_builder *b, root_ctx *r)
{
    if (!r->open)
        return 0;
    r->open = 0;
    parley_dict *d = b->d;
    if (r->nrest) {
        pat_item star = {0, 0, 0, 1};
        int rc = add_block_pattern(b, r, r->line, r->text, r->code, &star, 1, 0);
        if (rc < 0)
            return rc;
    }
    verb_block *blk = &d->blocks[r->block];
    uint32_t n = blk->npat;
    if (n > 1 && n == r->nlen) {
        order_key *keys = malloc(sizeof *keys * n);
        if (!keys)
            return PARLEY_ENOMEM;
        for (uint32_t i = 0; i < n; i++)
            keys[i] = (order_key){r->lengths[i], i, d->patterns[blk->pat_first + i]};
        /* the rest pattern (length 0) stays last */
        qsort(keys, n, sizeof *keys, cmp_order);
        for (uint32_t i = 0; i < n; i++)
            d->patterns[blk->pat_first + i] = keys[i].p;
        free(keys);
    }
    r->nlen = 0;
    return 0;
}

static int read_root(dict_builder *b, root_ctx *r, long line, char *s)
{
    parley_dict *d = b->d;
    int rc = close_root(b, r);
    if (rc < 0)
        return rc;
    uint32_t text = pool_add(d, trim(s), strlen(trim(s)));
    int discard = 0;
    uint32_t code = event_code(b, line, s, &discard);
    /* forms may share the line: "SPEED {SPEEDING SPEEDS SPED}" */
    char *forms = NULL;
    char *lc = strchr(s, '{');
    if (lc) {
        char *rcb = strchr(lc, '}');
        if (rcb)
            *rcb = '\0';
        forms = lc + 1;
        *lc = '\0';
    }
    char *phrase = trim(s);
    if (!*phrase) {
        build_warn(b, line, 1, "verb line without a verb");
        return 0;
    }
    if (discard) {
        /* DAVIS_CUP [###]: a sentence naming it is not coded */
        if ((rc = add_discard(b, line, phrase)) < 0)
            return rc;
    }
    uint32_t w[MAX_PHRASE_WORDS];
    uint8_t jn[MAX_PHRASE_WORDS];
    int k = tabari_phrase(b, phrase, strlen(phrase), w, MAX_PHRASE_WORDS, jn, LIT_ENDS);
    if (k <= 0) {
        build_warn(b, line, 1, "cannot read verb \"%.40s\"", phrase);
        return 0;
    }
    /* the verb form: the words joined to the first one; the rest, with gaps, goes into
     * the patterns */
    int head_n = 1;
    while (head_n < k && jn[head_n - 1])
        head_n++;
    if (GROW(d, blocks, nblocks, cap_blocks) < 0)
        return PARLEY_ENOMEM;
    verb_block *blk = &d->blocks[d->nblocks++];
    memset(blk, 0, sizeof *blk);
    blk->name = pool_add(d, phrase, strlen(phrase));
    blk->pat_first = d->npatterns;
    r->open = 1;
    r->block = d->nblocks - 1;
    r->line = line;
    r->text = text;
    r->nrest = 0;
    r->nlen = 0;
    if (head_n < k) {
        r->star_joined = jn[head_n - 1];
        for (int i = head_n; i < k; i++)
            r->rest[r->nrest++] = (pat_item){PE_WORD, w[i], jn[i], 0};
        r->code = code ? code : pool_add(d, "---", 3) + 1;
        blk->code = 0;
    } else {
        blk->code = code;
    }
    if (wmode_set(d, w[0], WM_VERB) < 0 || add_form(b, line, w, head_n, 0, 0, text, 0) < 0)
        return PARLEY_ENOMEM;
    if (forms) {
        char *save = NULL;
        for (char *f = strtok_r(forms, " \t", &save); f; f = strtok_r(NULL, " \t", &save)) {
            uint32_t fw[MAX_PHRASE_WORDS];
            int fk = tabari_phrase(b, f, strlen(f), fw, MAX_PHRASE_WORDS, NULL, LIT_ENDS);
            if (fk > 0 && (wmode_set(d, fw[0], WM_VERB) < 0 || add_form(b, line, fw, fk, 0, 0, text, 0) < 0))
                return PARLEY_ENOMEM;
        }
    }
    return 0;
}

/* "{ ACTING_ ACTXD_ ACTUALITY }" on the line after a root: more forms of it. */
static int read_forms(dict_builder *b, root_ctx *r, long line, char *s)
{
    if (!r->open) {
        build_warn(b, line, 1, "verb forms without a verb root before them");
        return 0;
    }
    char *rcb = strchr(s, '}');
    if (!rcb) {
        build_warn(b, line, 1, "unclosed '{'");
        return 0;
    }
    *rcb = '\0';
    parley_dict *d = b->d;
    uint32_t text = pool_add(d, trim(s), strlen(trim(s)));
    char *save = NULL;
    for (char *f = strtok_r(s + 1, " \t", &save); f; f = strtok_r(NULL, " \t", &save)) {
        uint32_t fw[MAX_PHRASE_WORDS];
        int fk = tabari_phrase(b, f, strlen(f), fw, MAX_PHRASE_WORDS, NULL, LIT_ENDS);
        if (fk <= 0) {
            build_warn(b, line, 1, "cannot read verb form \"%.40s\"", f);
            continue;
        }
        if (wmode_set(d, fw[0], WM_VERB) < 0 || add_form(b, line, fw, fk, 0, 0, text, 0) < 0)
            return PARLEY_ENOMEM;
    }
    return 0;
}

static int read_tpattern(dict_builder *b, root_ctx *r, long line, char *s)
{
    parley_dict *d = b->d;
    if (!r->open) {
        build_warn(b, line, 1, "pattern without a verb root before it");
        return 0;
    }
    uint32_t text = pool_add(d, trim(s), strlen(trim(s)));
    int discard = 0;
    uint32_t code = event_code(b, line, s, &discard);
    if (!code) {
        build_warn(b, line, 1, "pattern without an event code");
        return 0;
    }
    char *body = s + 1;
    uint32_t length = pattern_length(trim(body)) + 1;
    pseq *alts = malloc(sizeof *alts * MAX_ALTS);
    if (!alts)
        return PARLEY_ENOMEM;
    int n = expand_pattern(b, line, body, alts);
    int rc = n < 0 ? n : 0;
    for (int i = 0; i < n && rc >= 0; i++)
        rc = add_block_pattern(b, r, line, text, code, alts[i].it, alts[i].n, length);
    free(alts);
    return rc;
}

static int synset_member_items(dict_builder *b, uint32_t set, long line, char *m, pseq *seqs,
                               pseq *next);

/* "+MEMBER" of a synset: a word sequence, possibly with &SET references inside
 * ("+&TIETYPES_MEMOS"), which are expanded to every member of the set read so far. */
static int synset_member(dict_builder *b, uint32_t set, long line, char *m)
{
    m = trim(m);
    if (!*m)
        return 0;
    if (m[0] == '&' && !strpbrk(m, "_ \t")) {
        uint32_t ref;
        if (synset_index(b, m, strlen(m), &ref) < 0)
            return PARLEY_ENOMEM;
        /* a plain reference: kept as such and expanded by verbs_finish() */
        if (grow((void **)&b->pend, b->npend, &b->cap_pend, sizeof *b->pend) < 0)
            return PARLEY_ENOMEM;
        b->pend[b->npend++] = (pending_member){set, ref, 0};
        return 0;
    }
    pseq *seqs = malloc(sizeof *seqs * MAX_ALTS * 2);
    if (!seqs)
        return PARLEY_ENOMEM;
    pseq *next = seqs + MAX_ALTS;
    int rc = synset_member_items(b, set, line, m, seqs, next);
    free(seqs);
    return rc;
}

static int synset_member_items(dict_builder *b, uint32_t set, long line, char *m, pseq *seqs, pseq *next)
{
    seqs[0].n = 0;
    int nseq = 1;
    const char *p = m, *end = m + strlen(m);
    while (p < end) {
        if (*p == ' ' || *p == '\t') {
            p++;
            continue;
        }
        if (*p == '{' || *p == '}' || *p == '|') {
            /* read_item stops at these without moving: the loop would never end */
            build_warn(b, line, (long)(p - m) + 1, "'%c' in a synonym set member", *p);
            return 0;
        }
        pseq one;
        one.n = 0;
        int rc = read_item(b, line, &p, end, &one);
        if (rc == -2)
            return PARLEY_ENOMEM;
        if (rc < 0 || one.n == 0)
            continue;
        if (one.it[0].type == PE_SYNSET) {
            /* every member of the referenced set, as read so far */
            uint32_t ref = one.it[0].arg;
            int nn = 0;
            for (uint32_t q = 0; q < b->npend; q++) {
                const pending_member *pm = &b->pend[q];
                if (pm->set != ref || !pm->n)
                    continue;
                for (int s2 = 0; s2 < nseq && nn < MAX_ALTS; s2++) {
                    if (seqs[s2].n + (int)pm->n > MAX_ITEMS)
                        continue;
                    next[nn] = seqs[s2];
                    for (uint32_t x = 0; x < pm->n; x++)
                        next[nn].it[next[nn].n++] = (pat_item){PE_WORD, b->d->form_words[pm->first + x], 1, 0};
                    nn++;
                }
            }
            if (!nn) {
                build_warn(b, line, 1, "synonym set member \"%.40s\" refers to a set with no members yet", m);
                return 0;
            }
            memcpy(seqs, next, sizeof next[0] * (size_t)nn);
            nseq = nn;
        } else if (one.it[0].type == PE_WORD) {
            for (int s2 = 0; s2 < nseq; s2++)
                for (int x = 0; x < one.n && seqs[s2].n < MAX_ITEMS; x++)
                    seqs[s2].it[seqs[s2].n++] = one.it[x];
        } else {
            build_warn(b, line, 1, "actor slot in synonym set member \"%.40s\" is not supported", m);
            return 0;
        }
    }
    for (int s2 = 0; s2 < nseq; s2++) {
        uint32_t w[MAX_ITEMS];
        for (int x = 0; x < seqs[s2].n; x++)
            w[x] = seqs[s2].it[x].arg;
        if (seqs[s2].n && synset_member_add(b, set, w, (uint32_t)seqs[s2].n) < 0)
            return PARLEY_ENOMEM;
    }
    return 0;
}

enum { SEC_NONE, SEC_SYNSETS, SEC_TIME, SEC_NOUN, SEC_ADJ, SEC_OTHER };

/* A section tag line ("<NOUN>", "</NOUN>"): the section it opens, SEC_NONE when it closes
 * one, -1 when the line is not a tag. */
static int section_tag(dict_builder *b, long line, const char *s)
{
    if (s[0] != '<')
        return -1;
    int close = s[1] == '/';
    const char *name = s + 1 + close;
    int sec = starts_with_ci(name, "SYNSETS>")     ? SEC_SYNSETS
              : starts_with_ci(name, "TIME>")      ? SEC_TIME
              : starts_with_ci(name, "NOUN>")      ? SEC_NOUN
              : starts_with_ci(name, "ADJECTIVE>") ? SEC_ADJ
                                                   : SEC_OTHER;
    if (sec == SEC_OTHER && !close)
        build_warn(b, line, 1, "section %.30s is not used by parley: its lines are skipped", s);
    return close ? SEC_NONE : sec;
}

int read_tabari_verbs(dict_builder *b, const char *path, const char *mem, size_t mem_len, parley_error *err)
{
    line_iter it;
    int rc = lines_open(&it, path, mem, mem_len, err);
    if (rc < 0)
        return rc;
    b->d->tabari = 1;
    root_ctx r;
    memset(&r, 0, sizeof r);
    int sec = SEC_NONE;
    uint32_t set = 0;
    int in_set = 0;
    char *line;
    while ((line = lines_next(&it)) != NULL && rc >= 0) {
        long ln = it.lineno;
        if (strncmp(trim(line), "~~", 2) == 0)
            break; /* ~~FINISH */
        tabari_strip_comment(line);
        char *s = trim(line);
        if (!*s || s[0] == '#')
            continue;
        int tag = section_tag(b, ln, s);
        if (tag >= 0) {
            if ((rc = close_root(b, &r)) < 0)
                break;
            sec = tag;
            in_set = 0;
            continue;
        }
        switch (sec) {
        case SEC_SYNSETS:
            if (s[0] == '&') {
                size_t n = strcspn(s, " \t");
                if ((rc = synset_index(b, s, n, &set)) < 0)
                    break;
                if (b->synset_refs[set])
                    build_warn(b, ln, 1, "synonym set %.*s defined twice", (int)n, s);
                b->synset_refs[set] = 1;
                b->d->stats.synsets++;
                in_set = 1;
            } else if (s[0] == '+' && in_set) {
                rc = synset_member(b, set, ln, s + 1);
            } else {
                build_warn(b, ln, 1, "unexpected line in <SYNSETS>: \"%.40s\"", s);
            }
            continue;
        case SEC_TIME: {
            int discard = 0;
            if (s[0] != '-' && event_code(b, ln, s, &discard) && discard)
                rc = add_discard(b, ln, trim(s));
            continue;
        }
        case SEC_NOUN:
            rc = tabari_word_class(b, ln, s, WM_NOUN);
            continue;
        case SEC_ADJ:
            rc = tabari_word_class(b, ln, s, WM_ADJ);
            continue;
        case SEC_OTHER:
            continue;
        default:
            break;
        }
        if (s[0] == '-')
            rc = read_tpattern(b, &r, ln, s);
        else if (s[0] == '{')
            rc = read_forms(b, &r, ln, s);
        else if (s[0] == '&' || s[0] == '+' || s[0] == '~')
            build_warn(b, ln, 1, "unexpected line outside <SYNSETS>: \"%.40s\"", s);
        else
            rc = read_root(b, &r, ln, s);
    }
    if (rc >= 0)
        rc = close_root(b, &r);
    free(r.lengths);
    lines_close(&it);
    if (rc < 0)
        error_set(err, rc, path, it.lineno, 0, NULL, "out of memory");
    return rc < 0 ? rc : 0;
}

/* ---- options ----------------------------------------------------------------------------- */

static int add_option(dict_builder *b, const char *name, const char *value)
{
    parley_dict *d = b->d;
    if (GROW(d, options, noptions, cap_options) < 0)
        return PARLEY_ENOMEM;
    d->options[d->noptions].name = pool_add(d, name, strlen(name));
    d->options[d->noptions].value = pool_add(d, value, strlen(value));
    d->noptions++;
    return 0;
}

/* COMMA: MIN = 4 MAX = 6 EMIN = 3 EMAX = 6 BMIN = 3 BMAX = 8, or COMMA: OFF */
static int comma_command(dict_builder *b, long line, char *s)
{
    static const struct {
        const char *key, *opt;
    } keys[] = {{"EMIN", "comma_emin"}, {"EMAX", "comma_emax"}, {"BMIN", "comma_bmin"},
                {"BMAX", "comma_bmax"}, {"MIN", "comma_min"},   {"MAX", "comma_max"}};
    if (starts_with_ci(trim(s), "OFF")) {
        int rc = add_option(b, "comma_max", "0");
        if (rc == 0)
            rc = add_option(b, "comma_emax", "0");
        if (rc == 0)
            rc = add_option(b, "comma_bmax", "0");
        return rc;
    }
    char *p = s;
    while (*p) {
        while (*p && !isalpha((unsigned char)*p))
            p++;
        if (!*p)
            break;
        char *k = p;
        while (isalpha((unsigned char)*p))
            p++;
        size_t kn = (size_t)(p - k);
        while (*p == ' ' || *p == '\t' || *p == '=')
            p++;
        char *v = p;
        while (isdigit((unsigned char)*p))
            p++;
        if (p == v) {
            build_warn(b, line, (long)(k - s) + 1, "COMMA: %.*s needs a number", (int)kn, k);
            continue;
        }
        char num[16];
        snprintf(num, sizeof num, "%.*s", (int)(p - v), v);
        int found = 0;
        for (size_t i = 0; i < sizeof keys / sizeof keys[0] && !found; i++)
            if (strlen(keys[i].key) == kn && strncasecmp(keys[i].key, k, kn) == 0) {
                found = 1;
                if (add_option(b, keys[i].opt, num) < 0)
                    return PARLEY_ENOMEM;
            }
        if (!found)
            build_warn(b, line, (long)(k - s) + 1, "unknown COMMA: setting %.*s", (int)kn, k);
    }
    return 0;
}

/* DEFAULT: SOURCE [CODE] PRIOR TARGET [CODE] AFTER, or DEFAULT: OFF: codes for a missing
 * source or target (default_source, default_target, default_prior, default_after). */
static int default_command(dict_builder *b, long line, char *s)
{
    s = trim(s);
    if (starts_with_ci(s, "OFF")) {
        int rc = add_option(b, "default_source", "");
        return rc < 0 ? rc : add_option(b, "default_target", "");
    }
    /* PRIOR: the default source when no actor precedes the verb; AFTER: the default target
     * when none follows it. Without them TABARI looks on the other side first. */
    int rc = add_option(b, "default_prior", find_ci(s, "PRIOR") ? "true" : "false");
    if (rc == 0)
        rc = add_option(b, "default_after", find_ci(s, "AFTER") ? "true" : "false");
    if (rc < 0)
        return rc;
    static const char *const sides[] = {"SOURCE", "TARGET"};
    static const char *const opts[] = {"default_source", "default_target"};
    for (int i = 0; i < 2; i++) {
        char *k = find_ci(s, sides[i]);
        char *lb = k ? strchr(k, '[') : NULL;
        char *rb = lb ? strchr(lb, ']') : NULL;
        if (!k)
            continue;
        if (!rb || rb - lb - 1 <= 0 || rb - lb - 1 >= 16) {
            build_warn(b, line, (long)(k - s) + 1, "DEFAULT: %s needs a [CODE]", sides[i]);
            continue;
        }
        char code[16];
        snprintf(code, sizeof code, "%.*s", (int)(rb - lb - 1), lb + 1);
        if ((rc = add_option(b, opts[i], trim(code))) < 0)
            return rc;
    }
    return 0;
}

int tabari_default_options(dict_builder *b)
{
    /* TABARI's own defaults: comma-delimited clauses of 2..10 words set aside inside and at
     * the end of a sentence, initial ones kept; one event per clause; sentences of 8 words
     * or more; negated verbs coded like any other (TABARI leaves negation to patterns:
     * "- HAS { NOT | ... } *") */
    static const char *const defaults[][2] = {
        {"comma_min", "2"},  {"comma_max", "10"}, {"comma_emin", "2"},
        {"comma_emax", "10"}, {"comma_bmin", "0"}, {"comma_bmax", "0"},
        {"subordinate_clauses", "false"}, {"min_sentence_words", "8"}, {"keep_negated", "true"},
        {"adjacent_agents", "true"}};
    int rc = 0;
    for (size_t i = 0; i < sizeof defaults / sizeof defaults[0] && rc >= 0; i++)
        rc = add_option(b, defaults[i][0], defaults[i][1]);
    return rc;
}

int read_tabari_options(dict_builder *b, const char *path, const char *mem, size_t mem_len, parley_error *err)
{
    line_iter it;
    int rc = lines_open(&it, path, mem, mem_len, err);
    if (rc < 0)
        return rc;
    b->d->tabari = 1;
    /* commands that only change TABARI's screens, files and labels */
    static const char *const quiet[] = {"LABEL:", "OUTPUT:", "SET: LABEL", "SET: SKIP",
                                        "SET: VERB USAGE", "SET: ACTOR USAGE", "SET: AGENT USAGE",
                                        "SET: DUP", "SET: YYYY", "SET: TIME SHIFT", "SET: ALLCAPS",
                                        "SET: FBIS", "NONEVENTS:", "ISSUES:", NULL};
    char *line;
    while (rc >= 0 && (line = lines_next(&it)) != NULL) {
        long ln = it.lineno;
        char *s = trim(line);
        if (!*s || strncmp(s, "//", 2) == 0 || s[0] == ';' || s[0] == '#')
            continue;
        if (strncmp(s, "~~", 2) == 0)
            break;
        if (starts_with_ci(s, "COMMA:")) {
            rc = comma_command(b, ln, s + 6);
            continue;
        }
        if (starts_with_ci(s, "DEFAULT:")) {
            rc = default_command(b, ln, s + 8);
            continue;
        }
        if (starts_with_ci(s, "SET: CONVERT AGENT") || starts_with_ci(s, "SET:CONVERT AGENT")) {
            const char *eq = strchr(s, '=');
            int on = eq && (starts_with_ci(trim((char *)eq + 1), "T") || atoi(eq + 1) > 0);
            rc = add_option(b, "lone_agents", on ? "true" : "false");
            continue;
        }
        if (starts_with_ci(s, "SET: MINIMUM WORDS") || starts_with_ci(s, "SET:MINIMUM WORDS")) {
            const char *eq = strchr(s, '=');
            char num[16];
            snprintf(num, sizeof num, "%d", eq ? atoi(eq + 1) : 0);
            if (!eq || atoi(eq + 1) < 0)
                build_warn(b, ln, 1, "SET: MINIMUM WORDS needs \"= N\"");
            else
                rc = add_option(b, "min_sentence_words", num);
            continue;
        }
        /* CODE ALL: every verb, also those nested in a coded phrase; BY CLAUSE (TABARI's
         * default): one event per clause, as parley's subordinate_clauses=false */
        if (starts_with_ci(s, "SET: CODE ALL") || starts_with_ci(s, "SET:CODE ALL")) {
            rc = add_option(b, "subordinate_clauses", "true");
            continue;
        }
        if (starts_with_ci(s, "SET: CODE BY CLAUSE") || starts_with_ci(s, "SET:CODE BY CLAUSE")) {
            rc = add_option(b, "subordinate_clauses", "false");
            continue;
        }
        int known = 0;
        for (int i = 0; quiet[i] && !known; i++)
            known = starts_with_ci(s, quiet[i]);
        if (!known)
            build_warn(b, ln, 1, "option \"%.50s\" is not supported by parley: ignored", s);
    }
    lines_close(&it);
    if (rc < 0)
        error_set(err, rc, path, it.lineno, 0, NULL, "out of memory");
    return rc < 0 ? rc : 0;
}

/* ---- after all files --------------------------------------------------------------------- */

/* A word id W and a shorter literal L it satisfies: tokens with id W must match wherever
 * the dictionary wrote L. */
typedef struct ext_pair {
    uint32_t lit, wid;
} ext_pair;

static int cmp_pair(const void *a, const void *b)
{
    const ext_pair *x = a, *y = b;
    if (x->lit != y->lit)
        return x->lit < y->lit ? -1 : 1;
    return x->wid < y->wid ? -1 : x->wid > y->wid;
}

typedef struct ext_table {
    ext_pair *p;
    uint32_t n, cap;
} ext_table;

static int ext_add(ext_table *t, uint32_t lit, uint32_t wid)
{
    if (!lit || lit == wid)
        return 0;
    if (grow((void **)&t->p, t->n, &t->cap, sizeof *t->p) < 0)
        return PARLEY_ENOMEM;
    t->p[t->n++] = (ext_pair){lit, wid};
    return 0;
}

/* The ids that also match literal lit: [*first, *first + return value) of t->p. */
static uint32_t ext_of(const ext_table *t, uint32_t lit, uint32_t *first)
{
    uint32_t lo = 0, hi = t->n;
    while (lo < hi) {
        uint32_t mid = (lo + hi) / 2;
        if (t->p[mid].lit < lit)
            lo = mid + 1;
        else
            hi = mid;
    }
    uint32_t k = lo;
    while (k < t->n && t->p[k].lit == lit)
        k++;
    *first = lo;
    return k - lo;
}

/* Every (literal, word id) pair: the word's text begins with a stem literal's text, or is
 * a closed literal's text plus a regular ending. */
static int build_ext(const parley_dict *d, ext_table *t)
{
    const strmap *v = &d->vocab;
    for (size_t i = 0; i < v->cap; i++) {
        const strmap_slot *sl = &v->slots[i];
        if (!sl->value)
            continue;
        const char *key = strmap_key(v, sl);
        uint32_t n = sl->key_len;
        if (n >= 2 && key[n - 2] == LIT_MARK)
            n -= 2; /* a literal: its text */
        for (uint32_t k = 1; k <= n; k++)
            if (ext_add(t, literal_get(d, key, k, 's'), sl->value) < 0)
                return PARLEY_ENOMEM;
        for (int e = 0; tabari_endings[e]; e++) {
            uint32_t el = (uint32_t)strlen(tabari_endings[e]);
            if (n <= el || memcmp(key + n - el, tabari_endings[e], el) != 0)
                continue;
            if (ext_add(t, literal_get(d, key, n - el, 'e'), sl->value) < 0)
                return PARLEY_ENOMEM;
        }
    }
    if (t->n) /* qsort(NULL, 0, ...) is undefined behaviour (UBSan aborts on it) */
        qsort(t->p, t->n, sizeof *t->p, cmp_pair);
    return 0;
}

/* The children of every node of a trie as it was before the expansion. */
typedef struct adjacency {
    uint32_t *first;       /* per node: index into edges, nnodes + 1 entries */
    trie_edge *edges;      /* sorted by node */
} adjacency;

static int cmp_edge_node(const void *a, const void *b)
{
    uint64_t x = ((const trie_edge *)a)->key >> 32, y = ((const trie_edge *)b)->key >> 32;
    return x < y ? -1 : x > y;
}

static int adjacency_build(const trie *tr, adjacency *adj)
{
    adj->first = calloc((size_t)tr->nnodes + 1, sizeof *adj->first);
    adj->edges = malloc(sizeof *adj->edges * (tr->nedges ? tr->nedges : 1));
    if (!adj->first || !adj->edges)
        return PARLEY_ENOMEM;
    uint32_t n = 0;
    for (uint32_t i = 0; i < tr->cap_edges; i++)
        if (tr->edges[i].key)
            adj->edges[n++] = tr->edges[i];
    qsort(adj->edges, n, sizeof *adj->edges, cmp_edge_node);
    for (uint32_t i = 0; i < n; i++)
        adj->first[(adj->edges[i].key >> 32) + 1]++;
    for (uint32_t k = 0; k < tr->nnodes; k++)
        adj->first[k + 1] += adj->first[k];
    return 0;
}

/* Makes node a also match everything node b (of the original trie) matches: b's children
 * are linked under a, and where a already has a child for the same word the two are
 * merged. a keeps its own payload (TABARI's longer literal wins); one it lacks comes from
 * b. */
static int trie_merge(trie *tr, const adjacency *adj, uint32_t a, uint32_t b, int depth)
{
    if (a == b || depth > 64)
        return 0;
    if (!tr->nodes[a].payload)
        tr->nodes[a].payload = tr->nodes[b].payload;
    if (b + 1 >= tr->nnodes + 1 || adj->first[b] == adj->first[b + 1])
        return 0;
    for (uint32_t i = adj->first[b]; i < adj->first[b + 1]; i++) {
        uint32_t wid = (uint32_t)adj->edges[i].key, child = adj->edges[i].child;
        uint32_t have = trie_step(tr, a, wid);
        int rc = have ? trie_merge(tr, adj, have, child, depth + 1) : trie_link(tr, a, wid, child);
        if (rc < 0)
            return rc;
    }
    return 0;
}

/* Every edge (node, lit) -> child is also followed by the word ids that match lit. */
static int expand_trie(trie *tr, const ext_table *t)
{
    if (!tr->nnodes)
        return 0;
    adjacency adj = {NULL, NULL};
    int rc = adjacency_build(tr, &adj);
    uint32_t nedges = tr->nedges;
    for (uint32_t i = 0; rc == 0 && i < nedges; i++) {
        const trie_edge e = adj.edges[i];
        uint32_t node = (uint32_t)(e.key >> 32), first;
        uint32_t n = ext_of(t, (uint32_t)e.key, &first);
        for (uint32_t k = 0; k < n && rc == 0; k++) {
            uint32_t wid = t->p[first + k].wid;
            uint32_t have = trie_step(tr, node, wid);
            rc = have ? trie_merge(tr, &adj, have, e.child, 0) : trie_link(tr, node, wid, e.child);
        }
    }
    free(adj.first);
    free(adj.edges);
    return rc;
}

#define MAX_VARIANTS 64

/* The word sequence w[0..n) with every combination of its words replaced by ids that match
 * them (the sequence itself first), at most MAX_VARIANTS; calls fn for each but the first. */
typedef int (*variant_fn)(void *ud, const uint32_t *w, uint32_t n);

static int variants(const ext_table *t, const uint32_t *w, uint32_t n, variant_fn fn, void *ud)
{
    if (n > MAX_ITEMS)
        return 0;
    uint32_t first[MAX_ITEMS], count[MAX_ITEMS], pick[MAX_ITEMS];
    uint32_t total = 1;
    for (uint32_t i = 0; i < n; i++) {
        count[i] = w[i] ? ext_of(t, w[i], &first[i]) : 0;
        pick[i] = 0;
        if (total < MAX_VARIANTS)
            total *= count[i] + 1;
    }
    if (total == 1)
        return 0;
    uint32_t cur[MAX_ITEMS];
    for (uint32_t made = 1; made < MAX_VARIANTS; made++) {
        /* next combination: pick[i] 0 = the word itself, k = its k-th match */
        uint32_t i = 0;
        while (i < n && pick[i] == count[i]) {
            pick[i] = 0;
            i++;
        }
        if (i == n)
            break;
        pick[i]++;
        for (uint32_t k = 0; k < n; k++)
            cur[k] = pick[k] ? t->p[first[k] + pick[k] - 1].wid : w[k];
        int rc = fn(ud, cur, n);
        if (rc < 0)
            return rc;
    }
    return 0;
}

typedef struct pattern_out {
    parley_dict *d;
    pattern *out;
    uint32_t nout, cap;
    pattern base;
} pattern_out;

static int emit_pattern(void *ud, const uint32_t *w, uint32_t n)
{
    pattern_out *po = ud;
    parley_dict *d = po->d;
    pattern q = po->base;
    q.upper_first = d->nelems;
    q.lower_first = d->nelems + q.nupper;
    for (uint32_t x = 0; x < n; x++) {
        if (GROW(d, elems, nelems, cap_elems) < 0)
            return PARLEY_ENOMEM;
        pat_elem c = d->elems[po->base.upper_first + x];
        if (c.type == PE_WORD)
            c.arg = w[x];
        d->elems[d->nelems++] = c;
    }
    if (grow((void **)&po->out, po->nout, &po->cap, sizeof *po->out) < 0)
        return PARLEY_ENOMEM;
    po->out[po->nout++] = q;
    return 0;
}

/* Patterns: after each pattern, its variants with word ids that match its word literals,
 * so the block keeps TABARI's order. */
static int expand_patterns(parley_dict *d, const ext_table *t)
{
    pattern_out po = {d, NULL, 0, 0, {0}};
    int rc = 0;
    for (uint32_t bi = 0; bi < d->nblocks && rc == 0; bi++) {
        verb_block *blk = &d->blocks[bi];
        uint32_t start = po.nout;
        for (uint32_t pi = blk->pat_first; pi < blk->pat_first + blk->npat && rc == 0; pi++) {
            if (grow((void **)&po.out, po.nout, &po.cap, sizeof *po.out) < 0) {
                rc = PARLEY_ENOMEM;
                break;
            }
            po.base = d->patterns[pi];
            po.out[po.nout++] = po.base;
            /* upper and lower elements are stored one after the other */
            uint32_t n = po.base.nupper + po.base.nlower, w[MAX_ITEMS];
            if (n > MAX_ITEMS)
                continue;
            for (uint32_t x = 0; x < n; x++) {
                const pat_elem *el = &d->elems[po.base.upper_first + x];
                w[x] = el->type == PE_WORD ? el->arg : 0;
            }
            rc = variants(t, w, n, emit_pattern, &po);
        }
        blk->pat_first = start;
        blk->npat = po.nout - start;
    }
    if (rc < 0) {
        free(po.out);
        return rc;
    }
    free(d->patterns);
    d->patterns = po.out;
    d->npatterns = po.nout;
    d->cap_patterns = po.cap;
    return 0;
}

typedef struct form_out {
    parley_dict *d;
    verb_form base;
} form_out;

static int emit_form(void *ud, const uint32_t *w, uint32_t n)
{
    form_out *fo = ud;
    parley_dict *d = fo->d;
    verb_form copy = fo->base;
    copy.head = w[copy.npre];
    if (push_words(d, w, copy.npre, &copy.pre_first) < 0 ||
        push_words(d, w + copy.npre + 1, n - copy.npre - 1, &copy.post_first) < 0 ||
        GROW(d, forms, nforms, cap_forms) < 0 || wmode_set(d, copy.head, WM_VERB) < 0)
        return PARLEY_ENOMEM;
    copy.generated = 1;
    d->forms[d->nforms++] = copy;
    return 0;
}

/* Verb forms: a copy for each combination of word ids that match the form's literals,
 * marked as generated so that a word's own written forms keep their priority ("called"
 * of CALLED_ON is still CALL when "on" does not follow). */
static int expand_forms(parley_dict *d, const ext_table *t)
{
    uint32_t n = d->nforms;
    for (uint32_t f = 0; f < n; f++) {
        const verb_form *vf = &d->forms[f];
        uint32_t k = vf->npre + 1 + vf->npost, w[MAX_ITEMS];
        if (k > MAX_ITEMS)
            continue;
        /* form_words is NULL while no form has words around its head: no pointer
         * arithmetic on it then (undefined behaviour, which UBSan reports) */
        if (vf->npre)
            memcpy(w, d->form_words + vf->pre_first, vf->npre * sizeof *w);
        w[vf->npre] = vf->head;
        if (vf->npost)
            memcpy(w + vf->npre + 1, d->form_words + vf->post_first, vf->npost * sizeof *w);
        form_out fo = {d, *vf};
        int rc = variants(t, w, k, emit_form, &fo);
        if (rc < 0)
            return rc;
    }
    return 0;
}

typedef struct member_out {
    dict_builder *b;
    uint32_t set;
} member_out;

static int emit_member(void *ud, const uint32_t *w, uint32_t n)
{
    member_out *mo = ud;
    return synset_member_add(mo->b, mo->set, w, n);
}

/* Synset members: their variants with word ids that match their literals. */
static int expand_members(dict_builder *b, const ext_table *t)
{
    uint32_t n = b->npend;
    for (uint32_t i = 0; i < n; i++) {
        pending_member pm = b->pend[i];
        if (!pm.n || pm.n > MAX_ITEMS)
            continue;
        uint32_t w[MAX_ITEMS];
        memcpy(w, b->d->form_words + pm.first, pm.n * sizeof *w);
        member_out mo = {b, pm.set};
        int rc = variants(t, w, pm.n, emit_member, &mo);
        if (rc < 0)
            return rc;
    }
    return 0;
}

int tabari_finish(dict_builder *b)
{
    parley_dict *d = b->d;
    if (!d->tabari || !d->literals)
        return 0;
    /* TABARI matches a text word against every literal it satisfies; dict_word gives a
     * token one id, the longest. The tables are widened here so that the id also matches
     * where a shorter literal was written: "efforts" (a word of its own in one pattern)
     * still matches the stem EFFORT of another. */
    ext_table t = {NULL, 0, 0};
    int rc = build_ext(d, &t);
    /* a word with no class of its own takes its literals' (<NOUN> GOATS: "goats") */
    for (uint32_t i = 0; rc == 0 && i < t.n; i++) {
        uint8_t cls = t.p[i].lit < d->cap_wmode ? d->wmode[t.p[i].lit] : 0;
        uint8_t own = t.p[i].wid < d->cap_wmode ? d->wmode[t.p[i].wid] : 0;
        if (cls && !own)
            rc = wmode_set(d, t.p[i].wid, cls & (WM_NOUN | WM_ADJ));
    }
    if (rc == 0)
        rc = expand_trie(&d->phrases, &t);
    if (rc == 0)
        rc = expand_trie(&d->discards, &t);
    if (rc == 0)
        rc = expand_forms(d, &t);
    if (rc == 0)
        rc = expand_patterns(d, &t);
    if (rc == 0)
        rc = expand_members(b, &t);
    free(t.p);
    return rc;
}

static int is_word(const token *t, const char *w)
{
    size_t n = strlen(w);
    return t && t->norm_len == n && memcmp(t->norm, w, n) == 0;
}

uint32_t dict_token_tags(const parley_dict *d, const token *t, const token *prev)
{
    uint32_t tags = t->tags;
    uint32_t wid = t->wid;
    if (!d->tabari || !wid || wid >= d->cap_wmode || (tags & T_CLOSED))
        return tags;
    uint8_t m = d->wmode[wid];
    if (m & WM_NOUN)
        return (tags & ~T_VERB) | (tags & T_NOUN ? 0 : T_NN);
    if (m & WM_ADJ)
        tags |= T_JJ;
    if (!(m & WM_VERB))
        return tags;
    /* TABARI knows its verbs from the dictionary alone ("actxd", "departen", "its
     * voice"): a verb word is a verb unless a determiner comes before it ("the restore")
     * or it is capitalised inside the sentence ("To Restore") */
    if (is_word(prev, "a") || is_word(prev, "an") || is_word(prev, "the") ||
        ((t->flags & TF_CAP) && !(t->flags & (TF_SENT_START | TF_ALLCAP))))
        return (tags & ~T_VERB) | (tags & T_NOUN ? 0 : T_NN);
    uint32_t verb = tags & T_VERB;
    if (!verb) {
        const char *norm = t->norm;
        uint32_t n = t->norm_len;
        if (n > 4 && memcmp(norm + n - 3, "ing", 3) == 0)
            verb = T_VBG;
        else if (n > 3 && (memcmp(norm + n - 2, "ed", 2) == 0 || memcmp(norm + n - 2, "en", 2) == 0))
            verb = T_VBD | T_VBN;
        else
            verb = T_VB | T_VBP | T_VBZ | T_VBD;
    }
    return verb;
}
