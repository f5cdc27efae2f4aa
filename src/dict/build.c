/* build.c - load-time helpers: files as lines, the string pool, the vocabulary, phrase
 * tokenisation and the word-id trie. */
#include "build.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/date.h"
#include "../base/document.h"
#include "../text/text.h"

int grow(void **arr, uint32_t n, uint32_t *cap, size_t elem)
{
    if (n < *cap)
        return 0;
    uint32_t nc = *cap ? *cap * 2 : 64;
    void *p = realloc(*arr, (size_t)nc * elem);
    if (!p)
        return -1;
    /* zeroed, so that the padding inside elements is too: a compiled dictionary
     * (compiled.c) holds these bytes, and the same sources must give the same file */
    memset((char *)p + (size_t)*cap * elem, 0, (size_t)(nc - *cap) * elem);
    *arr = p;
    *cap = nc;
    return 0;
}

int lines_open(line_iter *it, const char *path, const char *mem, size_t mem_len, parley_error *err)
{
    memset(it, 0, sizeof *it);
    if (mem) {
        it->buf = malloc(mem_len + 1);
        if (!it->buf) {
            error_set(err, PARLEY_ENOMEM, path, 0, 0, NULL, "out of memory");
            return PARLEY_ENOMEM;
        }
        memcpy(it->buf, mem, mem_len);
        it->len = mem_len;
        it->buf[mem_len] = '\0';
        return 0;
    }
    FILE *f = fopen(path, "rb");
    if (!f) {
        error_set(err, PARLEY_EIO, path, 0, 0, NULL, "cannot open dictionary: %s", strerror(errno));
        return PARLEY_EIO;
    }
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    while (buf) {
        size_t k = fread(buf + n, 1, cap - n - 1, f);
        n += k;
        if (n + 1 < cap)
            break;
        cap *= 2;
        char *nb = realloc(buf, cap);
        if (!nb) {
            free(buf);
            buf = NULL;
        } else {
            buf = nb;
        }
    }
    int bad = ferror(f);
    fclose(f);
    if (!buf || bad) {
        free(buf);
        error_set(err, bad ? PARLEY_EIO : PARLEY_ENOMEM, path, 0, 0, NULL,
                  bad ? "cannot read dictionary" : "out of memory");
        return bad ? PARLEY_EIO : PARLEY_ENOMEM;
    }
    buf[n] = '\0';
    it->buf = buf;
    it->len = n;
    return 0;
}

char *lines_next(line_iter *it)
{
    if (it->pos >= it->len)
        return NULL;
    char *s = it->buf + it->pos;
    char *nl = memchr(s, '\n', it->len - it->pos);
    size_t n = nl ? (size_t)(nl - s) : it->len - it->pos;
    it->pos += n + (nl ? 1 : 0);
    s[n] = '\0';
    if (n && s[n - 1] == '\r')
        s[n - 1] = '\0';
    /* NUL bytes inside a line would cut it silently: make them spaces */
    for (size_t i = 0; i < n; i++)
        if (!s[i] && i + 1 < n)
            s[i] = ' ';
    it->lineno++;
    return s;
}

void lines_close(line_iter *it)
{
    free(it->buf);
    it->buf = NULL;
}

void build_warn(dict_builder *b, long line, long col, const char *fmt, ...)
{
    b->warnings++;
    if (!b->diag)
        return;
    parley_error e;
    memset(&e, 0, sizeof e);
    e.code = PARLEY_ESYNTAX;
    snprintf(e.file, sizeof e.file, "%s", b->file ? b->file : "");
    e.line = line;
    e.column = col;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e.msg, sizeof e.msg, fmt, ap);
    va_end(ap);
    b->diag(b->ud, &e);
}

uint32_t pool_add(parley_dict *d, const char *s, size_t n)
{
    uint32_t v = strmap_get(&d->pool_index, s, n);
    if (v)
        return v - 1;
    if (d->pool_len + n + 1 > d->pool_cap) {
        uint32_t cap = d->pool_cap ? d->pool_cap : 1 << 16;
        while (d->pool_len + n + 1 > cap)
            cap *= 2;
        char *p = realloc(d->pool, cap);
        if (!p)
            return 0;
        d->pool = p;
        d->pool_cap = cap;
    }
    uint32_t off = d->pool_len;
    memcpy(d->pool + off, s, n);
    d->pool[off + n] = '\0';
    d->pool_len += (uint32_t)n + 1;
    strmap_put(&d->pool_index, s, n, off + 1);
    return off;
}

uint32_t vocab_add(parley_dict *d, const char *norm, size_t n)
{
    uint32_t v = strmap_get(&d->vocab, norm, n);
    if (v)
        return v;
    v = ++d->nwords;
    if (strmap_put(&d->vocab, norm, n, v) < 0)
        return 0;
    return v;
}

int wmode_set(parley_dict *d, uint32_t wid, uint8_t bits)
{
    if (wid >= d->cap_wmode) {
        uint32_t nc = d->cap_wmode ? d->cap_wmode : 1024;
        while (nc <= wid)
            nc *= 2;
        uint8_t *p = realloc(d->wmode, nc);
        if (!p)
            return PARLEY_ENOMEM;
        memset(p + d->cap_wmode, 0, nc - d->cap_wmode);
        d->wmode = p;
        d->cap_wmode = nc;
    }
    d->wmode[wid] |= bits;
    return 0;
}

/* TABARI's regular endings, the empty one first (a closed word matches itself too). */
const char *const tabari_endings[] = {"", "s", "es", "ed", "d", "en", "ing", NULL};

/* The id of literal text[0..n) + LIT_MARK + mode, 0 when absent. */
uint32_t literal_get(const parley_dict *d, const char *text, uint32_t n, char mode)
{
    char key[256];
    if (n + 2 > sizeof key)
        return 0;
    memcpy(key, text, n);
    key[n] = LIT_MARK;
    key[n + 1] = mode;
    return strmap_get(&d->vocab, key, n + 2);
}

uint32_t dict_word(const parley_dict *d, const char *norm, uint32_t n)
{
    return dict_word_hashed(d, norm, n, strmap_hash(norm, n));
}

uint32_t dict_word_hashed(const parley_dict *d, const char *norm, uint32_t n, uint64_t hash)
{
    uint32_t w = strmap_get_hashed(&d->vocab, norm, n, hash);
    if (w || !d->literals || !n)
        return w;
    /* the longest literal the word matches: a closed word with a regular ending (DEPART_
     * ~ departed, LIBYA_ ~ libyas), or a stem it begins with (CRITICI ~ criticized) */
    uint32_t best = 0, best_len = 0;
    for (int i = 0; tabari_endings[i]; i++) {
        uint32_t e = (uint32_t)strlen(tabari_endings[i]);
        if (n <= e || memcmp(norm + n - e, tabari_endings[i], e) != 0)
            continue;
        /* -D only after E: deplore ~ deplored */
        if (e == 1 && norm[n - 1] == 'd' && (n < 2 || norm[n - 2] != 'e'))
            continue;
        uint32_t c = literal_get(d, norm, n - e, 'e');
        if (c && n - e > best_len) {
            best = c;
            best_len = n - e;
        }
    }
    for (uint32_t k = n; k > best_len; k--) {
        uint32_t c = literal_get(d, norm, k, 's');
        if (c) {
            best = c;
            break;
        }
    }
    return best;
}

int phrase_tokens(dict_builder *b, const char *s, size_t n)
{
    /* '_' joins words; the tokenizer sees spaces */
    char buf[1024];
    if (n >= sizeof buf)
        return -1;
    memcpy(buf, s, n);
    buf[n] = '\0';
    for (size_t i = 0; i < n; i++)
        if (buf[i] == '_')
            buf[i] = ' ';
    parley_doc *doc = b->scratch;
    doc_reset(doc);
    doc->text = buf;
    doc->text_len = (uint32_t)n;
    int rc = text_tokenize(doc);
    doc->text = NULL;
    doc->text_len = 0;
    return rc < 0 ? -1 : (int)doc->ntoks;
}

int phrase_words(dict_builder *b, const char *s, size_t n, uint32_t *wids, int max, uint8_t *connect)
{
    /* '_' joins words; the tokenizer sees spaces. Remember which gaps were '_'. */
    char buf[1024];
    if (n >= sizeof buf)
        return 0;
    memcpy(buf, s, n);
    buf[n] = '\0';
    for (size_t i = 0; i < n; i++)
        if (buf[i] == '_')
            buf[i] = ' ';
    parley_doc *doc = b->scratch;
    doc_reset(doc);
    doc->text = buf;
    doc->text_len = (uint32_t)n;
    if (text_tokenize(doc) < 0)
        return 0;
    int k = 0;
    for (uint32_t i = 0; i < doc->ntoks; i++) {
        const token *t = &doc->toks[i];
        if (k >= max)
            return 0;
        wids[k] = vocab_add(b->d, t->norm, t->norm_len);
        if (connect) {
            uint32_t gap = i + 1 < doc->ntoks ? doc->toks[i + 1].start : t->end;
            int joined = 0;
            for (uint32_t j = t->end; j < gap; j++)
                if (s[j] == '_')
                    joined = 1;
            /* a clitic written without a gap (GONDOR'S) is adjacent too */
            if (i + 1 < doc->ntoks && gap == t->end)
                joined = 1;
            connect[k] = (uint8_t)joined;
        }
        k++;
    }
    doc->text = NULL;
    doc->text_len = 0;
    return k;
}

void strip_comment(char *line)
{
    int depth = 0;
    for (char *p = line; *p; p++) {
        if (*p == '[' || *p == '{')
            depth++;
        else if ((*p == ']' || *p == '}') && depth > 0)
            depth--;
        else if (*p == '#' && depth == 0) {
            *p = '\0';
            break;
        }
    }
    /* inline XML comments used by PETRARCH files */
    char *c;
    while ((c = strstr(line, "<!--")) != NULL) {
        char *e = strstr(c + 4, "-->");
        if (!e) {
            *c = '\0';
            break;
        }
        memmove(c, e + 3, strlen(e + 3) + 1);
    }
    size_t n = strlen(line);
    while (n && (line[n - 1] == ' ' || line[n - 1] == '\t' || line[n - 1] == '\r'))
        line[--n] = '\0';
}

char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        s[--n] = '\0';
    return s;
}

int dict_parse_date(const char *s, size_t n)
{
    if (n != 6 && n != 8)
        return 0; /* checked first: a long run of digits would overflow v */
    int v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return 0;
        v = v * 10 + (s[i] - '0');
    }
    if (n == 6) {
        int yy = v / 10000;
        v += (yy <= 30 ? 2000 : 1900) * 10000;
    } else if (n != 8) {
        return 0;
    }
    return date_valid(v) ? v : 0;
}

/* ---- trie ------------------------------------------------------------------------ */

static uint64_t edge_hash(uint64_t k)
{
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdull;
    k ^= k >> 33;
    return k;
}

uint32_t trie_probe(const trie *t, uint32_t node, uint32_t wid)
{
    if (!t->cap_edges || !wid)
        return 0;
    uint64_t key = ((uint64_t)node << 32) | wid;
    uint32_t mask = t->cap_edges - 1;
    for (uint32_t i = (uint32_t)edge_hash(key) & mask;; i = (i + 1) & mask) {
        if (t->edges[i].key == key)
            return t->edges[i].child;
        if (!t->edges[i].key)
            return 0;
    }
}

static int edges_grow(trie *t)
{
    uint32_t nc = t->cap_edges ? t->cap_edges * 2 : 1024;
    trie_edge *e = calloc(nc, sizeof *e);
    if (!e)
        return -1;
    for (uint32_t i = 0; i < t->cap_edges; i++) {
        if (!t->edges[i].key)
            continue;
        uint32_t j = (uint32_t)edge_hash(t->edges[i].key) & (nc - 1);
        while (e[j].key)
            j = (j + 1) & (nc - 1);
        e[j] = t->edges[i];
    }
    free(t->edges);
    t->edges = e;
    t->cap_edges = nc;
    return 0;
}

int trie_link(trie *t, uint32_t node, uint32_t wid, uint32_t child)
{
    if ((t->nedges + 1) * 4 >= t->cap_edges * 3 && edges_grow(t) < 0)
        return PARLEY_ENOMEM;
    if (node == 0) {
        if (wid / 64 >= t->nroots) {
            uint32_t n = t->nroots ? t->nroots : 64;
            while (n <= wid / 64)
                n *= 2;
            uint64_t *r = realloc(t->roots, n * sizeof *r);
            if (!r)
                return PARLEY_ENOMEM;
            memset(r + t->nroots, 0, (n - t->nroots) * sizeof *r);
            t->roots = r;
            t->nroots = n;
        }
        t->roots[wid / 64] |= 1ull << (wid % 64);
    }
    uint64_t key = ((uint64_t)node << 32) | wid;
    uint32_t mask = t->cap_edges - 1;
    uint32_t j = (uint32_t)edge_hash(key) & mask;
    while (t->edges[j].key)
        j = (j + 1) & mask;
    t->edges[j].key = key;
    t->edges[j].child = child;
    t->nedges++;
    t->nodes[node].nchildren++;
    return 0;
}

uint32_t trie_insert(trie *t, const uint32_t *wids, uint32_t n)
{
    if (!t->nnodes) {
        if (grow((void **)&t->nodes, 0, &t->cap_nodes, sizeof *t->nodes) < 0)
            return 0;
        memset(&t->nodes[0], 0, sizeof t->nodes[0]);
        t->nnodes = 1;
    }
    uint32_t node = 0;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t c = trie_step(t, node, wids[i]);
        if (!c) {
            if (grow((void **)&t->nodes, t->nnodes, &t->cap_nodes, sizeof *t->nodes) < 0)
                return 0;
            c = t->nnodes++;
            memset(&t->nodes[c], 0, sizeof t->nodes[c]);
            if (trie_link(t, node, wids[i], c) < 0)
                return 0;
        }
        node = c;
    }
    return node;
}

void trie_free(trie *t)
{
    free(t->nodes);
    free(t->edges);
    free(t->roots);
    memset(t, 0, sizeof *t);
}

int dict_plural_roots_build(parley_dict *d)
{
    free(d->plural_roots);
    d->plural_roots = NULL;
    d->cap_plural_roots = 0;
    const trie *t = &d->discards;
    uint32_t n = 0;
    for (size_t i = 0; i < d->vocab.cap; i++)
        n += d->vocab.slots[i].value && trie_is_root(t, d->vocab.slots[i].value);
    if (!n)
        return 0;
    uint32_t cap = 16;
    while (cap < 2 * n)
        cap *= 2;
    uint64_t *set = calloc(cap, sizeof *set);
    char *buf = NULL;
    size_t bufcap = 0;
    if (!set)
        return PARLEY_ENOMEM;
    for (size_t i = 0; i < d->vocab.cap; i++) {
        const strmap_slot *sl = &d->vocab.slots[i];
        uint32_t w = sl->value;
        if (!w || !trie_is_root(t, w))
            continue;
        if (sl->key_len + 2 > bufcap) {
            bufcap = 2 * (sl->key_len + 2);
            char *nb = realloc(buf, bufcap);
            if (!nb) {
                free(buf);
                free(set);
                return PARLEY_ENOMEM;
            }
            buf = nb;
        }
        memcpy(buf, strmap_key(&d->vocab, sl), sl->key_len);
        buf[sl->key_len] = 's';
        uint64_t h = strmap_hash(buf, sl->key_len + 1);
        if (!h)
            h = 1; /* 0 marks an empty slot (a token hashed 0 meets one and is told "may") */
        uint32_t j = (uint32_t)h & (cap - 1);
        while (set[j] && set[j] != h)
            j = (j + 1) & (cap - 1);
        set[j] = h;
    }
    free(buf);
    d->plural_roots = set;
    d->cap_plural_roots = cap;
    return 0;
}
