#include "api/api.h"

void
api_healthz(struct request *r)
{
	struct wb_err err = { 0 };
	int version;

	if (r->store == NULL || store_schema_ping(r->store, &version, &err) != WB_OK) {
		request_error(r, 503, "db_unavailable", "数据库暂不可用");
		return;
	}
	request_reply(r, 200, json_pack("{s:s, s:s, s:i}", "status", "ok", "db",
					 store_backend_name(r->store), "schema", version));
}
