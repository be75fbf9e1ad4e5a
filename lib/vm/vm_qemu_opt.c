// SPDX-License-Identifier: MIT
/*
 * QEMU option argument reader (see vm_qemu_opt.h).
 */
#include <ctype.h>
#include <errno.h>
#include <string.h>
#include <strings.h>

#include "vm/vm_qemu_opt.h"

bool vm_qemu_opt_is_json(const char *arg)
{
	while (isspace((unsigned char)*arg))
		arg++;
	return *arg == '{';
}

/* Appends one byte to a bounded output; false once it is full. */
static bool put(char *out, size_t n, size_t *len, char c)
{
	if (*len + 1 >= n)
		return false;
	out[(*len)++] = c;
	out[*len] = '\0';
	return true;
}

/* Legacy: split on single commas, ",," is a comma inside a value. */
static int legacy_get(const char *arg, const char *key, char *val, size_t n)
{
	bool positional_key = !strcmp(key, "driver") || !strcmp(key, "qom-type");
	size_t klen = strlen(key), first = 1;
	const char *p = arg;

	while (*p) {
		const char *eq = NULL, *q = p;
		bool match;
		size_t len = 0;

		/* find the '=' of this element, before its end */
		while (*q && !(*q == ',' && q[1] != ',')) {
			if (*q == ',' && q[1] == ',') {
				q += 2;
				continue;
			}
			if (*q == '=' && !eq)
				eq = q;
			q++;
		}
		if (eq)
			match = (size_t)(eq - p) == klen && !strncmp(p, key, klen);
		else
			match = first && positional_key;
		if (match) {
			const char *v = eq ? eq + 1 : p;

			val[0] = '\0';
			while (v < q) {
				if (!put(val, n, &len, *v))
					return -ENAMETOOLONG;
				v += *v == ',' ? 2 : 1;
			}
			return 1;
		}
		first = 0;
		p = *q ? q + 1 : q;
	}
	return 0;
}

static const char *skip_ws(const char *p)
{
	while (isspace((unsigned char)*p))
		p++;
	return p;
}

/* A quoted string ('...' or "..."), backslash escapes kept simple. */
static const char *json_string(const char *p, char *out, size_t n, int *err)
{
	char q = *p++;
	size_t len = 0;

	out[0] = '\0';
	while (*p && *p != q) {
		if (*p == '\\' && p[1])
			p++;
		if (!put(out, n, &len, *p))
			*err = -ENAMETOOLONG;
		p++;
	}
	if (*p != q) {
		*err = -EINVAL;
		return NULL;
	}
	return p + 1;
}

static int json_get(const char *arg, const char *key, char *val, size_t n)
{
	const char *p = skip_ws(arg) + 1;
	char k[64];

	for (;;) {
		int err = 0, found;
		size_t len = 0;

		p = skip_ws(p);
		if (*p == '}')
			return *skip_ws(p + 1) ? -EINVAL : 0;
		if (*p != '\'' && *p != '"')
			return -EINVAL;
		p = json_string(p, k, sizeof(k), &err);
		if (!p || err == -EINVAL)
			return -EINVAL;
		p = skip_ws(p);
		if (*p++ != ':')
			return -EINVAL;
		p = skip_ws(p);
		found = !err && !strcmp(k, key);
		if (*p == '\'' || *p == '"') {
			char tmp[1024];

			err = 0;
			p = json_string(p, found ? val : tmp, found ? n : sizeof(tmp), &err);
			if (!p || err == -EINVAL)
				return -EINVAL;
			if (found)
				return err ? err : 1;
		} else {
			/* numbers, true, false: a bare token; nesting is not used here */
			if (*p == '{' || *p == '[' || !*p)
				return -EINVAL;
			if (found)
				val[0] = '\0';
			while (*p && *p != ',' && *p != '}' && !isspace((unsigned char)*p)) {
				if (found && !put(val, n, &len, *p))
					return -ENAMETOOLONG;
				p++;
			}
			if (found)
				return 1;
		}
		p = skip_ws(p);
		if (*p == ',')
			p++;
		else if (*p != '}')
			return -EINVAL;
	}
}

int vm_qemu_opt_get(const char *arg, const char *key, char *val, size_t n)
{
	if (!n)
		return -ENAMETOOLONG;
	val[0] = '\0';
	return vm_qemu_opt_is_json(arg) ? json_get(arg, key, val, n) : legacy_get(arg, key, val, n);
}

int vm_qemu_opt_check(const char *arg)
{
	char v[2];

	/* No key holds a newline: the parser walks to the end or the first fault. */
	return vm_qemu_opt_get(arg, "\n", v, sizeof(v)) == -EINVAL ? -EINVAL : 0;
}

int vm_qemu_size_parse(const char *s, uint64_t *bytes)
{
	static const char units[] = "KMGT";
	uint64_t v = 0;
	const char *u;
	unsigned int shift = 0;

	if (!isdigit((unsigned char)*s))
		return -EINVAL;
	while (isdigit((unsigned char)*s)) {
		if (v > (UINT64_MAX - 9) / 10)
			return -EINVAL;
		v = v * 10 + (uint64_t)(*s++ - '0');
	}
	if (*s && (u = strchr(units, toupper((unsigned char)*s)))) {
		shift = 10 * (unsigned int)(u - units + 1);
		s++;
	}
	if (*s == 'B' || *s == 'b')
		s++;
	if (*s || (shift && v > (UINT64_MAX >> shift)))
		return -EINVAL;
	*bytes = v << shift;
	return 0;
}

int vm_qemu_bool_parse(const char *s, bool *v)
{
	static const char *const yes[] = { "on", "yes", "true", "y" };
	static const char *const no[] = { "off", "no", "false", "n" };
	size_t i;

	for (i = 0; i < 4; i++) {
		if (!strcasecmp(s, yes[i])) {
			*v = true;
			return 0;
		}
		if (!strcasecmp(s, no[i])) {
			*v = false;
			return 0;
		}
	}
	return -EINVAL;
}
