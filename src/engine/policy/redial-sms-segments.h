/* redial-sms-segments.h: how many SMS segments a text takes, as carriers count and bill them. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* How a text travels: the GSM 7-bit default alphabet (3GPP TS 23.038, with
 * its extension table), or UCS-2 (in practice UTF-16) as soon as one
 * character is outside it. */
typedef enum
{
  REDIAL_SMS_ENCODING_GSM7,
  REDIAL_SMS_ENCODING_UCS2,
} RedialSmsEncoding;

/* A single text holds 160 septets (GSM-7) or 70 UTF-16 code units (UCS-2);
 * a longer one is split into segments of 153 or 67, the rest of each
 * segment holding the header that joins them again. */
#define REDIAL_SMS_GSM7_SINGLE  160
#define REDIAL_SMS_GSM7_PART    153
#define REDIAL_SMS_UCS2_SINGLE  70
#define REDIAL_SMS_UCS2_PART    67

/* Counts the segments @text (UTF-8) is sent in. Sets @encoding, and
 * @n_units to its length in septets (GSM-7: the extension characters
 * € [ ] { } ^ ~ \ | and form feed take two) or UTF-16 code units (UCS-2:
 * an emoji outside the Basic Multilingual Plane takes two). A segment never
 * ends between the two halves of an escape or a surrogate pair, so a long
 * text can take one segment more than its length divided by 153 or 67.
 * Counts the text as written: "é" typed as "e" and a combining accent is
 * not the GSM-7 "é". Invalid UTF-8 counts as U+FFFD, as a gateway would
 * send it. An empty text takes 0 segments. @encoding and @n_units may be
 * NULL. */
guint redial_sms_segments (const char        *text,
                           RedialSmsEncoding *encoding,
                           guint             *n_units);

/* The septets @c takes in GSM-7: 1 in the basic set, 2 in the extension
 * table, 0 when it is not in the alphabet at all. */
guint redial_sms_gsm7_septets (gunichar c);

G_END_DECLS
