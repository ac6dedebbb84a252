/* redial-fuzz.c: what every fuzz target shares: quiet logs, loud bugs, input cut into pieces. */
#include "config.h"

#include <stdio.h>

#include "redial-fuzz.h"

static GLogWriterOutput
write_log (GLogLevelFlags   level,
           const GLogField *fields,
           gsize            n_fields,
           gpointer         user_data)
{
  if (level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    {
      g_log_writer_standard_streams (level, fields, n_fields, user_data);
      abort ();
    }
  return G_LOG_WRITER_HANDLED;
}

void
redial_fuzz_init (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      g_log_set_writer_func (write_log, NULL, NULL);
      g_once_init_leave (&done, 1);
    }
}

char *
redial_fuzz_input_take_string (RedialFuzzInput *input,
                               gsize            max_field)
{
  gsize length;
  char *text;

  if (input->size == 0)
    return g_strdup ("");

  length = MIN (input->data[0] % (max_field + 1), input->size - 1);
  text = g_strndup ((const char *) input->data + 1, length);
  input->data += 1 + length;
  input->size -= 1 + length;
  return text;
}

guint8
redial_fuzz_input_take_byte (RedialFuzzInput *input)
{
  guint8 byte;

  if (input->size == 0)
    return 0;
  byte = input->data[0];
  input->data++;
  input->size--;
  return byte;
}
