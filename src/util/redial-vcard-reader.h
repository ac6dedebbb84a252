/* redial-vcard-reader.h: vCard 2.1, 3.0 and 4.0 files read card by card: names and phone numbers. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The most numbers kept of one card. */
#define REDIAL_VCARD_MAX_TELS 100

/* One card as its file wrote it, decoded (quoted-printable, character
 * set) and unescaped; the strings belong to the reader. */
typedef struct
{
  guint        line;           /* of its BEGIN:VCARD */
  const char  *fn;             /* FN, or NULL */
  const char  *n;              /* N as "given additional family", or NULL */
  const char  *org;            /* the organisation's name, or NULL */
  GPtrArray   *tels;           /* TEL values as written (char *), tel: URIs undone */
  gboolean     too_many_tels;  /* more than REDIAL_VCARD_MAX_TELS; the rest were left out */
} RedialVcard;

typedef void (*RedialVcardFunc)        (const RedialVcard *card,
                                        gpointer           user_data);
/* A sentence for people about what could not be read, with its line. */
typedef void (*RedialVcardProblemFunc) (const char        *problem,
                                        gpointer           user_data);

/* Whether @text starts (after blanks) with BEGIN:VCARD. */
gboolean redial_vcard_detect (const char             *text,
                              gsize                   length);
/* Reads the cards of @data (folded lines unfolded, vCard 2.1's
 * quoted-printable soft breaks joined), calling @on_card for each
 * complete card in file order, and @on_problem for a card without END or
 * an END without BEGIN. Values are bounded in size. */
void     redial_vcard_read   (const char             *data,
                              gsize                   length,
                              RedialVcardFunc         on_card,
                              RedialVcardProblemFunc  on_problem,
                              gpointer                user_data);

G_END_DECLS
