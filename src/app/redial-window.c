/* redial-window.c: the main window: the live callback queue. */
#include "config.h"

#define G_LOG_DOMAIN "redial-app"

#include <glib/gi18n.h>

#include "calendar/redial-calendar-view.h"
#include "case/redial-case-page.h"
#include "redial-desks-button.h"
#include "redial-queue-view.h"
#include "redial-reports-view.h"
#include "redial-window.h"

struct _RedialWindow
{
  AdwApplicationWindow  parent_instance;

  AdwToastOverlay      *toast_overlay;
  AdwWindowTitle       *window_title;
  GtkLabel             *count_label;
  GtkStack             *main_stack;
  AdwLeaflet           *leaflet;
  GtkWidget            *queue_pane;
  AdwHeaderBar         *queue_header;
  GtkToggleButton      *search_button;
  GtkSearchBar         *search_bar;
  GtkSearchEntry       *search_entry;
  RedialCasePage       *case_page;
  RedialCalendarView   *calendar_view;
  GtkStack             *stack;
  gboolean              browsing;   /* the queue shown while no case is open: closed ones, a search */
  AdwStatusPage        *error_page;
  RedialQueueView      *queue_view;
  RedialDesksButton    *desks_button;
  GtkRevealer          *filter_bar;
  GtkLabel             *filter_label;
  AdwViewStack         *views;
  AdwViewSwitcherBar   *switcher_bar;
  AdwViewSwitcherTitle *calendar_switcher_title;
  AdwViewSwitcherTitle *reports_switcher_title;
  RedialReportsView    *reports_view;

  GSettings            *settings;
  RedialContext        *context;
  RedialEngine         *engine;
  GListModel           *queue;
  RedialPhoneSystem    *phone_system;
};

G_DEFINE_FINAL_TYPE (RedialWindow, redial_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update_queue_page (RedialWindow *self)
{
  guint n_items = g_list_model_get_n_items (self->queue);
  g_autofree char *count = NULL;

  if (n_items > 0)
    self->browsing = FALSE;
  gtk_stack_set_visible_child_name (self->stack, n_items > 0 || self->browsing ? "queue" : "empty");

  count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u open", "%u open", n_items), n_items);
  gtk_label_set_text (self->count_label, count);
  /* Folded to 360 px, the header keeps its room for the title. */
  gtk_widget_set_visible (GTK_WIDGET (self->count_label), n_items > 0 && !adw_leaflet_get_folded (self->leaflet));
}

static void
on_queue_changed (RedialWindow *self,
                  guint         position,
                  guint         removed,
                  guint         added,
                  GListModel   *queue)
{
  update_queue_page (self);
}

static void
on_folded (RedialWindow *self,
           GParamSpec   *pspec,
           AdwLeaflet   *leaflet)
{
  if (self->queue != NULL)
    update_queue_page (self);
}

static void
update_subtitle (RedialWindow *self)
{
  g_autofree char *status = NULL;

  if (self->phone_system != NULL)
    status = redial_phone_system_dup_status (self->phone_system);
  else
    status = g_strdup (_("No phone system set up"));

  adw_window_title_set_subtitle (self->window_title, status != NULL ? status : "");
}

static void
on_phone_status (RedialWindow      *self,
                 GParamSpec        *pspec,
                 RedialPhoneSystem *phone_system)
{
  update_subtitle (self);
}

static void
on_phone_system_changed (RedialWindow  *self,
                         GParamSpec    *pspec,
                         RedialContext *context)
{
  if (self->phone_system != NULL)
    g_signal_handlers_disconnect_by_data (self->phone_system, self);
  g_set_object (&self->phone_system, redial_context_get_phone_system (context));
  if (self->phone_system != NULL)
    g_signal_connect_object (self->phone_system, "notify::status",
                             G_CALLBACK (on_phone_status), self, G_CONNECT_SWAPPED);
  update_subtitle (self);
}

/* The switcher sits at the bottom where the view's own header has no room
 * for it: always beside the queue, whose header keeps the phone status. */
static void
update_switcher_bar (RedialWindow *self)
{
  const char *view = adw_view_stack_get_visible_child_name (self->views);
  gboolean reveal = TRUE;

  if (g_strcmp0 (view, "calendar") == 0)
    reveal = adw_view_switcher_title_get_title_visible (self->calendar_switcher_title);
  else if (g_strcmp0 (view, "reports") == 0)
    reveal = adw_view_switcher_title_get_title_visible (self->reports_switcher_title);
  adw_view_switcher_bar_set_reveal (self->switcher_bar, reveal);
}

static void
on_view_changed (RedialWindow *self,
                 GParamSpec   *pspec,
                 GObject      *object)
{
  update_switcher_bar (self);
}

static void
show_view (RedialWindow *self,
           const char   *view)
{
  if (adw_view_stack_get_child_by_name (self->views, view) != NULL)
    adw_view_stack_set_visible_child_name (self->views, view);
}

static void
show_toast (RedialWindow *self,
            const char   *message)
{
  /* Toast titles are markup: the message is text. */
  g_autofree char *escaped = g_markup_escape_text (message, -1);
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (escaped));
}

/* The alerts the engine raised together (a tick may cross hundreds of
 * cases) make one toast. */
static void
on_alerts (RedialWindow *self,
           GPtrArray    *alerts,
           RedialEngine *engine)
{
  AdwToast *toast;
  guint n = alerts->len;

  if (n == 0)
    return;
  if (n == 1)
    {
      RedialAlert *alert = g_ptr_array_index (alerts, 0);
      g_autofree char *escaped = g_markup_escape_text (alert->message, -1);

      toast = adw_toast_new (escaped);
    }
  else
    {
      g_autofree char *title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u alert", "%u alerts", n), n);
      g_autofree gint64 *ids = g_new (gint64, n);

      for (guint i = 0; i < n; i++)
        ids[i] = redial_case_get_id (((RedialAlert *) g_ptr_array_index (alerts, i))->kase);
      toast = adw_toast_new (title);
      adw_toast_set_button_label (toast, _("_Show"));
      adw_toast_set_action_name (toast, "app.show-cases");
      adw_toast_set_action_target_value (toast, g_variant_new_fixed_array (G_VARIANT_TYPE_INT64, ids, n,
                                                                          sizeof (gint64)));
    }
  /* The desk sees alerts at once, ahead of any routine toast. */
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
set_context (RedialWindow  *self,
             RedialContext *context)
{
  RedialEngine *engine;

  if (context == NULL)
    return;

  engine = redial_context_get_engine (context);
  g_return_if_fail (REDIAL_IS_ENGINE (engine));

  self->context = g_object_ref (context);
  self->engine = g_object_ref (engine);
  self->queue = g_object_ref (redial_engine_get_queue (engine));

  redial_queue_view_set_context (self->queue_view, context);
  redial_desks_button_set_context (self->desks_button, context);
  redial_reports_view_set_context (self->reports_view, context);
  g_object_set (self->case_page, "context", context, NULL);
  redial_calendar_view_set_context (self->calendar_view, context);

  g_signal_connect_object (self->queue, "items-changed", G_CALLBACK (on_queue_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (context, "notify::phone-system", G_CALLBACK (on_phone_system_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (engine, "alerts", G_CALLBACK (on_alerts), self, G_CONNECT_SWAPPED);

  on_phone_system_changed (self, NULL, context);
  update_queue_page (self);
}

/* The case the desk's keys act on: the row with the keyboard in the
 * queue, else the case open beside it. */
static RedialCase *
current_case (RedialWindow *self)
{
  RedialCase *kase = redial_queue_view_get_focused_case (self->queue_view);

  return kase != NULL ? kase : redial_case_page_get_case (self->case_page);
}

static void
on_case_activated (RedialWindow    *self,
                   RedialCase      *kase,
                   gboolean         compose,
                   RedialQueueView *view)
{
  redial_window_open_case (self, redial_case_get_id (kase));
  if (compose)
    redial_case_page_focus_composer (self->case_page);
}

static void
on_search_changed (RedialWindow   *self,
                   GtkSearchEntry *entry)
{
  redial_queue_view_set_search (self->queue_view, gtk_editable_get_text (GTK_EDITABLE (entry)));
}

static void
on_search_mode (RedialWindow *self,
                GParamSpec   *pspec,
                GtkSearchBar *bar)
{
  /* A search put away shows every case again. */
  if (!gtk_search_bar_get_search_mode (bar))
    gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
}

static void
on_case_page_back (RedialWindow   *self,
                   RedialCasePage *page)
{
  adw_leaflet_set_visible_child (self->leaflet, self->queue_pane);
  redial_queue_view_focus (self->queue_view);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  RedialWindow *self = REDIAL_WINDOW (widget);

  if (adw_leaflet_get_folded (self->leaflet) &&
      adw_leaflet_get_visible_child (self->leaflet) != self->queue_pane)
    on_case_page_back (self, self->case_page);
  else if (gtk_search_bar_get_search_mode (self->search_bar))
    gtk_search_bar_set_search_mode (self->search_bar, FALSE);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  RedialWindow *self = REDIAL_WINDOW (widget);

  adw_leaflet_set_visible_child (self->leaflet, self->queue_pane);
  /* Closed cases are searched too, even while none is open. */
  self->browsing = TRUE;
  update_queue_page (self);
  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
move_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  RedialWindow *self = REDIAL_WINDOW (widget);

  adw_leaflet_set_visible_child (self->leaflet, self->queue_pane);
  redial_queue_view_move_focus (self->queue_view, redial_case_page_get_case (self->case_page),
                                g_variant_get_int32 (parameter));
}

static void
compose_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  RedialWindow *self = REDIAL_WINDOW (widget);
  RedialCase *kase = current_case (self);

  if (kase == NULL)
    return;
  if (kase != redial_case_page_get_case (self->case_page))
    redial_window_open_case (self, redial_case_get_id (kase));
  redial_case_page_focus_composer (self->case_page);
}

static void
template_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  RedialWindow *self = REDIAL_WINDOW (widget);

  if (redial_case_page_get_case (self->case_page) != NULL)
    redial_case_page_insert_template (self->case_page, g_variant_get_uint32 (parameter));
}

static void
claim_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  RedialWindow *self = REDIAL_WINDOW (widget);
  RedialCase *kase = current_case (self);

  if (kase != NULL)
    gtk_widget_activate_action (widget, "app.claim-case", "x", redial_case_get_id (kase));
}

/* With no case open, the cases closed today are still a click away. */
static void
view_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  show_view (REDIAL_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

static void
show_closed_today_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  RedialWindow *self = REDIAL_WINDOW (widget);

  self->browsing = TRUE;
  redial_queue_view_set_filter (self->queue_view, REDIAL_QUEUE_FILTER_CLOSED_TODAY);
  update_queue_page (self);
}

static void
show_all_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  redial_window_show_cases (REDIAL_WINDOW (widget), NULL, 0);
}

static void
redial_window_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  RedialWindow *self = REDIAL_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
redial_window_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  RedialWindow *self = REDIAL_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      set_context (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
redial_window_dispose (GObject *object)
{
  RedialWindow *self = REDIAL_WINDOW (object);

  if (self->phone_system != NULL)
    g_signal_handlers_disconnect_by_data (self->phone_system, self);
  g_clear_object (&self->phone_system);
  gtk_widget_dispose_template (GTK_WIDGET (self), REDIAL_TYPE_WINDOW);
  g_clear_object (&self->queue);
  g_clear_object (&self->engine);
  g_clear_object (&self->context);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (redial_window_parent_class)->dispose (object);
}

static void
redial_window_class_init (RedialWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = redial_window_get_property;
  object_class->set_property = redial_window_set_property;
  object_class->dispose = redial_window_dispose;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, REDIAL_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (REDIAL_TYPE_QUEUE_VIEW);
  g_type_ensure (REDIAL_TYPE_CASE_PAGE);
  g_type_ensure (REDIAL_TYPE_REPORTS_VIEW);
  g_type_ensure (REDIAL_TYPE_CALENDAR_VIEW);
  g_type_ensure (REDIAL_TYPE_DESKS_BUTTON);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/redial/Redial/redial-window.ui");
  gtk_widget_class_bind_template_child (widget_class, RedialWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, RedialWindow, count_label);
  gtk_widget_class_bind_template_child (widget_class, RedialWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, RedialWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, RedialWindow, queue_pane);
  gtk_widget_class_bind_template_child (widget_class, RedialWindow, queue_header);
  gtk_widget_class_bind_template_child (widget_class, RedialWindow, search_button);
  gtk_widget_class_bind_template_child (widget_class, RedialWindow, search_bar);
  gtk_widget_class_bind_template_child (widget_class, RedialWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, RedialWindow, case_page);
  gtk_widget_class_bind_template_child (widget_class, RedialWindow, calendar_view);
  gtk_widget_class_bind_template_child (widget_class, RedialWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, RedialWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, RedialWindow, queue_view);
  gtk_widget_class_bind_template_child (widget_class, RedialWindow, desks_button);
  gtk_widget_class_bind_template_child (widget_class, RedialWindow, filter_bar);
  gtk_widget_class_bind_template_child (widget_class, RedialWindow, filter_label);
  gtk_widget_class_bind_template_child (widget_class, RedialWindow, views);
  gtk_widget_class_bind_template_child (widget_class, RedialWindow, switcher_bar);
  gtk_widget_class_bind_template_child (widget_class, RedialWindow, calendar_switcher_title);
  gtk_widget_class_bind_template_child (widget_class, RedialWindow, reports_switcher_title);
  gtk_widget_class_bind_template_child (widget_class, RedialWindow, reports_view);

  gtk_widget_class_bind_template_child (widget_class, RedialWindow, toast_overlay);
  gtk_widget_class_install_action (widget_class, "shell.show-all-cases", NULL, show_all_action);
  gtk_widget_class_install_action (widget_class, "shell.show-closed-today", NULL, show_closed_today_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);

  /* The desk's keys. Bound on the window, they reach it only when the
   * widget with the keyboard did not take them: a letter typed into the
   * search entry or a text stays there. */
  gtk_widget_class_install_action (widget_class, "shell.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "shell.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "shell.move", "i", move_action);
  gtk_widget_class_install_action (widget_class, "shell.compose", NULL, compose_action);
  gtk_widget_class_install_action (widget_class, "shell.template", "u", template_action);
  gtk_widget_class_install_action (widget_class, "shell.claim", NULL, claim_action);
  gtk_widget_class_install_action (widget_class, "shell.view", "s", view_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "shell.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_k, GDK_CONTROL_MASK, "shell.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_j, 0, "shell.move", "i", 1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_k, 0, "shell.move", "i", -1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_t, 0, "shell.compose", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, 0, "shell.claim", NULL);
  for (guint n = 1; n <= 9; n++)
    gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1 + n - 1, GDK_ALT_MASK, "shell.template", "u", n);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_CONTROL_MASK, "shell.view", "s", "queue");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_2, GDK_CONTROL_MASK, "shell.view", "s", "calendar");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_3, GDK_CONTROL_MASK, "shell.view", "s", "reports");
}

static void
redial_window_init (RedialWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* The window comes back the size this desk left it. */
  self->settings = g_settings_new (APP_ID);
  g_settings_bind (self->settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);

  /* Folded to one pane, each header carries the window's buttons and the
   * case page a way back. */
  g_object_bind_property (self->leaflet, "folded", self->queue_header, "show-end-title-buttons",
                          G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->leaflet, "folded", self->case_page, "show-back", G_BINDING_SYNC_CREATE);
  g_signal_connect_object (self->case_page, "back", G_CALLBACK (on_case_page_back), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->leaflet, "notify::folded", G_CALLBACK (on_folded), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->queue_view, "case-activated", G_CALLBACK (on_case_activated),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_entry, "search-changed", G_CALLBACK (on_search_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_bar, "notify::search-mode-enabled", G_CALLBACK (on_search_mode),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->views, "notify::visible-child", G_CALLBACK (on_view_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->calendar_switcher_title, "notify::title-visible",
                           G_CALLBACK (on_view_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->reports_switcher_title, "notify::title-visible",
                           G_CALLBACK (on_view_changed), self, G_CONNECT_SWAPPED);
  update_switcher_bar (self);
}

RedialWindow *
redial_window_new (GtkApplication *application,
                   RedialContext  *context)
{
  g_return_val_if_fail (application == NULL || GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (context == NULL || REDIAL_IS_CONTEXT (context), NULL);

  return g_object_new (REDIAL_TYPE_WINDOW,
                       "application", application,
                       "context", context,
                       NULL);
}

RedialContext *
redial_window_get_context (RedialWindow *self)
{
  g_return_val_if_fail (REDIAL_IS_WINDOW (self), NULL);
  return self->context;
}

void
redial_window_show_error (RedialWindow *self,
                          const char   *title,
                          const char   *message)
{
  g_return_if_fail (REDIAL_IS_WINDOW (self));
  g_return_if_fail (title != NULL);
  g_return_if_fail (message != NULL);

  /* AdwStatusPage descriptions are markup: the message is text. */
  g_autofree char *escaped = g_markup_escape_text (message, -1);
  adw_status_page_set_title (self->error_page, title);
  adw_status_page_set_description (self->error_page, escaped);
  gtk_stack_set_visible_child_name (self->main_stack, "error");
  adw_window_title_set_subtitle (self->window_title, "");
}

void
redial_window_show_cases (RedialWindow *self,
                          const gint64 *ids,
                          gsize         n_ids)
{
  g_autofree char *text = NULL;

  g_return_if_fail (REDIAL_IS_WINDOW (self));
  g_return_if_fail (ids != NULL || n_ids == 0);

  if (self->context == NULL)
    return;

  redial_queue_view_show_only (self->queue_view, ids, n_ids);
  if (n_ids == 0)
    {
      gtk_revealer_set_reveal_child (self->filter_bar, FALSE);
      return;
    }

  show_view (self, "queue");
  /* An alert's callers, or the cases a report's figure counts. */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Showing one case", "Showing %u cases", n_ids),
                          (guint) n_ids);
  gtk_label_set_text (self->filter_label, text);
  gtk_revealer_set_reveal_child (self->filter_bar, TRUE);
}

void
redial_window_open_case (RedialWindow *self,
                         gint64        id)
{
  g_autoptr(RedialCase) kase = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (REDIAL_IS_WINDOW (self));

  if (self->context == NULL)
    return;

  kase = redial_engine_find_case (self->engine, id, &error);
  if (kase == NULL)
    {
      show_toast (self, error->message);
      return;
    }
  redial_case_page_set_case (self->case_page, kase);
  show_view (self, "queue");
  adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->case_page));
  redial_window_show_cases (self, NULL, 0);
  redial_queue_view_scroll_to_case (self->queue_view, id);
}

void
redial_window_show_undo_toast (RedialWindow *self,
                               const char   *message,
                               const char   *detailed_action,
                               guint         timeout)
{
  g_autofree char *escaped = NULL;
  AdwToast *toast;

  g_return_if_fail (REDIAL_IS_WINDOW (self));
  g_return_if_fail (message != NULL && detailed_action != NULL);

  escaped = g_markup_escape_text (message, -1);
  toast = adw_toast_new (escaped);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_detailed_action_name (toast, detailed_action);
  adw_toast_set_timeout (toast, timeout);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

RedialCase *
redial_window_get_open_case (RedialWindow *self)
{
  g_return_val_if_fail (REDIAL_IS_WINDOW (self), NULL);
  return redial_case_page_get_case (self->case_page);
}

gboolean
redial_window_is_showing_case (RedialWindow *self,
                               gint64        id)
{
  RedialCase *kase;

  g_return_val_if_fail (REDIAL_IS_WINDOW (self), FALSE);

  kase = redial_case_page_get_case (self->case_page);
  return kase != NULL && redial_case_get_id (kase) == id &&
         gtk_widget_get_mapped (GTK_WIDGET (self->case_page)) &&
         gtk_window_is_active (GTK_WINDOW (self));
}

void
redial_window_show_toast (RedialWindow *self,
                          const char   *message)
{
  g_return_if_fail (REDIAL_IS_WINDOW (self));
  g_return_if_fail (message != NULL);

  show_toast (self, message);
}
