// SPDX-License-Identifier: MIT
/*
 * Looking Glass client ini files by B7's rules (see vm_lg_ini.h). A
 * character-at-a-time reader, as the client's, so the odd cases (a space
 * after "[app]", a tab inside a value) come out the same.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "vm/vm_lg_ini.h"

#define FIELD_MAX 512

struct field {
	char s[FIELD_MAX];
	size_t n;
	bool over;
};

static void push(struct field *f, char c)
{
	if (f->n + 1 < sizeof(f->s))
		f->s[f->n++] = c;
	else
		f->over = true;
}

static void rtrim(struct field *f)
{
	/* B7 keeps the first character even when it is a space */
	while (f->n > 1 && f->s[f->n - 1] == ' ')
		f->n--;
	f->s[f->n] = '\0';
}

static bool b7_bool(const char *s)
{
	return !strcasecmp(s, "1") || !strcasecmp(s, "on") || !strcasecmp(s, "yes") ||
	       !strcasecmp(s, "true");
}

static void set_string(char *dst, const struct vm_lg_ini_value *v, struct vm_lg_ini *ini)
{
	size_t n = v->n < VM_LG_INI_VALUE_MAX - 1 ? v->n : VM_LG_INI_VALUE_MAX - 1;

	memcpy(dst, v->s, n);
	dst[n] = '\0';
	ini->truncated |= v->over || n < v->n;
}

/* The client's options vm check compares; @value is NULL without '='. */
static void client_option(void *ctx, const char *module, const char *name,
			  const struct vm_lg_ini_value *value, unsigned int line)
{
	struct vm_lg_ini *ini = ctx;

	(void)line;
	/* a name without '=' reaches the option with no value: nothing we read */
	if (!value)
		return;
	if (!strcasecmp(module, "app") && !strcasecmp(name, "shmFile")) {
		ini->have_shm = true;
		set_string(ini->shm_file, value, ini);
	} else if (!strcasecmp(module, "spice") && !strcasecmp(name, "enable")) {
		ini->have_spice_enable = true;
		ini->spice_enable = b7_bool(value->s);
	} else if (!strcasecmp(module, "spice") && !strcasecmp(name, "host")) {
		ini->have_spice_host = true;
		set_string(ini->spice_host, value, ini);
	} else if (!strcasecmp(module, "spice") && !strcasecmp(name, "port")) {
		ini->have_spice_port = true;
		ini->spice_port = atol(value->s);
	}
}

static bool fail(struct vm_lg_ini_error *err, unsigned int line, const char *what)
{
	err->line = line;
	err->what = what;
	return false;
}

static void emit(vm_lg_ini_fn fn, void *ctx, const struct field *module, struct field *name,
		 struct field *value, bool has_value, unsigned int line)
{
	struct vm_lg_ini_value v;

	name->s[name->n] = '\0';
	rtrim(value);
	v.s = value->s;
	v.n = value->n;
	v.over = value->over;
	fn(ctx, module->s, name->s, has_value ? &v : NULL, line);
}

bool vm_lg_ini_read(const char *text, size_t len, vm_lg_ini_fn fn, void *ctx,
		    struct vm_lg_ini_error *err)
{
	struct field module = { 0 }, name = { 0 }, value = { 0 }, *cur = &name;
	bool have_module = false, at_start = true, comment = false, want_eol = false;
	bool in_value = false, have_name = false;
	unsigned int line = 1;
	size_t i;

	for (i = 0; i < len; i++) {
		char c = text[i];

		if (comment && c != '\n')
			continue;
		comment = false;
		if (c == '\r')
			continue;
		if (c == '\n') {
			if (have_name) {
				if (!have_module)
					return fail(err, line, "an option before any [module]");
				emit(fn, ctx, &module, &name, &value, in_value, line);
			}
			at_start = true;
			want_eol = in_value = have_name = false;
			name.n = value.n = 0;
			name.over = value.over = false;
			cur = &name;
			line++;
			continue;
		}
		if (c == '[' && at_start && !want_eol) {
			size_t j = i + 1;

			module.n = 0;
			module.over = false;
			while (j < len && text[j] != ']' && text[j] != '\n' && text[j] != '\r')
				push(&module, text[j++]);
			if (j == len || text[j] != ']' || !module.n)
				return fail(err, line,
					    "a [module] that does not close on its line");
			module.s[module.n] = '\0';
			have_module = true;
			at_start = false;
			want_eol = true;
			i = j;
			continue;
		}
		if (c == '=' && !in_value && !want_eol) {
			if (!have_name)
				return fail(err, line, "'=' with no option name before it");
			rtrim(&name);
			in_value = true;
			cur = &value;
			continue;
		}
		if (c == ';' && at_start) {
			comment = true;
			continue;
		}
		/* everything else outside printable ASCII is dropped */
		if ((unsigned char)c < 32 || (unsigned char)c > 126)
			continue;
		if (want_eol)
			return fail(err, line, "something after a [module] on its line");
		at_start = false;
		if (!cur->n && c == ' ')
			continue;
		push(cur, c);
		if (cur == &name)
			have_name = true;
	}
	if (have_name) {
		if (!have_module)
			return fail(err, line, "an option before any [module]");
		emit(fn, ctx, &module, &name, &value, in_value, line);
	}
	return true;
}

bool vm_lg_ini_parse(const char *text, size_t len, struct vm_lg_ini *ini)
{
	struct vm_lg_ini_error err = { 0 };

	if (vm_lg_ini_read(text, len, client_option, ini, &err))
		return true;
	ini->syntax_line = err.line;
	ini->syntax_what = err.what;
	return false;
}
