/* ami-scenarios.h: the AMI events Asterisk sends for typical inbound calls, as wire text. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* One call: channel ids are "<start seconds>.<seq + n>", channel names
 * carry @seq, timestamps start at @start_us (Unix µs). */
typedef struct
{
  gint64      start_us;
  guint       seq;
  const char *caller_num;   /* as the trunk sends it, e.g. "+12125550110" */
  const char *caller_name;
  const char *did;          /* the business number dialled, e.g. "13125550118" */
} AmiCallSpec;

/* The linked id of @spec's call: its first channel's Uniqueid. */
char *ami_scenario_linkedid        (const AmiCallSpec *spec);

/* Each returns the events of one whole call, "\r\n"-framed as on the wire,
 * in Asterisk's order, noise events included (a server's filters drop
 * them as Asterisk's would). */

/* A PJSIP trunk call (context from-pstn) to one phone that answers. */
char *ami_scenario_answered        (const AmiCallSpec *spec);
/* The phone rings out: Dial ends NOANSWER, the dialplan hangs up. */
char *ami_scenario_no_answer       (const AmiCallSpec *spec);
/* The phone is busy: Dial ends BUSY, the dialplan plays Busy(). */
char *ami_scenario_busy            (const AmiCallSpec *spec);
/* A two-phone ring group; the caller hangs up while it rings (CANCEL). */
char *ami_scenario_caller_hangup   (const AmiCallSpec *spec);
/* A queue whose member (a Local channel) never answers; the caller
 * hangs up in the queue. */
char *ami_scenario_queue_abandon   (const AmiCallSpec *spec);
/* Dial(Local/101@from-internal): the inner Dial to the phone ends
 * NOANSWER and the Local channel runs VoiceMail(), which answers it, so
 * the outer Dial ends ANSWER and the CDR says ANSWERED. */
char *ami_scenario_voicemail       (const AmiCallSpec *spec);
/* A desk phone (context from-internal) calling out through the trunk,
 * whose channel starts in the trunk's inbound context: not an inbound call. */
char *ami_scenario_outbound        (const AmiCallSpec *spec);
/* A missed call in exactly ten events, every one of them passing Redial's
 * event filters, for the benchmark. */
char *ami_scenario_bench_missed    (const AmiCallSpec *spec);

/* A burst of missed calls (ami_scenario_bench_missed()) to 13125550118,
 * one a second: each from a caller of its own, "+13125551000" on, but
 * for the last ones, which come again from earlier callers. */
typedef struct
{
  GPtrArray *wires;      /* char *, one call each */
  GPtrArray *linkedids;  /* char *, each call's linked id */
  GPtrArray *callers;    /* char *, E.164, the caller of each call */
} AmiBurst;

/* @n_calls calls from @start_us, the last @n_repeats of them from
 * earlier callers. Free with ami_burst_free(). */
AmiBurst *ami_burst_new            (gint64             start_us,
                                    guint              n_calls,
                                    guint              n_repeats);
void      ami_burst_free           (AmiBurst          *burst);
/* The events of calls @from to @to (not included), as wire text. */
char     *ami_burst_wire           (AmiBurst          *burst,
                                    guint              from,
                                    guint              to);
/* How many callers the first @n calls come from. */
guint     ami_burst_count_callers  (AmiBurst          *burst,
                                    guint              n);

/* The CoreShowChannel view of the call's channels still up after the
 * first @n_events events of @wire: for a server's channel list. */
char *ami_scenario_live_channels   (const char        *wire,
                                    guint              n_events);

/* Text in the form of the shared transcripts ("\n" line ends, each message
 * followed by a line "--") as wire bytes. */
char *ami_transcript_to_wire       (const char        *text);

/* The first @n_events messages of @wire, and the rest. */
char *ami_wire_head                (const char        *wire,
                                    guint              n_events);
char *ami_wire_tail                (const char        *wire,
                                    guint              n_events);
guint ami_wire_count               (const char        *wire);

G_END_DECLS
