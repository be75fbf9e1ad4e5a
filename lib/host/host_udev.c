// SPDX-License-Identifier: MIT
/*
 * udev rule lines (see host_udev.h), read the way systemd-udevd reads them:
 * its tokenising and its ACTION matching, in this project's words.
 */
#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "host/host_udev.h"

#define BLANKS " \t\n\r"

/* @n bytes of @s into @buf, -ENAMETOOLONG when they do not fit. */
static int put(char *buf, size_t size, const char *s, size_t n)
{
	if (n >= size)
		return -ENAMETOOLONG;
	memcpy(buf, s, n);
	buf[n] = '\0';
	return 0;
}

/* "==" before "=", as udev tries them; the operator's length, 0 if none. */
static size_t op_of(const char *s, enum host_udev_op *op)
{
	static const struct {
		const char *text;
		enum host_udev_op op;
	} ops[] = {
		{ "==", HOST_UDEV_MATCH }, { "!=", HOST_UDEV_NOMATCH },
		{ "+=", HOST_UDEV_ADD },   { "-=", HOST_UDEV_REMOVE },
		{ "=", HOST_UDEV_ASSIGN }, { ":=", HOST_UDEV_ASSIGN_FINAL },
	};

	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		if (!strncmp(s, ops[i].text, strlen(ops[i].text))) {
			*op = ops[i].op;
			return strlen(ops[i].text);
		}
	return 0;
}

/* A double-quoted value with its prefixes (at most one e, one i). */
static int value_of(const char **p, struct host_udev_pair *kv)
{
	const char *s = *p;
	bool escaped = false;
	size_t n = 0;

	kv->nocase = false;
	for (int k = 0; k < 2 && *s != '"'; k++, s++) {
		if (*s == 'e' && !escaped)
			escaped = true;
		else if (*s == 'i' && !kv->nocase)
			kv->nocase = true;
		else
			return -EINVAL;
	}
	if (*s++ != '"')
		return -EINVAL;
	for (; *s != '"'; s++) {
		if (!*s)
			return -EINVAL;
		/* unescaped values turn only \" into a quote; e-values keep
		 * every escape as written but a \" still does not end them */
		if (s[0] == '\\' && (s[1] == '"' || (escaped && s[1]))) {
			if (escaped && n + 1 < sizeof(kv->value))
				kv->value[n++] = *s;
			s++;
		}
		if (n + 1 >= sizeof(kv->value))
			return -ENAMETOOLONG;
		kv->value[n++] = *s;
	}
	kv->value[n] = '\0';
	*p = s + 1;
	return 0;
}

int host_udev_pair_next(const char **p, struct host_udev_pair *kv)
{
	const char *s = *p + strspn(*p, BLANKS ","), *k = s;
	size_t len;
	int r;

	/* a physical line's continuation mark: the pairs stop there (the
	 * file reader, host_udev_logical_line(), joins the next line) */
	if (!*s || (*s == '\\' && !s[1 + strspn(s + 1, BLANKS)]))
		return 0;
	memset(kv, 0, sizeof(*kv));
	/* the key ends at a blank, '=', '{' or an operator's first char */
	for (;; s++) {
		if (!*s)
			return -EINVAL;
		if (strchr(BLANKS "={", *s) || (strchr("+-!:", *s) && s[1] == '='))
			break;
	}
	r = put(kv->key, sizeof(kv->key), k, (size_t)(s - k));
	if (r)
		return r;
	if (*s == '{') {
		const char *end = strchr(s + 1, '}');

		if (!end)
			return -EINVAL;
		r = put(kv->attr, sizeof(kv->attr), s + 1, (size_t)(end - s - 1));
		if (r)
			return r;
		kv->has_attr = true;
		s = end + 1;
	}
	s += strspn(s, BLANKS);
	len = op_of(s, &kv->op);
	if (!len)
		return -EINVAL;
	s += len;
	s += strspn(s, BLANKS);
	r = value_of(&s, kv);
	if (r)
		return r;
	*p = s;
	return 1;
}

size_t host_udev_logical_line(const char *text, char *buf, size_t size)
{
	const char *t = text;
	size_t n = 0;
	bool more = false, too_long = false;

	buf[0] = '\0';
	while (*t) {
		size_t len = strcspn(t, "\n");
		const char *l = t + strspn(t, " \t");
		size_t ll = len - (size_t)(l - t);

		t += len + (t[len] == '\n');
		if (ll && l[ll - 1] == '\r')
			ll--; /* the line reader ends a line at "\r\n" too */
		if (*l == '#' && ll) {
			if (more)
				continue;
			break;
		}
		more = ll && l[ll - 1] == '\\';
		if (more)
			ll--;
		if (n + ll >= size)
			too_long = true;
		else if (!too_long) {
			memcpy(buf + n, l, ll);
			n += ll;
			buf[n] = '\0';
		}
		if (!more)
			break;
	}
	if (too_long)
		buf[0] = '\0';
	return (size_t)(t - text);
}

/* Whether one ACTION value, as udev compiles it, matches @action. */
static bool action_matches(const struct host_udev_pair *kv, const char *action)
{
	const char *v = kv->value;
	bool glob = strpbrk(v, "*?[") != NULL;

	if (!*v)
		return !*action;
	if (!strcmp(v, "?*"))
		return *action; /* udev reads it as != "" */
	for (const char *a = v;; a += strcspn(a, "|") + 1) {
		size_t n = strcspn(a, "|");
		char alt[sizeof(kv->value)];

		snprintf(alt, sizeof(alt), "%.*s", (int)n, a);
		/* an empty alternative ("add|", "|add", "a||b") matches "" */
		if (!n	 ? !*action :
		    glob ? !fnmatch(alt, action, kv->nocase ? FNM_CASEFOLD : 0) :
			   !(kv->nocase ? strcasecmp(alt, action) : strcmp(alt, action)))
			return true;
		if (!a[n])
			return false;
	}
}

/* The keys udev knows (parse_token()); any other drops the line. */
static bool known_key(const char *key)
{
	static const char *const keys[] = {
		"ACTION",  "DEVPATH",	 "KERNEL",    "SYMLINK", "NAME",  "ENV",
		"CONST",   "TAG",	 "SUBSYSTEM", "DRIVER",	 "ATTR",  "SYSCTL",
		"KERNELS", "SUBSYSTEMS", "DRIVERS",   "ATTRS",	 "TAGS",  "TEST",
		"PROGRAM", "IMPORT",	 "RESULT",    "OPTIONS", "OWNER", "GROUP",
		"MODE",	   "SECLABEL",	 "RUN",	      "GOTO",	 "LABEL",
	};

	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (!strcmp(key, keys[i]))
			return true;
	return false;
}

bool host_udev_action(const char *line, const char *action)
{
	const char *p = line + strspn(line, BLANKS);
	struct host_udev_pair kv;
	bool pass = true;
	int r;

	if (*p == '#')
		return false;
	while ((r = host_udev_pair_next(&p, &kv)) > 0) {
		bool match = kv.op == HOST_UDEV_MATCH || kv.op == HOST_UDEV_NOMATCH;

		/* the i prefix is for matches only: udev drops the line */
		if ((kv.nocase && !match) || !known_key(kv.key))
			return false;
		if (strcmp(kv.key, "ACTION"))
			continue;
		if (kv.has_attr || !match)
			return false;
		if (action_matches(&kv, action) != (kv.op == HOST_UDEV_MATCH))
			pass = false;
	}
	return r == 0 && pass;
}

void host_udev_boot_events(const char *line, struct host_udev_boot *ev)
{
	ev->on_add = host_udev_action(line, "add");
	ev->on_bind = host_udev_action(line, "bind");
}
