/* redial-ami-parser.h: the Asterisk manager protocol's framing: bytes in, messages out, safe against hostile peers. */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* What a peer may send before Redial gives up on a line or a message and
 * skips to the next one: Asterisk's longest real lines (a Dial string for a
 * large ring group, a long caller name) stay far below these. */
#define REDIAL_AMI_MAX_LINE_BYTES    (16 * 1024)
#define REDIAL_AMI_MAX_MESSAGE_BYTES (64 * 1024)
#define REDIAL_AMI_MAX_FIELDS        512

/* What a message is, from its first field. */
typedef enum
{
  REDIAL_AMI_MESSAGE_BANNER,    /* the greeting line a connection opens with */
  REDIAL_AMI_MESSAGE_EVENT,     /* "Event: …" */
  REDIAL_AMI_MESSAGE_RESPONSE,  /* "Response: …", the answer to an action */
  REDIAL_AMI_MESSAGE_ACTION,    /* "Action: …", what a client sends */
  REDIAL_AMI_MESSAGE_OTHER,     /* none of these */
} RedialAmiMessageKind;

#define REDIAL_TYPE_AMI_MESSAGE (redial_ami_message_get_type ())

/* One AMI message: ordered "Key: Value" fields, keys compared without
 * regard to case as the protocol says. Values are valid UTF-8 but are
 * untrusted text from the peer. Reference counted. */
typedef struct _RedialAmiMessage RedialAmiMessage;

GType                 redial_ami_message_get_type   (void) G_GNUC_CONST;
/* A new message with no fields, to be filled with redial_ami_message_add(). */
RedialAmiMessage     *redial_ami_message_new        (void);
/* The banner a connection opens with, such as "Asterisk Call Manager/11.0.0". */
RedialAmiMessage     *redial_ami_message_new_banner (const char       *text);
RedialAmiMessage     *redial_ami_message_ref        (RedialAmiMessage *self);
void                  redial_ami_message_unref      (RedialAmiMessage *self);

/* Appends a field. Neither @key nor @value may hold a line break, and @key
 * no colon: they would change the message on the wire. */
void                  redial_ami_message_add        (RedialAmiMessage *self,
                                                     const char       *key,
                                                     const char       *value);
RedialAmiMessageKind  redial_ami_message_get_kind   (const RedialAmiMessage *self);
/* The value of the first field (the event's name, the response, the
 * action), or the banner's text. */
const char           *redial_ami_message_get_name   (const RedialAmiMessage *self);
/* The value of the first field called @key (any case), or NULL. The string
 * belongs to the message and lives until the next redial_ami_message_add(). */
const char           *redial_ami_message_get        (const RedialAmiMessage *self,
                                                     const char             *key);
guint                 redial_ami_message_get_n_fields (const RedialAmiMessage *self);
const char           *redial_ami_message_get_key    (const RedialAmiMessage *self,
                                                     guint                   index);
const char           *redial_ami_message_get_value  (const RedialAmiMessage *self,
                                                     guint                   index);
/* The message as sent on the wire: "Key: Value\r\n" per field and an empty
 * line; the banner is its line alone. Free with g_free(). */
char                 *redial_ami_message_to_wire    (const RedialAmiMessage *self,
                                                     gsize                  *length);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RedialAmiMessage, redial_ami_message_unref)

/* Splits the byte stream of one connection into messages. Lines end with
 * "\r\n" (a bare "\n" is accepted); an empty line ends a message. A line or
 * message over the limits above, a line without "Key:", or a NUL byte is
 * logged and skipped without losing the messages around it; bytes that are
 * not UTF-8 are replaced. Not thread-safe. */
typedef struct _RedialAmiParser RedialAmiParser;

/* With @expect_banner, the first line of the stream (and after each reset)
 * is the server's banner, as a client sees it; a server parsing a client's
 * actions passes FALSE. */
RedialAmiParser  *redial_ami_parser_new            (gboolean          expect_banner);
void              redial_ami_parser_free           (RedialAmiParser  *self);
/* Starts over for a new connection; a message cut off by the end of the
 * last one is logged and dropped. */
void              redial_ami_parser_reset          (RedialAmiParser  *self);
/* Takes the next @length bytes of the stream, any split. */
void              redial_ami_parser_feed           (RedialAmiParser  *self,
                                                    const char       *data,
                                                    gsize             length);
/* The next complete message, oldest first (transfer full), or NULL. */
RedialAmiMessage *redial_ami_parser_pop            (RedialAmiParser  *self);
/* How many messages or lines were skipped as malformed, oversized or cut
 * off since the parser was made. */
guint             redial_ami_parser_get_n_skipped  (RedialAmiParser  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RedialAmiParser, redial_ami_parser_free)

G_END_DECLS
