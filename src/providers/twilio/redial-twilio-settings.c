/* redial-twilio-settings.c: the [twilio] settings that Twilio SMS and voice share. */
#include "config.h"

#define G_LOG_DOMAIN "redial-twilio"

#include <gio/gio.h>
#include <glib/gi18n.h>
#include <libsoup/soup.h>

#include "redial-settings.h"
#include "redial-twilio-client.h"
#include "redial-twilio-settings.h"

#define GROUP "twilio"

char *
redial_twilio_settings_read_key (GKeyFile   *keyfile,
                                 const char *key)
{
  char *value;

  g_return_val_if_fail (keyfile != NULL && key != NULL, NULL);

  value = g_key_file_get_string (keyfile, GROUP, key, NULL);
  if (value == NULL)
    return NULL;
  g_strstrip (value);
  if (*value == '\0')
    g_clear_pointer (&value, g_free);
  return value;
}

gboolean
redial_twilio_settings_read (RedialTwilioSettings  *out,
                             GKeyFile              *keyfile,
                             const char            *source,
                             guint                  min_poll_interval_s,
                             GQuark                 domain,
                             int                    code,
                             GError               **error)
{
  g_autofree char *base_url = NULL;
  g_autofree char *public_url = NULL;
  g_autofree char *interval = NULL;
  guint64 seconds;

  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (keyfile != NULL && source != NULL, FALSE);

#define INVALID(key, reason) redial_settings_invalid (error, domain, code, source, GROUP, key, reason)

  base_url = redial_twilio_settings_read_key (keyfile, "base-url");
  out->base_url = redial_settings_check_url (base_url != NULL ? base_url : REDIAL_TWILIO_DEFAULT_BASE_URL);
  if (out->base_url == NULL)
    return INVALID ("base-url", _("expected an https:// address such as “https://api.twilio.com” "
                                  "(http:// only to this computer)"));

  out->account_sid = redial_twilio_settings_read_key (keyfile, "account-sid");
  if (out->account_sid == NULL)
    return INVALID ("account-sid", _("the Account SID from the Twilio console is needed, "
                                     "such as “ACxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx”"));
  if (!redial_twilio_is_sid (out->account_sid))
    return INVALID ("account-sid", _("expected letters, digits, “-” and “_” only"));

  out->token_file = redial_twilio_settings_read_key (keyfile, "auth-token-file");
  if (out->token_file != NULL)
    {
      if (g_str_has_prefix (out->token_file, "~/"))
        {
          char *path = g_build_filename (g_get_home_dir (), out->token_file + 2, NULL);
          g_free (out->token_file);
          out->token_file = path;
        }
      if (!g_path_is_absolute (out->token_file))
        return INVALID ("auth-token-file",
                        _("expected the full path of a file, such as “/home/desk/.config/redial/twilio-token”"));
    }

  interval = redial_twilio_settings_read_key (keyfile, "poll-interval");
  if (interval != NULL)
    {
      if (!g_ascii_string_to_unsigned (interval, 10, MAX (min_poll_interval_s, 1), 3600, &seconds, NULL))
        {
          g_autofree char *reason = g_strdup_printf (_("expected a number of seconds between %u and 3600"),
                                                     MAX (min_poll_interval_s, 1));
          return INVALID ("poll-interval", reason);
        }
      out->poll_interval_s = (guint) seconds;
    }

  public_url = redial_twilio_settings_read_key (keyfile, "public-url");
  if (public_url != NULL)
    {
      out->public_url = redial_settings_check_url (public_url);
      if (out->public_url == NULL)
        return INVALID ("public-url", _("expected the address Twilio reaches Redial at, such as "
                                        "“https://desk.example.com” (http:// only to this computer)"));
    }

#undef INVALID
  return TRUE;
}

void
redial_twilio_settings_clear (RedialTwilioSettings *self)
{
  g_return_if_fail (self != NULL);

  g_clear_pointer (&self->base_url, g_free);
  g_clear_pointer (&self->account_sid, g_free);
  g_clear_pointer (&self->token_file, g_free);
  g_clear_pointer (&self->public_url, g_free);
  self->poll_interval_s = 0;
}
