/* genlex.c - build-time generator of parley's English lexicon.
 *
 * Reads Debian's WordNet data (package wordnet-base: index.*, *.exc, cntlist.rev) and the
 * closed-class list src/lex/closed.txt, and writes the binary lexicon described in
 * src/lex/tags.h: every word form with the tags it can carry, its lemma, and SemCor
 * frequencies of the lemma per word class (the prior the tagger uses to tell "attack"
 * the verb from "the attack"). The binary is embedded into libparley, so nothing is read
 * from WordNet at run time.
 *
 * usage: genlex WORDNET_DIR CLOSED_TXT OUT_BIN */
#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/base/strmap.h"
#include "../src/lex/inflect.h"
#include "../src/lex/reporting.h"
#include "../src/lex/tags.h"

typedef struct gen_entry {
    char *form;
    uint32_t tags;
    int32_t verb_lemma;   /* entry index or -1 */
    int32_t noun_lemma;
    uint32_t nfreq, vfreq, afreq, rfreq; /* of the entry when it is itself a lemma */
    int closed_only;
} gen_entry;

static gen_entry *entries;
static size_t n_entries, cap_entries;
static strmap forms;

typedef struct irr_pair {
    uint32_t lemma, form;
} irr_pair;
static irr_pair *irr;
static size_t n_irr, cap_irr;

static void die(const char *what, const char *arg)
{
    fprintf(stderr, "genlex: %s %s: %s\n", what, arg ? arg : "", errno ? strerror(errno) : "");
    exit(1);
}

static uint32_t entry_of(const char *form)
{
    size_t n = strlen(form);
    uint32_t v = strmap_get(&forms, form, n);
    if (v)
        return v - 1;
    if (n_entries == cap_entries) {
        cap_entries = cap_entries ? cap_entries * 2 : 1u << 16;
        entries = realloc(entries, cap_entries * sizeof *entries);
        if (!entries)
            die("out of memory", NULL);
    }
    gen_entry *e = &entries[n_entries];
    memset(e, 0, sizeof *e);
    e->form = strdup(form);
    e->verb_lemma = e->noun_lemma = -1;
    if (!e->form || strmap_put(&forms, form, n, (uint32_t)n_entries + 1) < 0)
        die("out of memory", NULL);
    return (uint32_t)n_entries++;
}

static FILE *open_in(const char *dir, const char *name)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "r");
    if (!f)
        die("cannot open", path);
    return f;
}

/* Only single, plain words: WordNet collocations (carry_out) are the verb dictionary's job. */
static int plain_word(const char *w)
{
    if (!*w)
        return 0;
    for (const char *p = w; *p; p++)
        if (!(islower((unsigned char)*p) || *p == '-' || *p == '\'' || *p == '.'))
            return 0;
    return 1;
}

enum { P_NOUN, P_VERB, P_ADJ, P_ADV };

/* SemCor counts per lemma and word class, from cntlist.rev ("lemma%ss_type:..." n count). */
static strmap freq_keys;
static uint32_t *freq_vals;
static size_t n_freq, cap_freq;

static void freq_add(const char *lemma, int pos, uint32_t cnt)
{
    char key[256];
    int k = snprintf(key, sizeof key, "%s#%d", lemma, pos);
    if (k <= 0 || (size_t)k >= sizeof key)
        return;
    uint32_t v = strmap_get(&freq_keys, key, (size_t)k);
    if (!v) {
        if (n_freq == cap_freq) {
            cap_freq = cap_freq ? cap_freq * 2 : 4096;
            freq_vals = realloc(freq_vals, cap_freq * sizeof *freq_vals);
            if (!freq_vals)
                die("out of memory", NULL);
        }
        freq_vals[n_freq] = 0;
        v = (uint32_t)++n_freq;
        strmap_put(&freq_keys, key, (size_t)k, v);
    }
    freq_vals[v - 1] += cnt;
}

static uint32_t freq_get(const char *lemma, int pos)
{
    char key[256];
    int k = snprintf(key, sizeof key, "%s#%d", lemma, pos);
    if (k <= 0 || (size_t)k >= sizeof key)
        return 0;
    uint32_t v = strmap_get(&freq_keys, key, (size_t)k);
    return v ? freq_vals[v - 1] : 0;
}

static void load_freq(const char *dir)
{
    FILE *f = open_in(dir, "cntlist.rev");
    char line[1024];
    while (fgets(line, sizeof line, f)) {
        char key[512];
        unsigned sense, cnt;
        if (sscanf(line, "%511s %u %u", key, &sense, &cnt) != 3)
            continue;
        char *pct = strchr(key, '%');
        if (!pct)
            continue;
        *pct = '\0';
        int ss = pct[1] - '0';
        int pos = ss == 1 ? P_NOUN : ss == 2 ? P_VERB : (ss == 3 || ss == 5) ? P_ADJ : P_ADV;
        freq_add(key, pos, cnt);
    }
    fclose(f);
}

static void add_form(const char *form, uint32_t tags, int32_t lemma, int pos)
{
    if (!plain_word(form))
        return;
    uint32_t e = entry_of(form);
    entries[e].tags |= tags;
    if (pos == P_VERB && entries[e].verb_lemma < 0)
        entries[e].verb_lemma = lemma;
    if (pos == P_NOUN && entries[e].noun_lemma < 0)
        entries[e].noun_lemma = lemma;
}

static void load_index(const char *dir, const char *name, int pos)
{
    FILE *f = open_in(dir, name);
    char line[8192];
    while (fgets(line, sizeof line, f)) {
        if (line[0] == ' ')
            continue; /* licence header */
        char *sp = strchr(line, ' ');
        if (!sp)
            continue;
        *sp = '\0';
        const char *w = line;
        if (!plain_word(w))
            continue;
        uint32_t e = entry_of(w);
        uint32_t fr = freq_get(w, pos);
        char buf[256];
        switch (pos) {
        case P_NOUN:
            entries[e].tags |= T_NN;
            entries[e].nfreq = fr;
            entries[e].noun_lemma = (int32_t)e;
            if (inflect_s(w, buf, sizeof buf))
                add_form(buf, T_NNS, (int32_t)e, P_NOUN);
            break;
        case P_VERB:
            entries[e].tags |= T_VB | T_VBP;
            entries[e].vfreq = fr;
            entries[e].verb_lemma = (int32_t)e;
            if (inflect_s(w, buf, sizeof buf))
                add_form(buf, T_VBZ, (int32_t)e, P_VERB);
            if (inflect_ed(w, buf, sizeof buf))
                add_form(buf, T_VBD | T_VBN, (int32_t)e, P_VERB);
            if (inflect_ing(w, buf, sizeof buf))
                add_form(buf, T_VBG, (int32_t)e, P_VERB);
            break;
        case P_ADJ:
            entries[e].tags |= T_JJ;
            entries[e].afreq = fr;
            break;
        case P_ADV:
            entries[e].tags |= T_RB;
            entries[e].rfreq = fr;
            break;
        }
    }
    fclose(f);
}

static void load_exc(const char *dir, const char *name, int pos)
{
    FILE *f = open_in(dir, name);
    char line[1024];
    while (fgets(line, sizeof line, f)) {
        char form[256], base[256];
        if (sscanf(line, "%255s %255s", form, base) != 2)
            continue;
        if (!plain_word(form) || !plain_word(base))
            continue;
        uint32_t b = entry_of(base);
        size_t n = strlen(form);
        switch (pos) {
        case P_NOUN:
            add_form(form, T_NNS, (int32_t)b, P_NOUN);
            break;
        case P_VERB: {
            uint32_t tags;
            if (n > 3 && strcmp(form + n - 3, "ing") == 0)
                tags = T_VBG;
            else if (n > 1 && form[n - 1] == 's' && strcmp(form, base) != 0 &&
                     !(n > 2 && form[n - 2] == 'e' && form[n - 3] == 's'))
                tags = T_VBZ | T_VBD | T_VBN;
            else
                tags = T_VBD | T_VBN;
            entries[b].tags |= T_VB | T_VBP;
            if (entries[b].verb_lemma < 0)
                entries[b].verb_lemma = (int32_t)b;
            add_form(form, tags, (int32_t)b, P_VERB);
            if (n_irr == cap_irr) {
                cap_irr = cap_irr ? cap_irr * 2 : 4096;
                irr = realloc(irr, cap_irr * sizeof *irr);
                if (!irr)
                    die("out of memory", NULL);
            }
            irr[n_irr].lemma = b;
            irr[n_irr].form = entry_of(form);
            n_irr++;
            break;
        }
        case P_ADJ:
            add_form(form, T_JJ, -1, P_ADJ);
            break;
        default:
            add_form(form, T_RB, -1, P_ADV);
        }
    }
    fclose(f);
}

static uint32_t tag_bit(const char *t)
{
    static const struct { const char *name; uint32_t bit; } names[] = {
        {"NN", T_NN}, {"NNS", T_NNS}, {"VB", T_VB}, {"VBZ", T_VBZ}, {"VBD", T_VBD},
        {"VBN", T_VBN}, {"VBG", T_VBG}, {"VBP", T_VBP}, {"JJ", T_JJ}, {"RB", T_RB},
        {"DT", T_DT}, {"PRP", T_PRP}, {"PRPS", T_PRPS}, {"IN", T_IN}, {"SUB", T_SUB},
        {"CC", T_CC}, {"WH", T_WH}, {"MD", T_MD}, {"TO", T_TO}, {"NEG", T_NEG},
        {"EX", T_EX}, {"CD", T_CD}, {"BE", T_BE}, {"HAVE", T_HAVE}, {"DO", T_DO},
        {"POS", T_POS}, {"RP", T_RP}, {"MONTH", T_MONTH}, {"WEEKDAY", T_WEEKDAY},
        {"TIME", T_TIME}, {"TITLE", T_TITLE},
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(names[i].name, t) == 0)
            return names[i].bit;
    return 0;
}

static void load_closed(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        die("cannot open", path);
    char line[1024];
    int lineno = 0;
    while (fgets(line, sizeof line, f)) {
        lineno++;
        char *hash = strchr(line, '#');
        if (hash)
            *hash = '\0';
        char word[256], tags[256], bang[8] = "";
        int k = sscanf(line, "%255s %255s %7s", word, tags, bang);
        if (k < 2)
            continue;
        uint32_t bits = 0;
        for (char *t = strtok(tags, ","); t; t = strtok(NULL, ",")) {
            uint32_t b = tag_bit(t);
            if (!b) {
                fprintf(stderr, "%s:%d: unknown tag %s\n", path, lineno, t);
                exit(1);
            }
            bits |= b;
        }
        uint32_t e = entry_of(word);
        if (strcmp(bang, "!") == 0) {
            entries[e].tags = bits;
            entries[e].closed_only = 1;
        } else {
            entries[e].tags |= bits;
        }
    }
    fclose(f);
}

static void put32(FILE *f, uint32_t v)
{
    unsigned char b[4] = {(unsigned char)v, (unsigned char)(v >> 8), (unsigned char)(v >> 16),
                          (unsigned char)(v >> 24)};
    fwrite(b, 1, 4, f);
}

static void put16(FILE *f, uint32_t v)
{
    if (v > 0xffff)
        v = 0xffff;
    unsigned char b[2] = {(unsigned char)v, (unsigned char)(v >> 8)};
    fwrite(b, 1, 2, f);
}

static int irr_cmp(const void *a, const void *b)
{
    const irr_pair *x = a, *y = b;
    if (x->lemma != y->lemma)
        return x->lemma < y->lemma ? -1 : 1;
    return x->form < y->form ? -1 : x->form > y->form;
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: genlex WORDNET_DIR CLOSED_TXT OUT_BIN\n");
        return 2;
    }
    const char *dir = argv[1];
    strmap_init(&forms);
    strmap_init(&freq_keys);
    load_freq(dir);
    load_index(dir, "index.noun", P_NOUN);
    load_index(dir, "index.verb", P_VERB);
    load_index(dir, "index.adj", P_ADJ);
    load_index(dir, "index.adv", P_ADV);
    load_exc(dir, "noun.exc", P_NOUN);
    load_exc(dir, "verb.exc", P_VERB);
    load_exc(dir, "adj.exc", P_ADJ);
    load_exc(dir, "adv.exc", P_ADV);
    load_closed(argv[2]);

    /* Inflected forms carry the frequencies of their lemmas. */
    for (size_t i = 0; i < n_entries; i++) {
        gen_entry *e = &entries[i];
        if (e->closed_only)
            continue;
        if (e->verb_lemma >= 0 && (size_t)e->verb_lemma != i)
            e->vfreq = entries[e->verb_lemma].vfreq;
        if (e->noun_lemma >= 0 && (size_t)e->noun_lemma != i)
            e->nfreq = entries[e->noun_lemma].nfreq;
    }
    qsort(irr, n_irr, sizeof *irr, irr_cmp);

    if (n_entries >= (1u << LEX_ENTRY_BITS) - 1)
        die("too many forms for a lexicon slot's entry bits (LEX_ENTRY_BITS)", NULL);
    size_t n_slots = 1;
    while (n_slots < n_entries * 2)
        n_slots <<= 1;
    uint32_t *slots = calloc(n_slots, sizeof *slots);
    uint32_t *offs = calloc(n_entries ? n_entries : 1, sizeof *offs);
    if (!slots || !offs)
        die("out of memory", NULL);
    uint32_t pool = 0;
    for (size_t i = 0; i < n_entries; i++) {
        size_t n = strlen(entries[i].form);
        uint64_t h = strmap_hash(entries[i].form, n);
        size_t j = h & (n_slots - 1);
        while (slots[j])
            j = (j + 1) & (n_slots - 1);
        slots[j] = LEX_SLOT(i, h);
        offs[i] = pool;
        pool += (uint32_t)n + 1;
    }

    FILE *f = fopen(argv[3], "wb");
    if (!f)
        die("cannot write", argv[3]);
    put32(f, LEX_MAGIC);
    put32(f, LEX_VERSION);
    put32(f, (uint32_t)n_entries);
    put32(f, (uint32_t)n_slots);
    put32(f, (uint32_t)n_irr);
    put32(f, pool);
    for (size_t j = 0; j < n_slots; j++)
        put32(f, slots[j]);
    for (size_t i = 0; i < n_entries; i++) {
        const gen_entry *e = &entries[i];
        int32_t lemma = e->verb_lemma >= 0 ? e->verb_lemma : e->noun_lemma >= 0 ? e->noun_lemma : (int32_t)i;
        put32(f, offs[i]);
        put32(f, e->tags);
        put32(f, (uint32_t)lemma);
        put16(f, e->nfreq);
        put16(f, e->vfreq);
        put16(f, e->afreq);
        put16(f, e->rfreq);
    }
    for (size_t i = 0; i < n_irr; i++) {
        put32(f, irr[i].lemma);
        put32(f, irr[i].form);
    }
    /* the report table: for each entry, 1 + the LEX_REPORTING row of its lemma, 0 none */
    for (size_t i = 0; i < n_entries; i++) {
        const gen_entry *e = &entries[i];
        int32_t lemma = e->verb_lemma >= 0 ? e->verb_lemma : e->noun_lemma >= 0 ? e->noun_lemma : (int32_t)i;
        int rep = 0;
        for (size_t k = 0; k < LEX_NREPORTING && !rep; k++)
            if (strcmp(entries[lemma].form, LEX_REPORTING[k][0]) == 0)
                rep = (int)k + 1;
        fputc(rep, f);
    }
    for (size_t i = n_entries; i % 4; i++)
        fputc(0, f);
    for (size_t i = 0; i < n_entries; i++)
        fwrite(entries[i].form, 1, strlen(entries[i].form) + 1, f);
    while (ftell(f) % 4)
        fputc(0, f);
    if (fclose(f) != 0)
        die("cannot write", argv[3]);
    fprintf(stderr, "genlex: %zu forms, %zu irregular verb forms, %u bytes of strings\n", n_entries,
            n_irr, pool);
    return 0;
}
