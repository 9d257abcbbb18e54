/* surveys: short satisfaction surveys after a contact or a case (tables survey_invitations and
 * survey_answers of 0003_network.sql).
 *
 * An invitation is a random token (crypto_token) given to the client as a link; only its hash
 * is stored, and it expires after SURVEY_TTL_DAYS days. One answer per token: overall
 * satisfaction 1-5, how easy it was 1-5 (optional), served in the language wanted yes/no
 * (optional) and a comment (optional). Results are aggregated by channel, point of service
 * and program; comments are listed with their date, score and channel only — never with the
 * person or the contact. */
#ifndef PASSERELLE_SURVEYS_H
#define PASSERELLE_SURVEYS_H
#include <stdint.h>

#include <jansson.h>

#include "core/arena.h"
#include "domain/contacts.h"
#include "domain/domerr.h"
#include "domain/roles.h"
#include "store/store.h"

#define SURVEY_TTL_DAYS 30
#define SURVEY_COMMENT_MAX 1000        /* code points */
#define SURVEY_COMMENTS_SHOWN 50

/* Creates an invitation for a contact (contact_id > 0) or a case (case_id > 0) with a token
 * made by the caller (crypto_token, 43 characters), in lang ("en" or "fr"). Audited
 * ("survey.invited"). */
enum st_rc survey_invite(struct st_tx *tx, const struct principal *who, int64_t contact_id,
    int64_t case_id, const char *lang, const char *token, int64_t *id);

enum survey_state { SURVEY_OPEN = 0, SURVEY_ANSWERED, SURVEY_EXPIRED };
/* The invitation of a token: ST_NOTFOUND when unknown (or malformed); *state, *lang ("en"/
 * "fr", static). */
enum st_rc survey_find(struct st_tx *tx, const char *token, enum survey_state *state,
    const char **lang);

struct survey_answer {
	int score;                 /* 1..5 */
	int easy;                  /* 1..5, 0 not answered */
	int in_my_language;        /* 1 yes, 0 no, -1 not answered */
	const char *comment;       /* NULL or "" none */
};
/* Records the one answer of a token: ST_NOTFOUND unknown; ST_CONFLICT with E_CONFLICT when
 * already answered or expired (nothing written). Audited ("survey.answered", without the
 * comment). */
enum st_rc survey_respond(struct st_tx *tx, const char *token, const struct survey_answer *ans,
    struct dom_err *err);

/* Results of the answers given in a period (local days; point and channel as for the
 * measures): {"answers", "by_channel": [...], "by_point": [...], "by_program": [...]} where
 * each group is {"key", "name_en"?, "name_fr"?, "answers", "score", "easy", "easy_answers",
 * "in_language_pct", "language_answers"} (averages with one decimal, null without answers),
 * plus "comments": [{"date", "score", "channel", "comment"}] (newest first, at most
 * SURVEY_COMMENTS_SHOWN) when with_comments. */
enum st_rc survey_results(struct st_tx *tx, const struct contact_filter *f, int with_comments,
    json_t **out);

#endif
