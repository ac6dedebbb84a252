/* redial-alert.c: one thing a person must see now, as the engine raises it. */
#include "config.h"

#define G_LOG_DOMAIN "redial-engine"

#include "redial-alert.h"

typedef struct
{
  RedialAlert    alert;  /* first: what callers see */
  gatomicrefcount ref_count;
} Alert;

G_DEFINE_BOXED_TYPE (RedialAlert, redial_alert, redial_alert_ref, redial_alert_unref)

RedialAlert *
redial_alert_new (RedialCase      *kase,
                  RedialAlertKind  kind,
                  RedialSlaClock   clock,
                  gboolean         urgent,
                  gint64           at,
                  const char      *message)
{
  Alert *self;

  g_return_val_if_fail (REDIAL_IS_CASE (kase), NULL);

  self = g_new0 (Alert, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->alert.kase = g_object_ref (kase);
  self->alert.kind = kind;
  self->alert.clock = clock;
  self->alert.urgent = !!urgent;
  self->alert.at = at;
  self->alert.message = g_strdup (message);
  return &self->alert;
}

RedialAlert *
redial_alert_ref (RedialAlert *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&((Alert *) self)->ref_count);
  return self;
}

void
redial_alert_unref (RedialAlert *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&((Alert *) self)->ref_count))
    return;
  g_object_unref (self->kase);
  g_free (self->message);
  g_free (self);
}
