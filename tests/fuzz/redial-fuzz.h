/* redial-fuzz.h: what every fuzz target shares: quiet logs, loud bugs, input cut into pieces. */
#pragma once

#include <glib.h>
#include <stdint.h>
#include <stdlib.h>

/* libFuzzer's entry point, declared for -Wmissing-prototypes. */
int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

/* Sets up the process once: messages about bad input, which every input
 * makes, are dropped; a warning or a critical (a failed precondition
 * inside Redial) aborts, so the fuzzer reports it as a crash. */
void redial_fuzz_init (void);

/* Reads fuzz input as a sequence of fields: the first byte of each field
 * is its length (mod @max_field + 1), the bytes that follow are its text.
 * Lets one input carry several strings that are each fuzzed alone. */
typedef struct
{
  const uint8_t *data;
  size_t         size;
} RedialFuzzInput;

/* The next field as a NUL-terminated string (transfer full): never NULL,
 * empty when the input is used up. */
char    *redial_fuzz_input_take_string (RedialFuzzInput *input,
                                        gsize            max_field);
/* The next byte, or 0 when the input is used up. */
guint8   redial_fuzz_input_take_byte   (RedialFuzzInput *input);
