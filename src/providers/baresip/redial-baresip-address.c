/* redial-baresip-address.c: SIP addresses and numbers as baresip writes them and takes them. */
#include "config.h"

#define G_LOG_DOMAIN "redial-baresip"

#include <string.h>

#include "redial-baresip-address.h"

#define MAX_CALLER_LENGTH 64
#define MAX_DIAL_LENGTH 256

char *
redial_baresip_normalize_aor (const char *aor)
{
  g_autofree char *text = g_strstrip (g_strdup (aor));
  char *start = text;
  char *end;

  if (*start == '<')
    {
      start++;
      end = strchr (start, '>');
      if (end != NULL)
        *end = '\0';
    }
  end = strchr (start, ';');
  if (end != NULL)
    *end = '\0';
  g_strstrip (start);
  if (*start == '\0')
    return NULL;

  if (g_ascii_strncasecmp (start, "sip:", 4) != 0 && g_ascii_strncasecmp (start, "sips:", 5) != 0)
    {
      g_autofree char *with_scheme = g_strconcat ("sip:", start, NULL);
      return g_ascii_strdown (with_scheme, -1);
    }
  return g_ascii_strdown (start, -1);
}

char *
redial_baresip_caller_from_uri (const char *uri)
{
  const char *start;
  const char *end;
  char *user;

  if (uri == NULL)
    return NULL;

  start = strchr (uri, '<') != NULL ? strchr (uri, '<') + 1 : uri;
  if (g_ascii_strncasecmp (start, "tel:", 4) == 0)
    {
      start += 4;
      end = start + strcspn (start, ";>");
    }
  else
    {
      if (g_ascii_strncasecmp (start, "sips:", 5) == 0)
        start += 5;
      else if (g_ascii_strncasecmp (start, "sip:", 4) == 0)
        start += 4;
      end = strchr (start, '@');
      /* A URI without a user part carries no number. */
      if (end == NULL)
        return NULL;
      end = start + strcspn (start, ";@");
    }

  if (end == start || end - start > MAX_CALLER_LENGTH * 3)
    return NULL;

  user = g_uri_unescape_segment (start, end, NULL);
  if (user == NULL)
    user = g_strndup (start, end - start);
  if (strlen (user) > MAX_CALLER_LENGTH)
    g_clear_pointer (&user, g_free);
  return user;
}

char *
redial_baresip_dial_target (const char *number)
{
  g_autoptr(GString) digits = g_string_new (NULL);
  gboolean has_digit = FALSE;

  if (g_ascii_strncasecmp (number, "sip:", 4) == 0 || g_ascii_strncasecmp (number, "sips:", 5) == 0)
    {
      if (strlen (number) > MAX_DIAL_LENGTH)
        return NULL;
      for (const char *c = number; *c != '\0'; c++)
        if (*c <= ' ' || *c >= 0x7f || *c == '"' || *c == '\\')
          return NULL;
      return g_strdup (number);
    }

  for (const char *c = number; *c != '\0'; c++)
    {
      if (g_ascii_isdigit (*c) || *c == '*' || *c == '#')
        {
          has_digit |= g_ascii_isdigit (*c);
          g_string_append_c (digits, *c);
        }
      else if (*c == '+' && digits->len == 0)
        g_string_append_c (digits, *c);
      else if (strchr (" -.()", *c) == NULL)
        return NULL;
    }

  if (!has_digit || digits->len > 32)
    return NULL;
  return g_string_free (g_steal_pointer (&digits), FALSE);
}


gboolean
redial_baresip_looks_like_number (const char *text)
{
  guint n_digits = 0;

  if (strlen (text) > 40)
    return FALSE;
  for (const char *c = text; *c != '\0'; c++)
    {
      if (g_ascii_isdigit (*c))
        n_digits++;
      else if (strchr ("+ -.()", *c) == NULL)
        return FALSE;
    }
  return n_digits >= 3;
}
