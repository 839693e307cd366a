/* GET /api/v1/todo: the caller's 待办 for the home page (app/todo.c), each
 * count with the ledger query (GET /api/v1/tasks) that lists those tasks, or
 * the link of the page that lists them (requests to decide). */
#include "api/api.h"

#include "api/common.h"
#include "app/todo.h"

/* {"count":…,"query":{…}} plus the given members (a new reference). */
static json_t *
counted(json_t *o, int64_t count, const struct task_filter *f)
{
	json_object_set_new(o, "count", json_integer(count));
	json_object_set_new(o, "query", task_filter_query(f));
	return o;
}

void
api_todo(struct request *r)
{
	static const char *const light_titles[] = { "绿灯", "黄灯", "红灯" };
	struct todo_role role = {
		.signs = request_has(r, PERM_TASK_REPORT) && r->app.unit_id > 0,
		.reviews = request_has(r, PERM_PLAN_MANAGE),
	};
	json_t *items = json_array(), *lights = json_array(), *units = json_array();
	struct wb_err err = { 0 };
	struct todo t;

	if (app_todo(&r->app, &role, &t, &err) != WB_OK) {
		json_decref(items);
		json_decref(lights);
		json_decref(units);
		request_fail_err(r, &err);
		return;
	}
	for (size_t i = 0; i < t.nitems; i++) {
		json_t *o = json_pack("{s:s, s:s}", "key", t.items[i].key, "title", t.items[i].title);
		if (t.items[i].link) {   /* listed on a page of its own, not the ledger */
			json_object_set_new(o, "count", json_integer(t.items[i].count));
			json_object_set_new(o, "link", json_string(t.items[i].link));
			json_array_append_new(items, o);
		} else {
			json_array_append_new(items, counted(o, t.items[i].count, &t.items[i].filter));
		}
	}
	for (int k = LIGHT_RED; k >= LIGHT_GREEN; k--)   /* red first */
		json_array_append_new(lights,
				      counted(json_pack("{s:s, s:s}", "light",
							task_light_name((enum task_light)k), "title",
							light_titles[k]),
					      t.light[k], &t.light_filter[k]));
	for (size_t i = 0; i < t.nunits; i++) {
		const struct task_unit_lights *u = &t.units[i].lights;
		json_array_append_new(units,
				      counted(json_pack("{s:{s:I, s:s}, s:I, s:I, s:I}", "unit", "id",
							(json_int_t)u->unit_id, "name", u->unit_name,
							"red", (json_int_t)u->red, "yellow",
							(json_int_t)u->yellow, "green",
							(json_int_t)u->green),
					      u->total, &t.units[i].filter));
	}
	request_reply(r, 200, json_pack("{s:o, s:o, s:o}", "items", items, "lights", lights,
					"units", units));
}
