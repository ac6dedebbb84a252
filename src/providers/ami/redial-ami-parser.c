/* redial-ami-parser.c: the Asterisk manager protocol's framing, safe against hostile peers. */
#include "config.h"

#define G_LOG_DOMAIN "redial-ami"

#include <string.h>

#include "redial-ami-parser.h"

/* A peer that sends nothing but junk fills the log once, not forever. */
#define MAX_LOGGED_SKIPS 20

typedef struct
{
  guint key;        /* offsets into text */
  guint key_length;
  guint value;
} Field;

struct _RedialAmiMessage
{
  RedialAmiMessageKind  kind;
  GArray               *fields;  /* Field */
  GString              *text;    /* "key\0value\0" for every field, or the banner */
};

G_DEFINE_BOXED_TYPE (RedialAmiMessage, redial_ami_message,
                     redial_ami_message_ref, redial_ami_message_unref)

typedef enum
{
  LINE_READING,
  LINE_DISCARDING,  /* the rest of an overlong line, up to its end */
} LineState;

struct _RedialAmiParser
{
  gboolean          expect_banner;
  gboolean          banner_pending;
  LineState         line_state;
  GString          *line;        /* the start of a line split across feeds */
  RedialAmiMessage *message;     /* the message being read, or NULL */
  gsize             message_bytes;
  const char       *bad_reason;  /* non-NULL: skip to the end of this message */
  GQueue            ready;       /* complete messages */
  guint             n_skipped;
  guint             n_logged;
};

static void
message_free (RedialAmiMessage *self)
{
  g_array_unref (self->fields);
  g_string_free (self->text, TRUE);
}

RedialAmiMessage *
redial_ami_message_new (void)
{
  RedialAmiMessage *self = g_rc_box_new0 (RedialAmiMessage);

  self->kind = REDIAL_AMI_MESSAGE_OTHER;
  self->fields = g_array_sized_new (FALSE, FALSE, sizeof (Field), 24);
  self->text = g_string_sized_new (512);
  return self;
}

RedialAmiMessage *
redial_ami_message_new_banner (const char *text)
{
  RedialAmiMessage *self;

  g_return_val_if_fail (text != NULL, NULL);

  self = redial_ami_message_new ();
  self->kind = REDIAL_AMI_MESSAGE_BANNER;
  g_string_assign (self->text, text);
  return self;
}

RedialAmiMessage *
redial_ami_message_ref (RedialAmiMessage *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return g_rc_box_acquire (self);
}

void
redial_ami_message_unref (RedialAmiMessage *self)
{
  g_return_if_fail (self != NULL);
  g_rc_box_release_full (self, (GDestroyNotify) message_free);
}

static RedialAmiMessageKind
kind_for_key (const char *key,
              gsize       length)
{
  if (length == 5 && g_ascii_strncasecmp (key, "Event", 5) == 0)
    return REDIAL_AMI_MESSAGE_EVENT;
  if (length == 8 && g_ascii_strncasecmp (key, "Response", 8) == 0)
    return REDIAL_AMI_MESSAGE_RESPONSE;
  if (length == 6 && g_ascii_strncasecmp (key, "Action", 6) == 0)
    return REDIAL_AMI_MESSAGE_ACTION;
  return REDIAL_AMI_MESSAGE_OTHER;
}

/* Appends without checks: the parser has validated the bytes already. */
static void
message_append (RedialAmiMessage *self,
                const char       *key,
                gsize             key_length,
                const char       *value,
                gsize             value_length)
{
  Field field;

  /* The protocol puts the kind first; a message from a peer that puts it
   * later is still read for what it is. */
  if (self->kind == REDIAL_AMI_MESSAGE_OTHER)
    self->kind = kind_for_key (key, key_length);

  field.key = self->text->len;
  field.key_length = key_length;
  g_string_append_len (self->text, key, key_length);
  g_string_append_c (self->text, '\0');
  field.value = self->text->len;
  g_string_append_len (self->text, value, value_length);
  g_string_append_c (self->text, '\0');
  g_array_append_val (self->fields, field);
}

void
redial_ami_message_add (RedialAmiMessage *self,
                        const char       *key,
                        const char       *value)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (self->kind != REDIAL_AMI_MESSAGE_BANNER);
  g_return_if_fail (key != NULL && *key != '\0' && strpbrk (key, ":\r\n") == NULL);
  g_return_if_fail (value != NULL && strpbrk (value, "\r\n") == NULL);

  message_append (self, key, strlen (key), value, strlen (value));
}

RedialAmiMessageKind
redial_ami_message_get_kind (const RedialAmiMessage *self)
{
  g_return_val_if_fail (self != NULL, REDIAL_AMI_MESSAGE_OTHER);

  return self->kind;
}

const char *
redial_ami_message_get_name (const RedialAmiMessage *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (self->kind == REDIAL_AMI_MESSAGE_BANNER)
    return self->text->str;
  if (self->fields->len == 0)
    return NULL;
  return self->text->str + g_array_index (self->fields, Field, 0).value;
}

const char *
redial_ami_message_get (const RedialAmiMessage *self,
                        const char             *key)
{
  gsize length;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);

  length = strlen (key);
  for (guint i = 0; i < self->fields->len; i++)
    {
      const Field *field = &g_array_index (self->fields, Field, i);

      if (field->key_length == length &&
          g_ascii_strcasecmp (self->text->str + field->key, key) == 0)
        return self->text->str + field->value;
    }

  return NULL;
}

guint
redial_ami_message_get_n_fields (const RedialAmiMessage *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->fields->len;
}

const char *
redial_ami_message_get_key (const RedialAmiMessage *self,
                            guint                   index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->fields->len, NULL);
  return self->text->str + g_array_index (self->fields, Field, index).key;
}

const char *
redial_ami_message_get_value (const RedialAmiMessage *self,
                              guint                   index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->fields->len, NULL);
  return self->text->str + g_array_index (self->fields, Field, index).value;
}

char *
redial_ami_message_to_wire (const RedialAmiMessage *self,
                            gsize                  *length)
{
  GString *wire;

  g_return_val_if_fail (self != NULL, NULL);

  wire = g_string_sized_new (self->text->len + 4 * self->fields->len + 4);
  if (self->kind == REDIAL_AMI_MESSAGE_BANNER)
    {
      g_string_append (wire, self->text->str);
      g_string_append (wire, "\r\n");
    }
  else
    {
      for (guint i = 0; i < self->fields->len; i++)
        {
          const Field *field = &g_array_index (self->fields, Field, i);

          g_string_append (wire, self->text->str + field->key);
          g_string_append (wire, ": ");
          g_string_append (wire, self->text->str + field->value);
          g_string_append (wire, "\r\n");
        }
      g_string_append (wire, "\r\n");
    }

  if (length != NULL)
    *length = wire->len;
  return g_string_free (wire, FALSE);
}

RedialAmiParser *
redial_ami_parser_new (gboolean expect_banner)
{
  RedialAmiParser *self = g_new0 (RedialAmiParser, 1);

  self->expect_banner = expect_banner;
  self->banner_pending = expect_banner;
  self->line = g_string_sized_new (256);
  g_queue_init (&self->ready);
  return self;
}

void
redial_ami_parser_free (RedialAmiParser *self)
{
  if (self == NULL)
    return;

  g_string_free (self->line, TRUE);
  g_clear_pointer (&self->message, redial_ami_message_unref);
  g_queue_clear_full (&self->ready, (GDestroyNotify) redial_ami_message_unref);
  g_free (self);
}

static void
log_skip (RedialAmiParser *self,
          const char      *what)
{
  self->n_skipped++;

  if (self->n_logged < MAX_LOGGED_SKIPS)
    {
      self->n_logged++;
      g_message ("Asterisk manager: skipped %s%s", what,
                 self->n_logged == MAX_LOGGED_SKIPS ? " (further skips are not logged)" : "");
    }
  else
    {
      g_debug ("Asterisk manager: skipped %s", what);
    }
}

static void
end_message (RedialAmiParser *self)
{
  if (self->bad_reason != NULL)
    log_skip (self, self->bad_reason);
  else if (self->message != NULL && self->message->fields->len > 0)
    g_queue_push_tail (&self->ready, g_steal_pointer (&self->message));

  /* A run of empty lines between messages is no message at all. */
  g_clear_pointer (&self->message, redial_ami_message_unref);
  self->message_bytes = 0;
  self->bad_reason = NULL;
}

static void
spoil_message (RedialAmiParser *self,
               const char      *reason)
{
  if (self->bad_reason == NULL)
    self->bad_reason = reason;
  g_clear_pointer (&self->message, redial_ami_message_unref);
}

/* Adds "Key: Value" from a line without its line end. */
static void
take_field (RedialAmiParser *self,
            const char      *line,
            gsize            length)
{
  const char *colon = memchr (line, ':', length);
  const char *value;
  gsize key_length, value_length;

  if (colon == NULL || colon == line)
    {
      /* A stray line costs only itself: the rest of its message is fine. */
      log_skip (self, "a line that is not “Key: Value”");
      return;
    }

  key_length = colon - line;
  while (key_length > 0 && (line[key_length - 1] == ' ' || line[key_length - 1] == '\t'))
    key_length--;
  if (key_length == 0)
    {
      log_skip (self, "a line with an empty key");
      return;
    }

  value = colon + 1;
  value_length = length - (value - line);
  /* The protocol puts one space after the colon; be lenient about more. */
  while (value_length > 0 && (*value == ' ' || *value == '\t'))
    {
      value++;
      value_length--;
    }

  if (self->message == NULL)
    self->message = redial_ami_message_new ();

  if (G_LIKELY (g_utf8_validate_len (line, length, NULL)))
    {
      message_append (self->message, line, key_length, value, value_length);
    }
  else
    {
      g_autofree char *key = g_utf8_make_valid (line, key_length);
      g_autofree char *text = g_utf8_make_valid (value, value_length);

      message_append (self->message, key, strlen (key), text, strlen (text));
    }
}

static void
take_line (RedialAmiParser *self,
           const char      *line,
           gsize            length)
{
  while (length > 0 && line[length - 1] == '\r')
    length--;

  if (self->banner_pending)
    {
      g_autofree char *text = g_utf8_make_valid (line, strnlen (line, length));

      self->banner_pending = FALSE;
      g_queue_push_tail (&self->ready, redial_ami_message_new_banner (g_strstrip (text)));
      return;
    }

  if (length == 0)
    {
      end_message (self);
      return;
    }

  if (self->bad_reason != NULL)
    return;

  self->message_bytes += length + 2;
  if (self->message_bytes > REDIAL_AMI_MAX_MESSAGE_BYTES)
    {
      spoil_message (self, "a message over 64 KiB");
      return;
    }
  if (memchr (line, '\0', length) != NULL)
    {
      spoil_message (self, "a message with a NUL byte");
      return;
    }
  if (self->message != NULL && self->message->fields->len >= REDIAL_AMI_MAX_FIELDS)
    {
      spoil_message (self, "a message with too many fields");
      return;
    }

  take_field (self, line, length);
}

void
redial_ami_parser_feed (RedialAmiParser *self,
                        const char      *data,
                        gsize            length)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (data != NULL || length == 0);

  while (length > 0)
    {
      const char *newline = memchr (data, '\n', length);
      gsize chunk;

      if (self->line_state == LINE_DISCARDING)
        {
          if (newline == NULL)
            return;
          chunk = newline - data + 1;
          data += chunk;
          length -= chunk;
          self->line_state = LINE_READING;
          continue;
        }

      if (newline == NULL)
        {
          if (self->line->len + length > REDIAL_AMI_MAX_LINE_BYTES)
            {
              g_string_truncate (self->line, 0);
              self->line_state = LINE_DISCARDING;
              if (self->banner_pending)
                self->banner_pending = FALSE;
              spoil_message (self, "a line over 16 KiB");
              return;
            }
          g_string_append_len (self->line, data, length);
          return;
        }

      chunk = newline - data;
      if (self->line->len == 0)
        {
          if (chunk > REDIAL_AMI_MAX_LINE_BYTES)
            spoil_message (self, "a line over 16 KiB");
          else
            take_line (self, data, chunk);
        }
      else if (self->line->len + chunk > REDIAL_AMI_MAX_LINE_BYTES)
        {
          g_string_truncate (self->line, 0);
          spoil_message (self, "a line over 16 KiB");
        }
      else
        {
          g_string_append_len (self->line, data, chunk);
          take_line (self, self->line->str, self->line->len);
          g_string_truncate (self->line, 0);
        }

      data += chunk + 1;
      length -= chunk + 1;
    }
}

RedialAmiMessage *
redial_ami_parser_pop (RedialAmiParser *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return g_queue_pop_head (&self->ready);
}

void
redial_ami_parser_reset (RedialAmiParser *self)
{
  g_return_if_fail (self != NULL);

  if (self->line->len > 0 || self->message != NULL || self->bad_reason != NULL)
    log_skip (self, "a message cut off by the end of the connection");

  g_string_truncate (self->line, 0);
  g_clear_pointer (&self->message, redial_ami_message_unref);
  self->message_bytes = 0;
  self->bad_reason = NULL;
  self->line_state = LINE_READING;
  self->banner_pending = self->expect_banner;
  self->n_logged = 0;
}

guint
redial_ami_parser_get_n_skipped (RedialAmiParser *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_skipped;
}
