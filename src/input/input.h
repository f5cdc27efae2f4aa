/* input.h - internals of the input stage: byte sources, format detection, and one reader
 * per format, all feeding parley_reader_next() (reader.c).
 *
 * Streaming formats (JSON Lines) are read line by line from an in_src. Whole-file formats
 * (HTML, feeds, PETRARCH XML, TABARI, plain text) are read into memory (up to the input
 * limit) and parsed at once into an in_batch: a list of records, each either the fields of
 * a document or the error that stopped it. The batch lives in its own arena, dropped when
 * the reader moves to the next file, so a feed of ten thousand items costs one allocation
 * pattern, not ten thousand.
 *
 * Internal names carry the stage prefix (input_*, in_* types); nothing here is public. */
#ifndef PARLEY_INPUT_H
#define PARLEY_INPUT_H

#include <stdarg.h>
#include <stddef.h>
#include <zlib.h>

#include "../../include/parley.h"
#include "../base/arena.h"

/* ---- byte sources ----------------------------------------------------------------- */

/* A file, stdin or a memory block. Files go through zlib's gzread, which passes plain data
 * through unchanged and decompresses gzip (also concatenated members) on the fly. */
typedef struct in_src {
    gzFile gz;                  /* NULL for memory */
    const char *mem;
    size_t mem_len, mem_pos;
    char *buf;                  /* read-ahead: buf[pos..len) not yet consumed */
    size_t len, pos, cap;
    int eof;
    int error;                  /* a read or decompression error (message in errmsg) */
    char errmsg[128];
    unsigned long long total;   /* bytes delivered so far (after decompression) */
} in_src;

int input_src_open_file(in_src *s, const char *path, char *why, size_t why_cap);
int input_src_open_fd(in_src *s, int fd);
void input_src_open_mem(in_src *s, const char *data, size_t len);
void input_src_close(in_src *s);
/* Makes at least `want` bytes available in s->buf[s->pos..) unless the input ends first;
 * returns the bytes available. */
size_t input_src_peek(in_src *s, size_t want);
/* Reads the rest of the input into a malloc'd NUL-terminated buffer. Returns 0, -1 when
 * more than `limit` bytes (the input is then drained only up to the limit), -2 on a read
 * error, -3 out of memory. */
int input_src_slurp(in_src *s, size_t limit, char **out, size_t *out_len);
/* One line (without '\n' or a trailing '\r') into *line and *len, valid until the next call.
 * Returns 1, 0 at the end, -1 when the line is longer than `limit` (it is consumed whole),
 * -3 out of memory. */
int input_src_line(in_src *s, size_t limit, char **line, size_t *len);

/* ---- format detection ------------------------------------------------------------- */

/* Guesses the format from the first bytes of an input and its name. Never returns AUTO:
 * when nothing else fits it says TEXT (binary content is caught per document). */
int input_detect_format(const char *name, const char *head, size_t n);

/* ---- batches of records from whole-file formats ------------------------------------ */

typedef struct in_rec {
    long line;                  /* where the record starts in its input */
    int code;                   /* 0, or the PARLEY_E* that stopped this record */
    char *msg;                  /* the error, when code != 0 */
    char *id, *date, *text, *title, *source, *url;
    size_t text_len;
} in_rec;

typedef struct in_batch {
    arena a;
    in_rec *recs;
    size_t n, cap, next;
    const char *name;           /* the input's name, for messages */
    const char *default_id;     /* a single-document input's id: the file name */
    const char *fallback_date;  /* --date: used when the input gives none */
    const char *fallback_id;    /* --id */
    size_t max_doc;
    void *html;                 /* html.c's parser, created on first use */
} in_batch;

void input_batch_init(in_batch *b);
void input_batch_reset(in_batch *b);  /* drops the records, keeps the HTML parser */
void input_batch_free(in_batch *b);
in_rec *input_batch_add(in_batch *b, long line);       /* a zeroed record; NULL on OOM */
char *input_batch_strndup(in_batch *b, const char *s, size_t n);
char *input_batch_strdup(in_batch *b, const char *s);  /* NULL stays NULL */
void input_batch_fail(in_batch *b, in_rec *r, int code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Whole-file readers: append the records of data[0..len) to b. They return 0, or
 * PARLEY_ENOMEM; anything wrong with the input itself becomes an error record. */
int input_html_read(in_batch *b, const char *data, size_t len);
int input_feed_read(in_batch *b, const char *data, size_t len);      /* RSS, RDF and Atom */
int input_petrarch_read(in_batch *b, const char *data, size_t len);
int input_tabari_read(in_batch *b, const char *data, size_t len);

/* Main text of an HTML fragment (a feed item's description), whitespace collapsed and
 * paragraphs separated by blank lines, into the batch arena. NULL on OOM. */
char *input_html_text(in_batch *b, const char *html, size_t len, size_t *out_len);
void input_html_free(void *p);

/* ---- growable text buffer ---------------------------------------------------------- */

typedef struct in_buf {
    char *p;
    size_t n, cap;
    int failed;                 /* sticky out-of-memory */
} in_buf;

void input_buf_put(in_buf *b, const char *s, size_t n);
void input_buf_putc(in_buf *b, char c);
/* Appends text with runs of white space collapsed to one space (a leading space only when
 * the buffer does not already end in white space). */
void input_buf_put_collapsed(in_buf *b, const char *s, size_t n);
/* Ends a paragraph: trims trailing spaces and adds "\n\n" unless empty or already there. */
void input_buf_para(in_buf *b);
void input_buf_free(in_buf *b);

/* ---- dates in the wild -------------------------------------------------------------- */

/* Reads a publication date as pages and feeds write it: ISO 8601 (2024-02-13T10:00:00Z,
 * 20240213), RFC 822 (Tue, 13 Feb 2024 10:00:00 GMT), "February 13, 2024", "13 February
 * 2024", TABARI's YYMMDD. The date is taken as written (no time-zone shift). Returns
 * yyyymmdd or 0. */
int input_date(const char *s, size_t n);

/* ---- what is not news ---------------------------------------------------------------- */

/* Non-zero when text looks like binary data rather than prose (NUL or many control
 * bytes); writes the reason. */
int input_nontext(const char *s, size_t n, char *why, size_t cap);

typedef struct parley_langid langid;
/* Loads the fingerprints (NULL dir: Debian's). NULL when they cannot be loaded. */
langid *input_langid_new(const char *dir, const char *languages, char *why, size_t cap);
void input_langid_free(langid *l);
/* 1 when the text is confidently in none of the wanted languages (reason in why),
 * 0 otherwise (including too short to tell). */
int input_langid_reject(langid *l, const char *text, size_t n, char *why, size_t cap);

#endif
