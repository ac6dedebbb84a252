/* redial-netstring.c: netstring framing for byte streams from outside. */
#include "config.h"

#define G_LOG_DOMAIN "redial-baresip"

#include <glib/gi18n.h>
#include <string.h>

#include "redial-netstring.h"

/* Ten digits allow lengths up to 9 999 999 999: more than any maximum a
 * caller would set, so an eleventh digit is simply too long. */
#define MAX_DIGITS 10

struct _RedialNetstringDecoder
{
  GByteArray *buffer;
  gsize       pos;           /* first byte of buffer not consumed yet */
  gsize       max_length;
  gboolean    scanning;      /* looking for the next frame after bad input */
  gboolean    recovering;    /* bad input was reported; no whole frame since */
};

typedef enum
{
  HEADER_OK,
  HEADER_NEED_MORE,
  HEADER_GARBLED,
  HEADER_TOO_LONG,
} HeaderResult;

G_DEFINE_QUARK (redial-netstring-error-quark, redial_netstring_error)

static inline gboolean
is_digit (guint8 c)
{
  return c >= '0' && c <= '9';
}

static HeaderResult
parse_header (const guint8 *data,
              gsize         available,
              guint64      *length,
              gsize        *header_length)
{
  guint64 value = 0;
  gsize i;

  if (available == 0)
    return HEADER_NEED_MORE;
  if (!is_digit (data[0]))
    return HEADER_GARBLED;

  for (i = 0; i < available && is_digit (data[i]); i++)
    {
      if (i == MAX_DIGITS)
        return HEADER_TOO_LONG;
      value = value * 10 + (data[i] - '0');
    }

  if (i == available)
    return HEADER_NEED_MORE;
  if (data[i] != ':')
    return HEADER_GARBLED;
  /* djb's netstrings forbid leading zeros; a stray "0" is garbage. */
  if (data[0] == '0' && i > 1)
    return HEADER_GARBLED;

  *length = value;
  *header_length = i + 1;
  return HEADER_OK;
}

/* Looks for where to go on after bad input: the first "<length>:{" that
 * makes a whole frame ending in ','. A candidate still waiting for bytes
 * does not hold up a whole frame found after it, since it is most likely
 * garbage that happens to look like a start; the bytes from it on are kept
 * all the same, in case it is real. Returns TRUE with *@offset on the frame
 * found; FALSE with *@offset on the first byte that must be kept. */
static gboolean
find_frame_start (const guint8 *data,
                  gsize         available,
                  gsize         max_length,
                  gsize        *offset)
{
  gsize keep = available;

  for (gsize i = 0; i < available; i++)
    {
      guint64 length = 0;
      gsize header_length = 0;
      gsize rest;

      if (data[i] < '1' || data[i] > '9')
        continue;

      switch (parse_header (data + i, available - i, &length, &header_length))
        {
        case HEADER_NEED_MORE:
          keep = MIN (keep, i);
          continue;
        case HEADER_GARBLED:
        case HEADER_TOO_LONG:
          continue;
        case HEADER_OK:
        default:
          break;
        }

      rest = available - i - header_length;
      if (length > max_length || (rest > 0 && data[i + header_length] != '{'))
        continue;
      if (rest < length + 1)
        {
          keep = MIN (keep, i);
          continue;
        }
      if (data[i + header_length + length] == ',')
        {
          *offset = i;
          return TRUE;
        }
    }

  *offset = keep;
  return FALSE;
}

/* Starts looking for the next frame one byte past the bad one, so the
 * frames inside what was taken for its payload are found again. Returns
 * whether the fault is to be reported. */
static gboolean
fail (RedialNetstringDecoder *self,
      RedialNetstringError    code,
      const char             *message,
      GError                **error)
{
  gboolean report = !self->recovering;

  self->scanning = TRUE;
  self->recovering = TRUE;
  self->pos++;

  if (report)
    g_set_error_literal (error, REDIAL_NETSTRING_ERROR, code, message);
  return report;
}

RedialNetstringDecoder *
redial_netstring_decoder_new (gsize max_length)
{
  RedialNetstringDecoder *self = g_new0 (RedialNetstringDecoder, 1);

  self->buffer = g_byte_array_new ();
  self->max_length = max_length;
  return self;
}

void
redial_netstring_decoder_free (RedialNetstringDecoder *self)
{
  if (self == NULL)
    return;
  g_byte_array_unref (self->buffer);
  g_free (self);
}

void
redial_netstring_decoder_push (RedialNetstringDecoder *self,
                               const void             *data,
                               gsize                   length)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (data != NULL || length == 0);

  /* Consumed bytes go only here, so that many small frames in one read
   * do not each move the rest of the buffer. */
  if (self->pos > 0)
    {
      g_byte_array_remove_range (self->buffer, 0, self->pos);
      self->pos = 0;
    }
  g_byte_array_append (self->buffer, data, length);
}

GBytes *
redial_netstring_decoder_pop (RedialNetstringDecoder  *self,
                              GError                 **error)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  for (;;)
    {
      const guint8 *data = self->buffer->data + self->pos;
      gsize available = self->buffer->len - self->pos;
      guint64 length = 0;
      gsize header_length = 0;
      GBytes *frame;

      if (self->scanning)
        {
          gsize offset;
          gboolean found = find_frame_start (data, available, self->max_length, &offset);

          self->pos += offset;
          if (!found)
            return NULL;
          self->scanning = FALSE;
          continue;
        }

      switch (parse_header (data, available, &length, &header_length))
        {
        case HEADER_NEED_MORE:
          return NULL;
        case HEADER_GARBLED:
          if (fail (self, REDIAL_NETSTRING_ERROR_GARBLED,
                    _("The stream is not made of netstrings: a frame does not start with its length"),
                    error))
            return NULL;
          continue;
        case HEADER_TOO_LONG:
          if (fail (self, REDIAL_NETSTRING_ERROR_TOO_LONG, _("A frame is too long"), error))
            return NULL;
          continue;
        case HEADER_OK:
        default:
          break;
        }

      if (length > self->max_length)
        {
          /* The numbers go in as text: a format macro would hide the
           * message from the translators' tools. */
          g_autofree char *size = g_strdup_printf ("%" G_GUINT64_FORMAT, (guint64) length);
          g_autofree char *limit = g_strdup_printf ("%" G_GSIZE_FORMAT, self->max_length);
          g_autofree char *message =
            g_strdup_printf (_("A frame of %s bytes is longer than the %s allowed"), size, limit);

          if (fail (self, REDIAL_NETSTRING_ERROR_TOO_LONG, message, error))
            return NULL;
          continue;
        }

      /* While in step, a frame is waited for however slowly it comes:
       * looking ahead into its payload would let text from outside (a
       * caller's display name) pass for a frame of its own. */
      if (available - header_length < length + 1)
        return NULL;

      if (data[header_length + length] != ',')
        {
          if (fail (self, REDIAL_NETSTRING_ERROR_GARBLED,
                    _("A frame does not end where its length says: it was cut short or is longer"),
                    error))
            return NULL;
          continue;
        }

      frame = g_bytes_new (data + header_length, length);
      self->pos += header_length + length + 1;
      self->recovering = FALSE;
      return frame;
    }
}

gsize
redial_netstring_decoder_get_pending (RedialNetstringDecoder *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->buffer->len - self->pos;
}

void
redial_netstring_decoder_reset (RedialNetstringDecoder *self)
{
  g_return_if_fail (self != NULL);
  g_byte_array_set_size (self->buffer, 0);
  self->pos = 0;
  self->scanning = FALSE;
  self->recovering = FALSE;
}

GBytes *
redial_netstring_encode (const void *payload,
                         gsize       length)
{
  char header[32];
  GByteArray *frame;
  int header_length;

  g_return_val_if_fail (payload != NULL || length == 0, NULL);

  header_length = g_snprintf (header, sizeof header, "%" G_GSIZE_FORMAT ":", length);
  frame = g_byte_array_sized_new (header_length + length + 1);
  g_byte_array_append (frame, (const guint8 *) header, header_length);
  g_byte_array_append (frame, payload, length);
  g_byte_array_append (frame, (const guint8 *) ",", 1);
  return g_byte_array_free_to_bytes (frame);
}
