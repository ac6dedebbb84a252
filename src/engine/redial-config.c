/* redial-config.c: the business's settings, read from a keyfile. */
#include "config.h"

#define G_LOG_DOMAIN "redial-engine"

#include <glib/gi18n.h>

#include "redial-config-private.h"
#include "redial-booking-settings.h"
#include "redial-template-set.h"
#include "redial-phone.h"
#include "redial-settings.h"

/* Words that mean an emergency, per trade; a business can set its own. */
static const struct {
  const char *trade;
  const char *words;
} emergency_defaults[] = {
  { "home-service", "flood;flooding;burst;no heat;no water;gas smell;smell gas;sewage;leak;leaking;no power;sparking;fire" },
  { "plumbing", "flood;flooding;burst;burst pipe;no water;sewage;leak;leaking;overflowing;gas smell;smell gas" },
  { "hvac", "no heat;no heating;no cooling;no ac;gas smell;smell gas;carbon monoxide;furnace out" },
  { "roofing", "leak;leaking;roof collapse;storm damage;tree fell;water coming in" },
  { "medical", "bleeding;chest pain;can't breathe;cannot breathe;allergic reaction;severe pain" },
  { "dental", "bleeding;swelling;abscess;knocked out;broken tooth;severe pain" },
  { "legal", "arrested;custody;court tomorrow;court today;deadline today;served" },
  { "insurance", "accident;crash;fire;flood;theft;break-in" },
  { "real-estate", "closing today;offer deadline" },
  { "electrical", "sparking;sparks;burning smell;smoke;no power;power out;shock" },
};

/* Caller ID names robocallers use; a business can add its own. */
#define DEFAULT_SPAM_NAMES \
  "CARD SERVICES;CARDHOLDER SERVICES;SPAM LIKELY;SCAM LIKELY;SPAM RISK;POTENTIAL SPAM;" \
  "TELEMARKETER;TELEMARKETING;ROBOCALL;SUSPECTED SPAM;FRAUD RISK;POLITICAL CALL;SURVEY"

G_DEFINE_FINAL_TYPE (RedialConfig, redial_config, G_TYPE_OBJECT)

G_DEFINE_QUARK (redial-config-error-quark, redial_config_error)

/* Every key Redial reads; anything else is logged as unknown. */
static const char * const known_keys[] = {
  "business/name", "business/region", "business/time-zone", "business/trade",
  "business/booking-link", "business/language", "business/average-job-value",
  "hours/monday", "hours/tuesday", "hours/wednesday", "hours/thursday", "hours/friday",
  "hours/saturday", "hours/sunday",
  "sla/business-hours-only", "sla/reply-target", "sla/reply-warning", "sla/escalate-after",
  "text-back/delay",
  "follow-up/count", "follow-up/delay",
  "rules/emergency-words", "rules/spam-names",
  "phone-system/backend",
  "sms/backend", "sms/from",
  "text-back/enabled",
  "sla/first-response-target", "sla/first-response-warning", "sla/emergency-target",
  "store/path", "store/url", "store/password-file",
  "intake/file", "intake/profile", "service-area/codes",
  "report/end-of-day", "report/end-of-day-sms",
  NULL
};

/* The backends' own groups ([ami], [twilio], …) are read and checked by
 * the backends themselves, from redial_config_get_keyfile(). */
static const char * const phone_backends[] = { "demo", "none", "ami", "baresip", "twilio", "webhook", NULL };
static const char * const sms_backends[] = { "demo", "none", "twilio", NULL };
static const char * const backend_groups[] = { "ami", "baresip", "twilio", "webhook", "caldav", NULL };

static gboolean
invalid (GError     **error,
         const char  *source,
         const char  *group,
         const char  *key,
         const char  *reason)
{
  return redial_settings_invalid (error, REDIAL_CONFIG_ERROR, REDIAL_CONFIG_ERROR_INVALID,
                                  source, group, key, reason);
}

static int
compare_languages (gconstpointer a,
                   gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* [business] average-job-value: what a booked job is worth when nobody
 * entered its value ("350" or "350.50", in the business's currency),
 * kept in cents; -1 when unset. */
static gboolean
read_average_job_value (RedialConfig  *self,
                        GKeyFile      *keyfile,
                        const char    *source,
                        GError       **error)
{
  g_autofree char *text = NULL;
  const char *end = NULL;
  double value;

  if (!g_key_file_has_key (keyfile, "business", "average-job-value", NULL))
    return TRUE;
  text = g_key_file_get_string (keyfile, "business", "average-job-value", NULL);
  g_strstrip (text);
  value = g_ascii_strtod (text, (char **) &end);
  if (*text == '\0' || end == NULL || *end != '\0' || !(value >= 0) || value > 1e9)
    return invalid (error, source, "business", "average-job-value",
                    _("the average job value must be an amount such as 350 or 350.50"));
  self->average_job_value = (gint64) (value * 100 + 0.5);
  return TRUE;
}

/* Texts go out in [business] language, or a shorter form of it ("es" for
 * "es-MX"): a language with no template of its own would send English
 * without a word of warning. */
static gboolean
check_language (RedialConfig  *self,
                const char    *source,
                GError       **error)
{
  g_autoptr(GPtrArray) templates = redial_template_set_list (self->templates);
  g_autoptr(GPtrArray) known = g_ptr_array_new ();
  g_autoptr(GString) names = g_string_new (NULL);
  g_autofree char *tag = redial_template_canonical_language (self->language);
  g_autofree char *reason = NULL;

  for (guint i = 0; i < templates->len; i++)
    {
      const char *language = redial_template_get_language (g_ptr_array_index (templates, i));

      if (!g_ptr_array_find_with_equal_func (known, language, g_str_equal, NULL))
        g_ptr_array_add (known, (gpointer) language);
    }

  /* "es-MX", then "es". */
  while (tag != NULL)
    {
      char *dash;

      if (g_ptr_array_find_with_equal_func (known, tag, g_str_equal, NULL))
        return TRUE;
      dash = strrchr (tag, '-');
      if (dash == NULL)
        break;
      *dash = '\0';
    }

  g_ptr_array_sort (known, compare_languages);
  for (guint i = 0; i < known->len; i++)
    g_string_append_printf (names, "%s%s", i > 0 ? ", " : "", (const char *) g_ptr_array_index (known, i));
  reason = g_strdup_printf (_("Redial has no texts in “%s”: expected one of %s, or add "
                              "[template <use> %s] groups"),
                            self->language, names->str, self->language);
  return invalid (error, source, "business", "language", reason);
}

static gboolean
read_string (GKeyFile    *keyfile,
             const char  *source,
             const char  *group,
             const char  *key,
             char       **out,
             GError     **error)
{
  return redial_settings_read_string (keyfile, source, group, key, out,
                                      REDIAL_CONFIG_ERROR, REDIAL_CONFIG_ERROR_INVALID, error);
}

static gboolean
read_number (GKeyFile    *keyfile,
             const char  *source,
             const char  *group,
             const char  *key,
             guint64      min,
             guint64      max,
             guint64     *out,
             GError     **error)
{
  g_autofree char *text = NULL;
  g_autofree char *reason = NULL;

  if (!read_string (keyfile, source, group, key, &text, error))
    return FALSE;
  if (text == NULL)
    return TRUE;

  if (g_ascii_string_to_unsigned (text, 10, min, max, out, NULL))
    return TRUE;

  {
    g_autofree char *low = g_strdup_printf ("%" G_GUINT64_FORMAT, min);
    g_autofree char *high = g_strdup_printf ("%" G_GUINT64_FORMAT, max);

    reason = g_strdup_printf (_("expected a whole number between %s and %s"), low, high);
  }
  return invalid (error, source, group, key, reason);
}

/* Reads a duration given in seconds into µs. */
static gboolean
read_seconds_in (GKeyFile    *keyfile,
                 const char  *source,
                 const char  *group,
                 const char  *key,
                 guint64      min,
                 guint64      max,
                 gint64      *out,
                 GError     **error)
{
  guint64 seconds = (guint64) (*out / G_USEC_PER_SEC);

  if (!read_number (keyfile, source, group, key, min, max, &seconds, error))
    return FALSE;
  *out = (gint64) seconds * G_USEC_PER_SEC;
  return TRUE;
}

static gboolean
read_seconds (GKeyFile    *keyfile,
              const char  *source,
              const char  *group,
              const char  *key,
              gint64      *out,
              GError     **error)
{
  return read_seconds_in (keyfile, source, group, key, 1, 7 * 24 * 3600, out, error);
}

static gboolean
read_boolean (GKeyFile    *keyfile,
              const char  *source,
              const char  *group,
              const char  *key,
              gboolean    *out,
              GError     **error)
{
  g_autofree char *text = NULL;

  if (!read_string (keyfile, source, group, key, &text, error))
    return FALSE;
  if (text == NULL)
    return TRUE;

  if (g_str_equal (text, "true"))
    *out = TRUE;
  else if (g_str_equal (text, "false"))
    *out = FALSE;
  else
    return invalid (error, source, group, key, _("expected “true” or “false”"));
  return TRUE;
}

/* A list of words or phrases separated by semicolons, kept lower-case. */
static gboolean
read_words (GKeyFile    *keyfile,
            const char  *source,
            const char  *group,
            const char  *key,
            GStrv       *out,
            GError     **error)
{
  g_autofree char *text = NULL;

  if (!read_string (keyfile, source, group, key, &text, error))
    return FALSE;
  if (text == NULL)
    return TRUE;

  g_strfreev (*out);
  *out = redial_config_split_words (text);
  return TRUE;
}

GStrv
redial_config_split_words (const char *text)
{
  g_auto(GStrv) parts = g_strsplit (text, ";", -1);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_autofree char *word = g_utf8_strdown (g_strstrip (parts[i]), -1);

      if (*word != '\0')
        g_strv_builder_add (builder, word);
    }

  return g_strv_builder_end (builder);
}

static gboolean
read_hours (RedialConfig  *self,
            GKeyFile      *keyfile,
            const char    *source,
            GError       **error)
{
  static const char * const days[] = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"
  };
  g_auto(GStrv) holidays = g_key_file_get_keys (keyfile, "holidays", NULL, NULL);
  g_autoptr(RedialHours) hours = redial_hours_new (self->time_zone);

  for (guint i = 0; i < G_N_ELEMENTS (days); i++)
    {
      g_autofree char *spec = NULL;
      g_autoptr(GError) local_error = NULL;

      /* Mon–Fri 08:00–17:00 unless the business says otherwise. */
      spec = g_strdup (i < 5 ? "08:00-17:00" : "closed");
      if (!read_string (keyfile, source, "hours", days[i], &spec, error))
        return FALSE;
      if (!redial_hours_set_day (hours, G_DATE_MONDAY + i, spec, &local_error))
        return invalid (error, source, "hours", days[i], local_error->message);
    }

  for (guint i = 0; holidays != NULL && holidays[i] != NULL; i++)
    {
      g_autofree char *spec = NULL;
      g_autoptr(GError) local_error = NULL;

      if (!read_string (keyfile, source, "holidays", holidays[i], &spec, error))
        return FALSE;
      if (!redial_hours_set_holiday (hours, holidays[i], spec, &local_error))
        return invalid (error, source, "holidays", holidays[i], local_error->message);
    }

  g_set_object (&self->hours, hours);
  return TRUE;
}

static gboolean
read_backend (GKeyFile           *keyfile,
              const char         *source,
              const char         *group,
              const char * const *allowed,
              char              **out,
              GError            **error)
{
  g_autofree char *list = NULL;
  g_autofree char *reason = NULL;

  if (!read_string (keyfile, source, group, "backend", out, error))
    return FALSE;

  if (g_strv_contains (allowed, *out))
    return TRUE;

  list = g_strjoinv (", ", (char **) allowed);
  reason = g_strdup_printf (_("expected one of: %s"), list);
  return invalid (error, source, group, "backend", reason);
}

static void
warn_unknown_keys (GKeyFile   *keyfile,
                   const char *source)
{
  g_auto(GStrv) groups = g_key_file_get_groups (keyfile, NULL);

  for (guint i = 0; groups[i] != NULL; i++)
    {
      g_auto(GStrv) keys = NULL;

      /* Every key of [lines] is a phone number. */
      if (g_str_equal (groups[i], "lines") || g_str_equal (groups[i], "holidays") ||
          g_str_has_prefix (groups[i], "template ") || g_str_has_prefix (groups[i], "reply ") ||
          redial_booking_settings_owns_group (groups[i]) ||
          g_strv_contains (backend_groups, groups[i]))
        continue;

      keys = g_key_file_get_keys (keyfile, groups[i], NULL, NULL);
      for (guint j = 0; keys != NULL && keys[j] != NULL; j++)
        {
          g_autofree char *path = g_strdup_printf ("%s/%s", groups[i], keys[j]);

          if (!g_strv_contains (known_keys, path))
            g_message ("%s: ignoring unknown setting [%s] %s", source, groups[i], keys[j]);
        }
    }
}

static gboolean
read_lines (RedialConfig  *self,
            GKeyFile      *keyfile,
            const char    *source,
            GError       **error)
{
  g_auto(GStrv) keys = g_key_file_get_keys (keyfile, "lines", NULL, NULL);

  for (guint i = 0; keys != NULL && keys[i] != NULL; i++)
    {
      g_autoptr(GError) local_error = NULL;
      g_autofree char *number = redial_phone_normalize (keys[i], self->region, &local_error);
      g_autofree char *label = NULL;

      if (number == NULL)
        return invalid (error, source, "lines", keys[i], local_error->message);
      if (!read_string (keyfile, source, "lines", keys[i], &label, error))
        return FALSE;
      if (label == NULL || *label == '\0')
        return invalid (error, source, "lines", keys[i], _("a line needs a label such as “Main”"));

      g_hash_table_replace (self->lines, g_steal_pointer (&number), g_steal_pointer (&label));
    }

  return TRUE;
}

static void
set_emergency_words (RedialConfig *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (emergency_defaults); i++)
    {
      if (g_str_equal (emergency_defaults[i].trade, self->trade))
        {
          g_strfreev (self->emergency_words);
          self->emergency_words = redial_config_split_words (emergency_defaults[i].words);
          return;
        }
    }
}

/* The trade's intake profile with the business's own questions over it
 * ([intake] file, relative to the settings file), and the service area. */
static gboolean
read_intake (RedialConfig  *self,
             GKeyFile      *keyfile,
             const char    *source,
             GError       **error)
{
  g_autoptr(RedialIntakeProfile) profile = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *file = NULL;
  g_autofree char *questions = NULL;
  g_auto(GStrv) codes = NULL;

  if (!read_string (keyfile, source, "intake", "file", &file, error) ||
      !read_string (keyfile, source, "intake", "profile", &questions, error) ||
      !read_words (keyfile, source, "service-area", "codes", &codes, error))
    return FALSE;

  profile = redial_intake_profile_new_for_trade (self->trade, &local_error);
  if (profile == NULL)
    return invalid (error, source, "business", "trade", local_error->message);

  /* The questions written in, as the shared settings carry them. */
  if (questions != NULL && *questions != '\0')
    {
      g_autofree char *name = g_strdup_printf ("%s: [intake] profile", source);

      if (!redial_intake_profile_load_data (profile, questions, strlen (questions), name, &local_error))
        {
          g_set_error (error, REDIAL_CONFIG_ERROR, REDIAL_CONFIG_ERROR_INVALID, "%s", local_error->message);
          return FALSE;
        }
    }
  else if (file != NULL && *file != '\0')
    {
      g_autofree char *folder = g_path_get_dirname (source);
      g_autofree char *path = g_path_is_absolute (file) ? g_strdup (file) : g_build_filename (folder, file, NULL);

      if (!redial_intake_profile_load_file (profile, path, &local_error))
        {
          g_set_error (error, REDIAL_CONFIG_ERROR, REDIAL_CONFIG_ERROR_INVALID, "%s", local_error->message);
          return FALSE;
        }
    }

  g_set_object (&self->intake, profile);
  g_clear_object (&self->service_area);
  self->service_area = redial_service_area_new ((const char * const *) codes);
  return TRUE;
}

/* [report] end-of-day: the day's summary at closing time; and
 * end-of-day-sms, the owner's number it is also texted to. */
static gboolean
read_end_of_day (RedialConfig  *self,
                 GKeyFile      *keyfile,
                 const char    *source,
                 GError       **error)
{
  g_autofree char *number = NULL;

  if (!read_boolean (keyfile, source, "report", "end-of-day", &self->end_of_day, error) ||
      !read_string (keyfile, source, "report", "end-of-day-sms", &number, error))
    return FALSE;
  if (number != NULL && *g_strstrip (number) != '\0')
    {
      g_autoptr(GError) local_error = NULL;

      g_free (self->end_of_day_sms);
      self->end_of_day_sms = redial_phone_normalize (number, self->region, &local_error);
      if (self->end_of_day_sms == NULL)
        return invalid (error, source, "report", "end-of-day-sms", local_error->message);
    }
  return TRUE;
}

static gboolean
apply_keyfile (RedialConfig  *self,
               GKeyFile      *keyfile,
               const char    *source,
               GError       **error)
{
  g_autofree char *zone = NULL;
  g_autofree char *enabled = NULL;
  g_autofree char *from = NULL;

  warn_unknown_keys (keyfile, source);

  if (!read_string (keyfile, source, "business", "name", &self->business_name, error) ||
      !read_string (keyfile, source, "business", "region", &self->region, error) ||
      !read_string (keyfile, source, "business", "time-zone", &zone, error) ||
      !read_backend (keyfile, source, "phone-system", phone_backends, &self->phone_system, error) ||
      !read_backend (keyfile, source, "sms", sms_backends, &self->sms_gateway, error) ||
      !read_string (keyfile, source, "sms", "from", &from, error) ||
      !read_string (keyfile, source, "text-back", "enabled", &enabled, error) ||
      !read_seconds (keyfile, source, "sla", "first-response-target", &self->first_response_target, error) ||
      !read_seconds (keyfile, source, "sla", "first-response-warning", &self->first_response_warning, error) ||
      !read_seconds (keyfile, source, "sla", "emergency-target", &self->emergency_target, error) ||
      !read_string (keyfile, source, "store", "path", &self->store_path, error) ||
      !read_string (keyfile, source, "store", "url", &self->store_url, error) ||
      !read_string (keyfile, source, "store", "password-file", &self->store_password_file, error))
    return FALSE;

  if (*self->business_name == '\0')
    return invalid (error, source, "business", "name", _("the business needs a name"));

  if (!redial_phone_region_is_valid (self->region))
    return invalid (error, source, "business", "region",
                    _("expected a two-letter country code such as “US” or “GB”"));

  if (zone != NULL)
    {
      g_autoptr(GTimeZone) tz = g_time_zone_new_identifier (zone);

      if (tz == NULL)
        return invalid (error, source, "business", "time-zone",
                        _("expected a time zone such as “America/Chicago”"));
      g_time_zone_unref (self->time_zone);
      self->time_zone = g_steal_pointer (&tz);
    }

  if (from != NULL)
    {
      g_autoptr(GError) local_error = NULL;

      g_free (self->sms_from);
      self->sms_from = redial_phone_normalize (from, self->region, &local_error);
      if (self->sms_from == NULL)
        return invalid (error, source, "sms", "from", local_error->message);
    }

  if (enabled != NULL)
    {
      if (g_str_equal (enabled, "true"))
        self->text_back_enabled = TRUE;
      else if (g_str_equal (enabled, "false"))
        self->text_back_enabled = FALSE;
      else
        return invalid (error, source, "text-back", "enabled", _("expected “true” or “false”"));
    }

  if (self->first_response_warning >= self->first_response_target)
    return invalid (error, source, "sla", "first-response-warning",
                    _("the warning must come before the target"));

  {
    guint64 count = self->follow_up_count;
    g_autofree char *trade = NULL;

    if (!read_string (keyfile, source, "business", "trade", &trade, error) ||
        !read_string (keyfile, source, "business", "booking-link", &self->booking_link, error) ||
        !read_boolean (keyfile, source, "sla", "business-hours-only", &self->business_hours_only, error) ||
        !read_seconds (keyfile, source, "sla", "reply-target", &self->reply_target, error) ||
        !read_seconds (keyfile, source, "sla", "reply-warning", &self->reply_warning, error) ||
        !read_seconds (keyfile, source, "sla", "escalate-after", &self->escalate_after, error) ||
        !read_seconds_in (keyfile, source, "text-back", "delay", 0, 120, &self->text_back_delay, error) ||
        !read_string (keyfile, source, "business", "language", &self->language, error) ||
        !read_number (keyfile, source, "follow-up", "count", 0, 2, &count, error) ||
        !read_seconds (keyfile, source, "follow-up", "delay", &self->follow_up_delay, error) ||
        !read_words (keyfile, source, "rules", "spam-names", &self->spam_names, error))
      return FALSE;
    self->follow_up_count = (guint) count;

    if (self->reply_warning >= self->reply_target)
      return invalid (error, source, "sla", "reply-warning", _("the warning must come before the target"));

    if (trade != NULL)
      {
        gboolean known = FALSE;

        for (guint i = 0; i < G_N_ELEMENTS (emergency_defaults); i++)
          known |= g_str_equal (emergency_defaults[i].trade, trade);
        if (!known)
          return invalid (error, source, "business", "trade",
                          _("expected home-service, plumbing, hvac, roofing, electrical, medical, "
                            "dental, legal, insurance or real-estate"));
        g_free (self->trade);
        self->trade = g_steal_pointer (&trade);
        set_emergency_words (self);
      }

    if (!read_words (keyfile, source, "rules", "emergency-words", &self->emergency_words, error) ||
        !read_intake (self, keyfile, source, error))
      return FALSE;

    /* The business's own [template <use> <language>] groups go over the
     * shipped wording; each is checked now, not when a text is due. */
    {
      g_autoptr(GError) local_error = NULL;

      if (!redial_template_set_load_keyfile (self->templates, keyfile, source, &local_error))
        {
          g_set_error_literal (error, REDIAL_CONFIG_ERROR, REDIAL_CONFIG_ERROR_INVALID,
                               local_error->message);
          return FALSE;
        }
    }

    if (!check_language (self, source, error))
      return FALSE;
  }

  if (!read_hours (self, keyfile, source, error))
    return FALSE;

  if (self->store_path != NULL && *self->store_path == '\0')
    g_clear_pointer (&self->store_path, g_free);
  if (self->store_url != NULL && *self->store_url == '\0')
    g_clear_pointer (&self->store_url, g_free);
  if (self->store_url != NULL && !g_str_has_prefix (self->store_url, "postgresql://") &&
      !g_str_has_prefix (self->store_url, "postgres://"))
    return invalid (error, source, "store", "url", _("the shared store must be a postgresql:// address"));

  if (!read_average_job_value (self, keyfile, source, error) ||
      !redial_booking_settings_load_keyfile (self->booking, keyfile, source, REDIAL_CONFIG_ERROR,
                                             REDIAL_CONFIG_ERROR_INVALID, error) ||
      !read_end_of_day (self, keyfile, source, error))
    return FALSE;

  return read_lines (self, keyfile, source, error);
}

static void
redial_config_finalize (GObject *object)
{
  RedialConfig *self = REDIAL_CONFIG (object);

  g_free (self->business_name);
  g_free (self->region);
  g_time_zone_unref (self->time_zone);
  g_free (self->phone_system);
  g_free (self->sms_gateway);
  g_free (self->sms_from);
  g_free (self->end_of_day_sms);
  g_hash_table_unref (self->lines);
  g_free (self->store_path);
  g_free (self->store_url);
  g_free (self->store_password_file);
  g_key_file_unref (self->keyfile);
  g_free (self->source);
  g_clear_object (&self->hours);
  g_clear_object (&self->templates);
  g_free (self->language);
  g_free (self->trade);
  g_free (self->booking_link);
  g_strfreev (self->emergency_words);
  g_strfreev (self->spam_names);
  g_clear_object (&self->intake);
  g_clear_object (&self->service_area);
  g_clear_object (&self->booking);
  g_ptr_array_unref (self->retired);

  G_OBJECT_CLASS (redial_config_parent_class)->finalize (object);
}

static void
redial_config_class_init (RedialConfigClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = redial_config_finalize;

  /* Emitted by redial_config_update(), once the new values are in. */
  g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
redial_config_init (RedialConfig *self)
{
  /* Texts go to callers in the business's language, not the desk's. */
  self->business_name = g_strdup ("our office");
  self->region = g_strdup ("US");
  self->time_zone = g_time_zone_new_local ();
  self->phone_system = g_strdup ("none");
  self->sms_gateway = g_strdup ("none");
  self->lines = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->retired = g_ptr_array_new_with_free_func (g_object_unref);
  self->text_back_enabled = TRUE;
  self->first_response_target = 5 * 60 * G_USEC_PER_SEC;
  self->first_response_warning = 3 * 60 * G_USEC_PER_SEC;
  self->emergency_target = 2 * 60 * G_USEC_PER_SEC;
  self->keyfile = g_key_file_new ();
  self->source = g_strdup ("defaults");
  self->business_hours_only = TRUE;
  self->average_job_value = -1;
  self->booking = redial_booking_settings_new ();
  self->reply_target = 10 * 60 * G_USEC_PER_SEC;
  self->reply_warning = 6 * 60 * G_USEC_PER_SEC;
  self->escalate_after = 10 * 60 * G_USEC_PER_SEC;
  self->language = g_strdup ("en");
  {
    g_autoptr(GError) error = NULL;

    self->templates = redial_template_set_new_default (&error);
    if (self->templates == NULL)
      g_error ("The built-in templates are broken: %s", error->message);
  }
  self->follow_up_count = 1;
  self->follow_up_delay = (gint64) 3 * 3600 * G_USEC_PER_SEC;
  self->trade = g_strdup ("home-service");
  set_emergency_words (self);
  {
    g_autoptr(GError) error = NULL;

    self->intake = redial_intake_profile_new_for_trade (self->trade, &error);
    if (self->intake == NULL)
      g_error ("The built-in intake profile is broken: %s", error->message);
    self->service_area = redial_service_area_new (NULL);
  }
  self->spam_names = redial_config_split_words (DEFAULT_SPAM_NAMES);
  {
    g_autoptr(GKeyFile) none = g_key_file_new ();
    read_hours (self, none, "defaults", NULL);
  }
}

RedialConfig *
redial_config_new (void)
{
  return g_object_new (REDIAL_TYPE_CONFIG, NULL);
}

char *
redial_config_default_path (void)
{
  return g_build_filename (g_get_user_config_dir (), "redial", "redial.conf", NULL);
}

RedialConfig *
redial_config_load_from_data (const char  *data,
                              const char  *source,
                              GError     **error)
{
  g_autoptr(RedialConfig) self = redial_config_new ();
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (source != NULL, NULL);

  if (!g_key_file_load_from_data (keyfile, data, -1, G_KEY_FILE_NONE, &local_error))
    {
      g_set_error (error, REDIAL_CONFIG_ERROR, REDIAL_CONFIG_ERROR_READ,
                   _("%s is not a valid settings file: %s"), source, local_error->message);
      return NULL;
    }

  if (!apply_keyfile (self, keyfile, source, error))
    return NULL;

  g_key_file_unref (self->keyfile);
  self->keyfile = g_steal_pointer (&keyfile);
  g_free (self->source);
  self->source = g_strdup (source);
  return g_steal_pointer (&self);
}

RedialConfig *
redial_config_load (const char  *path,
                    GError     **error)
{
  g_autofree char *data = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize length;

  g_return_val_if_fail (path != NULL, NULL);

  if (!g_file_get_contents (path, &data, &length, &local_error))
    {
      g_set_error (error, REDIAL_CONFIG_ERROR, REDIAL_CONFIG_ERROR_READ,
                   _("The settings file cannot be read: %s"), local_error->message);
      return NULL;
    }

  if (length > 1024 * 1024 || !g_utf8_validate (data, length, NULL))
    {
      g_set_error (error, REDIAL_CONFIG_ERROR, REDIAL_CONFIG_ERROR_READ,
                   _("%s is not a settings file (too large, or not UTF-8 text)."), path);
      return NULL;
    }

  return redial_config_load_from_data (data, path, error);
}

#define GETTER(Type, field, fallback)                        \
  Type                                                       \
  redial_config_get_##field (RedialConfig *self)             \
  {                                                          \
    g_return_val_if_fail (REDIAL_IS_CONFIG (self), fallback);\
    return self->field;                                      \
  }

GETTER (const char *, business_name, NULL)
GETTER (RedialIntakeProfile *, intake, NULL)
GETTER (RedialServiceArea *, service_area, NULL)
GETTER (const char *, region, NULL)
GETTER (GTimeZone *, time_zone, NULL)
GETTER (const char *, phone_system, NULL)
GETTER (const char *, sms_gateway, NULL)
GETTER (const char *, sms_from, NULL)
GETTER (gboolean, text_back_enabled, FALSE)
GETTER (gint64, first_response_target, 0)
GETTER (gint64, first_response_warning, 0)
GETTER (gint64, emergency_target, 0)
GETTER (const char *, store_path, NULL)
GETTER (const char *, store_url, NULL)
GETTER (const char *, store_password_file, NULL)
GETTER (RedialHours *, hours, NULL)
GETTER (gboolean, business_hours_only, TRUE)
GETTER (gint64, reply_target, 0)
GETTER (gint64, reply_warning, 0)
GETTER (gint64, escalate_after, 0)
GETTER (gint64, text_back_delay, 0)
GETTER (RedialTemplateSet *, templates, NULL)
GETTER (const char *, language, NULL)
GETTER (guint, follow_up_count, 0)
GETTER (gint64, follow_up_delay, 0)
GETTER (const char *, trade, NULL)
GETTER (const char *, booking_link, NULL)
GETTER (gint64, average_job_value, -1)
GETTER (gboolean, end_of_day, FALSE)
GETTER (const char *, end_of_day_sms, NULL)

const char * const *
redial_config_get_emergency_words (RedialConfig *self)
{
  g_return_val_if_fail (REDIAL_IS_CONFIG (self), NULL);
  return (const char * const *) self->emergency_words;
}

const char * const *
redial_config_get_spam_names (RedialConfig *self)
{
  g_return_val_if_fail (REDIAL_IS_CONFIG (self), NULL);
  return (const char * const *) self->spam_names;
}

const char *
redial_config_get_line_label (RedialConfig *self,
                              const char   *number)
{
  g_return_val_if_fail (REDIAL_IS_CONFIG (self), NULL);

  if (number == NULL)
    return NULL;
  return g_hash_table_lookup (self->lines, number);
}

static void
replace (char       **field,
         const char  *value)
{
  g_free (*field);
  *field = g_strdup (value);
}

GKeyFile *
redial_config_get_keyfile (RedialConfig *self)
{
  g_return_val_if_fail (REDIAL_IS_CONFIG (self), NULL);
  return self->keyfile;
}

const char *
redial_config_get_source (RedialConfig *self)
{
  g_return_val_if_fail (REDIAL_IS_CONFIG (self), NULL);
  return self->source;
}

void
redial_config_set_phone_system (RedialConfig *self,
                                const char   *backend)
{
  g_return_if_fail (REDIAL_IS_CONFIG (self));
  g_return_if_fail (g_strv_contains (phone_backends, backend));
  replace (&self->phone_system, backend);
}

void
redial_config_set_sms_gateway (RedialConfig *self,
                               const char   *backend)
{
  g_return_if_fail (REDIAL_IS_CONFIG (self));
  g_return_if_fail (g_strv_contains (sms_backends, backend));
  replace (&self->sms_gateway, backend);
}

void
redial_config_set_store_path (RedialConfig *self,
                              const char   *path)
{
  g_return_if_fail (REDIAL_IS_CONFIG (self));
  replace (&self->store_path, path);
}

RedialBookingSettings *
redial_config_get_booking (RedialConfig *self)
{
  g_return_val_if_fail (REDIAL_IS_CONFIG (self), NULL);
  return self->booking;
}

GPtrArray *
redial_config_get_resources (RedialConfig *self)
{
  g_return_val_if_fail (REDIAL_IS_CONFIG (self), NULL);
  return redial_booking_settings_get_resources (self->booking);
}

GPtrArray *
redial_config_get_job_types (RedialConfig *self)
{
  g_return_val_if_fail (REDIAL_IS_CONFIG (self), NULL);
  return redial_booking_settings_get_job_types (self->booking);
}
