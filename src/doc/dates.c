/* dates.c - the dates events happened on, from the words of their sentence.
 *
 * Wire stories date events relative to the day they were filed: "on Monday" is the latest
 * Monday not after publication (the next one when the verb is future), "yesterday" the day
 * before, "July 1" the latest July 1 not more than a week ahead, "a day after X" one day
 * before its main clause. Vague spans ("last week", "recently", "overnight") keep the
 * publication date but mark it approximate, as does an event whose sentence says nothing.
 * A dateline with a date ("KYIV, March 3 (AP) -") replaces the publication date as anchor. */
#include <stdlib.h>
#include <string.h>

#include "../base/date.h"
#include "../base/wordset.h"
#include "../lex/tags.h"
#include "doc.h"

static const char *const MONTHS[] = {"january", "february", "march", "april", "may", "june", "july",
                                     "august", "september", "october", "november", "december"};
static const char *const MONTH_ABBR[] = {"jan.", "feb.", "mar.", "apr.", "may", "jun.", "jul.",
                                         "aug.", "sep.", "oct.", "nov.", "dec."};
static const char *const DAYS[] = {"monday", "tuesday", "wednesday", "thursday", "friday",
                                   "saturday", "sunday"};

static int month_of(const token *t)
{
    for (int m = 0; m < 12; m++)
        if (tok_is(t, MONTHS[m]) || tok_is(t, MONTH_ABBR[m]) ||
            (m == 8 && tok_is(t, "sept.")))
            return m + 1;
    return 0;
}

static int weekday_of(const token *t)
{
    for (int d = 0; d < 7; d++)
        if (tok_is(t, DAYS[d]))
            return d;
    return -1;
}

/* A day-of-month number ("1", "21", "3rd", "21st") or 0. */
static int day_number(const token *t)
{
    const char *s = t->norm;
    int v = 0, k = 0;
    while (s[k] >= '0' && s[k] <= '9' && k < 3)
        v = v * 10 + (s[k++] - '0');
    if (k == 0 || k > 2)
        return 0;
    const char *rest = s + k;
    if (*rest && strcmp(rest, "st") != 0 && strcmp(rest, "nd") != 0 && strcmp(rest, "rd") != 0 &&
        strcmp(rest, "th") != 0)
        return 0;
    return v >= 1 && v <= 31 ? v : 0;
}

static int year_number(const token *t)
{
    const char *s = t->norm;
    if (strlen(s) != 4)
        return 0;
    int v = atoi(s);
    return v >= 1900 && v <= 2100 ? v : 0;
}

static int number_word(const token *t)
{
    static const char *const w[] = {"zero", "one", "two", "three", "four", "five", "six",
                                    "seven", "eight", "nine", "ten"};
    if (tok_is(t, "a") || tok_is(t, "an"))
        return 1;
    for (int i = 0; i <= 10; i++)
        if (tok_is(t, w[i]))
            return i;
    if (t->norm[0] >= '0' && t->norm[0] <= '9')
        return atoi(t->norm);
    return -1;
}

/* The latest date with month m and day d that is not more than a week after the anchor. */
static int resolve_month_day(int anchor, int m, int d, int year)
{
    if (year) {
        int ymd = year * 10000 + m * 100 + d;
        return date_valid(ymd) ? ymd : 0;
    }
    int y = anchor / 10000;
    int ymd = y * 10000 + m * 100 + d;
    if (!date_valid(ymd))
        return 0;
    if (date_to_days(ymd) > date_to_days(anchor) + 7)
        ymd = (y - 1) * 10000 + m * 100 + d;
    return date_valid(ymd) ? ymd : 0;
}

static int push(parley_doc *doc, sent_analysis *an, uint32_t *cap, const timex *x)
{
    if (an->ntimex == *cap) {
        uint32_t nc = *cap ? *cap * 2 : 4;
        timex *p = arena_grow(&doc->arena, an->timex, an->ntimex, nc, sizeof *p);
        if (!p)
            return PARLEY_ENOMEM;
        an->timex = p;
        *cap = nc;
    }
    an->timex[an->ntimex++] = *x;
    return 0;
}

int dates_anchor(const parley_doc *doc)
{
    /* a dateline's own date: "KYIV, Ukraine, March 3 (AP) -" */
    if (doc->dateline.end) {
        for (uint32_t i = 0; i + 1 < doc->ntoks && doc->toks[i].end <= doc->dateline.end; i++) {
            int m = month_of(&doc->toks[i]);
            int d = m ? day_number(&doc->toks[i + 1]) : 0;
            if (m && d) {
                int r = resolve_month_day(doc->date, m, d, 0);
                if (r)
                    return r;
            }
        }
    }
    return doc->date;
}

/* The words dates_find() tests a token itself for, past weekdays and months. */
static const char *const date_words[] = {"yesterday", "today", "tonight", "tomorrow", "week",
                                         "month", "year", "weekend", "recently", "overnight",
                                         "recent", "after", "before", NULL};
static wordset date_words_set = WORDSET(date_words);

int dates_find(parley_doc *doc, sentence *s, int anchor)
{
    sent_analysis *an = s->an;
    uint32_t cap = 0;
    uint32_t end = s->first + s->ntok;
    for (uint32_t i = s->first; i < end; i++) {
        const token *t = &doc->toks[i];
        const token *prev = i > s->first ? &doc->toks[i - 1] : NULL;
        const token *next = i + 1 < end ? &doc->toks[i + 1] : NULL;
        uint32_t tg = t->tags;
        if (!(tg & (T_WEEKDAY | T_MONTH | T_TIME | T_IN | T_SUB | T_NOUN | T_RB | T_JJ)))
            continue;
        int wd = (tg & T_WEEKDAY) ? weekday_of(t) : -1;
        int m = (tg & T_MONTH) ? month_of(t) : 0;
        /* past the weekdays and months, only the words the branches below name can start
         * an expression: most nouns and prepositions stop here */
        if (!(wd >= 0 && (t->flags & TF_CAP)) && !m && !tok_in(t, &date_words_set))
            continue;
        timex x;
        memset(&x, 0, sizeof x);
        x.first = x.last = i;
        if (wd >= 0 && (t->flags & TF_CAP)) {
            int aw = date_weekday(anchor);
            int back = (aw - wd + 7) % 7;
            x.kind = TX_WEEKDAY;
            x.precision = PARLEY_DATE_DAY;
            x.date = date_add_days(anchor, -back);
            x.ahead = date_add_days(anchor, back ? 7 - back : 0);
            if (prev && tok_is(prev, "last")) {
                x.first = i - 1;
                if (!back)
                    x.date = date_add_days(anchor, -7);
            } else if (prev && tok_is(prev, "next")) {
                x.first = i - 1;
                x.date = date_add_days(anchor, back ? 7 - back : 7);
                x.kind = TX_FUTURE;
            }
        } else if (m && !(m == 5 && !(t->flags & TF_CAP)) && !(m == 3 && !(t->flags & TF_CAP))) {
            /* July 1 [, 2023] | 1 July [2023] | July 2023 | in July */
            int d = next ? day_number(next) : 0;
            int before = prev ? day_number(prev) : 0;
            int year = 0;
            uint32_t last = i;
            if (d) {
                last = i + 1;
                uint32_t k = i + 2;
                if (k < end && tok_is(&doc->toks[k], ","))
                    k++;
                if (k < end && (year = year_number(&doc->toks[k])) != 0)
                    last = k;
            } else if (before) {
                d = before;
                x.first = i - 1;
                if (next && (year = year_number(next)) != 0)
                    last = i + 1;
            }
            x.last = last;
            if (d) {
                x.date = resolve_month_day(anchor, m, d, year);
                x.precision = PARLEY_DATE_DAY;
                x.kind = TX_DATE;
                if (!x.date)
                    continue;
            } else {
                x.kind = TX_VAGUE;
                x.precision = PARLEY_DATE_APPROX;
                x.date = anchor;
            }
        } else if (tok_is(t, "yesterday")) {
            x.kind = TX_DATE;
            x.precision = PARLEY_DATE_DAY;
            x.date = date_add_days(anchor, -1);
        } else if (tok_is(t, "today") || tok_is(t, "tonight")) {
            x.kind = TX_DATE;
            x.precision = PARLEY_DATE_DAY;
            x.date = anchor;
        } else if (tok_is(t, "tomorrow")) {
            x.kind = TX_FUTURE;
            x.precision = PARLEY_DATE_DAY;
            x.date = date_add_days(anchor, 1);
        } else if ((tok_is(t, "week") || tok_is(t, "month") || tok_is(t, "year") || tok_is(t, "weekend")) && prev &&
                   (tok_is(prev, "last") || tok_is(prev, "this") || tok_is(prev, "the") || tok_is(prev, "past"))) {
            x.first = i - 1;
            x.kind = TX_VAGUE;
            x.precision = PARLEY_DATE_APPROX;
            x.date = anchor;
        } else if (tok_is(t, "recently") || tok_is(t, "overnight") || (tok_is(t, "recent") && next && tok_is(next, "days"))) {
            x.kind = TX_VAGUE;
            x.precision = PARLEY_DATE_APPROX;
            x.date = anchor;
        } else if ((tok_is(t, "after") || tok_is(t, "before")) && prev && i >= s->first + 2) {
            /* "a day after", "two days before": shifts the clause that follows */
            const token *unit = prev;
            int n = number_word(&doc->toks[i - 2]);
            int days = tok_is(unit, "day") || tok_is(unit, "days") ? 1 : tok_is(unit, "week") || tok_is(unit, "weeks") ? 7 : 0;
            if (n > 0 && days) {
                x.first = i - 2;
                x.kind = TX_SHIFT;
                x.shift = (tok_is(t, "after") ? -1 : 1) * n * days;
                x.precision = PARLEY_DATE_DAY;
            } else {
                continue;
            }
        } else {
            continue;
        }
        if (push(doc, an, &cap, &x) < 0)
            return PARLEY_ENOMEM;
    }
    return 0;
}

/* The date of an event. Its verb is at `verb`; its clause's words run over [upper, own_end)
 * (own_end: where a clause nested in it begins, whose dates are its own); `cs` is where the
 * clause begins after the verb before it, which is where "a day after" can open it. */
void dates_for_clause(const parley_doc *doc, const sentence *s, uint32_t upper, uint32_t cs,
                      uint32_t verb, uint32_t own_end, int future, int anchor, int *date,
                      int *precision)
{
    const sent_analysis *an = s->an;
    const timex *best = NULL, *shift = NULL;
    uint32_t best_dist = UINT32_MAX;
    (void)doc;
    for (uint32_t i = 0; i < an->ntimex; i++) {
        const timex *x = &an->timex[i];
        if (x->kind == TX_SHIFT) {
            if (x->first >= cs && x->last < verb && (!shift || x->first > shift->first))
                shift = x;
            continue;
        }
        if (x->first < upper || x->last >= own_end || x->nominal)
            continue;
        uint32_t dist = x->first > verb ? x->first - verb : verb - x->last;
        if (dist < best_dist) {
            best = x;
            best_dist = dist;
        }
    }
    if (!best || shift) {
        /* nothing in the clause, or the clause is dated from another ("a day after"): the
         * first exact date of the sentence */
        const timex *main = NULL;
        for (uint32_t i = 0; i < an->ntimex && !main; i++)
            if (an->timex[i].kind != TX_SHIFT && an->timex[i].precision == PARLEY_DATE_DAY && !an->timex[i].nominal &&
                (!shift || an->timex[i].first < shift->first))
                main = &an->timex[i];
        if (!best || (shift && main))
            best = main;
    }
    *date = anchor;
    *precision = PARLEY_DATE_APPROX;
    if (best) {
        *date = best->date;
        *precision = best->precision;
        if (best->kind == TX_WEEKDAY && future && best->ahead)
            *date = best->ahead;
    }
    if (shift)
        *date = date_add_days(*date, shift->shift);
}
