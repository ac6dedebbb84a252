/* redial-netstring.h: netstring framing ("5:hello,") for byte streams from outside. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define REDIAL_NETSTRING_ERROR (redial_netstring_error_quark ())

typedef enum
{
  REDIAL_NETSTRING_ERROR_GARBLED,   /* not a netstring: bad length, or no ':' or ',' where due */
  REDIAL_NETSTRING_ERROR_TOO_LONG,  /* a frame longer than the decoder accepts */
} RedialNetstringError;

/* Cuts a stream into the payloads of its netstrings ("<length>:<payload>,",
 * length in decimal without leading zeros). Bad input never stops it: it
 * reports the fault once, then looks for the next frame that starts
 * "<length>:{" — the start of a JSON object, which is what the streams
 * Redial reads carry — and goes on from there, so that the frames after
 * the fault are not lost. A frame over the maximum length is skipped the
 * same way, without being held in memory. */
typedef struct _RedialNetstringDecoder RedialNetstringDecoder;

GQuark                  redial_netstring_error_quark      (void);

/* A decoder that accepts payloads of at most @max_length bytes. */
RedialNetstringDecoder *redial_netstring_decoder_new      (gsize                   max_length);
void                    redial_netstring_decoder_free     (RedialNetstringDecoder *self);

/* Adds @length bytes read from the stream; the decoder copies them. */
void                    redial_netstring_decoder_push     (RedialNetstringDecoder *self,
                                                           const void             *data,
                                                           gsize                   length);
/* The next whole payload (transfer full), or NULL: either more bytes are
 * needed (@error unset), or bad input was met and is being skipped (@error
 * set, saying what was wrong; call again, decoding goes on after it). One
 * run of bad input is reported once, however long it is. */
GBytes                 *redial_netstring_decoder_pop      (RedialNetstringDecoder *self,
                                                           GError                **error);
/* How many bytes are held that do not make a whole frame yet: non-zero
 * when the stream ends means its last frame was cut short. */
gsize                   redial_netstring_decoder_get_pending (RedialNetstringDecoder *self);
/* Forgets everything held, for a new stream. */
void                    redial_netstring_decoder_reset    (RedialNetstringDecoder *self);

/* @payload framed as a netstring (transfer full). */
GBytes                 *redial_netstring_encode           (const void             *payload,
                                                           gsize                   length);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RedialNetstringDecoder, redial_netstring_decoder_free)

G_END_DECLS
