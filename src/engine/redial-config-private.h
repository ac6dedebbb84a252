/* redial-config-private.h: what the settings' files share: the fields of RedialConfig. */
#pragma once

#include "redial-config.h"

G_BEGIN_DECLS

struct _RedialConfig
{
  GObject     parent_instance;

  char       *business_name;
  char       *region;
  GTimeZone  *time_zone;
  char       *phone_system;
  char       *sms_gateway;
  char       *sms_from;
  GHashTable *lines;  /* E.164 → label */
  gboolean    text_back_enabled;
  gint64      first_response_target;
  gint64      first_response_warning;
  gint64      emergency_target;
  char       *store_path;
  char       *store_url;
  char       *store_password_file;
  GKeyFile   *keyfile;
  char       *source;

  RedialHours *hours;
  gboolean    business_hours_only;
  gint64      reply_target;
  gint64      reply_warning;
  gint64      escalate_after;
  gint64      text_back_delay;
  RedialTemplateSet *templates;
  char       *language;
  guint       follow_up_count;
  gint64      follow_up_delay;
  char       *trade;
  char       *booking_link;
  GStrv       emergency_words;
  GStrv       spam_names;
  RedialIntakeProfile *intake;
  RedialServiceArea   *service_area;
  gint64      average_job_value;
  RedialBookingSettings *booking;
  gboolean    end_of_day;
  char       *end_of_day_sms;

  /* What redial_config_update() replaced: kept while the settings live,
   * since a worker thread may still be reading one of them. */
  GPtrArray  *retired;
};

G_END_DECLS
