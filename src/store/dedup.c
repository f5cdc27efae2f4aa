/* dedup.c - when two mentions are the same event: the deduplication key.
 *
 * A mention's key is a string "DAY|SOURCE|TARGET|CODE"; mentions with one key are one
 * event. A negated mention ("did not meet", kept with the keep_negated option) gets
 * "|not" appended: that something did not happen is not a report that it did. DAY depends
 * on the store's mode:
 *   day      the event's own date (resolved from the text): GDELT's rule
 *   oneaday  the publication date of the reporting document: the Phoenix pipeline's
 *            one-a-day filter, which dated events by their story
 *   window:N the first day of the fixed N-day period holding the event date, periods
 *            counted from 1970-01-01
 * The key depends on the mention alone, never on which mentions came first: that is what
 * lets many processes ingest in any order, a killed ingest be resumed, and a document be
 * replaced, all with the same result. (A sliding window would merge chains of reports
 * depending on arrival order; the price of fixed periods is that two reports a day apart
 * across a period boundary stay two events.) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/date.h"
#include "store.h"

const char *dedup_name(int mode)
{
    switch (mode) {
    case PARLEY_DEDUP_DAY: return "day";
    case PARLEY_DEDUP_ONEADAY: return "oneaday";
    case PARLEY_DEDUP_WINDOW: return "window";
    default: return "?";
    }
}

int dedup_parse(const char *spec, int *mode, int *days)
{
    *days = 0;
    if (strcmp(spec, "day") == 0) {
        *mode = PARLEY_DEDUP_DAY;
        return 0;
    }
    if (strcmp(spec, "oneaday") == 0 || strcmp(spec, "one-a-day") == 0) {
        *mode = PARLEY_DEDUP_ONEADAY;
        return 0;
    }
    if (strncmp(spec, "window:", 7) == 0) {
        char *end;
        long n = strtol(spec + 7, &end, 10);
        if (*end || end == spec + 7 || n < 1 || n > 366)
            return PARLEY_EARG;
        if (n == 1) {   /* a one-day window is the exact day */
            *mode = PARLEY_DEDUP_DAY;
            return 0;
        }
        *mode = PARLEY_DEDUP_WINDOW;
        *days = (int)n;
        return 0;
    }
    return PARLEY_EARG;
}

void dedup_key(const parley_store *s, int event_date, int pub_date, const char *source,
               const char *target, const char *code, bool negated, char *buf, size_t cap)
{
    int day = event_date;
    if (s->dedup == PARLEY_DEDUP_ONEADAY && pub_date) {
        day = pub_date;
    } else if (s->dedup == PARLEY_DEDUP_WINDOW && s->window_days > 1) {
        long n = date_to_days(event_date);
        long w = s->window_days;
        long r = n % w;
        if (r < 0)
            r += w;   /* dates before 1970 */
        day = date_from_days(n - r);
    }
    snprintf(buf, cap, "%08d|%s|%s|%s%s", day, source, target, code, negated ? "|not" : "");
}
