/* parley.h - the public interface of libparley: news text in, CAMEO events out.
 *
 * The life of a run:
 *
 *     parley_dict *d;   parley_dict_load(&spec, diag, ud, &d, &err);    once, shared
 *     parley_reader *r; parley_reader_open(&r, path, &ropts, &err);
 *     parley_doc *doc = parley_doc_new();
 *     while ((rc = parley_reader_next(r, doc, &err)) != 0) {
 *         if (rc < 0) { report err; continue; }       a bad record, the rest goes on
 *         parley_code(d, &opts, doc, &err);
 *         parley_write_events(stdout, doc, PARLEY_FORMAT_JSONL);
 *     }
 *
 * Conventions (one rule, stated once):
 * - Functions return 0 (or a count) on success and a negative PARLEY_E* code on failure,
 *   filling the optional parley_error with what went wrong and where (file, line, column
 *   or document id). The library never exits or aborts on bad input.
 * - Every `_new`/`_load`/`_open` pairs with a `_free`/`_close` that accepts NULL.
 * - A document owns everything derived from it (tokens, mentions, events, strings) in a
 *   per-document arena; pointers into a document stay valid until the document is reset
 *   by the next parley_reader_next()/parley_doc_set() or freed.
 * - A loaded dictionary is immutable and may be shared by any number of threads, each
 *   coding its own documents.
 */
#ifndef PARLEY_H
#define PARLEY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#define PARLEY_VERSION "0.1.0"

/* ---- errors ---------------------------------------------------------------------- */

enum parley_status {
    PARLEY_OK = 0,
    PARLEY_ENOMEM = -1,   /* out of memory */
    PARLEY_EIO = -2,      /* a file could not be opened or read */
    PARLEY_ESYNTAX = -3,  /* malformed input: JSON, a dictionary line */
    PARLEY_EFIELD = -4,   /* a required field is missing or has the wrong type */
    PARLEY_EDATE = -5,    /* a date is not a valid YYYY-MM-DD / YYYYMMDD */
    PARLEY_EUTF8 = -6,    /* text is not valid UTF-8 */
    PARLEY_EARG = -7,     /* bad argument or option */
    PARLEY_ELIMIT = -8,   /* a configured size limit was exceeded */
    PARLEY_ESKIP = -9,    /* a readable record that is not English news text (another
                             language, binary content): skipped with the reason in msg */
};

typedef struct parley_error {
    int code;             /* PARLEY_E* */
    char file[512];       /* input or dictionary file, "" when not applicable */
    long line;            /* 1-based line number, 0 when unknown */
    long column;          /* 1-based column (bytes), 0 when unknown */
    char doc_id[256];     /* id of the document concerned, "" when unknown */
    char msg[512];        /* human-readable description */
} parley_error;

const char *parley_strerror(int code);
void parley_error_clear(parley_error *err);

/* Called for problems that do not stop the operation (a dictionary line that was
 * skipped, a pattern that can never match). */
typedef void (*parley_diag_fn)(void *ud, const parley_error *diag);

/* ---- dictionaries ---------------------------------------------------------------- */

typedef struct parley_dict parley_dict;

typedef struct parley_dict_spec {
    const char *dir;             /* --dict: directory, TABARI .project or PETRARCH .ini */
    const char *verbs;           /* --verbs FILE */
    const char *const *actors;   /* --actors FILE (repeatable) */
    size_t n_actors;
    const char *agents;          /* --agents FILE */
    const char *discards;        /* --discards FILE */
    bool no_defaults;            /* do not fill missing kinds from the built-in dictionaries */
    bool lint;                   /* also report duplicates, overlapping windows, unknown
                                    event codes and unreachable patterns (parley dict lint);
                                    always reads the text, never a compiled form */
    /* The compiled form (docs/dictionaries.md, "Compiled dictionaries"): */
    const char *cache_dir;       /* keep a compiled copy of the dictionaries here, one file per
                                    set of sources, and load from it while the sources are
                                    unchanged; NULL: no cache. See parley_dict_cache_dir(). */
    const char *compiled;        /* load this file, written by parley_dict_compile(), instead
                                    of any text: dir, verbs, actors, agents and discards must
                                    then be unset */
} parley_dict_spec;

/* Loads and compiles dictionaries. Kinds the spec does not name come from parley's
 * built-in default dictionaries unless spec->no_defaults; a NULL spec loads the defaults.
 * Malformed lines are reported through diag (file:line:column) and skipped when that is
 * safe; an unreadable file is an error.
 *
 * With spec->cache_dir the sources are hashed (their names, dialects and contents, and the
 * build of parley) and a compiled copy with that key is mapped read-only instead of reading
 * the text; when there is none, or it is damaged (reported through diag, then replaced),
 * the text is read and a copy written. A cache that cannot be written is skipped silently
 * (parley_dict_stats says why). A copy replays the warnings of the text it was compiled
 * from, so a load prints the same with and without the cache. */
int parley_dict_load(const parley_dict_spec *spec, parley_diag_fn diag, void *ud,
                     parley_dict **out, parley_error *err);
void parley_dict_free(parley_dict *d);

/* Loads spec's dictionaries from text (warnings through diag, spec->cache_dir and
 * spec->compiled ignored) and writes their compiled form to path, atomically: a file
 * spec->compiled may name, valid for this build of parley only. Returns 0 or a negative
 * code. */
int parley_dict_compile(const parley_dict_spec *spec, const char *path, parley_diag_fn diag,
                        void *ud, parley_error *err);

/* The usual cache directory: $PARLEY_CACHE_DIR, else $XDG_CACHE_HOME/parley, else
 * $HOME/.cache/parley (variables that are unset or empty are skipped). Writes it to buf and
 * returns buf, or returns NULL when none is set or it does not fit. */
const char *parley_dict_cache_dir(char *buf, size_t cap);

typedef struct parley_dict_stats {
    size_t verbs;            /* verb forms recognised */
    size_t patterns;
    size_t synsets;
    size_t actor_phrases;
    size_t actor_entries;
    size_t dated_windows;
    size_t agent_phrases;
    size_t discards;
    size_t nouns;            /* event nouns (parley.nouns.txt) */
    size_t files;
    double load_ms;          /* wall time of parley_dict_load */
    int origin;              /* PARLEY_DICT_TEXT, _CACHE or _COMPILED: where the tables came from */
    bool cache_written;      /* read from text, and a compiled copy written to the cache */
    const char *compiled_file;   /* the compiled file read or written; NULL when none */
    const char *cache_problem;   /* why spec->cache_dir was not used or not written; NULL */
    double hash_ms;          /* the part of load_ms spent reading and hashing the sources */
} parley_dict_stats;
enum parley_dict_origin {
    PARLEY_DICT_TEXT = 0,    /* the dictionary files were read */
    PARLEY_DICT_CACHE,       /* a compiled copy in spec->cache_dir was mapped */
    PARLEY_DICT_COMPILED,    /* the file spec->compiled was mapped */
};
void parley_dict_get_stats(const parley_dict *d, parley_dict_stats *st);

/* Writes detailed statistics: patterns per CAMEO root and code, actors per country, and
 * the office holders current on `date` (yyyymmdd; 0 = none). */
void parley_dict_report(FILE *out, const parley_dict *d, int date);
/* Looks a phrase up in the actor and agent dictionaries as the coder would on `date`:
 * prints the code, the dictionary line and the window. Returns 1 when found, 0 when not. */
int parley_dict_lookup(FILE *out, const parley_dict *d, const char *phrase, int date);

/* One date-bounded code of an actor: "[RUSGOV 20000507-20080507]". */
typedef struct parley_actor_window {
    const char *code;
    int from, to;                /* yyyymmdd, inclusive; 0 = open */
} parley_actor_window;

/* An actor entry of the dictionaries, as parley_dict_find_actors() reports it. Pointers
 * stay valid while the dictionary lives, except windows: during the callback only. */
typedef struct parley_actor_info {
    const char *name;            /* the primary phrase as written ("VLADIMIR_PUTIN") */
    const char *code;            /* its code on the date asked; "---" when none then */
    const char *default_code;    /* the code outside every window; "" when none */
    const parley_actor_window *windows;   /* in file order */
    size_t nwindows;
    const char *file;            /* the dictionary file and line of the entry */
    int line;
    bool exact;                  /* the query is one of its phrases (a synonym perhaps) */
} parley_actor_info;

typedef int (*parley_actor_fn)(void *ud, const parley_actor_info *a);

/* Finds actor entries by name or code, for search boxes: first the entries the query
 * names as the coder would read it (any phrase of the entry, synonyms included), then
 * those whose primary phrase contains every word of the query (case-insensitive; '_'
 * reads as a space), then those whose code on `date` (yyyymmdd) begins with the query
 * (case-insensitive). Each entry once; fn is called for each until it returns non-zero.
 * Returns the number of entries reported, or a negative code. */
int parley_dict_find_actors(const parley_dict *d, const char *query, int date, parley_actor_fn fn,
                            void *ud);

/* ---- documents ------------------------------------------------------------------- */

typedef struct parley_doc parley_doc;

parley_doc *parley_doc_new(void);
void parley_doc_free(parley_doc *doc);

/* Fills a document from fields (copies them). text must be UTF-8; date "YYYY-MM-DD" or
 * "YYYYMMDD". Returns PARLEY_EFIELD/EDATE/EUTF8 with err naming the problem. */
int parley_doc_set(parley_doc *doc, const char *id, const char *date, const char *text,
                   size_t text_len, const char *title, const char *source, const char *url,
                   parley_error *err);

const char *parley_doc_id(const parley_doc *doc);
/* Optional fields; NULL when the input did not give them. */
const char *parley_doc_title(const parley_doc *doc);
const char *parley_doc_source(const parley_doc *doc);   /* the outlet, e.g. "Reuters" */
const char *parley_doc_url(const parley_doc *doc);
/* 1-based line of the input where the document started (0 when not from a reader). */
long parley_doc_input_line(const parley_doc *doc);
const char *parley_doc_text(const parley_doc *doc, size_t *len);
int parley_doc_date(const parley_doc *doc);    /* yyyymmdd */
size_t parley_doc_sentence_count(const parley_doc *doc);

/* ---- readers --------------------------------------------------------------------- */

enum parley_input_format {
    PARLEY_INPUT_AUTO = 0,
    PARLEY_INPUT_JSONL,
    PARLEY_INPUT_TEXT,       /* a whole file is one document; needs a date */
    PARLEY_INPUT_HTML,       /* a web page: the article's main text, title, date, outlet, url */
    PARLEY_INPUT_FEED,       /* RSS 2.0 / RSS 1.0 (RDF) / Atom: each item a document */
    PARLEY_INPUT_PETRARCH,   /* PETRARCH XML: <Sentence date id><Text> (the <Parse> ignored) */
    PARLEY_INPUT_TABARI,     /* TABARI text records: "YYMMDD  ID" line, text, blank line */
};

typedef struct parley_reader_opts {
    int format;                 /* PARLEY_INPUT_* */
    const char *date;           /* publication date for plain text (--date) */
    const char *id;             /* document id for plain text (default: the file name) */
    size_t max_doc_bytes;       /* 0 = default (8 MiB) */
    /* -- added with the real-input readers (see the section at the end) -- */
    size_t max_input_bytes;     /* a whole-file input (page, feed, XML, TABARI, text), after
                                   decompression; 0 = default (256 MiB). JSON Lines are
                                   streamed and limited per record only */
    const char *languages;      /* languages to code, comma-separated ISO 639-1 ("en"); "any"
                                   turns language identification off; NULL = "en" */
    const char *langid_dir;     /* libexttextcat fingerprints; NULL = Debian's location */
    struct parley_langid *langid; /* a language identifier to share (see below); NULL: the
                                   reader loads its own on first use (about 20 ms) */
} parley_reader_opts;

typedef struct parley_reader parley_reader;

/* path NULL or "-" reads standard input; a directory is read recursively (files in name
 * order, hidden files skipped); gzip-compressed input is decompressed on the way. */
int parley_reader_open(parley_reader **out, const char *path, const parley_reader_opts *opts,
                       parley_error *err);
/* Reads the next document into doc. Returns 1 when a document is ready, 0 at the end of
 * the input, or a negative code when this record is bad: err names the input line, the
 * document id when known and the problem; call again to go on with the next record. */
int parley_reader_next(parley_reader *r, parley_doc *doc, parley_error *err);
void parley_reader_close(parley_reader *r);

/* Reading and parsing apart, for a caller that parses in other threads than the one
 * reading. parley_reader_next_record() is parley_reader_next() except that a JSON Lines
 * record comes back unparsed when it can: it returns 2 with *rec set (its bytes stay valid
 * until the next call on this reader only: copy them, and the input name too when the
 * record outlives the reader). parley_record_parse() then makes the document, in any
 * thread, with the same checks, results and error reports parley_reader_next() would have
 * given for it. A record is not deferred when the reader loads its own language
 * identifier (share one in parley_reader_opts.langid). */
typedef struct parley_record {
    const char *data;           /* the record's bytes, without the newline */
    size_t len;
    long line;                  /* 1-based line in its input */
    const char *input;          /* the input's name, for reports */
    struct parley_langid *langid; /* the shared identifier, NULL when off */
} parley_record;
int parley_reader_next_record(parley_reader *r, parley_doc *doc, parley_record *rec,
                              parley_error *err);
int parley_record_parse(const parley_record *rec, parley_doc *doc, parley_error *err);

/* ---- coding ---------------------------------------------------------------------- */

typedef struct parley_options {
    bool require_dyad;      /* an event needs both a source and a target (default true) */
    int max_sentence_tokens;/* longer sentences are not coded (default 400) */
    /* PETRARCH's comma rules: a comma-delimited span of min..max words is set aside before
     * coding (an appositive, a short attribution). Initial clause (b), internal (none),
     * terminal clause (e); max 0 turns a rule off. Defaults: internal and terminal 2..8,
     * initial off. */
    int comma_min, comma_max, comma_bmin, comma_bmax, comma_emin, comma_emax;
    /* Code the verbs of subordinate clauses nested in a coded verb phrase ("..., a day
     * after X attacked Y"): default true. PETRARCH did not (false reproduces it). */
    bool subordinate_clauses;
    /* Emit negated events ("did not meet"), marked negated; default false: dropped. */
    bool keep_negated;
    /* An agent with no actor ("guerrillas") is an actor of its own, coded ~AGENT (TABARI's
     * SET: CONVERT AGENT); default false: it is coded ---AGENT and is not an actor. */
    bool lone_agents;
    /* An agent joins only an actor right next to it (TABARI): before it, possibly across
     * "of"/"in", or after it, possibly across "'s"; default false: any agent of the phrase. */
    bool adjacent_agents;
    /* Sentences with fewer words are not coded (TABARI's SET: MINIMUM WORDS); default 0. */
    int min_sentence_words;
    /* Codes for a missing source / target (TABARI's DEFAULT: SOURCE [X] TARGET [Y]); ""
     * (the default) leaves the event out as require_dyad says. */
    char default_source[16], default_target[16];
    /* With default_prior false an actor after the verb is taken as the source before the
     * default source is (TABARI's DEFAULT: without PRIOR); with default_after false the
     * members of a compound source after the first are taken as the target before the
     * default target is (without AFTER). Both default true. */
    bool default_prior, default_after;
    /* Place each event (parley_event.location); default true. */
    bool geo;
    /* Read everything parley_explain() shows; default false: the verbs of a sentence
     * where no phrase has a code (no actor, no agent, no reference resolved) are not read,
     * as they can give no event unless default_source or default_target stands in, and
     * the places of a document without events are not looked up. Events are the same
     * either way. */
    bool trace;
} parley_options;

/* Loads the gazetteer the location stage uses (a 17 MB table, ~10 ms). Otherwise the
 * first document coded with geo on loads it, and a timed run would count that as coding
 * (`parley serve` leaves it to the first POST /v1/code: a server that only answers
 * queries never needs it). Returns the milliseconds it took (about 0 when it was loaded
 * already). Thread-safe. */
double parley_geo_load(void);

/* Sets an option by its PETRARCH name ("require_dyad", "comma_emax", ...) from a string
 * value; returns 0 or PARLEY_EARG for an unknown name or bad value. */
int parley_options_set(parley_options *o, const char *name, const char *value);

void parley_options_init(parley_options *o);

/* Applies the coding options the dictionary files set -- a TABARI project's .options file
 * (COMMA: ...) -- to o. Call it after parley_options_init() and before the caller's own
 * settings, which should win. Returns how many options were applied. */
int parley_dict_options(const parley_dict *d, parley_options *o);

typedef struct parley_span {
    uint32_t start, end;    /* byte offsets into the document text, end exclusive */
} parley_span;

enum parley_date_precision {
    PARLEY_DATE_DAY = 0,        /* the text fixes the day ("on Monday", "July 1") */
    PARLEY_DATE_APPROX = 1,     /* vague ("last week") or unstated: the publication date */
};

/* One link of an attribution chain: who reported the event to whom. */
typedef struct parley_link {
    const char *text;           /* "Kyodo", "a government spokesman" */
    const char *code;           /* its actor code, "" when it has none */
    const char *relation;       /* published, reported, said, citing, according to, quoting,
                                   statement, told */
} parley_link;

/* A direct quotation in the event's sentence, with who said it. */
typedef struct parley_quote {
    const char *text;           /* the words inside the quotation marks */
    parley_span span;
    const char *speaker;        /* actor code of the speaker, "" when unknown */
    const char *speaker_text;   /* the speaker as written, "" when unknown */
} parley_quote;

enum parley_modality {
    PARLEY_MOD_ASSERTED = 0,    /* stated by the outlet as fact */
    PARLEY_MOD_REPORTED,        /* attributed to a source: "X said", "according to" */
    PARLEY_MOD_CLAIMED,         /* "claims", "alleged", "reportedly" */
    PARLEY_MOD_DENIED,          /* "denied that ..." */
    PARLEY_MOD_HYPOTHETICAL,    /* "if", "could", "would" */
    PARLEY_MOD_FUTURE,          /* "will", "plans to", "next week" */
};
const char *parley_modality_name(int modality);

/* Where an event happened. */
enum parley_location_type {
    PARLEY_LOC_CITY = 1,        /* a populated place */
    PARLEY_LOC_ADM1,            /* a first-level division: state, province, oblast */
    PARLEY_LOC_COUNTRY,
    PARLEY_LOC_REGION,          /* a region that is no division: Gaza Strip, Donbas, Sahel */
    PARLEY_LOC_WATER,           /* a sea, strait or gulf */
};
enum parley_location_precision {
    PARLEY_LOC_STATED = 1,      /* the event's sentence says where: "in Riyadh", "struck Kyiv" */
    PARLEY_LOC_DATELINE,        /* the story's dateline: "BEIRUT (Reuters) -" */
    PARLEY_LOC_DOCUMENT,        /* a place an earlier sentence gave */
    PARLEY_LOC_ADJECTIVE,       /* only a place adjective: "a Syrian village" */
};
/* Its strings point into the dictionary's place table (like an event's pattern) or the
 * document: valid while both live. */
typedef struct parley_location {
    const char *name;           /* gazetteer name: "Kharkiv", "Gaza Strip", "Lebanon" */
    const char *country;        /* ISO 3166-1 alpha-3 (as actor codes), "" for seas and
                                   disputed regions */
    const char *adm1;           /* ISO 3166-2 code of the first-level division, "" unknown */
    double lat, lon;            /* degrees; a country's is the population-weighted centre
                                   of its cities */
    bool has_coords;
    int type;                   /* PARLEY_LOC_CITY ... */
    int precision;              /* PARLEY_LOC_STATED ... */
    uint32_t geonames_id;       /* GeoNames feature id, 0 when the place is not from GeoNames */
    const char *text;           /* the words that named it ("southern Lebanon") */
    parley_span span;           /* their bytes in the document text */
} parley_location;
const char *parley_location_type_name(int type);           /* "city", "adm1", ... */
const char *parley_location_precision_name(int precision); /* "stated", "dateline", ... */

typedef struct parley_event {
    int sentence;               /* 0-based sentence index */
    int date;                   /* yyyymmdd: the event's own date when the text fixes it */
    int date_precision;         /* PARLEY_DATE_* */
    const char *source;         /* CAMEO actor code, "" when none */
    const char *target;
    const char *source_text;    /* text of the actor mention, "" when none */
    const char *target_text;
    parley_span source_span, target_span;
    char code[8];               /* CAMEO event code, leading zeros kept */
    char root[3];
    int quad;                   /* GDELT QuadClass 1-4, 0 when the code is unknown */
    double goldstein;
    bool goldstein_known;
    parley_span sentence_span;
    parley_span verb_span;
    const char *verb;           /* the verb form as written */
    const char *pattern;        /* the matched pattern line as written, or the verb line */
    const char *pattern_file;
    int pattern_line;
    const parley_link *attribution;   /* outermost first: the outlet, then who it cites */
    uint32_t nattribution;
    int modality;                     /* PARLEY_MOD_* */
    bool negated;                     /* "did not meet": kept only with keep_negated */
    const parley_quote *quotes;       /* direct quotations of its sentence */
    uint32_t nquotes;
    const parley_location *location;  /* where it happened, NULL when the text does not say
                                         (or with the option geo=false) */
    /* Where the text places the source and the target themselves: a place phrase inside
     * the actor's phrase or right after it ("protesters in Nairobi", "Kenya's parliament
     * in Nairobi condemned ..."); NULL when the text does not say (GDELT's Actor1Geo and
     * Actor2Geo). Precision is always PARLEY_LOC_STATED. */
    const parley_location *source_location, *target_location;
} parley_event;

/* Codes one document: fills its events. Returns the number of events or a negative code. */
int parley_code(const parley_dict *d, const parley_options *opts, parley_doc *doc,
                parley_error *err);
size_t parley_doc_event_count(const parley_doc *doc);
const parley_event *parley_doc_event(const parley_doc *doc, size_t i);
/* The location of event i (the same as its .location), NULL when none. */
const parley_location *parley_doc_event_location(const parley_doc *doc, size_t i);
/* The place the text states for the source (role 0) or the target (role 1) of event i
 * (its .source_location, .target_location), NULL when none. */
const parley_location *parley_doc_event_actor_location(const parley_doc *doc, size_t i, int role);
/* True when a story-level discard phrase dropped the whole document. */
bool parley_doc_discarded(const parley_doc *doc);

/* ---- output ---------------------------------------------------------------------- */

enum parley_output_format {
    PARLEY_FORMAT_JSONL = 0,
};

/* Writes the events of a coded document, one line each. Returns 0 or PARLEY_EIO. */
int parley_write_events(FILE *out, const parley_doc *doc, int format);
/* Writes how a coded document was read and why each event came out: word classes, actor
 * and agent mentions with the dictionary lines and date windows that coded them, noun
 * phrases and the antecedents of references, dates, attribution, and for each verb the
 * dictionary form, the winning pattern and the actors chosen. Human-readable, or one JSON
 * object when as_json. Code the document with parley_options.trace set, or the verbs of
 * sentences without a coded phrase show as not read and a document without events shows
 * no places. Returns 0 or PARLEY_EIO. */
int parley_explain(FILE *out, const parley_dict *d, const parley_doc *doc, int as_json);

/* ---- real inputs, limits and error reports (issue 6) ------------------------------ */

/* Reads documents from memory (data must stay valid until the reader is closed); name is
 * used in messages and as the default document id. Same formats and rules as a file. */
int parley_reader_open_memory(parley_reader **out, const char *name, const void *data,
                              size_t len, const parley_reader_opts *opts, parley_error *err);
/* The format of the input being read (after detection), PARLEY_INPUT_AUTO before the
 * first record. */
int parley_reader_format(const parley_reader *r);

/* "jsonl", "text", "html", "feed", "petrarch", "tabari" (and "auto") <-> PARLEY_INPUT_*;
 * parse returns -1 for an unknown name. */
const char *parley_input_format_name(int format);
int parley_input_format_parse(const char *name);

/* Sentences that parley_code() left uncoded because of a limit (max_sentence_tokens):
 * returns how many, and the index of the first in *first (may be NULL). */
size_t parley_doc_sentences_over_limit(const parley_doc *doc, const parley_options *opts,
                                       size_t *first);

/* A language identifier (libexttextcat fingerprints, ~20 ms to load): one serves every
 * reader, and the threads parsing deferred records, at once. languages:
 * ISO 639-1 codes, comma-separated (NULL = "en"). */
typedef struct parley_langid parley_langid;
int parley_langid_new(parley_langid **out, const char *dir, const char *languages,
                      parley_error *err);
void parley_langid_free(parley_langid *l);

/* Writes a document as read, as one line of parley's JSON Lines input format: id, date,
 * title, source, url, text (`parley code --documents`). Returns 0 or PARLEY_EIO. */
int parley_write_document(FILE *out, const parley_doc *doc);

/* Writes one error report as a JSON line: {"input","line","doc_id","error"} plus "code"
 * (the parley_strerror name) and "column" when known. severity "error" / "skipped" /
 * "warning" is written as "severity". Returns 0 or PARLEY_EIO. */
int parley_error_write_json(FILE *out, const parley_error *e, const char *severity);

/* ---- CAMEO reference ------------------------------------------------------------- */

typedef struct parley_cameo {
    const char *code;        /* "043" */
    const char *name;        /* "Host a visit" */
    int quad;                /* 1 verbal cooperation, 2 material cooperation,
                                3 verbal conflict, 4 material conflict */
    double goldstein;
} parley_cameo;

/* The CAMEO entry of an event code, or NULL for codes CAMEO does not define. */
const parley_cameo *parley_cameo_lookup(const char *code);

/* ==== store: events kept, deduplicated, queried and exported ======================== *
 *
 * A store is a SQLite file (the default) or a PostgreSQL database (a "postgresql://" or
 * "postgres://" URI) holding documents, deduplicated events and the mentions that report
 * them; docs/store.md describes the schema. The life of an ingest:
 *
 *     parley_store *s;  parley_store_open(&s, "parley.db", &sopts, &err);
 *     parley_store_set_coder(s, &spec, dict, &opts, &err);      what codes the documents
 *     repeat: read up to N documents into docs[];
 *             parley_store_unchanged(s, docs, n, skip, &err);    already stored as they are
 *             for each doc not skipped: parley_code(...); parley_store_add(s, doc, &err);
 *             for each bad record: parley_store_add_failed(s, doc_or_NULL, &why, &err);
 *             parley_store_submit(s, &err);                      one transaction
 *     parley_store_flush(s, &err);                               everything written
 *     parley_store_close(s);
 *
 * Ingest is idempotent: a document already stored with the same content and coder changes
 * nothing; a changed one replaces its mentions; a failed one is recorded with its error.
 * Every flush is one transaction, so a killed ingest leaves whole batches, and running it
 * again completes it. Any number of processes may ingest into one PostgreSQL database at
 * once (and into one SQLite file, taking turns). A store handle is used by one thread. */

/* More output formats, for parley_write_events() and parley_store_export(). */
enum parley_output_format_more {
    PARLEY_FORMAT_CSV = 1,       /* one event a line, a header line first (parley_write_header) */
    PARLEY_FORMAT_GDELT = 2,     /* GDELT 2.0 event table: 61 tab-separated columns, no header */
    PARLEY_FORMAT_PLOVER = 3,    /* PLOVER JSON: actor, recipient, event, mode, context, ... */
    PARLEY_FORMAT_PHOENIX = 4,   /* Phoenix: 26 tab-separated columns, no header */
};
/* "jsonl", "csv", "gdelt", "plover", "phoenix" -> PARLEY_FORMAT_*; PARLEY_EARG otherwise. */
int parley_format_parse(const char *name);
/* Writes what precedes the events in a format (the CSV header line); 0 or PARLEY_EIO. */
int parley_write_header(FILE *out, int format);

#define PARLEY_ESTORE (-20)     /* the database failed or refused an operation */

typedef struct parley_store parley_store;

enum parley_dedup {
    PARLEY_DEDUP_STORED = 0,     /* an existing store's own key; PARLEY_DEDUP_DAY for a new one */
    PARLEY_DEDUP_DAY = 1,        /* same event date, source, target and code (GDELT) */
    PARLEY_DEDUP_ONEADAY = 2,    /* same publication day, source, target and code (Phoenix) */
    PARLEY_DEDUP_WINDOW = 3,     /* same source, target and code within one N-day period */
};

typedef struct parley_store_opts {
    int dedup;                   /* PARLEY_DEDUP_*: fixed when the store is created */
    int window_days;             /* N for PARLEY_DEDUP_WINDOW (2..366) */
    bool read_only;              /* open an existing store for queries only */
    bool background;             /* parley_store_submit() writes in a thread of the store
                                    (over a second connection), while the caller codes on */
    int query_timeout_ms;        /* a statement running longer is stopped and its query
                                    returns PARLEY_ELIMIT; 0 = no limit */
} parley_store_opts;

/* Opens (and, unless read_only, creates) a store. uri: a file path for SQLite, or a
 * PostgreSQL URI / "key=value" connection string starting "postgresql://",
 * "postgres://" or "pg:". A dedup key different from the one the store was created with
 * is PARLEY_EARG. */
int parley_store_open(parley_store **out, const char *uri, const parley_store_opts *opts,
                      parley_error *err);
/* Closes the store; documents added but never flushed are dropped (as by a kill). */
void parley_store_close(parley_store *s);
/* "sqlite" or "postgresql". */
const char *parley_store_backend(const parley_store *s);

/* Records what codes the documents that follow: the dictionary files named by spec (their
 * contents are fingerprinted), their statistics and the coding options. A document
 * stored by another coder counts as changed. Call once before adding documents. */
int parley_store_set_coder(parley_store *s, const parley_dict_spec *spec, const parley_dict *d,
                           const parley_options *opts, parley_error *err);

/* For each of n read (not yet coded) documents, sets unchanged[i] when the store already
 * holds that document with the same content, coded by the current coder: coding it
 * again would change nothing. Returns 0 or a negative code. */
int parley_store_unchanged(parley_store *s, parley_doc *const *docs, size_t n, bool *unchanged,
                           parley_error *err);
/* Adds a coded document (copies what it needs) to the pending batch. */
int parley_store_add(parley_store *s, const parley_doc *doc, parley_error *err);
/* Adds a record that could not be coded, with the error that stopped it. doc may be NULL
 * (the record could not be read); the record is then named by why->doc_id, or by
 * "FILE:LINE" when it has no id. */
int parley_store_add_failed(parley_store *s, const parley_doc *doc, const parley_error *why,
                            parley_error *err);
/* Writes the pending batch in one transaction (retried on a deadlock or a conflicting
 * concurrent write), after any batch still being written in the background. Returns 0 or
 * a negative code (also a background write's failure); the batch is kept on failure. */
int parley_store_flush(parley_store *s, parley_error *err);
/* Hands the pending batch over to be written: in the background when the store was
 * opened with opts.background (waiting first for the previous batch, whose failure is
 * returned here), else at once as parley_store_flush(). Call parley_store_flush() at the
 * end: it returns when everything is written. */
int parley_store_submit(parley_store *s, parley_error *err);

typedef struct parley_store_counts {
    long docs_written;           /* documents inserted or replaced (this handle) */
    long docs_unchanged;         /* documents found as they were */
    long docs_failed;            /* failure records written */
    long mentions_written;
    long retries;                /* batches retried after a conflict */
} parley_store_counts;
void parley_store_get_counts(const parley_store *s, parley_store_counts *c);

/* ---- queries ---- */

enum parley_query_kind {
    PARLEY_QUERY_EVENTS = 0,     /* the events that match, newest first, with their location
                                    (location_name, _country, _adm1, _lat, _lon, _type,
                                    _precision, _geonames_id, _text) */
    PARLEY_QUERY_SERIES,         /* per period: events, mentions, Goldstein sum and mean */
    PARLEY_QUERY_TOP_ACTORS,     /* actors (either position) by number of events */
    PARLEY_QUERY_TOP_DYADS,      /* source-target pairs by number of events */
    PARLEY_QUERY_DOCUMENTS,      /* the documents and their status (failed ones with why) */
    PARLEY_QUERY_SUMMARY,        /* counts over the whole store */
    PARLEY_QUERY_COUNT,          /* one row: how many events match ("events") */
    PARLEY_QUERY_MENTIONS,       /* the reports of the events: one row per mention with its
                                    evidence, of one document (doc_id) or one event
                                    (event_id), in document order */
};
enum parley_period { PARLEY_PERIOD_DAY = 0, PARLEY_PERIOD_WEEK, PARLEY_PERIOD_MONTH };

/* Filters (every one optional, all must hold). Codes match exactly, or as a prefix when
 * they end in '*' ("USA*" matches USA, USAGOV, USAMIL). */
typedef struct parley_query {
    int kind;                    /* PARLEY_QUERY_* */
    const char *actor;           /* source or target */
    const char *source, *target; /* a dyad is source + target */
    const char *code;            /* CAMEO event code */
    const char *root;            /* CAMEO root code, "01".."20" */
    int quad;                    /* QuadClass 1..4, 0 = any */
    int date_from, date_to;      /* event date range, yyyymmdd, inclusive; 0 = open */
    const char *outlet;          /* reported by at least one document of this outlet */
    const char *modality;        /* the events' modality */
    const char *status;          /* PARLEY_QUERY_DOCUMENTS: "coded", "failed", "discarded" */
    int period;                  /* PARLEY_QUERY_SERIES: PARLEY_PERIOD_* */
    long limit;                  /* at most this many rows; 0 = all (top: 10) */
    long offset;                 /* events, documents, mentions: skip this many rows first */
    const char *doc_id;          /* documents, mentions: this document only */
    long event_id;               /* events: this event only; mentions: its reports */
    bool evidence;               /* events: the first report's evidence too (pub_date, title,
                                    sentence, sentence_text, the byte spans (_start, _end) of
                                    sentence, verb, source and target in the document, verb,
                                    pattern, date_precision, attribution as JSON; the
                                    location's span when the location is the first report's;
                                    source_location and target_location as JSON) */
    const char *country;         /* the event's location is in this country (ISO 3166-1
                                    alpha-3, as actor codes: "UKR") */
    const char *place;           /* the event's location has this name (the gazetteer's,
                                    "Kharkiv"; ASCII letters match in either case) */
} parley_query;

enum parley_col_type { PARLEY_COL_TEXT = 0, PARLEY_COL_INT, PARLEY_COL_REAL };

/* One result row. values[i] is NULL for an SQL NULL; numbers come formatted the same
 * way by every backend. Pointers are valid during the callback only. */
typedef struct parley_row {
    size_t ncols;
    const char *const *names;
    const char *const *values;
    const int *types;            /* parley_col_type per column */
} parley_row;
/* Returns 0 to go on, anything else to stop the query (and be returned by it). */
typedef int (*parley_row_fn)(void *ud, const parley_row *row);

int parley_store_query(parley_store *s, const parley_query *q, parley_row_fn fn, void *ud,
                       parley_error *err);
/* Writes the events that match q (its kind is ignored) in a PARLEY_FORMAT_*, one
 * deduplicated event a line with its mention counts. Returns the number of events
 * written or a negative code. */
long parley_store_export(parley_store *s, const parley_query *q, FILE *out, int format,
                         parley_error *err);

#ifdef __cplusplus
}
#endif

#endif
