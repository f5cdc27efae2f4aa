/* tagger.c - one word class per token, chosen from the lexicon's candidates by context.
 *
 * A handful of ordered rules do most of the work: after a determiner, possessive or
 * preposition a noun/verb word is a noun ("the attack", "its refusal"); after a modal,
 * "to" or an auxiliary it is a verb ("will attack", "has attacked"); after a subject it is
 * the finite verb ("Arnor signed"); otherwise the more frequent reading (SemCor counts)
 * wins. Words inside actor and agent mentions are nouns. */
#include "../base/wordset.h"
#include "../lex/lexicon.h"
#include "syntax.h"

static uint32_t pick_closed(const token *t, const token *prev, const token *next, const token *next2)
{
    uint32_t tg = t->tags;
    if (tg & T_MD) {
        /* "May" as a month, "will" as a noun after a determiner */
        if ((tg & T_MONTH) && (t->flags & TF_CAP) && !(t->flags & TF_SENT_START))
            return T_MONTH;
        if (prev && (prev->tag & (T_DT | T_PRPS | T_JJ)))
            return T_NN;
        return T_MD;
    }
    if (tg & T_TO) {
        /* "talking to bank creditors": a word far more often a noun than a verb, before
         * another noun, is the object of the preposition */
        if (next && next2 && (next->tags & T_VB) && (next->tags & T_NOUN) && next->lex &&
            next->lex->nfreq > 3 * next->lex->vfreq + 2 && (next2->tags & T_NOUN) && !(next2->tags & T_CLOSED) &&
            !(next2->flags & (TF_CAP | TF_PUNCT)))
            return T_IN;
        /* "to" + a base-form verb is the infinitive marker */
        if (next && (next->tags & T_VB) && !(next->tags & (T_DT | T_PRPS | T_CD)) &&
            !(next->flags & TF_CAP))
            return T_TO;
        if (next && (next->tags & T_VB) && (next->tags & T_NOUN) == 0)
            return T_TO;
        return T_IN;
    }
    if (tg & T_AUX)
        return tg & (T_AUX | T_VERB);
    if (tg & T_NEG)
        return T_NEG;
    if ((tg & T_WH) && (tg & T_SUB) && (tg & T_DT)) {
        /* that: determiner before a noun, complementiser after a verb, else relative */
        if (prev && (prev->tag & T_VERB))
            return T_SUB;
        if (next && (next->tags & T_NOUN) && !(next->tags & T_VERB))
            return T_DT;
        if (prev && (prev->tag & (T_NN | T_NNS)))
            return T_WH;
        return T_SUB;
    }
    if ((tg & T_WH) && (tg & T_DT)) {
        /* which: a determiner only opening a question ("Which country ...") or after a
         * preposition before a noun ("in which case"); otherwise a relative pronoun */
        if (next && (next->tags & T_NOUN) && !(next->tags & T_VERB) && (!prev || (prev->tag & T_IN)))
            return T_DT;
        return T_WH;
    }
    if ((tg & T_IN) && (tg & T_SUB)) {
        /* after/before/since/until: a clause follows when a subject and verb come next */
        return T_IN;
    }
    if (tg & T_DT)
        return T_DT;
    if (tg & T_PRPS)
        return T_PRPS;
    if (tg & T_PRP)
        return T_PRP;
    if (tg & T_POS)
        return T_POS;
    if (tg & T_CC)
        return T_CC;
    if (tg & T_SUB)
        return T_SUB;
    if (tg & T_WH)
        return T_WH;
    if (tg & T_IN)
        return T_IN;
    if (tg & T_RP)
        return T_RP;
    if (tg & T_EX)
        return T_EX;
    if (tg & T_CD)
        return T_CD;
    if (tg & (T_MONTH | T_WEEKDAY | T_TIME | T_TITLE))
        return tg & (T_MONTH | T_WEEKDAY | T_TIME | T_TITLE);
    return 0;
}

/* The previous token that decides a word's class, skipping adverbs and negation. */
static const token *prev_sig(const parley_doc *doc, uint32_t first, uint32_t i)
{
    while (i > first) {
        const token *p = &doc->toks[--i];
        if (p->tag == T_RB || p->tag == T_NEG)
            continue;
        return p;
    }
    return NULL;
}

static uint32_t lowest(uint32_t x)
{
    return x & (~x + 1);
}

/* Is the noun phrase before token i coordinated ("Fornost and Gondor welcome")? */
static int coordinated_subject(const parley_doc *doc, uint32_t first, uint32_t i)
{
    while (i > first) {
        const token *t = &doc->toks[--i];
        if (t->tag & T_CC)
            return tok_is(t, "and");
        if (!(t->tag & (T_NN | T_NNS | T_JJ | T_DT | T_POS | T_CD)) && !tok_is(t, ","))
            return 0;
    }
    return 0;
}

static uint32_t pick_open(const parley_doc *doc, uint32_t first, uint32_t i, const token *next)
{
    const token *t = &doc->toks[i];
    uint32_t tg = t->tags;
    const token *p = prev_sig(doc, first, i);
    uint32_t pt = p ? p->tag : 0;
    int verb = (tg & T_VERB) != 0, noun = (tg & T_NOUN) != 0, adj = (tg & T_JJ) != 0;

    if (!verb) {
        if (noun && adj) {
            /* "Prize laureate Narges Mohammadi": after a noun and before a name, a title */
            if ((pt & T_NOUN) && next && (next->flags & TF_CAP) && !(next->flags & TF_PUNCT) && !next->lex)
                return lowest(tg & T_NOUN);
            /* before another adjective or a noun it modifies: "the evil awful Gondor",
             * "formal diplomatic ties"; after a verb it is predicative: "shot dead" */
            if (next && ((next->tags & (T_JJ | T_NOUN)) || (next->flags & TF_CAP)) &&
                !(next->flags & TF_PUNCT) && !(next->tags & (T_CLOSED & ~T_CD)))
                return T_JJ;
            if (pt & (T_VERB | T_AUX | T_RB))
                return T_JJ;
            if (pt & (T_DT | T_PRPS | T_POS))
                return lowest(tg & T_NOUN);
            const lex_rec *r = t->lex;
            if (r && r->afreq > r->nfreq)
                return T_JJ;
            return lowest(tg & T_NOUN);
        }
        if (noun)
            return lowest(tg & T_NOUN);
        /* "He later held talks": before a verb, an adverb */
        if (adj && (tg & T_RB) && next && (next->tags & T_VERB) && !(next->tags & T_NOUN))
            return T_RB;
        if (adj)
            return T_JJ;
        if (tg & T_RB)
            return T_RB;
        return T_NN;
    }
    /* verb candidates from here on. Right after a lexical verb a word that can be a noun
     * is its object: "welcomed memos", "signed deals" */
    if (noun && p && (pt & (T_VBD | T_VBZ | T_VBP | T_VB)) && !(pt & (T_AUX | T_MD)) && !(tg & T_VBN))
        return lowest(tg & T_NOUN);
    if (pt & (T_MD | T_TO | T_DO)) {
        if (tg & T_VB)
            return T_VB;
    }
    if (pt & T_HAVE) {
        if (tg & T_VBN)
            return T_VBN;
    }
    if (pt & T_BE) {
        if (tg & T_VBN)
            return T_VBN;
        if (tg & T_VBG)
            return T_VBG;
    }
    if (pt & (T_DT | T_PRPS | T_POS | T_CD | T_JJ | T_MONTH)) {
        /* the attack, its refusal, the affected villages, the 11 September attacks */
        if (noun)
            return lowest(tg & T_NOUN);
        if (adj || (tg & (T_VBN | T_VBG)))
            return T_JJ;
    }
    if (pt & T_IN) {
        /* "in frozen Iranian funds": a participle before a noun modifies it */
        if ((tg & T_VBN) && next && !(next->flags & TF_PUNCT) &&
            ((next->tags & (T_NOUN | T_JJ)) || (next->flags & TF_CAP)) && !(next->tags & T_CLOSED))
            return T_JJ;
        if (tg & T_VBG)
            return T_VBG; /* after leaving */
        if (noun)
            return lowest(tg & T_NOUN);
    }
    /* "Russian farm exports", "Chinese trade talks": after a nationality adjective a word
     * that can be a noun is one */
    if (noun && p && (p->flags & TF_CAP) && p->lex && (p->lex->tags & T_JJ) && !(p->lex->tags & T_VERB) &&
        !((tg & T_VBD) && t->lex && t->lex->vfreq > t->lex->nfreq)) /* "Amnesty International accused" */
        return lowest(tg & T_NOUN);
    /* "the centre of", "a series of": a noun reading directly before "of" wins */
    if (noun && next && tok_is_word(next, "of"))
        return lowest(tg & T_NOUN);
    int subject_before = p && ((pt & (T_NN | T_NNS | T_PRP | T_WH)) || (p->flags & TF_CAP));
    uint32_t finite = tg & (T_VBD | T_VBZ | T_VBP);
    /* agreement: a plural-present verb cannot follow a singular noun ("a ducat trade
     * protocol", "the Black Sea grain deal": nouns) */
    if (p && (pt & T_NN) && !(pt & T_NNS) && !(p->tags & T_PRP) && !coordinated_subject(doc, first, i))
        finite &= ~T_VBP;
    if (!finite && (noun || adj) && !(tg & (T_VBD | T_VBZ)) && p && (pt & T_NN) && !(pt & T_NNS)) {
        /* "Prize laureate Narges Mohammadi": a title noun before a name */
        if (noun && next && (next->flags & TF_CAP) && !(next->flags & TF_PUNCT) && !next->lex)
            return lowest(tg & T_NOUN);
        if (adj && next && (next->tags & T_NOUN) && !(next->flags & TF_PUNCT))
            return T_JJ;
        if (noun)
            return lowest(tg & T_NOUN);
    }
    /* "defence ties.", "security talks in Geneva": a plural noun after a noun, with no
     * object following, is part of the noun phrase */
    if (noun && (tg & T_NNS) && (pt & (T_NN | T_NNS)) && !(p->flags & TF_CAP) && next &&
        ((next->flags & TF_PUNCT) || (next->tags & (T_IN | T_CC)) || (next->tags & T_VERB & ~T_VB)) &&
        !(next->tags & (T_DT | T_PRP | T_PRPS)))
        return T_NNS;
    if (subject_before && finite && !(pt & (T_IN | T_TO))) {
        /* "Gondor police" is a noun compound, "Arnor signed" a clause: a plural noun
         * followed by a finite verb is the subject, not the verb */
        if (noun && (tg & T_NNS) && next && (next->tags & (T_VERB | T_MD)) && !(next->tags & T_NOUN) &&
            !(next->flags & TF_CAP))
            return T_NNS;
        if ((tg & T_VBD) && !(tg & T_VBZ))
            return T_VBD;
        return lowest(finite);
    }
    if (!p) {
        /* sentence start: "Rebuked by ...", "Meeting in ..." */
        if (tg & T_VBN && !noun)
            return T_VBN;
        if (noun)
            return lowest(tg & T_NOUN);
    }
    /* frequency prior */
    const lex_rec *r = t->lex;
    unsigned nf = r ? r->nfreq : 0, vf = r ? r->vfreq : 0;
    if (noun && (nf > vf || (tg & T_VERB) == T_VB || (tg & T_VERB) == (T_VB | T_VBP)))
        return lowest(tg & T_NOUN);
    if (tg & T_VBD)
        return T_VBD;
    if (tg & T_VBZ)
        return T_VBZ;
    if (tg & T_VBG)
        return T_VBG;
    if (tg & T_VBN)
        return T_VBN;
    return lowest(tg & T_VERB);
}

/* Does a finite verb follow within a few words, before any punctuation? */
static int that_clause(const parley_doc *doc, uint32_t i, uint32_t end)
{
    for (uint32_t k = i + 1; k < end && k < i + 7; k++) {
        const token *t = &doc->toks[k];
        if (t->flags & TF_PUNCT)
            return 0;
        if (t->tags & (T_MD | T_VBD | T_VBZ | T_BE | T_HAVE))
            return !(t->tags & T_NOUN) || (t->tags & (T_MD | T_BE | T_HAVE));
    }
    return 0;
}

/* Verbs whose "over" is a particle before a number: "handed over 47 suspects" */
static int particle_verb(const token *t)
{
    if (!t->lex || !(t->tags & T_VERB))
        return 0;
    const char *lemma = lex_form(lex_lemma(t->lex));
    return strcmp(lemma, "hand") == 0 || strcmp(lemma, "turn") == 0;
}

/* Words that make a number approximate ("more than 460", "at least 49", "up to 30",
 * "nearly 300,000") belong to the number: they are tagged as it is, so that "killed more
 * than 460 patients" has one object. Returns how many words before token i do. */
static uint32_t quantifier_len(const parley_doc *doc, uint32_t first, uint32_t i)
{
    static const char *const two[][2] = {{"more", "than"}, {"fewer", "than"}, {"less", "than"},
                                         {"at", "least"}, {"at", "most"}, {"up", "to"},
                                         {"upwards", "of"}, {"in", "excess"}, {NULL, NULL}};
    static const char *const one[] = {"nearly", "almost", "about", "around", "some", "over",
                                      "roughly", "approximately", "under", "just",
                                      "only", "another", NULL};
    /* the words that can come right before the number, in one set: most numbers have none
     * of them there, and the lists are not walked */
    static const char *const before[] = {"as", "than", "least", "most", "to", "of", "excess",
                                         "nearly", "almost", "about", "around", "some", "over",
                                         "roughly", "approximately", "under", "just", "only",
                                         "another", NULL};
    static wordset before_set = WORDSET(before);
    if (i < first + 1 || !tok_in(&doc->toks[i - 1], &before_set))
        return 0;
    if (i >= first + 3 && tok_is_word(&doc->toks[i - 3], "as") && tok_is_word(&doc->toks[i - 2], "many") &&
        tok_is_word(&doc->toks[i - 1], "as"))
        return 3;
    if (i >= first + 2)
        for (int k = 0; two[k][0]; k++)
            if (tok_is_word(&doc->toks[i - 2], two[k][0]) && tok_is_word(&doc->toks[i - 1], two[k][1]))
                return 2;
    for (int k = 0; one[k]; k++)
        if (tok_is_word(&doc->toks[i - 1], one[k])) {
            /* "handed over 47 suspects": the particle of the verb before it */
            if (strcmp(one[k], "over") == 0 && i >= first + 2 && particle_verb(&doc->toks[i - 2]))
                return 0;
            return 1;
        }
    return 0;
}

/* "drones smuggled into Russia on trucks struck ...", "Americans detained in Iran were
 * freed": a past form right after a plural or common noun, followed only by prepositional
 * phrases and then the clause's finite verb, is a participle modifying the noun. A weekday,
 * month or pronoun ends the search ("said on Monday Russia had ..." is a main verb). */
static int reduced_relative(const parley_doc *doc, uint32_t first, uint32_t i, uint32_t end)
{
    const token *t = &doc->toks[i];
    if (t->tag != T_VBD || !(t->tags & T_VBN) || i == first || i + 2 >= end)
        return 0;
    const token *p = &doc->toks[i - 1];
    if (!(p->tag & T_NNS) && !((p->tag & T_NN) && !(p->flags & TF_CAP)))
        return 0;
    /* "which the government blamed on ...": the noun is the subject of a relative clause */
    for (uint32_t b = i - 1; b > first; b--) {
        const token *x = &doc->toks[b - 1];
        if (x->tag & (T_WH | T_SUB) || tok_is_word(x, "which") || tok_is_word(x, "that"))
            return 0;
        if (!(x->tag & (T_DT | T_JJ | T_NN | T_NNS | T_CD | T_POS | T_PRPS)))
            break;
    }
    uint32_t k = i + 1;
    int pps = 0;
    while (k < end) {
        const token *x = &doc->toks[k];
        if (!(x->tag & (T_IN | T_TO)) || (x->tags & T_SUB & ~T_IN) || tok_is_word(x, "that"))
            break;
        k++;
        uint32_t n = 0;
        while (k < end && (doc->toks[k].tag & (T_DT | T_JJ | T_NN | T_NNS | T_CD | T_POS | T_PRPS | T_WEEKDAY |
                                                T_MONTH)) &&
               !(doc->toks[k].flags & TF_PUNCT)) {
            if (n && (doc->toks[k - 1].tag & (T_WEEKDAY | T_MONTH | T_TIME)) &&
                (doc->toks[k].tag & (T_NN | T_NNS)))
                return 0;
            k++, n++;
        }
        if (!n)
            return 0;
        pps++;
    }
    if (!pps || k >= end)
        return 0;
    const token *v = &doc->toks[k];
    /* the verb found must head the clause, not be another participle ("hackers linked to") */
    if ((v->tags & T_VBN) && k + 1 < end && (doc->toks[k + 1].tag & (T_IN | T_TO)))
        return 0;
    return (v->tag & (T_VBD | T_VBZ | T_VBP | T_MD | T_AUX)) && !(v->flags & TF_PUNCT);
}

void syntax_tag(parley_doc *doc, sentence *s)
{
    sent_analysis *an = s->an;
    uint32_t end = s->first + s->ntok;
    /* tokens inside mentions are nouns */
    for (uint32_t m = 0; m < an->nmentions; m++)
        for (uint32_t k = an->mentions[m].first; k <= an->mentions[m].last; k++)
            doc->toks[k].tag = (doc->toks[k].tags & T_NNS) && !(doc->toks[k].tags & T_NN) ? T_NNS : T_NN;
    for (uint32_t i = s->first; i < end; i++) {
        token *t = &doc->toks[i];
        if (t->tag == T_NN || t->tag == T_NNS) {
            /* a single-word agent that is also a verb ("press", "guard") decides by context */
            int in_single_agent = 0;
            for (uint32_t m = 0; m < an->nmentions; m++)
                if (an->mentions[m].first == i && an->mentions[m].last == i &&
                    (an->mentions[m].kind & 0x7f) == MK_AGENT && (t->tags & T_VERB))
                    in_single_agent = 1;
            if (!in_single_agent)
                continue;
        }
        const token *prev = i > s->first ? &doc->toks[i - 1] : NULL;
        const token *next = i + 1 < end ? &doc->toks[i + 1] : NULL;
        if (t->flags & TF_PUNCT) {
            t->tag = 0;
            continue;
        }
        /* "US", "IT" in capitals mid-sentence are abbreviations, not pronouns */
        if ((t->flags & TF_ALLCAP) && !(t->flags & TF_SENT_START) && t->norm_len <= 4 &&
            (t->tags & (T_PRP | T_DT | T_IN | T_CC))) {
            t->tag = T_NN;
            continue;
        }
        /* "warned the West that Moscow could ...": "that" before a subject and its finite
         * verb opens a clause, whatever came before it */
        if (tok_is(t, "that") && next && !(next->tags & T_VERB & ~T_VB) && that_clause(doc, i + 1, end)) {
            t->tag = T_SUB;
            continue;
        }
        if (t->tags & T_CLOSED) {
            uint32_t c = pick_closed(t, prev, next, i + 2 < end ? &doc->toks[i + 2] : NULL);
            if (c) {
                /* auxiliaries not followed by a verb are main verbs: "has deep satisfaction" */
                t->tag = c;
                continue;
            }
        }
        if (t->flags & TF_DIGIT) {
            t->tag = T_CD;
            continue;
        }
        /* capitalised words mid-sentence that the lexicon does not know are names */
        if ((t->flags & TF_CAP) && !(t->flags & TF_SENT_START) && !t->lex) {
            t->tag = T_NN;
            continue;
        }
        if ((t->flags & TF_CAP) && !(t->flags & TF_SENT_START) && !(t->tags & T_VERB)) {
            t->tag = T_NN;
            continue;
        }
        /* inside a run of capitalised words a word that can be a noun is part of the name:
         * "Nobel Peace Prize", "the Good Friday Agreement"; prose does not capitalise verbs */
        if ((t->flags & TF_CAP) && !(t->flags & TF_SENT_START) && (t->tags & (T_NOUN | T_JJ)) &&
            ((prev && (prev->flags & TF_CAP) && !(prev->flags & (TF_SENT_START | TF_PUNCT))) ||
             (next && (next->flags & TF_CAP) && !(next->flags & TF_PUNCT)))) {
            t->tag = (t->tags & T_NOUN) ? lowest(t->tags & T_NOUN) : T_JJ;
            continue;
        }
        /* "Jailed activist X began ...", "Wounded soldiers were ...": a participle opening
         * the sentence and followed by a noun phrase modifies it ("Rebuked by ..." and
         * "Signed in 2020, ..." are followed by a preposition or comma) */
        if ((t->flags & TF_SENT_START) && (t->tags & T_VBN) && next &&
            !(next->flags & TF_PUNCT) && !(next->tags & (T_CLOSED & ~T_JJ)) &&
            ((next->flags & TF_CAP) || (next->tags & (T_NOUN | T_JJ)))) {
            t->tag = T_JJ;
            continue;
        }
        t->tag = pick_open(doc, s->first, i, next);
    }
    for (uint32_t i = s->first; i < end; i++)
        if (reduced_relative(doc, s->first, i, end))
            doc->toks[i].tag = T_VBN;
    for (uint32_t i = s->first; i < end; i++)
        if (doc->toks[i].tag == T_CD)
            for (uint32_t q = quantifier_len(doc, s->first, i); q; q--)
                doc->toks[i - q].tag = T_CD;
}
