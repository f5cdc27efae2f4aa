/* date.c - civil calendar arithmetic (proleptic Gregorian, see date.h). */
#include "date.h"


static bool leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
    static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && leap(y) ? 29 : d[m - 1];
}

bool date_valid(int ymd)
{
    int y = ymd / 10000, m = ymd / 100 % 100, d = ymd % 100;
    return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= days_in_month(y, m);
}

int date_parse(const char *s, unsigned long n)
{
    int v[8], k = 0;
    unsigned long i = 0;
    if (n == 10) {
        if (s[4] != '-' || s[7] != '-')
            return 0;
    } else if (n != 8) {
        return 0;
    }
    for (i = 0; i < n; i++) {
        if (n == 10 && (i == 4 || i == 7))
            continue;
        if (s[i] < '0' || s[i] > '9')
            return 0;
        v[k++] = s[i] - '0';
    }
    int ymd = 0;
    for (int j = 0; j < 8; j++)
        ymd = ymd * 10 + v[j];
    return date_valid(ymd) ? ymd : 0;
}

/* Howard Hinnant's days_from_civil / civil_from_days. */
long date_to_days(int ymd)
{
    long y = ymd / 10000, m = ymd / 100 % 100, d = ymd % 100;
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

int date_from_days(long z)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long y = yoe + era * 400;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    long d = doy - (153 * mp + 2) / 5 + 1;
    long m = mp + (mp < 10 ? 3 : -9);
    y += m <= 2;
    return (int)(y * 10000 + m * 100 + d);
}

int date_add_days(int ymd, long days)
{
    return date_from_days(date_to_days(ymd) + days);
}

int date_weekday(int ymd)
{
    long z = date_to_days(ymd); /* 1970-01-01 was a Thursday (3) */
    long w = (z + 3) % 7;
    return (int)(w < 0 ? w + 7 : w);
}

void date_format(int ymd, char *buf)
{
    unsigned y = (unsigned)(ymd / 10000) % 10000u, m = (unsigned)(ymd / 100) % 100u, d = (unsigned)ymd % 100u;
    buf[0] = (char)('0' + y / 1000);
    buf[1] = (char)('0' + y / 100 % 10);
    buf[2] = (char)('0' + y / 10 % 10);
    buf[3] = (char)('0' + y % 10);
    buf[4] = '-';
    buf[5] = (char)('0' + m / 10);
    buf[6] = (char)('0' + m % 10);
    buf[7] = '-';
    buf[8] = (char)('0' + d / 10);
    buf[9] = (char)('0' + d % 10);
    buf[10] = '\0';
}
