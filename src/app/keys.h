/* `weibao keys rotate`: a new generation of the field and index keys, and
 * every protected cell re-encrypted under it while servers keep running. */
#ifndef WB_APP_KEYS_H
#define WB_APP_KEYS_H

#include <stdbool.h>
#include <stdint.h>

#include "sec/keyfile.h"
#include "store/store.h"

struct rotation {
	int generation;          /* the field key generation rotated to */
	bool resumed;            /* an interrupted rotation was taken up */
	int64_t cells;           /* protected cells looked at */
	int64_t reencrypted;     /* of them re-encrypted */
	bool interrupted;        /* stopped by stop_after (tests) */
};

/*
 * WB_OK when no rotation is under way; else WB_ERR_CONFLICT (code
 * key_rotation) saying so: until a rotation has computed every blind index
 * again under the new index key, a look-up by ID number can miss a child
 * registered before it, so nothing that must be unique by ID number is
 * registered meanwhile.
 */
enum wb_status app_keys_refuse_during_rotation(struct store *st, struct wb_err *err);

/*
 * Starts or resumes a rotation.  A new one adds a generation of the field
 * and index keys to keys, rewrites key_path (atomically), and waits settle_s
 * seconds, within which running servers load the new key file (they look
 * once a second); a rotation found in progress in the database is resumed
 * with the key file as it is.  Then every protected cell (store/protected.h)
 * not under the current generation is re-encrypted, `batch` cells per
 * transaction, the cursor kept in the database with them — so a killed
 * rotation resumes where it stopped and nothing is done twice — and a last
 * pass catches cells a server wrote meanwhile under the old generation.
 * Readers never stop: every older generation stays in the key file.
 * stop_after > 0 (tests) stops after that many batches, as a kill would.
 */
enum wb_status app_keys_rotate(struct store *st, const char *key_path, struct keyset *keys,
			       int settle_s, int batch, int stop_after, struct rotation *out,
			       struct wb_err *err);

/*
 * Decrypts every protected cell with keys (nothing is written).  WB_OK when
 * all can be read; WB_ERR_INVALID naming how many cannot and the first such
 * cell's key generation — a key file older than the data (a backup made
 * after a rotation restored beside the key file from before it) or another
 * deployment's.  *unreadable (may be NULL) receives the count.
 */
enum wb_status app_keys_check(struct store *st, const struct keyset *keys, int64_t *unreadable,
			      struct wb_err *err);

#endif
