/* langid.c - is this document in a language parley codes? (libexttextcat, Debian's
 * libexttextcat-data fingerprints).
 *
 * parley's dictionaries are English, so a story in Chinese would only produce noise or
 * nothing; it is skipped with the language named. The classifier is asked about the first
 * few kilobytes (enough for n-gram statistics, and it keeps the cost per article flat).
 * A text the classifier cannot place (UNKNOWN: tables of figures, lists of names) or
 * finds too short is coded: only a confident other-language verdict skips.
 *
 * Two cheap looks come first, because the classifier costs about a millisecond an article
 * (it compares against 180 fingerprints) and would be most of parley's time:
 * - prose with plenty of English function words (the, of, and, said ...) is English;
 * - text that is mostly figures and abbreviations (market tables: "Shr 16 cts vs 13 cts")
 *   is coded as it is: n-gram statistics on it are noise, and the classifier calls such
 *   tables Catalan or Low German.
 * Only the rest, and anything with many non-ASCII letters, goes to libexttextcat. */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <textcat.h>

#include "../base/document.h"
#include "input.h"

#define DEFAULT_DIR "/usr/share/libexttextcat"
#define SAMPLE_BYTES 2048

struct parley_langid {
    void *tc;
    pthread_mutex_t mu;         /* the classifier writes its verdict into its handle */
    char wanted[16][8];
    int nwanted;
};

langid *input_langid_new(const char *dir, const char *languages, char *why, size_t cap)
{
    langid *l = calloc(1, sizeof *l);
    if (!l) {
        snprintf(why, cap, "out of memory");
        return NULL;
    }
    const char *p = languages && *languages ? languages : "en";
    while (*p && l->nwanted < 16) {
        size_t k = strcspn(p, ",");
        if (k > 0 && k < sizeof l->wanted[0]) {
            memcpy(l->wanted[l->nwanted], p, k);
            l->wanted[l->nwanted++][k] = '\0';
        }
        p += k;
        if (*p == ',')
            p++;
    }
    char conf[1024], prefix[1024];
    if (!dir)
        dir = DEFAULT_DIR;
    snprintf(conf, sizeof conf, "%s/fpdb.conf", dir);
    snprintf(prefix, sizeof prefix, "%s/", dir);
    l->tc = special_textcat_Init(conf, prefix);
    pthread_mutex_init(&l->mu, NULL);
    if (!l->tc) {
        pthread_mutex_destroy(&l->mu);
        snprintf(why, cap, "cannot load the language fingerprints in %s (Debian package "
                 "libexttextcat-data)", dir);
        free(l);
        return NULL;
    }
    return l;
}

int parley_langid_new(parley_langid **out, const char *dir, const char *languages,
                      parley_error *err)
{
    char why[256];
    *out = input_langid_new(dir, languages, why, sizeof why);
    if (!*out) {
        error_set(err, PARLEY_EIO, dir ? dir : DEFAULT_DIR, 0, 0, NULL, "%s", why);
        return PARLEY_EIO;
    }
    return 0;
}

void parley_langid_free(parley_langid *l)
{
    input_langid_free(l);
}

void input_langid_free(langid *l)
{
    if (!l)
        return;
    textcat_Done(l->tc);
    pthread_mutex_destroy(&l->mu);
    free(l);
}

/* English words that are not words in the other languages written in Latin script
 * ("a", "in", "is", "was" are left out: Spanish, German, Dutch have them). Every word of
 * the sample is asked, so the word is lower-cased (ASCII, as strncasecmp does in the C
 * locale; none of the words has another byte) into one integer, its bytes packed, and
 * compared with the words of its length. */
#define K2(a, b) ((uint64_t)(a) << 8 | (uint64_t)(b))
#define K3(a, b, c) (K2(a, b) << 8 | (uint64_t)(c))
#define K4(a, b, c, d) (K3(a, b, c) << 8 | (uint64_t)(d))
#define K5(a, b, c, d, e) (K4(a, b, c, d) << 8 | (uint64_t)(e))
static const uint64_t fw2[] = {K2('o', 'f'), K2('t', 'o'), K2('b', 'y'), K2('i', 't')};
static const uint64_t fw3[] = {K3('t', 'h', 'e'), K3('a', 'n', 'd'), K3('f', 'o', 'r'),
                               K3('h', 'a', 's'), K3('h', 'i', 's'), K3('i', 't', 's')};
static const uint64_t fw4[] = {K4('s', 'a', 'i', 'd'), K4('t', 'h', 'a', 't'), K4('w', 'i', 't', 'h'),
                               K4('h', 'a', 'v', 'e'), K4('f', 'r', 'o', 'm'), K4('w', 'i', 'l', 'l'),
                               K4('w', 'e', 'r', 'e'), K4('t', 'h', 'e', 'y')};
static const uint64_t fw5[] = {K5('w', 'o', 'u', 'l', 'd'), K5('w', 'h', 'i', 'c', 'h')};
static const struct {
    const uint64_t *w;
    size_t n;
} fw_by_len[6] = {
    [2] = {fw2, sizeof fw2 / sizeof fw2[0]},
    [3] = {fw3, sizeof fw3 / sizeof fw3[0]},
    [4] = {fw4, sizeof fw4 / sizeof fw4[0]},
    [5] = {fw5, sizeof fw5 / sizeof fw5[0]},
};

static int english_function_word(const unsigned char *w, size_t n)
{
    if (n < 2 || n > 5)
        return 0;
    uint64_t key = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned c = w[i];
        key = key << 8 | (c - 'A' < 26u ? c + 32 : c);
    }
    for (size_t i = 0; i < fw_by_len[n].n; i++)
        if (fw_by_len[n].w[i] == key)
            return 1;
    return 0;
}

/* Bytes of s[0..n) with the high bit set: eight at a time, the high bits shifted down
 * and summed by a multiplication into the top byte. */
static size_t count_high(const unsigned char *s, size_t n)
{
    size_t c = 0, i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        c += (size_t)((((w >> 7) & 0x0101010101010101ull) * 0x0101010101010101ull) >> 56);
    }
    for (; i < n; i++)
        c += s[i] >> 7;
    return c;
}

static int wants(const langid *l, const char *lang)
{
    for (int i = 0; i < l->nwanted; i++)
        if (strcmp(lang, l->wanted[i]) == 0)
            return 1;
    return 0;
}

/* The C locale's character classes (parley never sets another), as one table: this loop
 * reads the first 2 KB of every article. */
enum { C_SPACE = 1, C_DIGIT = 2, C_ALPHA = 4, C_PUNCT = 8 };
#define CCLASS(c)                                                                          \
    ((c) == ' ' || ((c) >= '\t' && (c) <= '\r')                      ? C_SPACE            \
     : (c) >= '0' && (c) <= '9'                                      ? C_DIGIT            \
     : ((c) >= 'a' && (c) <= 'z') || ((c) >= 'A' && (c) <= 'Z')      ? C_ALPHA            \
     : (c) > ' ' && (c) < 0x7f                                       ? C_PUNCT : 0)
#define CC4(c) CCLASS(c), CCLASS((c) + 1), CCLASS((c) + 2), CCLASS((c) + 3)
#define CC16(c) CC4(c), CC4((c) + 4), CC4((c) + 8), CC4((c) + 12)
#define CC64(c) CC16(c), CC16((c) + 16), CC16((c) + 32), CC16((c) + 48)
static const unsigned char cclass[256] = {CC64(0), CC64(64), CC64(128), CC64(192)};

int input_langid_reject(langid *l, const char *text, size_t n, char *why, size_t cap)
{
    size_t k = n < SAMPLE_BYTES ? n : SAMPLE_BYTES;
    /* do not cut a UTF-8 sequence in half */
    while (k < n && k > 0 && ((unsigned char)text[k] & 0xc0) == 0x80)
        k--;
    /* the sample, closed by a space (which ends the last word) and a letter (which ends a
     * run of spaces): the loops below then test no bound */
    unsigned char buf[SAMPLE_BYTES + 2];
    memcpy(buf, text, k);
    buf[k] = ' ';
    buf[k + 1] = 'x';
    size_t nonascii = count_high(buf, k);
    /* English prose is settled before the sample ends: once the function words found would
     * be a twentieth of the tokens even if every byte left made a one-letter word, the
     * verdict below is known */
    int english = nonascii * 10 < k * 3 && wants(l, "en");
    size_t tokens = 0, alpha = 0, func = 0, figures = 0;
    for (size_t i = 0;;) {
        while (cclass[buf[i]] & C_SPACE)
            i++;
        if (i >= k)
            break;
        size_t s = i;
        unsigned digit = 0, cl;
        while (!((cl = cclass[buf[i]]) & C_SPACE)) {
            digit |= cl;
            i++;
        }
        tokens++;
        figures += (digit & C_DIGIT) != 0;
        unsigned char c = buf[s];
        if ((cclass[c] & C_ALPHA) || c >= 0x80) {
            alpha++;
            size_t e = i;
            while (e > s && (cclass[buf[e - 1]] & C_PUNCT))
                e--;
            if (english_function_word(buf + s, e - s) && ++func >= 2 && english &&
                func * 20 >= tokens + (k - i) / 2)
                return 0;
        }
    }
    if (nonascii * 10 < k * 3) {
        if (english && func * 20 >= tokens && func >= 2)
            return 0;
        if (alpha < 20 || alpha * 10 < tokens * 7 || figures * 100 >= tokens * 15)
            return 0;
    }
    char res[1024]; /* libexttextcat's MAXOUTPUTSIZE */
    pthread_mutex_lock(&l->mu);
    const char *verdict = textcat_Classify(l->tc, text, k);
    snprintf(res, sizeof res, "%s", verdict ? verdict : "");
    pthread_mutex_unlock(&l->mu);
    if (res[0] != '[')
        return 0; /* UNKNOWN or SHORT */
    /* "[zh-CN-utf8][ja--utf8]": accept when any candidate is a wanted language */
    char first[16] = "";
    for (const char *p = res; *p == '['; ) {
        const char *e = strchr(p, ']');
        if (!e)
            break;
        size_t len = strcspn(p + 1, "-]");
        if (len > (size_t)(e - p - 1))
            len = (size_t)(e - p - 1);
        char lang[16];
        if (len >= sizeof lang)
            len = sizeof lang - 1;
        memcpy(lang, p + 1, len);
        lang[len] = '\0';
        if (!first[0])
            memcpy(first, lang, len + 1);
        if (wants(l, lang))
            return 0;
        p = e + 1;
    }
    if (!first[0])
        return 0;
    snprintf(why, cap, "language \"%s\", not %s: skipped (--languages any codes every "
             "language)", first, l->nwanted == 1 ? l->wanted[0] : "one of --languages");
    return 1;
}
