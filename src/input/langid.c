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
 * the sample is asked, so the word is lower-cased once (ASCII, as strncasecmp does in the
 * C locale; none of the words has another byte) and compared with the words of its length
 * only. */
static int english_function_word(const char *w, size_t n)
{
    static const char *const by_len[6][9] = {
        [2] = {"of", "to", "by", "it", NULL},
        [3] = {"the", "and", "for", "has", "his", "its", NULL},
        [4] = {"said", "that", "with", "have", "from", "will", "were", "they", NULL},
        [5] = {"would", "which", NULL},
    };
    if (n < 2 || n > 5)
        return 0;
    char low[5];
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)w[i];
        low[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    for (const char *const *p = by_len[n]; *p; p++)
        if ((*p)[0] == low[0] && memcmp(*p, low, n) == 0)
            return 1;
    return 0;
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
    size_t tokens = 0, alpha = 0, func = 0, nonascii = 0, figures = 0;
    for (size_t i = 0; i < k;) {
        while (i < k && (cclass[(unsigned char)text[i]] & C_SPACE))
            i++;
        if (i >= k)
            break;
        size_t s = i;
        unsigned digit = 0;
        while (i < k) {
            unsigned char b = (unsigned char)text[i];
            unsigned cl = cclass[b];
            if (cl & C_SPACE)
                break;
            nonascii += b >> 7;
            digit |= cl;
            i++;
        }
        tokens++;
        figures += (digit & C_DIGIT) != 0;
        unsigned char c = (unsigned char)text[s];
        if ((cclass[c] & C_ALPHA) || c >= 0x80) {
            alpha++;
            size_t e = i;
            while (e > s && (cclass[(unsigned char)text[e - 1]] & C_PUNCT))
                e--;
            func += english_function_word(text + s, e - s);
        }
    }
    if (nonascii * 10 < k * 3) {
        if (wants(l, "en") && func * 20 >= tokens && func >= 2)
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
