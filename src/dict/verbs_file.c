/* verbs_file.c - reader for PETRARCH verb dictionaries: synonym sets, verb blocks with
 * their verbs (single and multi-word, with irregular forms) and patterns.
 *
 * Verb forms: the written form, the regular -s/-ed/-ing forms, forms listed in {...} and
 * WordNet's irregular forms of the verb are all recognised (PETRARCH itself generated only
 * the regular ones, missing e.g. "fled" unless a dictionary listed it). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "../lex/inflect.h"
#include "../lex/lexicon.h"
#include "../text/text.h"
#include "build.h"

int push_words(parley_dict *d, const uint32_t *w, uint32_t n, uint32_t *first)
{
    *first = d->nform_words;
    for (uint32_t i = 0; i < n; i++) {
        if (GROW(d, form_words, nform_words, cap_form_words) < 0)
            return PARLEY_ENOMEM;
        d->form_words[d->nform_words++] = w[i];
    }
    return 0;
}

static uint32_t code_of(parley_dict *d, const char *s, size_t n)
{
    return pool_add(d, s, n) + 1;
}

/* Finds "[CODE]" in s, removes it, returns its pool offset+1 (0 when absent). */
uint32_t take_code(dict_builder *b, long line, char *s)
{
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
    char *c = trim((*rb = '\0', lb + 1));
    size_t n = strlen(c);
    if (!n || n >= sizeof code) {
        build_warn(b, line, (long)(lb - s) + 1, "empty or overlong event code");
        *lb = '\0';
        return 0;
    }
    for (size_t i = 0; i < n; i++)
        code[i] = (char)toupper((unsigned char)c[i]);
    code[n] = '\0';
    *lb = '\0';
    return code_of(b->d, code, n);
}

/* ---- synonym sets -------------------------------------------------------------------- */

int synset_index(dict_builder *b, const char *name, size_t n, uint32_t *out)
{
    parley_dict *d = b->d;
    char key[128];
    if (n >= sizeof key)
        n = sizeof key - 1;
    for (size_t i = 0; i < n; i++)
        key[i] = (char)toupper((unsigned char)name[i]);
    while (n && key[n - 1] == '_')
        n--;
    key[n] = '\0';
    uint32_t v = strmap_get(&b->synset_names, key, n);
    if (v) {
        *out = v - 1;
        return 0;
    }
    if (GROW(d, synsets, nsynsets, cap_synsets) < 0 ||
        grow((void **)&b->synset_refs, d->nsynsets, &b->cap_synset_refs, sizeof *b->synset_refs) < 0)
        return PARLEY_ENOMEM;
    synset *s = &d->synsets[d->nsynsets];
    memset(s, 0, sizeof *s);
    s->name = pool_add(d, key, n);
    b->synset_refs[d->nsynsets] = 0;
    *out = d->nsynsets++;
    if (strmap_put(&b->synset_names, key, n, *out + 1) < 0)
        return PARLEY_ENOMEM;
    return 0;
}

/* Members are collected per synset in the order read; a member naming another set is kept
 * as a reference (n == 0, first = set index) and expanded by verbs_finish(). */

#define pend (b->pend)
#define npend (b->npend)
#define cap_pend (b->cap_pend)

int synset_member_add(dict_builder *b, uint32_t set, const uint32_t *w, uint32_t n)
{
    uint32_t first;
    if (grow((void **)&pend, npend, &cap_pend, sizeof *pend) < 0 || push_words(b->d, w, n, &first) < 0)
        return PARLEY_ENOMEM;
    pend[npend++] = (pending_member){set, first, n};
    return 0;
}

static int add_member(dict_builder *b, uint32_t set, long line, char *m, int plurals)
{
    parley_dict *d = b->d;
    m = trim(m);
    size_t n = strlen(m);
    if (!n)
        return 0;
    if (grow((void **)&pend, npend, &cap_pend, sizeof *pend) < 0)
        return PARLEY_ENOMEM;
    if (m[0] == '&') {
        uint32_t ref;
        if (synset_index(b, m, n, &ref) < 0)
            return PARLEY_ENOMEM;
        pend[npend++] = (pending_member){set, ref, 0};
        return 0;
    }
    int exact = 0;
    while (n && m[n - 1] == '_') {
        m[--n] = '\0';
        exact = 1;
    }
    uint32_t w[MAX_PHRASE_WORDS];
    int k = phrase_words(b, m, n, w, MAX_PHRASE_WORDS, NULL);
    if (k <= 0) {
        build_warn(b, line, 1, "cannot read synonym \"%.40s\"", m);
        return 0;
    }
    uint32_t first;
    if (push_words(d, w, (uint32_t)k, &first) < 0)
        return PARLEY_ENOMEM;
    pend[npend++] = (pending_member){set, first, (uint32_t)k};
    if (plurals && !exact) {
        /* the plural of the last word: DOLLAR -> DOLLARS */
        char buf[256];
        size_t blen = 0;
        /* the last word of the phrase text */
        char *last = m + n;
        while (last > m && last[-1] != ' ' && last[-1] != '_')
            last--;
        char low[128];
        size_t ln = text_normalize_buf(last, strlen(last), low, sizeof low);
        if (ln && ln < sizeof low - 4 && (blen = inflect_s(low, buf, sizeof buf)) > 0) {
            uint32_t pw[MAX_PHRASE_WORDS];
            memcpy(pw, w, (size_t)k * sizeof *w);
            pw[k - 1] = vocab_add(d, buf, blen);
            if (push_words(d, pw, (uint32_t)k, &first) < 0 ||
                grow((void **)&pend, npend, &cap_pend, sizeof *pend) < 0)
                return PARLEY_ENOMEM;
            pend[npend++] = (pending_member){set, first, (uint32_t)k};
        }
    }
    return 0;
}

/* ---- verbs --------------------------------------------------------------------------- */

typedef struct verb_ctx {
    uint32_t block;       /* current block index + 1, 0 = none */
} verb_ctx;

/* Splits a verb phrase ("+BREAK_DOWN", "WIRE_+TAP", "LASH OUT") into word ids and the index
 * of the inflected word. Returns the number of words, 0 on error. */
static int verb_words(dict_builder *b, long line, char *s, uint32_t *w, int *head, char *head_norm,
                      size_t head_cap)
{
    char buf[512];
    size_t n = 0;
    *head = -1;
    int word = 0, at_start = 1;
    for (char *p = trim(s); *p && n + 1 < sizeof buf; p++) {
        if (*p == '+' && at_start) {
            *head = word;
            continue;
        }
        if (*p == '_' || *p == ' ') {
            if (!at_start) {
                buf[n++] = ' ';
                word++;
            }
            at_start = 1;
            continue;
        }
        at_start = 0;
        buf[n++] = *p;
    }
    while (n && buf[n - 1] == ' ')
        n--;
    buf[n] = '\0';
    int k = phrase_words(b, buf, n, w, MAX_PHRASE_WORDS, NULL);
    if (k <= 0) {
        build_warn(b, line, 1, "cannot read verb \"%.40s\"", s);
        return 0;
    }
    if (*head < 0 || *head >= k)
        *head = 0;
    const token *t = &b->scratch->toks[*head];
    if (t->norm_len >= head_cap)
        return 0;
    memcpy(head_norm, t->norm, t->norm_len);
    head_norm[t->norm_len] = '\0';
    return k;
}

int add_form(dict_builder *b, long line, const uint32_t *w, int k, int head, uint32_t code,
                    uint32_t text, int generated)
{
    parley_dict *d = b->d;
    if (GROW(d, forms, nforms, cap_forms) < 0)
        return PARLEY_ENOMEM;
    verb_form f;
    memset(&f, 0, sizeof f);
    f.head = w[head];
    if (push_words(d, w, (uint32_t)head, &f.pre_first) < 0 ||
        push_words(d, w + head + 1, (uint32_t)(k - head - 1), &f.post_first) < 0)
        return PARLEY_ENOMEM;
    f.npre = (uint32_t)head;
    f.npost = (uint32_t)(k - head - 1);
    f.block = b->d->nblocks - 1;
    f.code = code;
    f.file = b->file_index;
    f.line = (uint32_t)line;
    f.text = text;
    f.generated = (uint8_t)generated;
    d->forms[d->nforms++] = f;
    d->stats.verbs++;
    return 0;
}

/* The word ids' head replaced by each generated form of it. */
static int add_generated(dict_builder *b, long line, uint32_t *w, int k, int head, uint32_t code,
                         uint32_t text, const char *base)
{
    parley_dict *d = b->d;
    char buf[160];
    size_t n;
    uint32_t orig = w[head];
    if ((n = inflect_s(base, buf, sizeof buf)) && (w[head] = vocab_add(d, buf, n)) &&
        add_form(b, line, w, k, head, code, text, 1) < 0)
        return PARLEY_ENOMEM;
    if ((n = inflect_ed(base, buf, sizeof buf)) && (w[head] = vocab_add(d, buf, n)) &&
        add_form(b, line, w, k, head, code, text, 1) < 0)
        return PARLEY_ENOMEM;
    if ((n = inflect_ing(base, buf, sizeof buf)) && (w[head] = vocab_add(d, buf, n)) &&
        add_form(b, line, w, k, head, code, text, 1) < 0)
        return PARLEY_ENOMEM;
    /* WordNet's irregular forms, when the written verb is a base form */
    const lex_rec *r = lex_find(base, strlen(base));
    if (r && (r->tags & T_VB) && lex_lemma(r) == r) {
        const lex_rec *irr[16];
        size_t m = lex_irregular(r, irr, 16);
        for (size_t i = 0; i < m && i < 16; i++) {
            const char *f = lex_form(irr[i]);
            w[head] = vocab_add(d, f, strlen(f));
            if (add_form(b, line, w, k, head, code, text, 1) < 0)
                return PARLEY_ENOMEM;
        }
    }
    w[head] = orig;
    return 0;
}

static int read_verb_line(dict_builder *b, long line, char *s)
{
    parley_dict *d = b->d;
    uint32_t text = pool_add(d, trim(s), strlen(trim(s)));
    uint32_t code = take_code(b, line, s);
    char *forms = NULL;
    char *lc = strchr(s, '{');
    if (lc) {
        char *rc = strchr(lc, '}');
        if (!rc) {
            build_warn(b, line, (long)(lc - s) + 1, "unclosed '{'");
            return 0;
        }
        *rc = '\0';
        forms = lc + 1;
        *lc = '\0';
    }
    uint32_t w[MAX_PHRASE_WORDS];
    int head;
    char base[128];
    int k = verb_words(b, line, s, w, &head, base, sizeof base);
    if (!k)
        return 0;
    if (add_form(b, line, w, k, head, code, text, 0) < 0 ||
        add_generated(b, line, w, k, head, code, text, base) < 0)
        return PARLEY_ENOMEM;
    if (forms) {
        char *save = NULL;
        for (char *f = strtok_r(forms, " \t", &save); f; f = strtok_r(NULL, " \t", &save)) {
            uint32_t fw[MAX_PHRASE_WORDS];
            int fh;
            char fbase[128];
            int fk = verb_words(b, line, f, fw, &fh, fbase, sizeof fbase);
            if (fk && add_form(b, line, fw, fk, fh, code, text, 0) < 0)
                return PARLEY_ENOMEM;
        }
    }
    return 0;
}

/* ---- patterns ------------------------------------------------------------------------ */

static int parse_items(dict_builder *b, long line, char *body, pat_item *items, int max)
{
    int n = 0;
    char *p = body;
    while (*p) {
        if (*p == ' ' || *p == '\t' || *p == '{' || *p == '}' || *p == '(' || *p == ')') {
            p++;
            continue;
        }
        if (*p == '_') {
            if (n)
                items[n - 1].joined = 1;
            p++;
            continue;
        }
        char *q = p;
        while (*q && *q != ' ' && *q != '\t' && *q != '_' && *q != '{' && *q != '}' && *q != '(' &&
               *q != ')')
            q++;
        size_t len = (size_t)(q - p);
        if (n >= max)
            return -1;
        pat_item *it = &items[n];
        memset(it, 0, sizeof *it);
        if (len == 1 && strchr("*$+^%", *p)) {
            it->type = *p == '*' ? 0 : *p == '$' ? PE_SOURCE : *p == '+' ? PE_TARGET
                       : *p == '^' ? PE_SKIP : PE_COMPOUND;
            it->star = *p == '*';
            n++;
        } else if (*p == '&') {
            uint32_t idx;
            if (synset_index(b, p, len, &idx) < 0)
                return -2;
            it->type = PE_SYNSET;
            it->arg = idx;
            n++;
        } else {
            uint32_t w[MAX_PHRASE_WORDS];
            int k = phrase_words(b, p, len, w, MAX_PHRASE_WORDS, NULL);
            for (int i = 0; i < k; i++) {
                if (n >= max)
                    return -1;
                memset(&items[n], 0, sizeof items[n]);
                items[n].type = PE_WORD;
                items[n].arg = w[i];
                if (i + 1 < k)
                    items[n].joined = 1;
                n++;
            }
            if (k <= 0)
                build_warn(b, line, (long)(p - body) + 1, "cannot read pattern word \"%.*s\"", (int)len, p);
        }
        p = q;
    }
    return n;
}

static int read_pattern(dict_builder *b, long line, char *s)
{
    parley_dict *d = b->d;
    if (!d->nblocks) {
        build_warn(b, line, 1, "pattern outside a verb block");
        return 0;
    }
    uint32_t text = pool_add(d, trim(s), strlen(trim(s)));
    uint32_t code = take_code(b, line, s);
    if (!code) {
        build_warn(b, line, 1, "pattern without an event code");
        return 0;
    }
    pat_item items[96];
    int n = parse_items(b, line, s + 1, items, 96);
    if (n == -2)
        return PARLEY_ENOMEM;
    if (n < 0) {
        build_warn(b, line, 1, "pattern too long");
        return 0;
    }
    return pattern_add(b, line, text, code, items, n);
}

int pattern_add(dict_builder *b, long line, uint32_t text, uint32_t code, const pat_item *items, int n)
{
    parley_dict *d = b->d;
    int star = -1;
    for (int i = 0; i < n; i++)
        if (items[i].star) {
            if (star >= 0) {
                build_warn(b, line, 1, "pattern with more than one '*'");
                return 0;
            }
            star = i;
        }
    if (star < 0) {
        build_warn(b, line, 1, "pattern without '*'");
        return 0;
    }
    if (GROW(d, patterns, npatterns, cap_patterns) < 0)
        return PARLEY_ENOMEM;
    pattern *pt = &d->patterns[d->npatterns];
    memset(pt, 0, sizeof *pt);
    pt->code = code;
    pt->file = b->file_index;
    pt->line = (uint32_t)line;
    pt->text = text;
    /* upper: nearest the verb first; adjacent when joined to the item after it */
    pt->upper_first = d->nelems;
    for (int i = star - 1; i >= 0; i--) {
        if (GROW(d, elems, nelems, cap_elems) < 0)
            return PARLEY_ENOMEM;
        d->elems[d->nelems++] = (pat_elem){items[i].type, items[i].joined, items[i].arg};
        pt->nupper++;
    }
    pt->lower_first = d->nelems;
    for (int i = star + 1; i < n; i++) {
        if (GROW(d, elems, nelems, cap_elems) < 0)
            return PARLEY_ENOMEM;
        d->elems[d->nelems++] = (pat_elem){items[i].type, items[i - 1].joined, items[i].arg};
        pt->nlower++;
    }
    d->npatterns++;
    d->blocks[d->nblocks - 1].npat++;
    d->stats.patterns++;
    return 0;
}

static int read_block_header(dict_builder *b, long line, char *s)
{
    parley_dict *d = b->d;
    /* --- LABEL [CODE] --- */
    char *p = s + 3;
    /* the closing dashes come after the code, which may itself be [---] */
    char *rb = strrchr(p, ']');
    char *end = strstr(rb ? rb : p, "---");
    if (end)
        *end = '\0';
    uint32_t code = take_code(b, line, p);
    char *label = trim(p);
    if (GROW(d, blocks, nblocks, cap_blocks) < 0)
        return PARLEY_ENOMEM;
    verb_block *blk = &d->blocks[d->nblocks++];
    memset(blk, 0, sizeof *blk);
    blk->code = code;
    blk->name = pool_add(d, label, strlen(label));
    blk->pat_first = d->npatterns;
    return 0;
}

int read_verbs(dict_builder *b, const char *path, const char *mem, size_t mem_len, parley_error *err)
{
    line_iter it;
    int rc = lines_open(&it, path, mem, mem_len, err);
    if (rc < 0)
        return rc;
    int in_synset = 0;
    uint32_t set = 0;
    int set_plurals = 1;
    char *line;
    while ((line = lines_next(&it)) != NULL) {
        long ln = it.lineno;
        if (strncmp(line, "<!", 2) == 0)
            continue;
        int blank = !*trim(line);
        strip_comment(line);
        char *s = trim(line);
        if (!*s) {
            if (blank) /* a comment line does not end a synonym set, a blank line does */
                in_synset = 0;
            continue;
        }
        if (s[0] == '&') {
            size_t n = strcspn(s, " \t");
            set_plurals = s[n - 1] != '_';
            if ((rc = synset_index(b, s, n, &set)) < 0)
                break;
            if (b->synset_refs[set])
                build_warn(b, ln, 1, "synonym set %.*s defined twice", (int)n, s);
            b->synset_refs[set] = 1;
            in_synset = 1;
            b->d->stats.synsets++;
            continue;
        }
        if (s[0] == '+' && in_synset) {
            if ((rc = add_member(b, set, ln, s + 1, set_plurals)) < 0)
                break;
            continue;
        }
        in_synset = 0;
        if (strncmp(s, "---", 3) == 0) {
            if ((rc = read_block_header(b, ln, s)) < 0)
                break;
            continue;
        }
        if (s[0] == '-') {
            if ((rc = read_pattern(b, ln, s)) < 0)
                break;
            continue;
        }
        if (s[0] == '~')
            continue; /* transformations: not applied */
        if (!b->d->nblocks) {
            build_warn(b, ln, 1, "verb \"%.40s\" outside a verb block", s);
            continue;
        }
        if ((rc = read_verb_line(b, ln, s)) < 0)
            break;
    }
    lines_close(&it);
    if (rc < 0)
        error_set(err, rc, path, it.lineno, 0, NULL, "out of memory");
    return rc < 0 ? rc : 0;
}

/* Builds the word -> synsets index of one end of the members (last words when `last`):
 * offsets per word id (nwords + 2 of them) and the synset ids, ascending per word, each
 * once; *count gets the number of ids. */
static int index_synsets(parley_dict *d, int last, uint32_t **at_out, uint32_t **sets_out,
                         uint32_t *count)
{
    uint32_t nat = d->nwords + 2;
    uint32_t *at = calloc(nat, sizeof *at);
    uint32_t *sets = malloc(sizeof *sets * (d->nsyn_members ? d->nsyn_members : 1));
    free(*at_out);
    free(*sets_out);
    *at_out = at;
    *sets_out = sets;
    if (!at || !sets)
        return PARLEY_ENOMEM;
    /* the word a member of synset s begins (ends) with */
#define END_WORD(m) d->form_words[(m)->first + (last ? (m)->n - 1 : 0)]
    /* counts per word (in at[w + 1]), then offsets, then the ids in synset order */
    for (uint32_t s = 0; s < d->nsynsets; s++)
        for (uint32_t i = 0; i < d->synsets[s].nmem; i++) {
            const syn_member *m = &d->syn_members[d->synsets[s].mem_first + i];
            if (END_WORD(m) <= d->nwords)
                at[END_WORD(m) + 1]++;
        }
    for (uint32_t w = 1; w < nat; w++)
        at[w] += at[w - 1];
    uint32_t *fill = calloc(nat, sizeof *fill);
    if (!fill)
        return PARLEY_ENOMEM;
    for (uint32_t s = 0; s < d->nsynsets; s++)
        for (uint32_t i = 0; i < d->synsets[s].nmem; i++) {
            const syn_member *m = &d->syn_members[d->synsets[s].mem_first + i];
            uint32_t w = END_WORD(m);
            if (w > d->nwords)
                continue;
            uint32_t *slot = &sets[at[w] + fill[w]];
            if (fill[w] && slot[-1] == s)
                continue; /* two members of s begin with w: once is enough */
            *slot = s;
            fill[w]++;
        }
#undef END_WORD
    /* close the gaps the duplicates left: each word's ids move down to follow the last */
    uint32_t n = 0;
    for (uint32_t w = 0; w + 1 < nat; w++) {
        uint32_t from = at[w];
        at[w] = n;
        memmove(sets + n, sets + from, sizeof *sets * fill[w]);
        n += fill[w];
    }
    at[nat - 1] = n;
    free(fill);
    *count = n;
    return 0;
}

/* Expands member references (&SET inside a set), once all files are read, and indexes verb
 * forms by their head word. */
int verbs_finish(dict_builder *b)
{
    parley_dict *d = b->d;
    /* The coder takes d->elems + offset (and form_words + offset) even for a pattern or
     * form with nothing there; with no pattern elements at all the arrays would be NULL,
     * and NULL + 0 is undefined behaviour (clang's UBSan stops on it; fuzz dict_verbs). */
    if (GROW(d, elems, nelems, cap_elems) < 0 ||
        GROW(d, form_words, nform_words, cap_form_words) < 0)
        return PARLEY_ENOMEM;
    /* members grouped per set, references expanded to the referenced set's own members */
    for (uint32_t s = 0; s < d->nsynsets; s++) {
        d->synsets[s].mem_first = d->nsyn_members;
        uint32_t stack[8], depth = 0;
        stack[depth++] = s;
        while (depth) {
            uint32_t cur = stack[--depth];
            for (uint32_t i = 0; i < npend; i++) {
                if (pend[i].set != cur)
                    continue;
                if (pend[i].n == 0) {
                    if (depth < 8 && pend[i].first != s)
                        stack[depth++] = pend[i].first;
                    continue;
                }
                if (GROW(d, syn_members, nsyn_members, cap_syn_members) < 0)
                    return PARLEY_ENOMEM;
                d->syn_members[d->nsyn_members++] = (syn_member){pend[i].first, pend[i].n};
                d->synsets[s].nmem++;
            }
        }
        if (!b->synset_refs[s]) {
            b->file = NULL;
            build_warn(b, 0, 0, "synonym set %s is used but never defined: its patterns never match",
                       d->pool + d->synsets[s].name);
        }
    }
    free(pend);
    pend = NULL;
    npend = cap_pend = 0;

    /* word -> the synsets it starts or ends a member of, for a quick rejection while
     * matching (dict_synset_may) */
    if (index_synsets(d, 0, &d->syn_first_at, &d->syn_first, &d->nsyn_first) < 0 ||
        index_synsets(d, 1, &d->syn_last_at, &d->syn_last, &d->nsyn_last) < 0)
        return PARLEY_ENOMEM;
    d->nsyn_at = d->nwords + 2;

    free(d->form_head);
    d->form_head = calloc((size_t)d->nwords + 1, sizeof *d->form_head);
    if (!d->form_head)
        return PARLEY_ENOMEM;
    d->nform_head = d->nwords + 1;
    /* chain in reverse so each chain lists forms in file order */
    for (uint32_t i = d->nforms; i-- > 0;) {
        verb_form *f = &d->forms[i];
        f->next = d->form_head[f->head];
        d->form_head[f->head] = i + 1;
    }
    return 0;
}

uint32_t dict_synset_match(const parley_dict *d, uint32_t s, const uint32_t *wids, uint32_t n)
{
    const synset *ss = &d->synsets[s];
    uint32_t best = 0;
    for (uint32_t i = 0; i < ss->nmem; i++) {
        const syn_member *m = &d->syn_members[ss->mem_first + i];
        if (m->n > n || m->n <= best)
            continue;
        if (memcmp(d->form_words + m->first, wids, m->n * sizeof *wids) == 0)
            best = m->n;
    }
    return best;
}
