/* The web UI's built files (web/dist), served for every GET outside /api. */
#ifndef WB_HTTP_STATIC_H
#define WB_HTTP_STATIC_H

#include <stdbool.h>

struct MHD_Connection;
struct MHD_Response;

/*
 * Builds the response for path under root: the file itself, its .gz twin
 * when the client accepts gzip, or index.html for paths that name no file
 * (the UI's own routes).  *status receives 200 or 404.  NULL when the root
 * has no index.html (no UI built).  The caller destroys the response.
 */
struct MHD_Response *static_response(const char *root, const char *path, bool gzip_ok,
				     unsigned *status);

#endif
