/* json.c - JSON string escaping for the writers. */
#include "json.h"

#include <string.h>

#include "../text/text.h"

void json_string_n(FILE *out, const char *s, size_t n)
{
    putc('"', out);
    size_t i = 0;
    while (i < n) {
        /* a run that needs no escaping goes out in one write, not a putc a byte */
        size_t run = i;
        while (run < n && (unsigned char)s[run] >= 0x20 && (unsigned char)s[run] < 0x80 &&
               s[run] != '"' && s[run] != '\\')
            run++;
        if (run > i) {
            fwrite(s + i, 1, run - i, out);
            i = run;
            continue;
        }
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x80) {
            int len = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
            if (len > 1 && i + (size_t)len <= n && utf8_validate(s + i, (size_t)len) == (size_t)len) {
                fwrite(s + i, 1, (size_t)len, out);
                i += (size_t)len;
            } else {
                fputs("\xef\xbf\xbd", out); /* U+FFFD */
                i++;
            }
            continue;
        }
        switch (c) {
        case '"': fputs("\\\"", out); break;
        case '\\': fputs("\\\\", out); break;
        case '\n': fputs("\\n", out); break;
        case '\r': fputs("\\r", out); break;
        case '\t': fputs("\\t", out); break;
        default:
            if (c < 0x20)
                fprintf(out, "\\u%04x", c);
            else
                putc(c, out);
        }
        i++;
    }
    putc('"', out);
}

void json_string(FILE *out, const char *s)
{
    json_string_n(out, s ? s : "", s ? strlen(s) : 0);
}
