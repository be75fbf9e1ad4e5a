// SPDX-License-Identifier: MIT
/* See report_util.h. */
#include "bench/report/report_util.h"

#include <errno.h>
#include <json-c/json.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/common_escape.h"

const char *report_str(struct json_object *o, const char *key)
{
	struct json_object *v;

	if (!o || !json_object_object_get_ex(o, key, &v) ||
	    !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

bool report_num(struct json_object *o, const char *key, double *out)
{
	struct json_object *v;
	double d;

	if (!o || !json_object_object_get_ex(o, key, &v) ||
	    !(json_object_is_type(v, json_type_double) || json_object_is_type(v, json_type_int)))
		return false;
	d = json_object_get_double(v);
	if (!isfinite(d))
		return false;
	*out = d;
	return true;
}

bool report_figure_ratio(struct json_object *fig, double *out)
{
	double v, ref;

	if (report_num(fig, "ratio", out))
		return true;
	if (report_num(fig, "value", &v) && report_num(fig, "reference_value", &ref) && ref != 0) {
		*out = v / ref;
		return true;
	}
	return false;
}

struct json_object *report_find_figure(struct json_object *figures, const char *bench,
				       const char *name)
{
	size_t n;

	if (!bench || !name || !figures || !json_object_is_type(figures, json_type_array))
		return NULL;
	n = json_object_array_length(figures);
	for (size_t i = 0; i < n; i++) {
		struct json_object *fig = json_object_array_get_idx(figures, i);
		const char *b = report_str(fig, "bench"), *f = report_str(fig, "name");

		if (b && f && !strcmp(b, bench) && !strcmp(f, name))
			return fig;
	}
	return NULL;
}

void report_escape(FILE *f, const char *s)
{
	common_escape(f, s, COMMON_ESCAPE_HTML);
}

const char *report_unit(const char *unit)
{
	if (!unit)
		return "";
	if (!strcmp(unit, "us"))
		return "\xc2\xb5s";
	return unit;
}

int report_write_file(const char *path, const char *buf, size_t len)
{
	size_t plen = strlen(path);
	char *tmp = malloc(plen + 16);
	int fd, ret = 0;

	if (!tmp)
		return -ENOMEM;
	snprintf(tmp, plen + 16, "%s.XXXXXX", path);
	fd = mkstemp(tmp); /* O_EXCL: never opens a planted name */
	if (fd < 0) {
		ret = -errno;
		free(tmp);
		return ret;
	}
	for (size_t off = 0; off < len;) {
		ssize_t w = write(fd, buf + off, len - off);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			ret = -errno;
			break;
		}
		off += (size_t)w;
	}
	if (!ret && fchmod(fd, 0644) < 0)
		ret = -errno;
	if (close(fd) < 0 && !ret)
		ret = -errno;
	if (!ret && rename(tmp, path) < 0)
		ret = -errno;
	if (ret)
		unlink(tmp);
	free(tmp);
	return ret;
}
