/* nouns_file.c - reads event-noun dictionaries (parley's format, *noun* files).
 *
 * A line names a noun phrase, its CAMEO code and the prepositions that introduce the other
 * party, for events that no verb carries: "Iran's barrage of missiles against Israel",
 * "a phone call with Putin", "Putin's first visit to North Korea":
 *
 *     BARRAGE [190] AGAINST ON AT
 *     PHONE_CALL {PHONE_CALLS CALLS} [041:041] WITH BETWEEN
 *
 * Words join with '_' as in the PETRARCH formats. Plurals are generated unless listed in
 * braces ({} for none). A paired code x:y is an exchange: each side does it to the other.
 * How the document stage uses these entries is in src/doc/nominal.c. */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "../base/document.h"
#include "build.h"

static uint32_t prep_bit(const char *w)
{
    static const struct {
        const char *word;
        uint32_t bit;
    } preps[] = {{"ON", NOUN_ON},     {"AGAINST", NOUN_AGAINST}, {"AT", NOUN_AT},
                 {"WITH", NOUN_WITH}, {"TO", NOUN_TO},           {"OF", NOUN_OF},
                 {"INTO", NOUN_INTO}, {"BETWEEN", NOUN_BETWEEN}, {"FOR", NOUN_FOR},
                 {"IN", NOUN_IN}};
    for (size_t i = 0; i < sizeof preps / sizeof preps[0]; i++)
        if (strcasecmp(w, preps[i].word) == 0)
            return preps[i].bit;
    return 0;
}

static int noun_phrase(dict_builder *b, uint32_t entry, long line, const char *phrase)
{
    uint32_t wids[MAX_PHRASE_WORDS];
    int k = phrase_words(b, phrase, strlen(phrase), wids, MAX_PHRASE_WORDS, NULL);
    if (k <= 0) {
        build_warn(b, line, 1, "cannot read noun phrase \"%.60s\"", phrase);
        return 0;
    }
    uint32_t node = trie_insert(&b->d->nouns, wids, (uint32_t)k);
    if (!node)
        return PARLEY_ENOMEM;
    if (b->d->nouns.nodes[node].payload) {
        const noun_entry *o = &b->d->noun_entries[b->d->nouns.nodes[node].payload - 1];
        build_warn(b, line, 1, "noun \"%s\" already defined at line %u", phrase, o->line);
        return 0;
    }
    b->d->nouns.nodes[node].payload = entry + 1;
    return 0;
}

int read_nouns(dict_builder *b, const char *path, const char *mem, size_t mem_len, parley_error *err)
{
    parley_dict *d = b->d;
    line_iter it;
    int rc = lines_open(&it, path, mem, mem_len, err);
    if (rc < 0)
        return rc;
    char *line;
    while (rc >= 0 && (line = lines_next(&it)) != NULL) {
        long ln = it.lineno;
        strip_comment(line);
        char *s = trim(line);
        if (!*s)
            continue;
        char written[512];
        snprintf(written, sizeof written, "%s", s);
        char *lb = strchr(s, '['), *rb = lb ? strchr(lb, ']') : NULL;
        if (!lb || !rb) {
            build_warn(b, ln, 1, "noun line needs a [code]: \"%.60s\"", s);
            continue;
        }
        *lb = '\0';
        *rb = '\0';
        char *code = trim(lb + 1);
        for (char *p = code; *p; p++)
            *p = (char)toupper((unsigned char)*p);
        char *colon = strchr(code, ':');
        int bad = !*code;
        for (char *p = code; *p && !bad; p++)
            bad = !(isdigit((unsigned char)*p) || p == colon);
        if (bad) {
            build_warn(b, ln, (long)(lb - line) + 2, "invalid event code \"%s\"", code);
            continue;
        }
        uint32_t preps = 0;
        char *save = NULL;
        for (char *w = strtok_r(rb + 1, " \t", &save); w; w = strtok_r(NULL, " \t", &save)) {
            uint32_t bit = prep_bit(w);
            if (!bit)
                build_warn(b, ln, (long)(w - line) + 1, "unknown preposition \"%s\"", w);
            preps |= bit;
        }
        char *plurals = NULL, *lc = strchr(s, '{');
        if (lc) {
            char *rc2 = strchr(lc, '}');
            if (!rc2) {
                build_warn(b, ln, (long)(lc - line) + 1, "unclosed '{'");
                continue;
            }
            *rc2 = '\0';
            plurals = lc + 1;
            *lc = '\0';
        }
        char *phrase = trim(s);
        if (!*phrase) {
            build_warn(b, ln, 1, "noun line without a noun");
            continue;
        }
        if (GROW(d, noun_entries, nnouns, cap_nouns) < 0) {
            rc = PARLEY_ENOMEM;
            break;
        }
        uint32_t entry = d->nnouns++;
        noun_entry *e = &d->noun_entries[entry];
        e->code = pool_add(d, code, strlen(code));
        e->preps = preps;
        e->file = b->file_index;
        e->line = (uint32_t)ln;
        e->text = pool_add(d, written, strlen(written));
        rc = noun_phrase(b, entry, ln, phrase);
        if (plurals) {
            char *save2 = NULL;
            for (char *p = strtok_r(plurals, " \t", &save2); p && rc >= 0; p = strtok_r(NULL, " \t", &save2))
                rc = noun_phrase(b, entry, ln, p);
        } else if (rc >= 0) {
            char pl[512];
            plural_of(phrase, pl, sizeof pl);
            rc = noun_phrase(b, entry, ln, pl);
        }
        d->stats.nouns++;
    }
    lines_close(&it);
    if (rc < 0)
        error_set(err, rc, path, it.lineno, 0, NULL, "out of memory");
    return rc < 0 ? rc : 0;
}
