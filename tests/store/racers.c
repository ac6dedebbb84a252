/* racers.c: desks in separate processes (store-racer), racing on one store: fed lines, answering one line each. */
#include "config.h"

#include "racers.h"

const char * const racer_names[10] = {
  "Dana", "Luis", "Mei", "Omar", "Priya", "Sam", "Tove", "Uma", "Vik", "Wen",
};

void
racer_start (Racer      *racer,
             const char *location,
             const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *helper = g_test_build_filename (G_TEST_BUILT, "store", "store-racer", NULL);
  g_autofree char *ready = NULL;

  racer->name = name;
  racer->process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                                     helper, location, name, NULL);
  g_assert_no_error (error);
  racer->in = g_subprocess_get_stdin_pipe (racer->process);
  racer->out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (racer->process));
  ready = g_data_input_stream_read_line_utf8 (racer->out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ready, ==, "ready");
}

void
racer_send (Racer      *racer,
            const char *text)
{
  g_autoptr(GError) error = NULL;

  g_output_stream_write_all (racer->in, text, strlen (text), NULL, NULL, &error);
  g_assert_no_error (error);
}

char *
racer_answer (Racer *racer)
{
  g_autoptr(GError) error = NULL;
  char *answer = g_data_input_stream_read_line_utf8 (racer->out, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (answer);
  return answer;
}

void
racer_stop (Racer *racer)
{
  g_autoptr(GError) error = NULL;

  g_output_stream_close (racer->in, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_wait_check (racer->process, NULL, &error));
  g_assert_no_error (error);
  g_clear_object (&racer->out);
  g_clear_object (&racer->process);
}
