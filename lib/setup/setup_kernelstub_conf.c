// SPDX-License-Identifier: MIT
/*
 * kernelstub's configuration (Pop!_OS), /etc/kernelstub/configuration: a
 * JSON object whose "user" section's "kernel_options" array, one option a
 * string, is what kernelstub writes into the loader entry; "default" is
 * the template it was made from. Read with json-c.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>

#include <json-c/json.h>

#include "setup/setup_steps.h"

int setup_kernelstub_line(const char *text, size_t len, char *buf, size_t size, char *why,
			  size_t wsize)
{
	struct json_tokener *tok = json_tokener_new();
	struct json_object *root, *user, *opts;
	size_t n = 0;

	buf[0] = '\0';
	if (!tok)
		return -ENOMEM;
	root = len > (size_t)INT32_MAX ? NULL : json_tokener_parse_ex(tok, text, (int)len);
	if (!root || json_tokener_get_error(tok) != json_tokener_success) {
		snprintf(why, wsize, "is not valid JSON (%s)",
			 json_tokener_error_desc(json_tokener_get_error(tok)));
		json_object_put(root);
		json_tokener_free(tok);
		return -EINVAL;
	}
	json_tokener_free(tok);
	if (!json_object_object_get_ex(root, "user", &user) ||
	    !json_object_object_get_ex(user, "kernel_options", &opts) ||
	    !json_object_is_type(opts, json_type_array)) {
		snprintf(why, wsize, "has no \"user\" section with a \"kernel_options\" list");
		json_object_put(root);
		return -EINVAL;
	}
	for (size_t i = 0; i < json_object_array_length(opts); i++) {
		struct json_object *o = json_object_array_get_idx(opts, i);

		/* a string that is not an option is not one kernelstub passes */
		if (!json_object_is_type(o, json_type_string))
			continue;
		n += (size_t)snprintf(buf + n, n < size ? size - n : 0, "%s%s", n ? " " : "",
				      json_object_get_string(o));
	}
	json_object_put(root);
	if (n >= size) {
		snprintf(why, wsize, "holds more options than a kernel command line");
		return -EINVAL;
	}
	return 0;
}
