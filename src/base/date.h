/* date.h - calendar dates as yyyymmdd integers and day counts.
 *
 * Dates travel through parley as int yyyymmdd (20240213): they compare in order, print
 * without formatting code, and are what actor dictionaries' windows hold. Arithmetic
 * ("the day before", "on Monday") goes through day numbers. */
#ifndef PARLEY_DATE_H
#define PARLEY_DATE_H

#include <stdbool.h>

bool date_valid(int ymd);
/* Parses "YYYY-MM-DD" or "YYYYMMDD" (whole string, n bytes); returns 0 when invalid. */
int date_parse(const char *s, unsigned long n);
/* Days since 1970-01-01 and back. */
long date_to_days(int ymd);
int date_from_days(long days);
int date_add_days(int ymd, long days);
/* 0 = Monday ... 6 = Sunday */
int date_weekday(int ymd);
/* Writes "YYYY-MM-DD" (buf of at least 11 bytes). */
void date_format(int ymd, char *buf);

#endif
