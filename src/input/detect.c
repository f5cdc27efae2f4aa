/* detect.c - which reader an input needs, from its first bytes (and its name as a hint),
 * publication dates as pages and feeds write them, and binary content.
 *
 * Content decides before the name does: a page saved as .txt is still HTML, a feed served
 * as .xml is still a feed. The name only settles the plain-text case (".txt" stays text
 * even when it starts with "{"), so the earlier contract of the text reader holds. */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "../base/date.h"
#include "input.h"

static int has_suffix(const char *s, const char *suf)
{
    size_t n = strlen(s), k = strlen(suf);
    return n >= k && strcasecmp(s + n - k, suf) == 0;
}

/* Case-insensitive search for needle in h[0..n). */
static const char *find_ci(const char *h, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    for (size_t i = 0; i + k <= n; i++)
        if (strncasecmp(h + i, needle, k) == 0)
            return h + i;
    return NULL;
}

/* The first element name after the prolog (<?xml?>, comments, <!DOCTYPE>), lower-cased,
 * without a namespace prefix. */
static void root_element(const char *p, size_t n, char *out, size_t cap)
{
    out[0] = '\0';
    size_t i = 0;
    while (i < n) {
        while (i < n && p[i] != '<')
            i++;
        if (i + 1 >= n)
            return;
        if (p[i + 1] == '?' || p[i + 1] == '!') {
            const char *end = p[i + 1] == '!' && i + 3 < n && p[i + 2] == '-' && p[i + 3] == '-'
                                  ? find_ci(p + i, n - i, "-->")
                                  : memchr(p + i, '>', n - i);
            if (!end)
                return;
            i = (size_t)(end - p) + 1;
            continue;
        }
        i++;
        size_t k = 0, start = i;
        while (i < n &&
               (isalnum((unsigned char)p[i]) || p[i] == ':' || p[i] == '_' || p[i] == '-')) {
            if (p[i] == ':') { /* drop the prefix */
                k = 0;
                start = i + 1;
            } else if (k + 1 < cap) {
                out[k++] = (char)tolower((unsigned char)p[i]);
            }
            i++;
        }
        (void)start;
        out[k] = '\0';
        return;
    }
}

/* A TABARI record header: 6 or 8 digits, white space or '*', an id ("950101  DEMO-01",
 * "950101*INTRO"). */
static int tabari_header(const char *p, size_t n)
{
    size_t i = 0;
    while (i < n && isdigit((unsigned char)p[i]))
        i++;
    if (i != 6 && i != 8)
        return 0;
    if (i >= n || (p[i] != ' ' && p[i] != '\t' && p[i] != '*'))
        return 0;
    while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '*'))
        i++;
    return i < n && p[i] != '\n' && p[i] != '\r';
}

static int looks_tabari(const char *p, size_t n)
{
    /* skip blank lines, '#' lines and comment blocks, then look at the first line */
    size_t i = 0;
    int in_comment = 0;
    while (i < n) {
        size_t e = i;
        while (e < n && p[e] != '\n')
            e++;
        size_t j = i;
        while (j < e && (p[j] == ' ' || p[j] == '\t' || p[j] == '\r'))
            j++;
        if (!in_comment && j + 1 < e && p[j] == '/' && p[j + 1] == '*') {
            in_comment = 1;
            j += 2;
        }
        if (in_comment) {
            for (; j + 1 < e; j++)
                if (p[j] == '*' && p[j + 1] == '/') {
                    in_comment = 0;
                    break;
                }
        } else if (j < e && p[j] != '#') {
            return tabari_header(p + i, e - i);
        }
        i = e + 1;
    }
    return 0;
}

int input_detect_format(const char *name, const char *head, size_t n)
{
    size_t i = 0;
    if (n >= 3 && (unsigned char)head[0] == 0xef && (unsigned char)head[1] == 0xbb &&
        (unsigned char)head[2] == 0xbf)
        i = 3; /* UTF-8 byte order mark */
    while (i < n && isspace((unsigned char)head[i]))
        i++;
    const char *p = head + i;
    size_t m = n - i;
    if (name && (has_suffix(name, ".txt") || has_suffix(name, ".txt.gz")))
        return looks_tabari(p, m) ? PARLEY_INPUT_TABARI : PARLEY_INPUT_TEXT;
    if (m == 0 || p[0] == '{')
        return PARLEY_INPUT_JSONL;
    if (p[0] == '<') {
        char root[32];
        root_element(p, m, root, sizeof root);
        if (!strcmp(root, "rss") || !strcmp(root, "rdf") || !strcmp(root, "feed"))
            return PARLEY_INPUT_FEED;
        if (!strcmp(root, "sentences") || !strcmp(root, "sentence") ||
            ((!strcmp(root, "validation") || p[1] == '?') && find_ci(p, m, "<Sentence ")))
            return PARLEY_INPUT_PETRARCH; /* PETRARCH's unit-test file has a <Validation> root */
        if (!strcmp(root, "html") || find_ci(p, m < 1024 ? m : 1024, "<!doctype html") ||
            find_ci(p, m, "<body") || find_ci(p, m, "<head") || find_ci(p, m, "<p>") ||
            find_ci(p, m, "<div"))
            return PARLEY_INPUT_HTML;
        if (name && (has_suffix(name, ".html") || has_suffix(name, ".htm") ||
                     has_suffix(name, ".html.gz") || has_suffix(name, ".htm.gz")))
            return PARLEY_INPUT_HTML;
        /* other XML: the feed reader names the root it did not expect */
        if (p[1] == '?' || isalpha((unsigned char)p[1]))
            return PARLEY_INPUT_FEED;
        return PARLEY_INPUT_HTML;
    }
    if (looks_tabari(p, m))
        return PARLEY_INPUT_TABARI;
    return PARLEY_INPUT_TEXT;
}

/* ---- dates ------------------------------------------------------------------------- */

static int month_of(const char *s, size_t n)
{
    static const char *names[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                  "jul", "aug", "sep", "oct", "nov", "dec"};
    if (n < 3)
        return 0;
    for (int m = 0; m < 12; m++)
        if (strncasecmp(s, names[m], 3) == 0)
            return m + 1;
    return 0;
}

static int make(int y, int m, int d)
{
    int ymd = y * 10000 + m * 100 + d;
    return y >= 1000 && y <= 9999 && date_valid(ymd) ? ymd : 0;
}

/* Reads up to `max` digits at s[*i]; returns the value and how many digits in *k. */
static int digits(const char *s, size_t n, size_t *i, int max, int *k)
{
    int v = 0;
    *k = 0;
    while (*i < n && *k < max && isdigit((unsigned char)s[*i])) {
        v = v * 10 + (s[*i] - '0');
        (*i)++;
        (*k)++;
    }
    return v;
}

int input_date(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && isspace((unsigned char)s[i]))
        i++;
    while (n > i && isspace((unsigned char)s[n - 1]))
        n--;
    if (i >= n)
        return 0;
    int k;
    size_t j = i;
    if (isdigit((unsigned char)s[i])) {
        int a = digits(s, n, &j, 8, &k);
        if (k == 8) /* 20240213 */
            return make(a / 10000, a / 100 % 100, a % 100);
        if (k == 6 && (j == n || s[j] == ' ')) { /* TABARI's YYMMDD: 00-30 are 20YY */
            int yy = a / 10000;
            return make(yy <= 30 ? 2000 + yy : 1900 + yy, a / 100 % 100, a % 100);
        }
        if (k == 4 && j < n && (s[j] == '-' || s[j] == '/')) { /* 2024-02-13[T...] */
            char sep = s[j++];
            int mo = digits(s, n, &j, 2, &k);
            if (k == 0 || j >= n || s[j] != sep)
                return 0;
            j++;
            int d = digits(s, n, &j, 2, &k);
            if (k == 0)
                return 0;
            return make(a, mo, d);
        }
        if (k >= 1 && k <= 2) { /* 13 Feb 2024, 13 February 2024 */
            while (j < n && (s[j] == ' ' || s[j] == '-' || s[j] == '.'))
                j++;
            int mo = month_of(s + j, n - j);
            if (!mo)
                return 0;
            while (j < n && isalpha((unsigned char)s[j]))
                j++;
            while (j < n && (s[j] == ' ' || s[j] == '-' || s[j] == '.' || s[j] == ','))
                j++;
            int y = digits(s, n, &j, 4, &k);
            if (k == 2)
                y += y <= 30 ? 2000 : 1900; /* RFC 822 allows two-digit years */
            else if (k != 4)
                return 0;
            return make(y, mo, a);
        }
        return 0;
    }
    /* "Tue, 13 Feb 2024 ..." or "February 13, 2024" */
    while (j < n && isalpha((unsigned char)s[j]))
        j++;
    int mo = month_of(s + i, j - i);
    if (mo && j - i >= 3) {
        while (j < n && (s[j] == ' ' || s[j] == '.'))
            j++;
        int d = digits(s, n, &j, 2, &k);
        if (k == 0)
            return 0;
        while (j < n && (s[j] == ',' || s[j] == ' ' || isalpha((unsigned char)s[j])))
            j++; /* "13th," */
        int y = digits(s, n, &j, 4, &k);
        if (k != 4)
            return 0;
        return make(y, mo, d);
    }
    /* a weekday first: skip it and its comma */
    while (j < n && (s[j] == ',' || s[j] == ' '))
        j++;
    if (j == i || j >= n || !isdigit((unsigned char)s[j]))
        return 0;
    return input_date(s + j, n - j);
}

/* ---- binary content ---------------------------------------------------------------- */

int input_nontext(const char *s, size_t n, char *why, size_t cap)
{
    /* every document passes here: memchr finds a NUL at memory speed, and the count of
     * control bytes has no branch per byte (tab, newline, form feed, return are text) */
    const char *nul = memchr(s, 0, n);
    if (nul) {
        snprintf(why, cap, "binary content (NUL byte at %zu), not text", (size_t)(nul - s));
        return 1;
    }
    /* first an upper bound, the bytes below 0x20 eight at a time (a byte's high bit is
     * set in t when it is 0x20 or more: the low seven bits carry into it, or it was set);
     * news has a newline a line, far under the tenth that matters */
    size_t low = 0, at = 0;
    for (; at + 8 <= n; at += 8) {
        uint64_t w;
        memcpy(&w, s + at, 8);
        uint64_t t = (((w & 0x7f7f7f7f7f7f7f7full) + 0x6060606060606060ull) | w) & 0x8080808080808080ull;
        low += 8 - (size_t)((((t >> 7) * 0x0101010101010101ull)) >> 56);
    }
    for (; at < n; at++)
        low += (unsigned char)s[at] < 0x20;
    if (low <= 8 || low * 10 <= n)
        return 0;
    const uint32_t text_ctrl = 1u << '\t' | 1u << '\n' | 1u << '\f' | 1u << '\r';
    size_t ctrl = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        ctrl += c < 0x20 && !(text_ctrl >> c & 1);
    }
    /* Stray control characters happen in real copy (TABARI's own validation file pads a
     * table with ^Z); a tenth of the bytes does not, outside binary data. */
    if (ctrl > 8 && ctrl * 10 > n) {
        snprintf(why, cap, "binary content (%zu control bytes in %zu), not text", ctrl, n);
        return 1;
    }
    return 0;
}
