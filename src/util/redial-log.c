/* redial-log.c: how Redial's log and command-line messages reach a terminal whose charset may not be UTF-8.
 *
 * GLib converts what it writes to the locale's charset and puts "?" for
 * any character that has no place there, so under LC_ALL=C a message such
 * as "Connecting…" or "expected “US”" loses its punctuation. Redial's
 * messages use typographic punctuation on purpose; where the charset
 * cannot show it, these writers put the ASCII a person would type. */
#include "config.h"

#define G_LOG_DOMAIN "redial-util"

#include <stdio.h>
#include <unistd.h>

#include "redial-log.h"

static const struct
{
  gunichar    c;
  const char *ascii;
} punctuation[] = {
  { 0x2026, "..." },  /* … */
  { 0x2018, "'" },    /* ‘ */
  { 0x2019, "'" },    /* ’ */
  { 0x201C, "\"" },   /* “ */
  { 0x201D, "\"" },   /* ” */
  { 0x00AB, "\"" },   /* « */
  { 0x00BB, "\"" },   /* » */
  { 0x2013, "-" },    /* – */
  { 0x2014, "-" },    /* — */
  { 0x2212, "-" },    /* − */
  { 0x2022, "*" },    /* • */
  { 0x00A0, " " },    /* no-break space */
  { 0x202F, " " },    /* narrow no-break space */
};

/* The ASCII for @c when the console cannot show it, or NULL. */
static const char *
fallback_for (gunichar c)
{
  static gsize checked;
  static guint unshowable;  /* bit i: punctuation[i] has no place in the charset */

  G_STATIC_ASSERT (G_N_ELEMENTS (punctuation) <= 32);

  if (g_once_init_enter (&checked))
    {
      const char *charset;

      if (!g_get_console_charset (&charset))
        for (guint i = 0; i < G_N_ELEMENTS (punctuation); i++)
          {
            char utf8[8] = { 0 };
            g_autofree char *converted = NULL;

            g_unichar_to_utf8 (punctuation[i].c, utf8);
            converted = g_convert (utf8, -1, charset, "UTF-8", NULL, NULL, NULL);
            if (converted == NULL)
              unshowable |= 1u << i;
          }
      g_once_init_leave (&checked, 1);
    }

  for (guint i = 0; i < G_N_ELEMENTS (punctuation); i++)
    if (punctuation[i].c == c)
      return (unshowable & (1u << i)) != 0 ? punctuation[i].ascii : NULL;
  return NULL;
}

char *
redial_log_text_for_console (const char *text)
{
  GString *out;

  g_return_val_if_fail (text != NULL, NULL);

  if (g_get_console_charset (NULL) || !g_utf8_validate (text, -1, NULL))
    return g_strdup (text);

  out = g_string_sized_new (strlen (text));
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      const char *ascii = fallback_for (g_utf8_get_char (p));

      if (ascii != NULL)
        g_string_append (out, ascii);
      else
        g_string_append_len (out, p, g_utf8_next_char (p) - p);
    }
  return g_string_free (out, FALSE);
}

static GLogWriterOutput
write_log (GLogLevelFlags   level,
           const GLogField *fields,
           gsize            n_fields,
           gpointer         user_data)
{
  g_autofree GLogField *copy = NULL;
  g_autofree char *message = NULL;

  /* The journal takes UTF-8 whatever the locale. */
  if (g_get_console_charset (NULL) || g_log_writer_is_journald (fileno (stderr)))
    return g_log_writer_default (level, fields, n_fields, user_data);

  copy = g_memdup2 (fields, n_fields * sizeof (GLogField));
  for (gsize i = 0; i < n_fields; i++)
    if (g_str_equal (copy[i].key, "MESSAGE") && copy[i].length < 0 && message == NULL)
      {
        message = redial_log_text_for_console (copy[i].value);
        copy[i].value = message;
      }
  return g_log_writer_default (level, copy, n_fields, user_data);
}

static void
write_text (FILE       *stream,
            const char *text)
{
  const char *charset;
  g_autofree char *ascii = NULL;
  g_autofree char *local = NULL;

  if (g_get_console_charset (&charset))
    {
      fputs (text, stream);
    }
  else
    {
      ascii = redial_log_text_for_console (text);
      local = g_convert_with_fallback (ascii, -1, charset, "UTF-8", "?", NULL, NULL, NULL);
      fputs (local != NULL ? local : ascii, stream);
    }
  fflush (stream);
}

static void
print_out (const char *text)
{
  write_text (stdout, text);
}

static void
print_err (const char *text)
{
  write_text (stderr, text);
}

void
redial_log_init (void)
{
  g_log_set_writer_func (write_log, NULL, NULL);
  g_set_print_handler (print_out);
  g_set_printerr_handler (print_err);
}
