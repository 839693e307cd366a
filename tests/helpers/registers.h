/* The set-up the register and indicator store tests share: a fresh
 * database, migrated and seeded with the defaults (the county and its
 * towns), a key file, three villages (330483001201 甲一村, 330483001202
 * 甲二社区 of 梧桐街道, 330483003201 乙一村 of 凤鸣街道) and the county's
 * app context. */
#ifndef WB_TESTS_REGISTERS_H
#define WB_TESTS_REGISTERS_H

#include <stdint.h>

#include "app/ctx.h"
#include "sec/keyfile.h"
#include "sec/scope.h"

#define REG_TOWN_A "330483001"
#define REG_TOWN_B "330483003"
#define REG_VILLAGE_A1 "330483001201"
#define REG_VILLAGE_A2 "330483001202"
#define REG_VILLAGE_B1 "330483003201"

struct reg_fixture {
	char key_path[4096];
	struct store *st;
	struct keyset keys;
	struct scope county;
	struct app_ctx app;      /* the county (scope_system), login "test", at now */
};

/* A new fixture at time now (the test aborts on any failure); free it with
 * reg_fixture_free(). */
struct reg_fixture *reg_fixture_new(int64_t now);
/* Closes the store, wipes the keys and frees f. */
void reg_fixture_free(struct reg_fixture *f);

struct wb_config;

/* Gives f's app context the default configuration (config_defaults into
 * *cfg, which the caller keeps for f's life) and a new arena, which
 * reg_fixture_free() frees: the set-up of the case tests. */
void reg_fixture_case_ctx(struct reg_fixture *f, struct wb_config *cfg);

/* The id of the seeded member unit called name (the test fails when none). */
int64_t reg_unit_id(struct store *st, const char *name);

/* Begins a transaction on st (the test fails when it cannot). */
void reg_begin(struct store *st);

/* Commits st's transaction when rc is WB_OK, else rolls it back; returns rc. */
enum wb_status reg_finish(struct store *st, enum wb_status rc);

/* call (an enum wb_status) in a transaction of its own on st, committed
 * only when it succeeds; its status. */
#define REG_IN_TX(st, call) (reg_begin(st), reg_finish((st), (call)))

#endif
