// SPDX-License-Identifier: MIT
/*
 * The one emitter of vfctl (see vfctl_out.h): the JSON document, errors,
 * colour, the summary line and corrected command lines.
 */
#include <fcntl.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "tools/vfctl/vfctl.h"

static struct {
	bool json;
	int color; /* -1 auto, 0 never, 1 always */
	int argc;
	char **argv;
	char command[64];
	struct json_object *doc; /* the command's own keys */
	struct json_object *findings;
	struct json_object *errors;
	size_t n[4]; /* pass, warn, fail, skip */
	struct json_object *failed;
	int stdout_fd; /* under --json: the real stdout, while fd 1 is captured */
	int capture_fd; /* ... into this memfd; -1 when nothing is captured */
} out = { .color = -1, .stdout_fd = -1, .capture_fd = -1 };

static const char *const status_names[] = { "pass", "warn", "fail", "skip" };

static size_t status_index(const char *s)
{
	size_t i;

	for (i = 0; i < 4; i++)
		if (s && !strcmp(s, status_names[i]))
			return i;
	return 3;
}

/* Texts of findings and errors are always strings, "" when there is none. */
static struct json_object *text(const char *s)
{
	return json_object_new_string(s ? s : "");
}

/*
 * Under --json the document is all stdout carries: whatever else reaches
 * fd 1 (a --help text, a program vfctl runs) is captured here and becomes
 * the document's "output", so no command can break the one-document rule.
 */
static void capture_start(void)
{
	int fd = memfd_create("vfctl-stdout", MFD_CLOEXEC);

	if (fd < 0)
		return;
	fflush(stdout);
	out.stdout_fd = fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 3);
	if (out.stdout_fd < 0 || dup2(fd, STDOUT_FILENO) < 0) {
		if (out.stdout_fd >= 0)
			close(out.stdout_fd);
		out.stdout_fd = -1;
		close(fd);
		return;
	}
	out.capture_fd = fd;
}

/* The length of the valid UTF-8 sequence at @p (at most @n bytes), or 0. */
static size_t utf8_len(const unsigned char *p, size_t n)
{
	size_t len = p[0] < 0x80	   ? 1 :
		     (p[0] & 0xe0) == 0xc0 ? 2 :
		     (p[0] & 0xf0) == 0xe0 ? 3 :
		     (p[0] & 0xf8) == 0xf0 ? 4 :
					     0,
	       i;

	if (!len || len > n || (len == 2 && p[0] < 0xc2))
		return 0;
	for (i = 1; i < len; i++)
		if ((p[i] & 0xc0) != 0x80)
			return 0;
	return len;
}

/* fd 1 back to the real stdout; the captured text (bytes that are not UTF-8 as '?'), or NULL. */
static char *capture_end(void)
{
	off_t size;
	char *text;
	size_t i, k;

	if (out.capture_fd < 0)
		return NULL;
	fflush(stdout);
	dup2(out.stdout_fd, STDOUT_FILENO);
	close(out.stdout_fd);
	out.stdout_fd = -1;
	size = lseek(out.capture_fd, 0, SEEK_END);
	text = size > 0 ? malloc((size_t)size + 1) : NULL;
	if (text && pread(out.capture_fd, text, (size_t)size, 0) != size) {
		free(text);
		text = NULL;
	}
	close(out.capture_fd);
	out.capture_fd = -1;
	if (!text)
		return NULL;
	text[size] = '\0';
	for (i = 0; i < (size_t)size; i += k) {
		k = utf8_len((unsigned char *)text + i, (size_t)size - i);
		if (!k) {
			text[i] = '?';
			k = 1;
		}
	}
	return text;
}

/* --color=WHEN: the word of each out.color, at out.color + 1 */
const char *const vfctl_color_words[] = { "auto", "never", "always", NULL };

int vfctl_out_start(int *argc, char **argv)
{
	int i, j, k;

	out.doc = json_object_new_object();
	out.findings = json_object_new_array();
	out.errors = json_object_new_array();
	out.failed = json_object_new_array();
	for (i = 1; i < *argc && strcmp(argv[i], "--"); i++)
		if (!strcmp(argv[i], "--json"))
			out.json = true;
	/* a copy: getopt_long permutes argv, hints quote the order typed */
	out.argv = calloc((size_t)*argc + 1, sizeof(*out.argv));
	if (!out.argv)
		return VFCTL_FAILED;
	memcpy(out.argv, argv, (size_t)*argc * sizeof(*argv));
	out.argc = *argc;
	for (i = j = 1; i < *argc; i++) {
		const char *a = argv[i];

		/* before the command, --json is the global option, not the command */
		if (j == 1 && !strcmp(a, "--json"))
			continue;
		if (strcmp(a, "--color") && strncmp(a, "--color=", 8)) {
			argv[j++] = argv[i];
			continue;
		}
		a = a[7] ? a + 8 : "always";
		for (k = 0; vfctl_color_words[k] && strcmp(a, vfctl_color_words[k]); k++)
			;
		if (!vfctl_color_words[k]) {
			vfctl_error(vfctl_fix(argv[i], "--color=auto", NULL),
				    "'%s': --color takes never, always or auto", argv[i]);
			return VFCTL_USAGE;
		}
		out.color = k - 1;
	}
	argv[j] = NULL;
	*argc = j;
	/* hints leave --color out, as the commands see the line */
	memcpy(out.argv, argv, (size_t)(j + 1) * sizeof(*argv));
	out.argc = j;
	/* getopt_long never prints: vfctl_bad_usage says what was wrong, once,
	 * in text and under --json alike */
	opterr = 0;
	if (out.json)
		capture_start();
	if (j > 1)
		snprintf(out.command, sizeof(out.command), "%s", argv[1]);
	return 0;
}

void vfctl_out_command(const char *name)
{
	snprintf(out.command, sizeof(out.command), "%s", name);
}

bool vfctl_out_json(void)
{
	return out.json;
}

static void first_error(struct json_object *o, const char *key)
{
	struct json_object *e = json_object_array_length(out.errors) ?
					json_object_array_get_idx(out.errors, 0) :
					NULL,
			   *v = NULL;

	if (e && json_object_object_get_ex(e, !strcmp(key, "error") ? "message" : "hint", &v))
		v = json_object_get(v);
	json_object_object_add(o, key, v);
}

int vfctl_out_finish(int rc)
{
	struct json_object *o, *sum;
	char *output = capture_end();
	size_t i;

	if (!out.doc) {
		free(output);
		return rc;
	}
	if (out.json) {
		o = json_object_new_object();
		json_object_object_add(o, "version", json_object_new_int(VFCTL_JSON_VERSION));
		json_object_object_add(o, "command", json_object_new_string(out.command));
		json_object_object_add(o, "exit", json_object_new_int(rc));
		json_object_object_add(o, "findings", json_object_get(out.findings));
		sum = json_object_new_object();
		for (i = 0; i < 4; i++)
			json_object_object_add(sum, status_names[i],
					       json_object_new_int((int)out.n[i]));
		json_object_object_add(sum, "failed", json_object_get(out.failed));
		json_object_object_add(o, "summary", sum);
		json_object_object_add(o, "errors", json_object_get(out.errors));
		first_error(o, "error");
		first_error(o, "hint");
		json_object_object_add(o, "output", output ? json_object_new_string(output) : NULL);
		json_object_object_foreach(out.doc, k, v)
		{
			/* the envelope's keys are not the command's to change */
			if (!json_object_object_get_ex(o, k, NULL))
				json_object_object_add(o, k, json_object_get(v));
		}
		puts(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY |
							       JSON_C_TO_STRING_NOSLASHESCAPE));
		json_object_put(o);
	}
	fflush(stdout);
	free(output);
	json_object_put(out.doc);
	json_object_put(out.findings);
	json_object_put(out.errors);
	json_object_put(out.failed);
	out.doc = NULL;
	free(out.argv);
	out.argv = NULL;
	out.argc = 0;
	return rc;
}

void vfctl_finding(const char *id, const char *status, const char *message, const char *evidence,
		   const char *hint)
{
	struct json_object *f = json_object_new_object();
	size_t s = status_index(status);

	if (!out.findings)
		return;
	json_object_object_add(f, "id", json_object_new_string(id));
	json_object_object_add(f, "status", json_object_new_string(status_names[s]));
	json_object_object_add(f, "message", json_object_new_string(message));
	json_object_object_add(f, "evidence", text(evidence));
	json_object_object_add(f, "hint", text(hint));
	json_object_array_add(out.findings, f);
	out.n[s]++;
	if (s == 2)
		json_object_array_add(out.failed, json_object_new_string(id));
}

void vfctl_summary(FILE *f, const char *what)
{
	size_t i, n = json_object_array_length(out.failed);

	if (what)
		fprintf(f, "%s: ", what);
	fprintf(f, "%zu passed, %s%zu warning%s%s, %s%zu failed%s", out.n[0],
		out.n[1] ? vfctl_paint("warn") : "", out.n[1], out.n[1] == 1 ? "" : "s",
		vfctl_paint(out.n[1] ? NULL : ""), n ? vfctl_paint("fail") : "", out.n[2],
		vfctl_paint(n ? NULL : ""));
	for (i = 0; i < n; i++)
		fprintf(f, "%s%s", i ? ", " : " (",
			json_object_get_string(json_object_array_get_idx(out.failed, i)));
	fprintf(f, "%s, %zu skipped\n", n ? ")" : "", out.n[3]);
}

static bool color_on(int fd)
{
	const char *nc;

	if (out.color >= 0)
		return out.color;
	nc = getenv("NO_COLOR");
	return isatty(fd) && !(nc && *nc);
}

static const char *paint(int fd, const char *status)
{
	if (!color_on(fd) || (status && !*status))
		return "";
	if (!status)
		return "\033[0m";
	if (!strcmp(status, "pass"))
		return "\033[32m";
	if (!strcmp(status, "warn"))
		return "\033[33m";
	if (!strcmp(status, "fail") || !strcmp(status, "error"))
		return "\033[1;31m";
	return "\033[2m";
}

const char *vfctl_paint(const char *status)
{
	return paint(STDOUT_FILENO, status);
}

void vfctl_error(const char *hint, const char *fmt, ...)
{
	struct json_object *e;
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (out.errors) {
		e = json_object_new_object();
		json_object_object_add(e, "message", json_object_new_string(msg));
		json_object_object_add(e, "hint", text(hint));
		json_object_array_add(out.errors, e);
	}
	if (out.json)
		return;
	fprintf(stderr, "vfctl: %s%s%s\n", paint(STDERR_FILENO, "error"), msg,
		paint(STDERR_FILENO, NULL));
	if (hint)
		fprintf(stderr, "  hint: %s\n", hint);
}

void vfctl_json_print(struct json_object *obj)
{
	if (!out.doc) {
		/* outside main() (no document): print it as it is */
		puts(json_object_to_json_string_ext(obj, JSON_C_TO_STRING_PRETTY |
								 JSON_C_TO_STRING_NOSLASHESCAPE));
		json_object_put(obj);
		return;
	}
	if (!json_object_is_type(obj, json_type_object)) {
		json_object_object_add(out.doc, "result", obj);
		return;
	}
	json_object_object_foreach(obj, k, v)
	{
		json_object_object_add(out.doc, k, json_object_get(v));
	}
	json_object_put(obj);
}

/* A word the shell takes as it is, or a single-quoted copy. */
static void append_word(char *buf, size_t n, const char *w)
{
	size_t len = strlen(buf), i;
	bool plain = *w;

	for (i = 0; w[i]; i++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_@%+=:,./-[]",
			    w[i]) ||
		    (i == 0 && strchr("[]", w[i])))
			plain = false;
	if (len && len + 1 < n)
		buf[len++] = ' ';
	buf[len] = 0;
	if (plain) {
		snprintf(buf + len, n - len, "%s", w);
		return;
	}
	snprintf(buf + len, n - len, "'");
	for (i = 0; w[i]; i++) {
		len = strlen(buf);
		if (w[i] == '\'')
			snprintf(buf + len, n - len, "'\\''");
		else
			snprintf(buf + len, n - len, "%c", w[i]);
	}
	len = strlen(buf);
	snprintf(buf + len, n - len, "'");
}

const char *vfctl_fix(const char *bad, const char *good, const char *add)
{
	static char buf[2048];
	char word[1024];
	int i;

	snprintf(buf, sizeof(buf), "vfctl");
	for (i = 1; i < out.argc && out.argv; i++) {
		const char *a = out.argv[i];
		size_t alen = strlen(a);

		if (bad && a == bad) {
			/* a separate value: drop its option with it */
			if (!good)
				continue;
			append_word(buf, sizeof(buf), good);
		} else if (bad && bad > a && bad <= a + alen) {
			if (!good)
				continue;
			snprintf(word, sizeof(word), "%.*s%s", (int)(bad - a), a, good);
			append_word(buf, sizeof(buf), word);
		} else if (bad && !good && bad[0] != '-' && i + 1 < out.argc &&
			   out.argv[i + 1] == bad && a[0] == '-') {
			continue;
		} else {
			append_word(buf, sizeof(buf), a);
		}
	}
	if (add) {
		size_t len = strlen(buf);

		snprintf(buf + len, sizeof(buf) - len, " %s", add);
	}
	return buf;
}

/* The option table the running subcommand, or command, parses with. */
static const struct vfctl_sub *current_tables(struct vfctl_sub *self)
{
	const struct vfctl_cmd *c = vfctl_current_cmd();

	if (vfctl_current_sub())
		return vfctl_current_sub();
	if (!c)
		return NULL;
	*self = (struct vfctl_sub){ .opts = c->opts, .shortopts = c->shortopts };
	return self;
}

/* named_opt()'s answer for a prefix of several options. */
static const struct option ambiguous = { "", 0, NULL, 0 };

/*
 * The option of @opts a word of the command line names: --name, --name=V,
 * a prefix of one name only (getopt_long takes those), or -c; &ambiguous
 * for a prefix of several.
 */
static const struct option *named_opt(const struct vfctl_sub *t, const char *word)
{
	const struct option *o, *found = NULL;
	size_t n;

	if (!t || !t->opts)
		return NULL;
	if (word[0] == '-' && word[1] && word[1] != '-' && !word[2]) {
		for (o = t->opts; o->name; o++)
			if (o->val == word[1] && t->shortopts && strchr(t->shortopts, word[1]))
				return o;
		return NULL;
	}
	if (strncmp(word, "--", 2))
		return NULL;
	word += 2;
	n = strcspn(word, "=");
	for (o = t->opts; n && o->name; o++) {
		if (!strncmp(o->name, word, n) && !o->name[n])
			return o;
		if (!strncmp(o->name, word, n))
			found = found ? &ambiguous : o;
	}
	return found;
}

/* "--a, --b and --c": the long options of @t. */
static const char *opt_list(const struct vfctl_sub *t)
{
	static char buf[768];
	const struct option *o;
	size_t n = 0;

	buf[0] = '\0';
	for (o = t->opts; o->name && n < sizeof(buf); o++)
		n += snprintf(buf + n, sizeof(buf) - n, "%s--%s",
			      o == t->opts ? "" :
			      o[1].name	   ? ", " :
					     " and ",
			      o->name);
	return buf;
}

/* "--a or --b": the long options of @t that start with @prefix. */
static const char *prefixed(const struct vfctl_sub *t, const char *prefix)
{
	static char buf[256];
	const struct option *o, *last = NULL;
	size_t n = 0, len = strcspn(prefix, "=");

	buf[0] = '\0';
	for (o = t->opts; o->name; o++)
		if (!strncmp(o->name, prefix, len))
			last = o;
	for (o = t->opts; o->name && n < sizeof(buf); o++)
		if (!strncmp(o->name, prefix, len))
			n += snprintf(buf + n, sizeof(buf) - n, "%s--%s",
				      !n	? "" :
				      o == last ? " or " :
						  ", ",
				      o->name);
	return buf;
}

/*
 * The word getopt_long stopped at. A long option is always its own word
 * (optind is past it); a short one may sit inside a cluster ("-vZ"), where
 * optind only moves on after the cluster's last letter: optopt names it.
 * glibc sets optopt to 0 for an unknown or ambiguous long option and to
 * the option's val for a long one without its value or with one it does
 * not take.
 */
static const char *bad_word(int argc, char **argv, const struct vfctl_sub *t, char *buf,
			    size_t size)
{
	const char *arg = optind > 0 && optind <= argc ? argv[optind - 1] : "";
	const struct option *o = named_opt(t, arg);

	if (!strncmp(arg, "--", 2) && (!optopt || (o && o != &ambiguous && o->val == optopt)))
		return arg;
	if (optopt > 0 && optopt < 256) {
		snprintf(buf, size, "-%c", optopt);
		return buf;
	}
	return arg;
}

int vfctl_bad_usage(int argc, char **argv, void (*usage)(FILE *f))
{
	struct vfctl_sub self;
	const struct vfctl_sub *t = current_tables(&self);
	char help[128], fixed[128], shortopt[4];
	const char *arg = bad_word(argc, argv, t, shortopt, sizeof(shortopt));
	const struct option *o = named_opt(t, arg);
	/* getopt's other '?' for a short option: a known one without its value */
	bool short_needs = arg == shortopt && t && t->shortopts && strchr(t->shortopts, optopt) &&
			   strchr(t->shortopts, optopt)[1] == ':';

	snprintf(help, sizeof(help), "run 'vfctl %s --help' for its options", out.command);
	if (o == &ambiguous)
		vfctl_error(help, "'%s' is short for more than one option of 'vfctl %s': %s", arg,
			    out.command, prefixed(t, arg + 2));
	else if (short_needs || (o && o->has_arg != no_argument))
		/* getopt's other '?': a known option at the end, without its value */
		vfctl_error(help, "'%s' needs a value", arg);
	else if (o && arg != shortopt) {
		snprintf(fixed, sizeof(fixed), "--%s", o->name);
		vfctl_error(vfctl_fix(arg, fixed, NULL), "'%s': --%s takes no value", arg, o->name);
	} else if (t && t->opts && arg[0] == '-')
		vfctl_error(help, "'%s' is not an option of 'vfctl %s': its options are %s", arg,
			    out.command, opt_list(t));
	else
		vfctl_error(help,
			    "'%s': not an option of 'vfctl %s', or an option without its value",
			    arg, out.command);
	if (!out.json && usage)
		usage(stderr);
	return VFCTL_USAGE;
}
