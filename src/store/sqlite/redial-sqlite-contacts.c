/* redial-sqlite-contacts.c: the SQLite store's contacts, opt-outs and block list. */
#include "config.h"

#define G_LOG_DOMAIN "redial-store"

#include "redial-sqlite-store-private.h"

/* Contacts saved per transaction by save_contacts: short enough that the
 * main loop's queries wait a few milliseconds at most for an import. */
#define CONTACTS_PER_BATCH 256

static RedialContact *
contact_from_row (sqlite3_stmt *stmt)
{
  return redial_contact_new (sqlite3_column_int64 (stmt, 0),
                             redial_sqlite_column_text (stmt, 1),
                             redial_sqlite_column_text (stmt, 2));
}

static gboolean
redial_sqlite_store_save_contact (RedialStore  *store,
                                  const char   *phone,
                                  const char   *name,
                                  GError      **error)
{
  RedialSqliteStore *self = REDIAL_SQLITE_STORE (store);
  SQLITE_STORE_LOCK (self);
  sqlite3_stmt *stmt;

  stmt = redial_sqlite_store_statement (self,
    "INSERT INTO contacts (phone, name) VALUES (?, ?)"
    " ON CONFLICT (phone) DO UPDATE SET name = excluded.name", error);
  if (stmt == NULL)
    return FALSE;
  redial_sqlite_bind_text (stmt, 1, phone);
  redial_sqlite_bind_text (stmt, 2, name);
  return redial_sqlite_store_step_done (self, stmt, error);
}

static RedialContact *
redial_sqlite_store_find_contact (RedialStore  *store,
                                  const char   *phone,
                                  GError      **error)
{
  RedialSqliteStore *self = REDIAL_SQLITE_STORE (store);
  SQLITE_STORE_LOCK (self);

  return redial_sqlite_store_first_by_text (self, "SELECT id, phone, name FROM contacts WHERE phone = ?",
                                            phone, (gpointer) contact_from_row, error);
}

/* Saves one contact inside the open transaction; a row without a name
 * does not wipe out the name the desk knows. */
static gboolean
merge_contact (RedialSqliteStore  *self,
               RedialContact      *contact,
               guint              *n_new,
               guint              *n_known,
               GError            **error)
{
  sqlite3_stmt *stmt;
  gboolean known;

  stmt = redial_sqlite_store_statement (self, "SELECT 1 FROM contacts WHERE phone = ?", error);
  if (stmt == NULL)
    return FALSE;
  redial_sqlite_bind_text (stmt, 1, redial_contact_get_phone (contact));
  known = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);

  stmt = redial_sqlite_store_statement (self,
    "INSERT INTO contacts (phone, name) VALUES (?, ?)"
    " ON CONFLICT (phone) DO UPDATE SET name = coalesce(excluded.name, contacts.name)", error);
  if (stmt == NULL)
    return FALSE;
  redial_sqlite_bind_text (stmt, 1, redial_contact_get_phone (contact));
  redial_sqlite_bind_text (stmt, 2, redial_contact_get_name (contact));
  if (!redial_sqlite_store_step_done (self, stmt, error))
    return FALSE;

  if (known)
    (*n_known)++;
  else
    (*n_new)++;
  return TRUE;
}

/* Saves @contacts from @start, at most CONTACTS_PER_BATCH of them, in one
 * transaction under the lock. Returns how many were saved, or -1 on error;
 * a cancellation keeps the contacts saved before it. */
static int
save_batch (RedialSqliteStore  *self,
            GPtrArray          *contacts,
            guint               start,
            guint              *n_new,
            guint              *n_known,
            GCancellable       *cancellable,
            GError            **error)
{
  SQLITE_STORE_LOCK (self);
  guint end = MIN (contacts->len, start + CONTACTS_PER_BATCH);
  guint i;

  if (!redial_sqlite_store_begin (self, error))
    return -1;

  for (i = start; i < end && !g_cancellable_is_cancelled (cancellable); i++)
    if (!merge_contact (self, g_ptr_array_index (contacts, i), n_new, n_known, error))
      {
        redial_sqlite_store_rollback (self);
        return -1;
      }

  if (!redial_sqlite_store_commit (self, error))
    {
      redial_sqlite_store_rollback (self);
      return -1;
    }
  return (int) (i - start);
}

static gboolean
redial_sqlite_store_save_contacts (RedialStore   *store,
                                   GPtrArray     *contacts,
                                   guint         *n_new,
                                   guint         *n_known,
                                   GCancellable  *cancellable,
                                   GError       **error)
{
  RedialSqliteStore *self = REDIAL_SQLITE_STORE (store);
  guint done = 0;

  /* The lock is taken per batch, so that another thread's statements go
   * in between. */
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
redial_sqlite_store_set_opted_out (RedialStore  *store,
                                   const char   *phone,
                                   gboolean      opted_out,
                                   gint64        at,
                                   const char   *message,
                                   GError      **error)
{
  RedialSqliteStore *self = REDIAL_SQLITE_STORE (store);
  SQLITE_STORE_LOCK (self);
  sqlite3_stmt *stmt;

  if (!redial_sqlite_store_begin (self, error))
    return FALSE;

  if (opted_out)
    stmt = redial_sqlite_store_statement (self,
      "INSERT INTO opt_outs (phone, opted_out_at) VALUES (?, ?)"
      " ON CONFLICT (phone) DO NOTHING", error);
  else
    stmt = redial_sqlite_store_statement (self, "DELETE FROM opt_outs WHERE phone = ?", error);
  if (stmt == NULL)
    goto failed;
  redial_sqlite_bind_text (stmt, 1, phone);
  if (opted_out)
    sqlite3_bind_int64 (stmt, 2, at);
  if (!redial_sqlite_store_step_done (self, stmt, error))
    goto failed;

  stmt = redial_sqlite_store_statement (self,
    "INSERT INTO opt_out_audit (phone, opted_out, at, message) VALUES (?, ?, ?, ?)", error);
  if (stmt == NULL)
    goto failed;
  redial_sqlite_bind_text (stmt, 1, phone);
  sqlite3_bind_int (stmt, 2, opted_out ? 1 : 0);
  sqlite3_bind_int64 (stmt, 3, at);
  redial_sqlite_bind_text (stmt, 4, message);
  if (!redial_sqlite_store_step_done (self, stmt, error) || !redial_sqlite_store_commit (self, error))
    goto failed;

  return TRUE;

failed:
  redial_sqlite_store_rollback (self);
  return FALSE;
}

/* Whether @sql finds @phone; @unknown when the database cannot answer. */
static gboolean
phone_listed (RedialSqliteStore *self,
              const char        *sql,
              const char        *phone,
              gboolean           unknown)
{
  SQLITE_STORE_LOCK (self);
  sqlite3_stmt *stmt = redial_sqlite_store_statement (self, sql, NULL);
  int rc;

  if (stmt == NULL)
    return unknown;
  redial_sqlite_bind_text (stmt, 1, phone);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  return rc == SQLITE_ROW || (rc != SQLITE_DONE && unknown);
}

static gboolean
redial_sqlite_store_is_opted_out (RedialStore *store,
                                  const char  *phone)
{
  /* When the database cannot answer, the safe answer is "do not text". */
  return phone_listed (REDIAL_SQLITE_STORE (store), "SELECT 1 FROM opt_outs WHERE phone = ?", phone, TRUE);
}

static gboolean
redial_sqlite_store_set_blocked (RedialStore  *store,
                                 const char   *phone,
                                 gboolean      blocked,
                                 const char   *reason,
                                 gint64        at,
                                 GError      **error)
{
  RedialSqliteStore *self = REDIAL_SQLITE_STORE (store);
  SQLITE_STORE_LOCK (self);
  sqlite3_stmt *stmt;

  if (blocked)
    {
      stmt = redial_sqlite_store_statement (self,
        "INSERT INTO blocked_numbers (phone, added_at, reason) VALUES (?, ?, ?)"
        " ON CONFLICT (phone) DO NOTHING", error);
      if (stmt == NULL)
        return FALSE;
      redial_sqlite_bind_text (stmt, 1, phone);
      sqlite3_bind_int64 (stmt, 2, at);
      redial_sqlite_bind_text (stmt, 3, reason);
    }
  else
    {
      stmt = redial_sqlite_store_statement (self, "DELETE FROM blocked_numbers WHERE phone = ?", error);
      if (stmt == NULL)
        return FALSE;
      redial_sqlite_bind_text (stmt, 1, phone);
    }

  return redial_sqlite_store_step_done (self, stmt, error);
}

static gboolean
redial_sqlite_store_is_blocked (RedialStore *store,
                                const char  *phone)
{
  return phone_listed (REDIAL_SQLITE_STORE (store), "SELECT 1 FROM blocked_numbers WHERE phone = ?",
                       phone, FALSE);
}

void
redial_sqlite_contacts_init_iface (RedialStoreInterface *iface)
{
  iface->save_contact = redial_sqlite_store_save_contact;
  iface->find_contact = redial_sqlite_store_find_contact;
  iface->save_contacts = redial_sqlite_store_save_contacts;
  iface->set_opted_out = redial_sqlite_store_set_opted_out;
  iface->is_opted_out = redial_sqlite_store_is_opted_out;
  iface->set_blocked = redial_sqlite_store_set_blocked;
  iface->is_blocked = redial_sqlite_store_is_blocked;
}
