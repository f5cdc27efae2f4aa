/* normalize.c - the matching form of a token: lower case, no accents, plain quotes.
 *
 * ASCII takes a fast path; only tokens with non-ASCII bytes go through utf8proc
 * (NFKD + case fold + strip marks), into a stack buffer, so no malloc per token. */
#include <string.h>
#include <utf8proc.h>

#include "text.h"

/* Typographic characters folded to ASCII before utf8proc, and letters that have no
 * decomposition but are routinely written without their stroke in English news. */
static int fold_special(uint32_t cp, char *out)
{
    switch (cp) {
    case 0x2018: case 0x2019: case 0x201b: case 0x02bc: case 0x02b9: case 0x00b4:
    case 0x2032: case 0x0060:
        out[0] = '\'';
        return 1;
    case 0x201c: case 0x201d: case 0x201e: case 0x00ab: case 0x00bb: case 0x2033:
        out[0] = '"';
        return 1;
    case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014: case 0x2015:
    case 0x2212: case 0xfe58: case 0xfe63: case 0xff0d:
        out[0] = '-';
        return 1;
    case 0x00a0: case 0x202f: case 0x2007:
        out[0] = ' ';
        return 1;
    case 0x0131: out[0] = 'i'; return 1;                   /* dotless i */
    case 0x00f8: case 0x00d8: out[0] = 'o'; return 1;      /* o with stroke */
    case 0x0142: case 0x0141: out[0] = 'l'; return 1;      /* l with stroke */
    case 0x0111: case 0x0110: case 0x00f0: case 0x00d0: out[0] = 'd'; return 1;
    case 0x00e6: case 0x00c6: memcpy(out, "ae", 2); return 2;
    case 0x0153: case 0x0152: memcpy(out, "oe", 2); return 2;
    case 0x00fe: case 0x00de: memcpy(out, "th", 2); return 2;
    default:
        return 0;
    }
}

size_t text_normalize_buf(const char *s, size_t n, char *out, size_t cap)
{
    size_t o = 0;
    size_t i = 0;
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            if (o + 1 >= cap)
                break;
            out[o++] = (c >= 'A' && c <= 'Z') ? (char)(c + 32) : (char)c;
            i++;
            continue;
        }
        int len;
        uint32_t cp = utf8_decode((const unsigned char *)s + i, n - i, &len);
        i += (size_t)len;
        char tmp[4];
        int k = fold_special(cp, tmp);
        if (k) {
            if (o + (size_t)k >= cap)
                break;
            memcpy(out + o, tmp, (size_t)k);
            o += (size_t)k;
            continue;
        }
        utf8proc_int32_t cps[16];
        utf8proc_ssize_t m = utf8proc_decompose_char(
            (utf8proc_int32_t)cp, cps, 16, UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD |
                UTF8PROC_STRIPMARK | UTF8PROC_IGNORE, NULL);
        if (m < 0 || m > 16) {
            /* undecomposable: copy as is */
            if (o + (size_t)len >= cap)
                break;
            memcpy(out + o, s + i - (size_t)len, (size_t)len);
            o += (size_t)len;
            continue;
        }
        for (utf8proc_ssize_t j = 0; j < m; j++) {
            utf8proc_uint8_t enc[4];
            utf8proc_ssize_t el = utf8proc_encode_char(cps[j], enc);
            if (o + (size_t)el >= cap)
                goto done;
            memcpy(out + o, enc, (size_t)el);
            o += (size_t)el;
        }
    }
done:
    if (cap)
        out[o] = '\0';
    return o;
}

char *text_normalize(arena *a, const char *s, size_t n, uint32_t *out_len)
{
    /* Case folding and decomposition may lengthen a string (ß -> ss, ligatures). */
    size_t cap = n * 3 + 4;
    char *out = arena_alloc(a, cap);
    if (!out)
        return NULL;
    size_t k = text_normalize_buf(s, n, out, cap);
    *out_len = (uint32_t)k;
    return out;
}
