/* tokenize.c - words, numbers, clitics and punctuation with byte offsets.
 *
 * Follows the Penn Treebank conventions the peer dictionaries assume: possessive 's and
 * negative n't are tokens of their own ("didn't" -> did n't, "can't" -> ca n't), while
 * abbreviations keep their periods (U.S., Gen., Jan.), hyphenated words stay whole
 * (Iran-backed, al-Sadr) and numbers keep their separators (2,300; 7.8; 10:30). */
#include <string.h>
#include <utf8proc.h>

#include "../base/strmap.h"
#include "../base/wordset.h"
#include "../lex/lexicon.h"
#include "text.h"

/* Byte classes as one table: the scanner asks about every byte of the text. Bytes from
 * 0x80 (UTF-8 sequences) have none: the scanner decodes them. So does NUL, which ends the
 * text (doc->text is NUL-terminated): the byte loops need no bound test. */
enum { A_SPACE = 1, A_WORD = 2 };
#define ACLASS(c)                                                                          \
    ((c) >= 0x80 ? 0                                                                       \
     : (c) == ' ' || (c) == '_' || ((c) >= '\t' && (c) <= '\r') ? A_SPACE                \
     : ((c) >= 'a' && (c) <= 'z') || ((c) >= 'A' && (c) <= 'Z') || ((c) >= '0' && (c) <= '9') \
         ? A_WORD : 0)
#define AC4(c) ACLASS(c), ACLASS((c) + 1), ACLASS((c) + 2), ACLASS((c) + 3)
#define AC16(c) AC4(c), AC4((c) + 4), AC4((c) + 8), AC4((c) + 12)
#define AC64(c) AC16(c), AC16((c) + 16), AC16((c) + 32), AC16((c) + 48)
static const unsigned char aclass[256] = {AC64(0), AC64(64), AC64(128), AC64(192)};

static inline int is_space_cp(uint32_t c)
{
    if (c < 0x80)
        return aclass[c] & A_SPACE;
    /* '_' joins words in dictionaries (Dol_Amroth): in text it separates them too */
    return c == ' ' || c == '_' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' ||
           c == 0xa0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200b) || c == 0x2028 ||
           c == 0x2029 || c == 0x202f || c == 0x205f || c == 0x3000 || c == 0xfeff;
}

static inline int is_word_cp(uint32_t c)
{
    if (c < 0x80)
        return aclass[c] & A_WORD;
    utf8proc_category_t cat = utf8proc_category((utf8proc_int32_t)c);
    return (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_NO);
}

static inline int is_upper_cp(uint32_t c)
{
    if (c < 0x80)
        return c >= 'A' && c <= 'Z';
    utf8proc_category_t cat = utf8proc_category((utf8proc_int32_t)c);
    return cat == UTF8PROC_CATEGORY_LU || cat == UTF8PROC_CATEGORY_LT;
}

static inline int is_lower_cp(uint32_t c)
{
    if (c < 0x80)
        return c >= 'a' && c <= 'z';
    return utf8proc_category((utf8proc_int32_t)c) == UTF8PROC_CATEGORY_LL;
}

static int is_digit_cp(uint32_t c)
{
    return c >= '0' && c <= '9';
}

static int is_apos_cp(uint32_t c)
{
    return c == '\'' || c == 0x2019 || c == 0x2018 || c == 0x02bc;
}

static int is_hyphen_cp(uint32_t c)
{
    return c == '-' || c == 0x2010 || c == 0x2011 || c == 0x2013;
}

static int is_dash_cp(uint32_t c)
{
    return c == '-' || (c >= 0x2010 && c <= 0x2015) || c == 0x2212;
}

static int is_quote_cp(uint32_t c)
{
    return c == '"' || c == 0x201c || c == 0x201d || c == 0x201e || c == 0xab || c == 0xbb ||
           c == '`' || is_apos_cp(c);
}

typedef struct scanner {
    const unsigned char *s;
    size_t n;
} scanner;

static inline uint32_t cp_at(const scanner *sc, size_t i, int *len)
{
    if (i >= sc->n) {
        *len = 0;
        return 0;
    }
    if (sc->s[i] < 0x80) { /* most news text is ASCII: no decoding call */
        *len = 1;
        return sc->s[i];
    }
    return utf8_decode(sc->s + i, sc->n - i, len);
}

/* Lower-case ASCII letters of s[i..j) compared with a word of k letters. */
static inline int word_is_n(const scanner *sc, size_t i, size_t j, const char *w, size_t k)
{
    if (j - i != k)
        return 0;
    for (size_t x = 0; x < k; x++) {
        unsigned char c = sc->s[i + x];
        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c + 32);
        if (c != (unsigned char)w[x])
            return 0;
    }
    return 1;
}

/* ... with a string literal: its length is known at compile time, so most calls end at
 * the length test (this runs for every word). */
#define word_is(sc, i, j, lit) word_is_n(sc, i, j, lit, sizeof(lit) - 1)

/* Abbreviations that keep their period, as one word set: the scanner asks about every word
 * followed by a period. */
static const char *const ABBREVS[] = {
    "mr", "mrs", "ms", "dr", "gen", "lt", "col", "maj", "capt", "sgt", "adm", "brig", "cmdr",
    "sen", "rep", "gov", "pres", "prof", "rev", "st", "jr", "sr", "co", "corp", "inc", "ltd",
    "bros", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "vs", "etc", "mt", "ft", "dept", "est", "approx", "fig", "gens", "lieut", "cpl", "pvt",
    "supt", "insp", "det", "hon", "messrs", "mme", "mlle", "sec", "atty", "u.s", "u.n", "u.k",
    "e.g", "i.e", "a.m", "p.m", NULL,
};
static wordset abbrev_set = WORDSET(ABBREVS);

/* Is s[i..j) one of ABBREVS, in any case? (Only ASCII letters are lowered, as word_is
 * does: a word with other bytes is none.) */
static int is_abbrev(const scanner *sc, size_t i, size_t j)
{
    char w[16]; /* longer than any abbreviation */
    size_t n = j - i;
    if (n == 0 || n >= sizeof w)
        return 0;
    for (size_t k = 0; k < n; k++) {
        unsigned char c = sc->s[i + k];
        if (c >= 0x80)
            return 0;
        w[k] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    w[n] = '\0';
    return wordset_has(&abbrev_set, w, strmap_hash(w, n));
}

/* Length of a word starting at i (which is a word character). */
static size_t scan_word(const scanner *sc, size_t i, uint32_t *flags)
{
    size_t j = i;
    int len;
    size_t seg_start = i; /* start of the current period-separated segment */
    int has_inner_period = 0;
    for (;;) {
        uint32_t c;
        /* the run of word characters: ASCII ones by the table alone (the text's closing
         * NUL ends the run), others decoded */
        for (;;) {
            while (aclass[sc->s[j]] & A_WORD)
                j++;
            if (j >= sc->n || sc->s[j] < 0x80)
                break;
            c = utf8_decode(sc->s + j, sc->n - j, &len);
            if (!is_word_cp(c))
                break;
            j += (size_t)len;
        }
        if (j >= sc->n)
            break;
        /* most words end at a space or a punctuation mark that joins nothing: none of the
         * cases below can apply */
        unsigned char e = sc->s[j];
        if (e < 0x80 && e != '-' && e != '.' && e != ',' && e != ':' && e != '/' && e != '\'')
            break;
        c = cp_at(sc, j, &len);
        int nlen;
        uint32_t next = cp_at(sc, j + (size_t)len, &nlen);
        uint32_t prev = sc->s[j - 1];
        if (is_hyphen_cp(c) && nlen && is_word_cp(next)) {
            *flags |= TF_HYPHEN;
            j += (size_t)len;
            seg_start = j;
            continue;
        }
        if (c == '.' && nlen && is_word_cp(next)) {
            /* 7.8, U.S, e.g: digits on both sides, or a short letter segment */
            if ((is_digit_cp(prev) && is_digit_cp(next)) ||
                (j - seg_start <= 2 && !is_digit_cp(next) && !is_digit_cp(prev))) {
                has_inner_period = 1;
                j += 1;
                seg_start = j;
                continue;
            }
            break;
        }
        if ((c == ',' || c == ':' || c == '/') && is_digit_cp(prev) && nlen && is_digit_cp(next)) {
            if (c == ',') {
                /* thousands separator: exactly three digits follow */
                size_t k = j + 1;
                while (k < sc->n && is_digit_cp(sc->s[k]))
                    k++;
                if (k - (j + 1) != 3)
                    break;
            }
            j += 1;
            continue;
        }
        if (is_apos_cp(c) && nlen && is_word_cp(next)) {
            /* clitics end the word: 's 're 've 'll 'd 'm and n't */
            size_t a = j + (size_t)len, b = a;
            int bl;
            while (b < sc->n && is_word_cp(cp_at(sc, b, &bl)) && (sc->s[b] < 0x80))
                b += (size_t)bl;
            int after_len;
            uint32_t after = cp_at(sc, b, &after_len);
            int word_end = !after_len || !is_word_cp(after);
            if (word_end && (word_is(sc, a, b, "s") || word_is(sc, a, b, "re") ||
                             word_is(sc, a, b, "ve") || word_is(sc, a, b, "ll") ||
                             word_is(sc, a, b, "d") || word_is(sc, a, b, "m")))
                break;
            if (word_end && word_is(sc, a, b, "t") && (prev == 'n' || prev == 'N') && j - 1 > i) {
                j -= 1; /* leave "n't" for the next token */
                break;
            }
            j += (size_t)len; /* O'Brien, Shi'ite */
            continue;
        }
        break;
    }
    /* an abbreviation keeps its period */
    if (j < sc->n && sc->s[j] == '.') {
        int single_cap = (j - i == 1 && sc->s[i] >= 'A' && sc->s[i] <= 'Z');
        int take = has_inner_period || single_cap || is_abbrev(sc, i, j);
        if (word_is(sc, i, j, "no")) {
            /* "No. 2" but not "said no." */
            size_t k = j + 1;
            while (k < sc->n && sc->s[k] == ' ')
                k++;
            take = k < sc->n && is_digit_cp(sc->s[k]) && sc->s[i] == 'N';
        }
        if (take) {
            j++;
            *flags |= TF_ABBR;
            /* "U.S.-led", "U.N.-backed": the abbreviation begins a hyphenated word */
            int hl, wl;
            uint32_t h = j < sc->n ? cp_at(sc, j, &hl) : 0;
            if (h && is_hyphen_cp(h) && is_word_cp(cp_at(sc, j + (size_t)hl, &wl)) && wl) {
                *flags = (*flags & ~(uint32_t)TF_ABBR) | TF_HYPHEN;
                j += (size_t)hl;
                for (;;) {
                    uint32_t c2 = cp_at(sc, j, &wl);
                    if (!wl || !(is_word_cp(c2) || (is_hyphen_cp(c2) && is_word_cp(cp_at(sc, j + (size_t)wl, &hl)) && hl)))
                        break;
                    j += (size_t)wl;
                }
            }
        }
    }
    return j - i;
}

/* The word's bytes stored back in text order (the inverse of strmap_load8). */
static inline void store8(char *p, uint64_t w)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    w = __builtin_bswap64(w);
#endif
    memcpy(p, &w, 8);
}

#define ONES 0x0101010101010101ull
#define HIGHS 0x8080808080808080ull
/* 0x80 in each byte of an ASCII word w that lies in [lo, hi]: adding 0x80 - lo sets a
 * byte's high bit when it is >= lo, adding 0x7f - hi when it is > hi; no byte below 0x80
 * carries into the next. */
#define IN_RANGE(w, lo, hi) (((w) + ONES * (0x80 - (lo))) & ~((w) + ONES * (0x7f - (hi))) & HIGHS)

static uint32_t case_flags(const scanner *sc, size_t i, size_t j);

/* Appends the token [start, end) with its normalised form and hash. A word (case set)
 * gets its case flags too. ASCII, nearly every token of news text, is lower-cased and
 * hashed eight bytes at a time, and the same words give the case flags; anything else
 * goes through text_normalize and case_flags. */
static int push_token(parley_doc *doc, uint32_t *cap, uint32_t start, uint32_t end, uint32_t flags,
                      int word)
{
    if (doc->ntoks == *cap) {
        /* first guess: news text has a token every six bytes or so, and a guess too small
         * costs a copy of every token so far */
        uint32_t nc = *cap ? *cap * 2 : (uint32_t)(doc->text_len / 4 < 256 ? 256 : doc->text_len / 4);
        token *t = arena_grow(&doc->arena, doc->toks, doc->ntoks, nc, sizeof *t);
        if (!t)
            return PARLEY_ENOMEM;
        doc->toks = t;
        *cap = nc;
    }
    token *t = &doc->toks[doc->ntoks++];
    *t = (token){.start = start, .end = end}; /* the later stages' fields start at zero */
    const unsigned char *src = (const unsigned char *)doc->text + start;
    uint32_t n = end - start;
    /* the arena rounds every block up to 16 bytes, so out has room for the last whole
     * word; the text is a NUL-terminated arena block, readable to text_len + 1 */
    char *out = arena_alloc(&doc->arena, (size_t)n + 1);
    if (!out)
        return PARLEY_ENOMEM;
    size_t readable = (size_t)doc->text_len + 1 - start;
    /* first: the first word's capitals; lower: any lower-case letter; caps2: two capitals
     * or more (non-zero) */
    uint64_t h = strmap_hash_start(n), first = 0, lower = 0, caps = 0, caps2 = 0;
    for (uint32_t k = 0; k < n; k += 8) {
        uint32_t m = n - k < 8 ? n - k : 8;
        uint64_t w;
        if (readable - k >= 8)
            w = strmap_load8(src + k);
        else
            w = strmap_load_tail(src + k, readable - k);
        if (m < 8)
            w &= (1ull << (8 * m)) - 1;
        if (w & HIGHS)
            goto other;
        uint64_t up = IN_RANGE(w, 'A', 'Z');
        if (k == 0)
            first = up;
        lower |= IN_RANGE(w, 'a', 'z');
        caps2 |= (up & (up - 1)) | (caps & up);
        caps |= up ? HIGHS : 0;
        w |= up >> 2;
        store8(out + k, w);
        h = strmap_hash_word(h, w);
    }
    out[n] = '\0';
    t->norm = out;
    t->norm_len = n;
    t->hash = strmap_hash_final(h);
    if (word) {
        /* as case_flags: the first character's case and digit, and all capitals when
         * two letters or more are capitals and none is lower case */
        if (first & 0x80)
            flags |= TF_CAP;
        if (src[0] >= '0' && src[0] <= '9')
            flags |= TF_DIGIT;
        if (!lower && caps2)
            flags |= TF_ALLCAP;
    }
    t->flags = flags;
    return 0;
other:
    t->norm = text_normalize(&doc->arena, doc->text + start, n, &t->norm_len);
    if (!t->norm)
        return PARLEY_ENOMEM;
    t->hash = strmap_hash(t->norm, t->norm_len);
    if (word) {
        scanner sc = {(const unsigned char *)doc->text, doc->text_len};
        flags |= case_flags(&sc, start, end);
    }
    t->flags = flags;
    return 0;
}

/* TF_CAP and TF_DIGIT from the first character; TF_ALLCAP for two letters or more and no
 * lower-case one, so the first lower-case letter ends the scan (most words end it at their
 * first or second byte). */
static uint32_t case_flags(const scanner *sc, size_t i, size_t j)
{
    uint32_t f = 0;
    int letters = 0, first = 1;
    /* ASCII: the same counts without decoding (the general loop below takes over at the
     * first other byte) */
    if (i < j && sc->s[i] < 0x80) {
        unsigned char c = sc->s[i];
        if (c >= 'A' && c <= 'Z')
            f |= TF_CAP;
        if (c >= '0' && c <= '9')
            f |= TF_DIGIT;
        first = 0;
        for (; i < j && sc->s[i] < 0x80; i++) {
            c = sc->s[i];
            if (c >= 'a' && c <= 'z')
                return f;
            letters += c >= 'A' && c <= 'Z';
        }
    }
    while (i < j) {
        int len;
        uint32_t c = cp_at(sc, i, &len);
        if (first) {
            if (is_upper_cp(c))
                f |= TF_CAP;
            if (is_digit_cp(c))
                f |= TF_DIGIT;
            first = 0;
        }
        if (is_upper_cp(c))
            letters++;
        else if (is_lower_cp(c))
            return f;
        i += (size_t)len;
    }
    if (letters >= 2)
        f |= TF_ALLCAP;
    return f;
}

int text_tokenize(parley_doc *doc)
{
    scanner sc = {(const unsigned char *)doc->text, doc->text_len};
    uint32_t cap = 0;
    size_t i = 0;
    doc->ntoks = 0;
    int newlines = 0;
    while (i < sc.n) {
        /* ASCII white space by the table alone */
        unsigned char sp;
        while (aclass[sp = sc.s[i]] & A_SPACE) {
            newlines += sp == '\n';
            i++;
        }
        if (i >= sc.n)
            break;
        int len;
        uint32_t c = cp_at(&sc, i, &len);
        if (is_space_cp(c)) {
            if (c == '\n')
                newlines++;
            i += (size_t)len;
            continue;
        }
        uint32_t flags = newlines >= 2 ? TF_PARA : 0;
        newlines = 0;
        size_t start = i;
        if (is_word_cp(c)) {
            size_t n = scan_word(&sc, i, &flags);
            /* "cannot" is "can not", as the Treebank writes it */
            if (word_is(&sc, i, i + n, "cannot")) {
                flags |= case_flags(&sc, i, i + n);
                if (push_token(doc, &cap, (uint32_t)i, (uint32_t)(i + 3), flags, 0) < 0 ||
                    push_token(doc, &cap, (uint32_t)(i + 3), (uint32_t)(i + n), flags & ~(TF_CAP | TF_PARA), 0) < 0)
                    return PARLEY_ENOMEM;
                i += n;
                continue;
            }
            if (push_token(doc, &cap, (uint32_t)i, (uint32_t)(i + n), flags, 1) < 0)
                return PARLEY_ENOMEM;
            i += n;
            /* a clitic directly after the word */
            int al;
            uint32_t a = cp_at(&sc, i, &al);
            if (al && (a == 'n' || a == 'N')) {
                int l2;
                uint32_t ap = cp_at(&sc, i + 1, &l2);
                if (l2 && is_apos_cp(ap) && i + 1 + (size_t)l2 < sc.n &&
                    (sc.s[i + 1 + (size_t)l2] == 't' || sc.s[i + 1 + (size_t)l2] == 'T')) {
                    size_t e = i + 1 + (size_t)l2 + 1;
                    if (push_token(doc, &cap, (uint32_t)i, (uint32_t)e, TF_CLITIC, 0) < 0)
                        return PARLEY_ENOMEM;
                    i = e;
                }
            } else if (al && is_apos_cp(a)) {
                size_t b = i + (size_t)al;
                while (b < sc.n && sc.s[b] < 0x80 && is_word_cp(sc.s[b]))
                    b++;
                if (b > i + (size_t)al && b - (i + (size_t)al) <= 2) {
                    if (push_token(doc, &cap, (uint32_t)i, (uint32_t)b, TF_CLITIC, 0) < 0)
                        return PARLEY_ENOMEM;
                    i = b;
                } else if (b == i + (size_t)al && n > 0 &&
                           (sc.s[i - 1] == 's' || sc.s[i - 1] == 'S')) {
                    /* plural possessive: the countries' leaders */
                    int nl;
                    uint32_t nx = cp_at(&sc, b, &nl);
                    if (!nl || is_space_cp(nx)) {
                        if (push_token(doc, &cap, (uint32_t)i, (uint32_t)b, TF_CLITIC, 0) < 0)
                            return PARLEY_ENOMEM;
                        i = b;
                    }
                }
            }
            continue;
        }
        /* punctuation */
        size_t j = i + (size_t)len;
        if (c == '.') {
            while (j < sc.n && sc.s[j] == '.')
                j++;
        } else if (is_dash_cp(c)) {
            int l2;
            while (j < sc.n && is_dash_cp(cp_at(&sc, j, &l2)))
                j += (size_t)l2;
        } else if (c == 0x2026) { /* ellipsis */
        }
        flags |= TF_PUNCT;
        if (is_quote_cp(c))
            flags |= TF_QUOTE;
        if (push_token(doc, &cap, (uint32_t)start, (uint32_t)j, flags, 0) < 0)
            return PARLEY_ENOMEM;
        i = j;
    }
    return 0;
}
