/* redial-pg-contacts.c: the PostgreSQL store's contacts, opt-outs and block list. */
#include "config.h"

#define G_LOG_DOMAIN "redial-store"

#include "redial-pg-store-private.h"

/* Contacts saved per transaction by save_contacts: short, so that the
 * other calls of this desk wait a few milliseconds at most for an import. */
#define CONTACTS_PER_BATCH 256

static gpointer
contact_from_row (PGresult *r,
                  int       i)
{
  return redial_contact_new (pg_int (r, i, 0), pg_text (r, i, 1), pg_text (r, i, 2));
}

static gboolean
redial_pg_store_save_contact (RedialStore  *store,
                              const char   *phone,
                              const char   *name,
                              GError      **error)
{
  RedialPgStore *self = REDIAL_PG_STORE (store);
  PG_STORE_LOCK (self);
  g_autoptr(PGresult) result = NULL;
  g_auto(PgParams) p = { 0 };

  pg_param_text (&p, phone);
  pg_param_text (&p, name);
  result = redial_pg_store_run (self,
    "INSERT INTO contacts (phone, name) VALUES ($1, $2)"
    " ON CONFLICT (phone) DO UPDATE SET name = excluded.name", &p, error);
  return result != NULL;
}

static RedialContact *
redial_pg_store_find_contact (RedialStore  *store,
                              const char   *phone,
                              GError      **error)
{
  RedialPgStore *self = REDIAL_PG_STORE (store);
  PG_STORE_LOCK (self);
  g_auto(PgParams) p = { 0 };

  pg_param_text (&p, phone);
  return redial_pg_store_first (self, "SELECT id, phone, name FROM contacts WHERE phone = $1",
                                &p, contact_from_row, error);
}

/* Saves @contacts from @start, at most CONTACTS_PER_BATCH of them, in one
 * transaction under the lock. Returns how many were saved, or -1 on error. */
static int
save_batch (RedialPgStore  *self,
            GPtrArray      *contacts,
            guint           start,
            guint          *n_new,
            guint          *n_known,
            GCancellable   *cancellable,
            GError        **error)
{
  PG_STORE_LOCK (self);
  guint end = MIN (contacts->len, start + CONTACTS_PER_BATCH);
  guint i;

  if (!redial_pg_store_begin (self, error))
    return -1;

  for (i = start; i < end && !g_cancellable_is_cancelled (cancellable); i++)
    {
      RedialContact *contact = g_ptr_array_index (contacts, i);
      g_autoptr(PGresult) result = NULL;
      g_auto(PgParams) p = { 0 };

      /* A row without a name does not wipe out the name the desk knows;
       * xmax is 0 for a row inserted now, and not for one updated. */
      pg_param_text (&p, redial_contact_get_phone (contact));
      pg_param_text (&p, redial_contact_get_name (contact));
      result = redial_pg_store_run (self,
        "INSERT INTO contacts (phone, name) VALUES ($1, $2)"
        " ON CONFLICT (phone) DO UPDATE SET name = coalesce (excluded.name, contacts.name)"
        " RETURNING xmax = 0", &p, error);
      if (result == NULL)
        {
          redial_pg_store_rollback (self);
          return -1;
        }
      if (pg_bool (result, 0, 0))
        (*n_new)++;
      else
        (*n_known)++;
    }

  if (!redial_pg_store_commit (self, error))
    {
      redial_pg_store_rollback (self);
      return -1;
    }
  return (int) (i - start);
}

static gboolean
redial_pg_store_save_contacts (RedialStore   *store,
                               GPtrArray     *contacts,
                               guint         *n_new,
                               guint         *n_known,
                               GCancellable  *cancellable,
                               GError       **error)
{
  RedialPgStore *self = REDIAL_PG_STORE (store);
  guint done = 0;

  while (done < contacts->len)
    {
      guint batch_new = 0;
      guint batch_known = 0;
      int saved = save_batch (self, contacts, done, &batch_new, &batch_known, cancellable, error);

      if (saved < 0)
        return FALSE;
      *n_new += batch_new;
      *n_known += batch_known;
      done += saved;
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
redial_pg_store_set_opted_out (RedialStore  *store,
                               const char   *phone,
                               gboolean      opted_out,
                               gint64        at,
                               const char   *message,
                               GError      **error)
{
  RedialPgStore *self = REDIAL_PG_STORE (store);
  PG_STORE_LOCK (self);
  g_autoptr(PGresult) changed = NULL;
  g_autoptr(PGresult) audited = NULL;
  g_auto(PgParams) p = { 0 };

  if (!redial_pg_store_begin (self, error))
    return FALSE;

  pg_param_text (&p, phone);
  if (opted_out)
    {
      pg_param_int (&p, at);
      changed = redial_pg_store_run (self,
        "INSERT INTO opt_outs (phone, opted_out_at) VALUES ($1, $2) ON CONFLICT (phone) DO NOTHING",
        &p, error);
    }
  else
    changed = redial_pg_store_run (self, "DELETE FROM opt_outs WHERE phone = $1", &p, error);
  if (changed == NULL)
    goto failed;

  pg_params_clear (&p);
  pg_param_text (&p, phone);
  pg_param_int (&p, opted_out ? 1 : 0);
  pg_param_int (&p, at);
  pg_param_text (&p, message);
  audited = redial_pg_store_run (self,
    "INSERT INTO opt_out_audit (phone, opted_out, at, message) VALUES ($1, $2, $3, $4)", &p, error);
  if (audited == NULL || !redial_pg_store_commit (self, error))
    goto failed;

  return TRUE;

failed:
  redial_pg_store_rollback (self);
  return FALSE;
}

/* Whether @sql finds @phone; @unknown when the database cannot answer. */
static gboolean
phone_listed (RedialPgStore *self,
              const char    *sql,
              const char    *phone,
              gboolean       unknown)
{
  PG_STORE_LOCK (self);
  g_autoptr(PGresult) result = NULL;
  g_auto(PgParams) p = { 0 };

  pg_param_text (&p, phone);
  result = redial_pg_store_run (self, sql, &p, NULL);
  if (result == NULL)
    return unknown;
  return PQntuples (result) > 0;
}

static gboolean
redial_pg_store_is_opted_out (RedialStore *store,
                              const char  *phone)
{
  /* When the database cannot answer, the safe answer is "do not text". */
  return phone_listed (REDIAL_PG_STORE (store), "SELECT 1 FROM opt_outs WHERE phone = $1", phone, TRUE);
}

static gboolean
redial_pg_store_set_blocked (RedialStore  *store,
                             const char   *phone,
                             gboolean      blocked,
                             const char   *reason,
                             gint64        at,
                             GError      **error)
{
  RedialPgStore *self = REDIAL_PG_STORE (store);
  PG_STORE_LOCK (self);
  g_autoptr(PGresult) result = NULL;
  g_auto(PgParams) p = { 0 };

  pg_param_text (&p, phone);
  if (blocked)
    {
      pg_param_int (&p, at);
      pg_param_text (&p, reason);
      result = redial_pg_store_run (self,
        "INSERT INTO blocked_numbers (phone, added_at, reason) VALUES ($1, $2, $3)"
        " ON CONFLICT (phone) DO NOTHING", &p, error);
    }
  else
    result = redial_pg_store_run (self, "DELETE FROM blocked_numbers WHERE phone = $1", &p, error);
  return result != NULL;
}

static gboolean
redial_pg_store_is_blocked (RedialStore *store,
                            const char  *phone)
{
  return phone_listed (REDIAL_PG_STORE (store), "SELECT 1 FROM blocked_numbers WHERE phone = $1",
                       phone, FALSE);
}

/* ── Intake answers, one per case and question ── */

static gboolean
redial_pg_store_set_intake_answer (RedialStore         *store,
                                   gint64               case_id,
                                   const char          *question,
                                   const char          *value,
                                   const char          *who,
                                   gint64               at,
                                   RedialTimelineItem **event,
                                   GError             **error)
{
  RedialPgStore *self = REDIAL_PG_STORE (store);
  PG_STORE_LOCK (self);
  g_autoptr(RedialTimelineItem) item = NULL;
  g_autoptr(PGresult) before = NULL;
  g_autoptr(PGresult) written = NULL;
  g_auto(PgParams) p = { 0 };

  if (!redial_pg_store_begin (self, error))
    return FALSE;
  pg_param_int (&p, case_id);
  pg_param_text (&p, question);
  before = redial_pg_store_run (self,
    "SELECT value FROM intake_answers WHERE case_id = $1 AND question = $2 FOR UPDATE", &p, error);
  if (before == NULL)
    goto failed;
  if (g_strcmp0 (PQntuples (before) > 0 ? pg_text (before, 0, 0) : NULL, value) == 0)
    {
      redial_pg_store_rollback (self);
      return TRUE;
    }

  if (value == NULL)
    written = redial_pg_store_run (self,
      "DELETE FROM intake_answers WHERE case_id = $1 AND question = $2", &p, error);
  else
    {
      pg_param_text (&p, value);
      pg_param_text (&p, who);
      pg_param_int (&p, at);
      written = redial_pg_store_run (self,
        "INSERT INTO intake_answers (case_id, question, value, answered_by, answered_at)"
        " VALUES ($1, $2, $3, $4, $5)"
        " ON CONFLICT (case_id, question) DO UPDATE SET"
        "   value = excluded.value, answered_by = excluded.answered_by, answered_at = excluded.answered_at",
        &p, error);
    }

  item = redial_timeline_item_new (REDIAL_TIMELINE_KIND_INTAKE, at, who);
  redial_timeline_item_set_question (item, question);
  redial_timeline_item_set_text (item, value);
  if (written == NULL ||
      !redial_store_add_case_event (store, item, case_id, error) ||
      !redial_pg_store_commit (self, error))
    goto failed;

  if (event != NULL)
    *event = g_steal_pointer (&item);
  return TRUE;

failed:
  redial_pg_store_rollback (self);
  return FALSE;
}

static GHashTable *
redial_pg_store_list_intake_answers (RedialStore  *store,
                                     gint64        case_id,
                                     GError      **error)
{
  RedialPgStore *self = REDIAL_PG_STORE (store);
  PG_STORE_LOCK (self);
  g_autoptr(GHashTable) answers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(PGresult) result = NULL;
  g_auto(PgParams) p = { 0 };

  pg_param_int (&p, case_id);
  result = redial_pg_store_run (self, "SELECT question, value FROM intake_answers WHERE case_id = $1", &p, error);
  if (result == NULL)
    return NULL;
  for (int i = 0; i < PQntuples (result); i++)
    g_hash_table_replace (answers, g_strdup (pg_text (result, i, 0)), g_strdup (pg_text (result, i, 1)));
  return g_steal_pointer (&answers);
}

void
redial_pg_contacts_init_iface (RedialStoreInterface *iface)
{
  iface->save_contact = redial_pg_store_save_contact;
  iface->find_contact = redial_pg_store_find_contact;
  iface->save_contacts = redial_pg_store_save_contacts;
  iface->set_opted_out = redial_pg_store_set_opted_out;
  iface->is_opted_out = redial_pg_store_is_opted_out;
  iface->set_blocked = redial_pg_store_set_blocked;
  iface->is_blocked = redial_pg_store_is_blocked;
  iface->set_intake_answer = redial_pg_store_set_intake_answer;
  iface->list_intake_answers = redial_pg_store_list_intake_answers;
}
