/* actors_file.c - readers for the actor, agent and discard dictionaries.
 *
 * Actor blocks: a primary phrase, "+" synonyms, and codes either on the primary line
 * ([CODE], TABARI's same-line [CODE 950601-990815]) or on following indented lines
 * ([CODE >D], [CODE <D], [CODE D1-D2], [CODE]). A primary without codes that is followed
 * directly by another primary shares that primary's codes (PETRARCH's reading).
 *
 * The same readers take TABARI's actor and agent files (b->tabari): ';' comments,
 * "~~FINISH", <NOUN>/<ADJECTIVE> sections, phrases whose words match as TABARI writes
 * them (tabari_phrase), and agents whose plurals come from the regular endings rather
 * than generated forms. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../base/date.h"
#include "../base/document.h"
#include "build.h"

static int add_payload(dict_builder *b, uint32_t node, uint32_t entry, uint8_t kind,
                       uint8_t prefix, uint16_t nwords, uint8_t exact, long line, const char *text)
{
    parley_dict *d = b->d;
    if (b->lint) {
        /* the same phrase in another entry of the same kind: only the first ever counts */
        for (uint32_t q = d->phrases.nodes[node].payload; q; q = d->payloads[q - 1].next) {
            const phrase_payload *o = &d->payloads[q - 1];
            if (o->kind != kind || o->entry == entry)
                continue;
            uint32_t f = kind == MK_ACTOR ? d->actors[o->entry].file : d->agents[o->entry].file;
            uint32_t l = kind == MK_ACTOR ? d->actors[o->entry].line : d->agents[o->entry].line;
            build_warn(b, line, 1, "duplicate phrase \"%s\": already defined at %s:%u (that one wins)",
                       text, f < d->nfiles ? d->files[f] : "?", l);
            break;
        }
    }
    if (GROW(d, payloads, npayloads, cap_payloads) < 0)
        return PARLEY_ENOMEM;
    phrase_payload *p = &d->payloads[d->npayloads];
    memset(p, 0, sizeof *p);
    p->entry = entry;
    p->kind = kind;
    p->prefix = prefix;
    p->nwords = nwords;
    p->exact = exact;
    /* keep file order: append at the end of the node's list */
    uint32_t *link = &d->phrases.nodes[node].payload;
    while (*link)
        link = &d->payloads[*link - 1].next;
    *link = ++d->npayloads;
    return 0;
}

static int valid_code(const char *s)
{
    if (!*s)
        return 0;
    for (; *s; s++)
        if (!(isalnum((unsigned char)*s) || *s == '-' || *s == '/' || *s == '#' || *s == '+' ||
              *s == '~' || *s == ':'))
            return 0;
    return 1;
}

static void upcase(char *s)
{
    for (; *s; s++)
        *s = (char)toupper((unsigned char)*s);
}

/* ---- actors ------------------------------------------------------------------------ */

typedef struct group {
    uint32_t entry;         /* actor entry being filled */
    int has_codes;
    int open;
} group;

static int new_entry(dict_builder *b, group *g, long line, const char *primary)
{
    parley_dict *d = b->d;
    if (GROW(d, actors, nactors, cap_actors) < 0)
        return PARLEY_ENOMEM;
    actor_entry *e = &d->actors[d->nactors];
    memset(e, 0, sizeof *e);
    e->win_first = d->nwindows;
    e->file = b->file_index;
    e->line = (uint32_t)line;
    e->primary = pool_add(d, primary, strlen(primary));
    g->entry = d->nactors++;
    g->has_codes = 0;
    g->open = 1;
    return 0;
}

/* Parses one "[...]" group's contents into a window or a default of the current entry. */
static int add_code(dict_builder *b, group *g, long line, long col, char *in)
{
    parley_dict *d = b->d;
    actor_entry *e = &d->actors[g->entry];
    char *s = trim(in);
    char *sp = s;
    while (*sp && *sp != ' ' && *sp != '\t' && *sp != '<' && *sp != '>')
        sp++;
    char code[64];
    size_t cn = (size_t)(sp - s);
    if (cn == 0 || cn >= sizeof code) {
        build_warn(b, line, col, "empty or overlong actor code \"[%s]\"", in);
        return 0;
    }
    memcpy(code, s, cn);
    code[cn] = '\0';
    upcase(code);
    if (!valid_code(code)) {
        build_warn(b, line, col, "invalid actor code \"%s\"", code);
        return 0;
    }
    char *rest = trim(sp);
    uint32_t coff = pool_add(d, code, cn);
    g->has_codes = 1;
    if (!*rest) {
        if (!e->defcode)
            e->defcode = coff + 1;
        return 0;
    }
    actor_window w = {0, 0, coff};
    /* strip spaces inside the restriction: "19950601 - 19990815", "< 950601" */
    char r[64];
    size_t k = 0;
    for (char *p = rest; *p && k + 1 < sizeof r; p++)
        if (*p != ' ' && *p != '\t')
            r[k++] = *p;
    r[k] = '\0';
    if (r[0] == '<' || r[0] == '>') {
        int dt = dict_parse_date(r + 1, strlen(r + 1));
        if (!dt) {
            build_warn(b, line, col, "bad date in \"[%s]\": expected YYMMDD or YYYYMMDD", in);
            return 0;
        }
        /* "<D" is strictly before D, ">D" from D on (both as PETRARCH measured) */
        if (r[0] == '<')
            w.to = date_add_days(dt, -1);
        else
            w.from = dt;
    } else {
        char *dash = strchr(r, '-');
        int d1 = dash ? dict_parse_date(r, (size_t)(dash - r)) : 0;
        int d2 = dash ? dict_parse_date(dash + 1, strlen(dash + 1)) : 0;
        if (!d1 || !d2) {
            build_warn(b, line, col, "bad date window in \"[%s]\"", in);
            return 0;
        }
        if (d2 < d1) {
            build_warn(b, line, col, "date window \"[%s]\" ends before it starts", in);
            return 0;
        }
        w.from = d1;
        w.to = d2;
    }
    if (GROW(d, windows, nwindows, cap_windows) < 0)
        return PARLEY_ENOMEM;
    /* windows of one entry are contiguous: entries are filled one at a time */
    if (e->win_first + e->nwin != d->nwindows) {
        build_warn(b, line, col, "date window separated from its actor block");
        return 0;
    }
    d->windows[d->nwindows++] = w;
    e->nwin++;
    d->stats.dated_windows++;
    return 0;
}

/* Pulls every "[...]" out of line (replacing them by spaces) and adds them as codes. */
static int take_codes(dict_builder *b, group *g, long line, char *s)
{
    char *p = s;
    while ((p = strchr(p, '[')) != NULL) {
        char *e = strchr(p, ']');
        if (!e) {
            build_warn(b, line, (long)(p - s) + 1, "unclosed '['");
            *p = '\0';
            return 0;
        }
        *e = '\0';
        int rc = add_code(b, g, line, (long)(p - s) + 1, p + 1);
        memset(p, ' ', (size_t)(e - p) + 1);
        if (rc < 0)
            return rc;
        p = e + 1;
    }
    return 0;
}

static int add_phrase(dict_builder *b, group *g, long line, char *s, uint8_t kind, uint8_t prefix)
{
    s = trim(s);
    size_t n = strlen(s);
    if (!n)
        return 0;
    uint8_t exact = 0;
    uint32_t wids[MAX_PHRASE_WORDS];
    int k;
    if (b->tabari) {
        /* a closed last word ends the phrase there, as in PETRARCH's files */
        exact = s[n - 1] == '_' || s[n - 1] == '=';
        uint8_t joined[MAX_PHRASE_WORDS];
        uint32_t raw[MAX_PHRASE_WORDS];
        int m = tabari_phrase(b, s, n, raw, MAX_PHRASE_WORDS, joined, LIT_ENDS);
        /* a space between two words lets other words come between them in the text */
        k = 0;
        for (int i = 0; i < m && k < MAX_PHRASE_WORDS; i++) {
            wids[k++] = raw[i];
            if (i + 1 < m && !joined[i] && k < MAX_PHRASE_WORDS) {
                if (!b->d->gap_wid)
                    b->d->gap_wid = vocab_add(b->d, "\x01gap", 4);
                wids[k++] = b->d->gap_wid;
            }
        }
        if (m <= 0)
            k = 0;
        while (n && (s[n - 1] == '_' || s[n - 1] == '='))
            s[--n] = '\0';
    } else {
        while (n && s[n - 1] == '_') {
            s[--n] = '\0';
            exact = 1;
        }
        k = phrase_words(b, s, n, wids, MAX_PHRASE_WORDS, NULL);
    }
    if (k <= 0) {
        build_warn(b, line, 1, "cannot read phrase \"%.60s\"", s);
        return 0;
    }
    uint32_t node = trie_insert(&b->d->phrases, wids, (uint32_t)k);
    if (!node)
        return PARLEY_ENOMEM;
    if (kind == MK_ACTOR)
        b->d->stats.actor_phrases++;
    return add_payload(b, node, g->entry, kind, prefix, (uint16_t)k, exact, line, s);
}

int read_actors(dict_builder *b, const char *path, const char *mem, size_t mem_len, parley_error *err)
{
    line_iter it;
    int rc = lines_open(&it, path, mem, mem_len, err);
    if (rc < 0)
        return rc;
    group g = {0, 0, 0};
    uint8_t word_class = 0; /* inside a TABARI <NOUN> or <ADJECTIVE> section */
    char *line;
    while ((line = lines_next(&it)) != NULL) {
        long ln = it.lineno;
        if (line[0] == '#' || strncmp(line, "<!", 2) == 0)
            continue;
        strip_comment(line);
        if (b->tabari)
            tabari_strip_comment(line);
        char *s = line;
        int indented = (*s == ' ' || *s == '\t');
        s = trim(s);
        if (!*s)
            continue;
        if (strncmp(s, "---STOP---", 10) == 0 || (b->tabari && strncmp(s, "~~", 2) == 0))
            break;
        if (b->tabari && s[0] == '<') {
            word_class = strncasecmp(s, "<NOUN>", 6) == 0        ? WM_NOUN
                         : strncasecmp(s, "<ADJECTIVE>", 11) == 0 ? WM_ADJ
                                                                  : 0;
            if (!word_class && s[1] != '/')
                build_warn(b, ln, 1, "section %.30s is not used by parley: its lines are skipped", s);
            g.open = 0;
            continue;
        }
        if (word_class) {
            if ((rc = tabari_word_class(b, ln, s, word_class)) < 0)
                break;
            continue;
        }
        if (indented && *s == '[') {
            if (!g.open) {
                build_warn(b, ln, 1, "code line without an actor phrase before it");
                continue;
            }
            if ((rc = take_codes(b, &g, ln, s)) < 0)
                break;
            char *left = trim(s);
            if (*left)
                build_warn(b, ln, 1, "unexpected text \"%.40s\" on a code line", left);
            continue;
        }
        if (*s == '+') {
            if (!g.open) {
                build_warn(b, ln, 1, "synonym \"%.40s\" without a primary phrase", s);
                continue;
            }
            if ((rc = take_codes(b, &g, ln, s + 1)) < 0 ||
                (rc = add_phrase(b, &g, ln, s + 1, MK_ACTOR, 0)) < 0)
                break;
            continue;
        }
        /* a primary phrase: continues the current entry only if that one has no codes yet */
        if (!(g.open && !g.has_codes)) {
            char primary[256];
            snprintf(primary, sizeof primary, "%s", s);
            char *br = strchr(primary, '[');
            if (br)
                *br = '\0';
            if ((rc = new_entry(b, &g, ln, trim(primary))) < 0)
                break;
        }
        if ((rc = take_codes(b, &g, ln, s)) < 0 || (rc = add_phrase(b, &g, ln, s, MK_ACTOR, 0)) < 0)
            break;
    }
    lines_close(&it);
    if (rc < 0)
        error_set(err, rc, path, it.lineno, 0, NULL, "out of memory");
    return rc < 0 ? rc : 0;
}

/* ---- agents ------------------------------------------------------------------------ */

#define MAX_SUBST 16

typedef struct subst_set {
    char name[32];           /* "!PERSON!" */
    char *members[64];
    int n;
} subst_set;

void plural_of(const char *s, char *out, size_t cap)
{
    size_t n = strlen(s);
    const char *suffix = "S";
    size_t keep = n;
    if (n >= 2 && (s[n - 1] == 'Y' || s[n - 1] == 'y') && !strchr("AEIOUaeiou", s[n - 2])) {
        keep = n - 1;
        suffix = "IES";
    } else if (n >= 1 && strchr("SXZsxz", s[n - 1])) {
        suffix = "ES";
    } else if (n >= 2 && (strcmp(s + n - 2, "CH") == 0 || strcmp(s + n - 2, "SH") == 0)) {
        suffix = "ES";
    } else if (n >= 3 && strcasecmp(s + n - 3, "MAN") == 0) {
        keep = n - 2;
        suffix = "EN";
    }
    snprintf(out, cap, "%.*s%s", (int)keep, s, suffix);
}

static int agent_entry_new(dict_builder *b, long line, const char *code, uint8_t prefix)
{
    parley_dict *d = b->d;
    if (GROW(d, agents, nagents, cap_agents) < 0)
        return PARLEY_ENOMEM;
    agent_entry *a = &d->agents[d->nagents];
    a->code = pool_add(d, code, strlen(code));
    a->prefix = prefix;
    a->file = b->file_index;
    a->line = (uint32_t)line;
    return (int)d->nagents++;
}

static int agent_phrase(dict_builder *b, uint32_t entry, long line, const char *phrase, uint8_t prefix)
{
    group g = {entry, 1, 1};
    char buf[512];
    snprintf(buf, sizeof buf, "%s", phrase);
    int rc = add_phrase(b, &g, line, buf, MK_AGENT, prefix);
    if (rc == 0)
        b->d->stats.agent_phrases++;
    return rc;
}

int read_agents(dict_builder *b, const char *path, const char *mem, size_t mem_len, parley_error *err)
{
    line_iter it;
    int rc = lines_open(&it, path, mem, mem_len, err);
    if (rc < 0)
        return rc;
    subst_set *sets = calloc(MAX_SUBST, sizeof *sets);
    int nsets = 0;
    char *line;
    while (sets && (line = lines_next(&it)) != NULL) {
        long ln = it.lineno;
        if (line[0] == '#' || strncmp(line, "<!", 2) == 0)
            continue;
        strip_comment(line);
        if (b->tabari)
            tabari_strip_comment(line);
        char *s = trim(line);
        if (!*s)
            continue;
        if (b->tabari && strncmp(s, "~~", 2) == 0)
            break;
        char *close0 = s[0] == '!' ? strchr(s + 1, '!') : NULL;
        if (close0 && *trim(close0 + 1) == '=') {
            /* !X! = A, B, C */
            char *eq = strchr(s, '=');
            char *close = strchr(s + 1, '!');
            if (!eq || !close || close > eq || nsets == MAX_SUBST) {
                build_warn(b, ln, 1, "bad substitution set line");
                continue;
            }
            subst_set *ss = &sets[nsets++];
            snprintf(ss->name, sizeof ss->name, "%.*s", (int)(close - s + 1), s);
            char *save = NULL;
            for (char *m = strtok_r(eq + 1, ",", &save); m && ss->n < 64; m = strtok_r(NULL, ",", &save)) {
                m = trim(m);
                if (*m)
                    ss->members[ss->n++] = strdup(m);
            }
            continue;
        }
        char *lb = strchr(s, '[');
        char *rb = lb ? strchr(lb, ']') : NULL;
        if (!lb || !rb) {
            build_warn(b, ln, 1, "agent line without a [code]");
            continue;
        }
        *rb = '\0';
        char *code = trim(lb + 1);
        *lb = '\0';
        uint8_t prefix = 0;
        size_t cn = strlen(code);
        if (cn && code[0] == '~') {
            code++;
        } else if (cn && code[cn - 1] == '~') {
            code[cn - 1] = '\0';
            prefix = 1;
        } else {
            build_warn(b, ln, (long)(lb - line) + 2, "agent code \"%s\" needs a '~' (~GOV or NGO~)", code);
            continue;
        }
        code = trim(code);
        upcase(code);
        if (!valid_code(code)) {
            build_warn(b, ln, (long)(lb - line) + 2, "invalid agent code \"%s\"", code);
            continue;
        }
        /* plurals: {} none, {A B} listed, absent = generated */
        char *plurals = NULL;
        int plural_list = 0;
        char *lc = strchr(s, '{');
        if (lc) {
            char *rc2 = strchr(lc, '}');
            if (!rc2) {
                build_warn(b, ln, (long)(lc - line) + 1, "unclosed '{'");
                continue;
            }
            *rc2 = '\0';
            plurals = lc + 1;
            plural_list = 1;
            *lc = '\0';
        }
        char *phrase = trim(s);
        if (!*phrase)
            continue;
        int entry = agent_entry_new(b, ln, code, prefix);
        if (entry < 0) {
            rc = entry;
            break;
        }
        char *bang = strchr(phrase, '!');
        if (bang) {
            char *bang2 = strchr(bang + 1, '!');
            subst_set *ss = NULL;
            for (int k = 0; bang2 && k < nsets; k++)
                if ((size_t)(bang2 - bang + 1) == strlen(sets[k].name) &&
                    strncmp(sets[k].name, bang, strlen(sets[k].name)) == 0)
                    ss = &sets[k];
            if (!ss) {
                build_warn(b, ln, (long)(bang - line) + 1, "unknown substitution set in \"%s\"", phrase);
                continue;
            }
            for (int k = 0; k < ss->n; k++) {
                char buf[512];
                snprintf(buf, sizeof buf, "%.*s%s%s", (int)(bang - phrase), phrase, ss->members[k],
                         bang2 + 1);
                if ((rc = agent_phrase(b, (uint32_t)entry, ln, buf, prefix)) < 0)
                    break;
            }
            if (rc < 0)
                break;
            continue;
        }
        if ((rc = agent_phrase(b, (uint32_t)entry, ln, phrase, prefix)) < 0)
            break;
        if (b->tabari) {
            /* TABARI: a closed agent word takes the regular noun endings instead */
        } else if (plural_list) {
            char *save = NULL;
            for (char *p = strtok_r(plurals, " \t", &save); p; p = strtok_r(NULL, " \t", &save))
                if ((rc = agent_phrase(b, (uint32_t)entry, ln, p, prefix)) < 0)
                    break;
        } else {
            char pl[512];
            size_t n = strlen(phrase);
            while (n && phrase[n - 1] == '_')
                phrase[--n] = '\0';
            plural_of(phrase, pl, sizeof pl);
            rc = agent_phrase(b, (uint32_t)entry, ln, pl, prefix);
        }
        if (rc < 0)
            break;
    }
    for (int k = 0; sets && k < nsets; k++)
        for (int m = 0; m < sets[k].n; m++)
            free(sets[k].members[m]);
    free(sets);
    lines_close(&it);
    if (!sets && rc == 0)
        rc = PARLEY_ENOMEM;
    if (rc < 0)
        error_set(err, rc, path, it.lineno, 0, NULL, "out of memory");
    return rc < 0 ? rc : 0;
}

/* ---- discards ----------------------------------------------------------------------- */

int read_discards(dict_builder *b, const char *path, const char *mem, size_t mem_len, parley_error *err)
{
    line_iter it;
    int rc = lines_open(&it, path, mem, mem_len, err);
    if (rc < 0)
        return rc;
    char *line;
    while ((line = lines_next(&it)) != NULL) {
        long ln = it.lineno;
        if (line[0] == '#' || strncmp(line, "<!", 2) == 0)
            continue;
        strip_comment(line);
        /* TABARI-style ';' comments */
        char *semi = strchr(line, ';');
        if (semi)
            *semi = '\0';
        char *s = trim(line);
        if (!*s)
            continue;
        uint32_t flags = 1;
        if (*s == '+') {
            flags = 2;
            s = trim(s + 1);
        }
        size_t n = strlen(s);
        while (n && s[n - 1] == '_') {
            s[--n] = '\0';
            flags |= 4;
        }
        uint32_t wids[MAX_PHRASE_WORDS];
        int k = phrase_words(b, s, n, wids, MAX_PHRASE_WORDS, NULL);
        if (k <= 0) {
            build_warn(b, ln, 1, "cannot read discard phrase \"%.60s\"", s);
            continue;
        }
        uint32_t node = trie_insert(&b->d->discards, wids, (uint32_t)k);
        if (!node) {
            rc = PARLEY_ENOMEM;
            break;
        }
        if (!b->d->discards.nodes[node].payload)
            b->d->discards.nodes[node].payload = flags;
        else
            b->d->discards.nodes[node].payload |= flags & 2;
        b->d->stats.discards++;
    }
    lines_close(&it);
    if (rc < 0)
        error_set(err, rc, path, it.lineno, 0, NULL, "out of memory");
    return rc < 0 ? rc : 0;
}

/* ---- code look-up ---------------------------------------------------------------------- */

int dict_actor_window(const parley_dict *d, uint32_t entry, int date)
{
    const actor_entry *e = &d->actors[entry];
    for (uint32_t i = 0; i < e->nwin; i++) {
        const actor_window *w = &d->windows[e->win_first + i];
        if ((!w->from || date >= w->from) && (!w->to || date <= w->to))
            return (int)i;
    }
    return e->defcode ? -1 : -2;
}

const char *dict_actor_code(const parley_dict *d, uint32_t entry, int date)
{
    const actor_entry *e = &d->actors[entry];
    int w = dict_actor_window(d, entry, date);
    if (w >= 0)
        return d->pool + d->windows[e->win_first + (uint32_t)w].code;
    return w == -1 ? d->pool + e->defcode - 1 : "---";
}
