// SPDX-License-Identifier: MIT
#include "ci/results/igt_results.h"

#include <errno.h>
#include <json-c/json.h>
#include <stdio.h>
#include <string.h>

enum junit_status igt_result_status(const char *result)
{
	if (!strcmp(result, "pass"))
		return JUNIT_PASS;
	if (!strcmp(result, "skip") || !strcmp(result, "notrun"))
		return JUNIT_SKIP;
	return JUNIT_FAIL;
}

static const char *str_field(struct json_object *o, const char *key)
{
	struct json_object *v;

	if (!json_object_object_get_ex(o, key, &v) || !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

static double seconds_of(struct json_object *t)
{
	struct json_object *time, *s, *e;

	if (!json_object_object_get_ex(t, "time", &time) ||
	    !json_object_object_get_ex(time, "start", &s) ||
	    !json_object_object_get_ex(time, "end", &e))
		return 0;
	return json_object_get_double(e) - json_object_get_double(s);
}

/* "igt@bin@sub@dyn" -> class "igt@bin", name "sub@dyn". */
static int add_test(struct junit_suite *js, const char *key, struct json_object *t)
{
	const char *result = str_field(t, "result"), *name = key, *err, *out;
	char cls[256], msg[512];
	const char *at = strchr(key, '@');
	enum junit_status st;

	if (at && (at = strchr(at + 1, '@'))) {
		snprintf(cls, sizeof(cls), "%.*s", (int)(at - key), key);
		name = at + 1;
	} else {
		snprintf(cls, sizeof(cls), "igt");
	}
	if (!result)
		result = "(no result)";
	st = igt_result_status(result);
	err = str_field(t, "err");
	out = str_field(t, "out");
	if (st == JUNIT_PASS)
		msg[0] = '\0';
	else if (err && *err)
		snprintf(msg, sizeof(msg), "%s: %s", result, err);
	else
		snprintf(msg, sizeof(msg), "%s", result);
	return junit_add(js, cls, name, st, st == JUNIT_PASS ? NULL : msg, out && *out ? out : NULL,
			 seconds_of(t));
}

void igt_results_print_failed(const struct junit_suite *js, FILE *f)
{
	for (size_t i = 0; i < js->n; i++) {
		const struct junit_case *c = &js->cases[i];
		/* add_test's message: the result, then ": err" when there is one */
		const char *m = c->message ? c->message : "";

		/* add_test's class "igt" holds a key it could not split: the name
		 * is then the whole key */
		bool whole = !strcmp(c->classname, "igt");

		if (c->status == JUNIT_FAIL)
			fprintf(f, "  %-10.*s %s%s%s\n", (int)strcspn(m, ":"), m,
				whole ? "" : c->classname, whole ? "" : "@", c->name);
	}
}

int igt_results_read(const char *path, struct junit_suite *js)
{
	struct json_object *root, *tests;
	FILE *f;
	int ret = 0;

	f = fopen(path, "r");
	if (!f)
		return -errno;
	fclose(f);
	root = json_object_from_file(path);
	if (!root)
		return -EBADMSG;
	if (!json_object_object_get_ex(root, "tests", &tests) ||
	    !json_object_is_type(tests, json_type_object)) {
		json_object_put(root);
		return -EBADMSG;
	}
	json_object_object_foreach(tests, key, t)
	{
		if (!json_object_is_type(t, json_type_object)) {
			ret = -EBADMSG;
			break;
		}
		ret = add_test(js, key, t);
		if (ret)
			break;
	}
	if (!ret && !js->n)
		ret = -ENODATA;
	json_object_put(root);
	return ret;
}
