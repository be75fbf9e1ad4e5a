// SPDX-License-Identifier: MIT
/*
 * Shell word splitting of a QEMU start script (see vm_native_qemu.h). Only
 * what a script needs to name QEMU's arguments is done, as bash does it;
 * everything that needs the running shell stops with its name, so that a
 * check never runs on a guessed command line.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vm/vm_native_qemu.h"

#define MAX_VARS 128
#define MAX_WORDS 4096
#define MAX_WORD (64 * 1024)

struct sh_var {
	char *name;
	char *val;
	char *bad; /* why its value is unknown, or NULL */
};

struct sh {
	const char *p, *end;
	struct sh_var var[MAX_VARS];
	size_t n_var;
	struct vm_argv words; /* of the current command */
	struct vm_argv assign; /* its NAME=value prefix words */
	char *w; /* the word being built */
	size_t wlen, wcap;
	bool in_word; /* a word has begun, maybe empty ("") */
	bool assign_word; /* ... and it is a NAME=value (no splitting) */
	char cmd_err[VM_NATIVE_ERR_SIZE]; /* first error in this command */
	bool name_err; /* ... in the command's name */
	char lost[VM_NATIVE_ERR_SIZE]; /* the first command whose name is unknown */
	char *err;
	size_t errlen;
	int fatal; /* -EINVAL (unterminated quote) or -ENOMEM */
	bool found;
	int depth; /* inside if/while/until/for/case */
	bool after_andor; /* this command follows && or || */
	bool options_only; /* every command so far starts with an option */
	struct vm_argv options; /* their words, joined */
	struct vm_argv *out;
};

static int argv_push(struct vm_argv *a, const char *s)
{
	char *d;

	if (a->n + 2 > a->cap) {
		size_t cap = a->cap ? a->cap * 2 : 16;
		char **v = realloc(a->v, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		a->v = v;
		a->cap = cap;
	}
	d = strdup(s);
	if (!d)
		return -ENOMEM;
	a->v[a->n++] = d;
	a->v[a->n] = NULL;
	return 0;
}

static void cmd_error(struct sh *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void cmd_error(struct sh *s, const char *fmt, ...)
{
	va_list ap;

	if (s->cmd_err[0])
		return;
	va_start(ap, fmt);
	vsnprintf(s->cmd_err, sizeof(s->cmd_err), fmt, ap);
	va_end(ap);
	s->name_err = !s->words.n && !s->assign_word;
}

static void fatal(struct sh *s, int err, const char *msg)
{
	if (s->fatal)
		return;
	s->fatal = err;
	snprintf(s->err, s->errlen, "%s", msg);
}

static void put(struct sh *s, char c)
{
	if (s->wlen + 2 > s->wcap) {
		size_t cap = s->wcap ? s->wcap * 2 : 128;
		char *w;

		if (cap > MAX_WORD) {
			fatal(s, -EINVAL, "a word is longer than 64 KiB");
			return;
		}
		w = realloc(s->w, cap);
		if (!w) {
			fatal(s, -ENOMEM, "out of memory");
			return;
		}
		s->w = w;
		s->wcap = cap;
	}
	s->w[s->wlen++] = c;
	s->in_word = true;
}

static void end_word(struct sh *s)
{
	struct vm_argv *to = s->assign_word ? &s->assign : &s->words;

	if (!s->in_word)
		return;
	if (to->n >= MAX_WORDS)
		fatal(s, -EINVAL, "the command has more than 4096 words");
	else if (argv_push(to, s->wlen ? (s->w[s->wlen] = '\0', s->w) : ""))
		fatal(s, -ENOMEM, "out of memory");
	s->wlen = 0;
	s->in_word = false;
	s->assign_word = false;
}

static bool name_start(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static bool name_char(char c)
{
	return name_start(c) || (c >= '0' && c <= '9');
}

static size_t name_len(const char *p, const char *end)
{
	size_t n = 0;

	if (p < end && name_start(*p))
		for (n = 1; p + n < end && name_char(p[n]); n++)
			;
	return n;
}

static struct sh_var *var_find(struct sh *s, const char *name, size_t n)
{
	size_t i;

	for (i = 0; i < s->n_var; i++)
		if (strlen(s->var[i].name) == n && !strncmp(s->var[i].name, name, n))
			return &s->var[i];
	return NULL;
}

static void var_set(struct sh *s, const char *word, const char *bad)
{
	const char *eq = strchr(word, '=');
	struct sh_var *v = var_find(s, word, (size_t)(eq - word));
	char *name = strndup(word, (size_t)(eq - word)), *val = strdup(eq + 1);
	char *why = bad ? strdup(bad) : NULL;

	if (!name || !val || (bad && !why) || (!v && s->n_var == MAX_VARS)) {
		free(name);
		free(val);
		free(why);
		if (!v && s->n_var == MAX_VARS)
			fatal(s, -EINVAL, "the script sets more than 128 variables");
		else
			fatal(s, -ENOMEM, "out of memory");
		return;
	}
	if (!v)
		v = &s->var[s->n_var++];
	else
		free(v->name), free(v->val), free(v->bad);
	v->name = name;
	v->val = val;
	v->bad = why;
}

/* The text of a construct, shortened, for an error message. */
static void quote_src(const char *from, const char *to, char *buf, size_t n)
{
	size_t len = (size_t)(to - from);

	if (len > 48)
		snprintf(buf, n, "%.45s...", from);
	else
		snprintf(buf, n, "%.*s", (int)len, from);
}

/* Past the ')' that closes the '(' before @p, quotes respected. */
static const char *skip_parens(const char *p, const char *end)
{
	int depth = 1;
	char q = 0;

	for (; p < end; p++) {
		if (q) {
			if (*p == q)
				q = 0;
			else if (*p == '\\' && q == '"' && p + 1 < end)
				p++;
		} else if (*p == '\'' || *p == '"') {
			q = *p;
		} else if (*p == '\\' && p + 1 < end) {
			p++;
		} else if (*p == '(') {
			depth++;
		} else if (*p == ')' && !--depth) {
			return p + 1;
		}
	}
	return end;
}

/* Past the ')' closing a group of commands: quotes and comments respected. */
static const char *skip_group(const char *p, const char *end)
{
	int depth = 1;

	while (p < end) {
		char c = *p;

		if (c == '\'' || c == '"') {
			const char *q = p + 1;

			while (q < end && *q != c)
				q += c == '"' && *q == '\\' && q + 1 < end ? 2 : 1;
			p = q < end ? q + 1 : end;
			continue;
		}
		if (c == '#' && (p[-1] == ' ' || p[-1] == '\t' || p[-1] == '\n' || p[-1] == '(')) {
			while (p < end && *p != '\n')
				p++;
			continue;
		}
		if (c == '\\') {
			p += p + 1 < end ? 2 : 1;
			continue;
		}
		if (c == '(')
			depth++;
		else if (c == ')' && !--depth)
			return p + 1;
		p++;
	}
	return end;
}

/* Appends a variable's value; unquoted, its blanks split words (IFS). */
static void put_value(struct sh *s, const char *val, bool quoted)
{
	for (; *val; val++) {
		if (!quoted && !s->assign_word && (*val == ' ' || *val == '\t' || *val == '\n'))
			end_word(s);
		else
			put(s, *val);
	}
	/* "$EMPTY" is an empty word, $EMPTY none */
	if (quoted)
		s->in_word = true;
}

/* A '$' at s->p: expand it, or record why it cannot be. */
static void dollar(struct sh *s, bool quoted)
{
	const char *start = s->p, *p = s->p + 1, *end = s->end;
	char src[64];
	struct sh_var *v;
	size_t n;

	if (p < end && *p == '(') {
		p = skip_parens(p + 1, end);
		quote_src(start, p, src, sizeof(src));
		cmd_error(s, "cannot expand %s: a command substitution needs the running shell",
			  src);
		s->p = p;
		return;
	}
	if (p < end && *p == '{') {
		const char *close = memchr(p, '}', (size_t)(end - p));

		n = name_len(p + 1, end);
		if (close && n && p + 1 + n == close) {
			v = var_find(s, p + 1, n);
			s->p = close + 1;
			goto lookup;
		}
		p = close ? close + 1 : end;
		quote_src(start, p, src, sizeof(src));
		cmd_error(
			s,
			"cannot expand %s: only ${NAME} of a NAME=value set in the file is expanded",
			src);
		s->p = p;
		return;
	}
	n = name_len(p, end);
	if (n) {
		v = var_find(s, p, n);
		s->p = p + n;
		goto lookup;
	}
	if (p < end && strchr("0123456789@*#?$!-", *p)) {
		cmd_error(
			s,
			"cannot expand $%c: a script argument or shell parameter has no value here",
			*p);
		s->p = p + 1;
		return;
	}
	if (p < end && *p == '\'' && !quoted) {
		cmd_error(s, "cannot expand $'...': ANSI-C quoting is not supported");
		s->p = p;
		return;
	}
	/* a lone '$' is itself */
	put(s, '$');
	s->p = p;
	return;
lookup:
	quote_src(start, s->p, src, sizeof(src));
	if (!v)
		cmd_error(
			s,
			"cannot expand %s: it is not set in the file (an environment variable or one set elsewhere has no value here)",
			src);
	else if (v->bad)
		cmd_error(s, "cannot expand %s: its value is unknown (%s)", src, v->bad);
	else
		put_value(s, v->val, quoted);
}

/*
 * A `...` at s->p. Only a comment (`# note`, the idiom for a comment
 * between continued lines) is known: it prints nothing. Anything else
 * needs the running shell.
 */
static void backquoted(struct sh *s)
{
	const char *start = s->p, *q = s->p + 1;
	bool comment = true, seen = false;

	for (; q < s->end && *q != '`'; q += *q == '\\' && q + 1 < s->end ? 2 : 1) {
		if (*q == '\n' || (!seen && *q != ' ' && *q != '\t' && *q != '#'))
			comment = false;
		seen |= *q != ' ' && *q != '\t';
	}
	if (q == s->end) {
		fatal(s, -EINVAL, "a backquote (`) is not closed");
		s->p = s->end;
		return;
	}
	s->p = q + 1;
	if (!comment) {
		char src[64];

		quote_src(start, s->p, src, sizeof(src));
		cmd_error(s, "cannot expand %s: a command substitution needs the running shell",
			  src);
	}
}

static void single_quoted(struct sh *s)
{
	const char *close = memchr(s->p + 1, '\'', (size_t)(s->end - s->p - 1));

	if (!close) {
		fatal(s, -EINVAL, "a single quote (') is not closed");
		s->p = s->end;
		return;
	}
	s->in_word = true;
	for (s->p++; s->p < close; s->p++)
		put(s, *s->p);
	s->p = close + 1;
}

static void double_quoted(struct sh *s)
{
	s->in_word = true;
	for (s->p++; s->p < s->end && !s->fatal;) {
		char c = *s->p;

		if (c == '"') {
			s->p++;
			return;
		}
		if (c == '\\' && s->p + 1 < s->end) {
			char n = s->p[1];

			if (n == '\n') {
				s->p += 2;
				continue;
			}
			if (strchr("$`\"\\", n)) {
				put(s, n);
				s->p += 2;
				continue;
			}
		}
		if (c == '$') {
			dollar(s, true);
			continue;
		}
		if (c == '`') {
			backquoted(s);
			continue;
		}
		put(s, c);
		s->p++;
	}
	fatal(s, -EINVAL, "a double quote (\") is not closed");
}

static const char *base_name(const char *w)
{
	const char *b = strrchr(w, '/');

	return b ? b + 1 : w;
}

static bool qemu_binary(const char *w)
{
	const char *b = base_name(w);

	return !strncmp(b, "qemu-system-", 12) || !strcmp(b, "qemu-kvm") || !strcmp(b, "kvm") ||
	       !strcmp(b, "qemu");
}

/* Words that run the command after them (with options of their own). */
static bool prefix_word(const char *w)
{
	static const char *const p[] = { "exec", "nohup",   "sudo", "taskset", "nice",
					 "chrt", "numactl", "env",  NULL };
	size_t i;

	for (i = 0; p[i]; i++)
		if (!strcmp(w, p[i]))
			return true;
	return false;
}

static bool word_in(const char *w, const char *const *set)
{
	for (; *set; set++)
		if (!strcmp(w, *set))
			return true;
	return false;
}

static bool declares(const char *w)
{
	return !strcmp(w, "export") || !strcmp(w, "readonly") || !strcmp(w, "declare") ||
	       !strcmp(w, "local");
}

static void reset_cmd(struct sh *s)
{
	vm_argv_free(&s->words);
	vm_argv_free(&s->assign);
	s->cmd_err[0] = '\0';
	s->name_err = false;
}

/* The end of a simple command: remember it, keep it, or let it go. */
static void end_cmd(struct sh *s)
{
	static const char *const opens[] = { "if", "while", "until", "for", "case", NULL };
	static const char *const closes[] = { "fi", "done", "esac", "}", NULL };
	static const char *const leads[] = { "then", "else", "elif", "do", "!", NULL };
	size_t i, first = 0, j;
	bool cond;

	end_word(s);
	if (s->fatal || s->found)
		goto out;
	if (!s->words.n && !s->assign.n) {
		if (s->name_err && !s->lost[0])
			snprintf(s->lost, sizeof(s->lost), "%s", s->cmd_err);
		goto out;
	}
	/* "f() {", "{ ...": a function body or group, run maybe */
	if (s->words.n && !strcmp(s->words.v[s->words.n - 1], "{")) {
		s->depth++;
		goto out;
	}
	while (first < s->words.n && word_in(s->words.v[first], leads))
		first++;
	if (first < s->words.n && word_in(s->words.v[first], opens)) {
		s->depth++;
		goto out;
	}
	if (first < s->words.n && word_in(s->words.v[first], closes)) {
		s->depth -= s->depth > 0;
		goto out;
	}
	cond = s->depth > 0 || s->after_andor;
	if (first == s->words.n || declares(s->words.v[first])) {
		for (i = 0; i < s->assign.n; i++)
			var_set(s, s->assign.v[i],
				s->cmd_err[0] ? s->cmd_err :
				cond	      ? "it is set inside an if, while, for or case block, or after && or ||, so it depends on how the script runs" :
						NULL);
		goto out;
	}
	/* exec, sudo, taskset MASK...: QEMU among the next few words */
	if (prefix_word(s->words.v[first]))
		for (j = first + 1; j < s->words.n && j <= first + 5; j++)
			if (qemu_binary(s->words.v[j])) {
				first = j;
				break;
			}
	if (qemu_binary(s->words.v[first])) {
		s->found = true;
		if (s->cmd_err[0]) {
			fatal(s, -EINVAL, s->cmd_err);
			goto out;
		}
		for (i = first; i < s->words.n && !s->fatal; i++)
			if (argv_push(s->out, s->words.v[i]))
				fatal(s, -ENOMEM, "out of memory");
		goto out;
	}
	/* "$QEMU -m 1G", "${CMD[@]}": this may have been QEMU */
	if (s->name_err && !s->lost[0])
		snprintf(s->lost, sizeof(s->lost), "%s", s->cmd_err);
	if (s->options_only && s->words.v[first][0] == '-') {
		if (s->cmd_err[0])
			fatal(s, -EINVAL, s->cmd_err);
		for (i = first; i < s->words.n && !s->fatal; i++)
			if (argv_push(&s->options, s->words.v[i]))
				fatal(s, -ENOMEM, "out of memory");
	} else {
		s->options_only = false;
	}
out:
	reset_cmd(s);
}

/* A redirection at s->p ('<' or '>'): it and its target are not words. */
static void redirect(struct sh *s)
{
	bool fd = s->in_word && s->wlen && !s->assign_word;
	size_t i;

	/* "2>" : the digits before it are the descriptor */
	for (i = 0; fd && i < s->wlen; i++)
		fd = s->w[i] >= '0' && s->w[i] <= '9';
	if (fd) {
		s->wlen = 0;
		s->in_word = false;
	} else {
		end_word(s);
	}
	if (s->p + 1 < s->end && s->p[0] == '<' && s->p[1] == '<') {
		cmd_error(s, "a here-document (<<) is not supported");
		s->p += 2;
		return;
	}
	s->p++;
	while (s->p < s->end && (*s->p == '>' || *s->p == '&' || *s->p == '|'))
		s->p++;
	while (s->p < s->end && (*s->p == ' ' || *s->p == '\t'))
		s->p++;
	/* the target word */
	while (s->p < s->end && !strchr(" \t\n;&|<>()", *s->p)) {
		if (*s->p == '\'' || *s->p == '"') {
			char q = *s->p;
			const char *close = memchr(s->p + 1, q, (size_t)(s->end - s->p - 1));

			s->p = close ? close + 1 : s->end;
		} else {
			s->p += *s->p == '\\' && s->p + 1 < s->end ? 2 : 1;
		}
	}
}

/* At the start of a word in assignment position: is it NAME=...? */
static bool at_assignment(struct sh *s)
{
	size_t n = name_len(s->p, s->end);

	if (!n || s->p + n >= s->end || s->p[n] != '=')
		return false;
	return !s->words.n || (s->words.n == 1 &&
			       (declares(s->words.v[0]) || !strcmp(s->words.v[0], "then") ||
				!strcmp(s->words.v[0], "else") || !strcmp(s->words.v[0], "do")));
}

static void scan(struct sh *s)
{
	while (s->p < s->end && !s->fatal && !s->found) {
		char c = *s->p;

		if (!s->in_word && at_assignment(s))
			s->assign_word = true;
		switch (c) {
		case ' ':
		case '\t':
			end_word(s);
			s->p++;
			break;
		case '\n':
		case ';':
		case '&':
		case '|': {
			bool andor = (c == '&' || c == '|') && s->p + 1 < s->end && s->p[1] == c;
			bool empty = !s->words.n && !s->assign.n && !s->in_word;

			end_cmd(s);
			s->p += andor ? 2 : 1;
			/* "a &&" at a line's end: the next line is still after it */
			s->after_andor = andor || (empty && s->after_andor);
			break;
		}
		case '#':
			if (s->in_word) {
				put(s, c);
				s->p++;
				break;
			}
			while (s->p < s->end && *s->p != '\n')
				s->p++;
			break;
		case '\\':
			if (s->p + 1 >= s->end) {
				put(s, c);
				s->p++;
			} else if (s->p[1] == '\n') {
				s->p += 2;
			} else {
				put(s, s->p[1]);
				s->p += 2;
			}
			break;
		case '\'':
			single_quoted(s);
			break;
		case '"':
			double_quoted(s);
			break;
		case '$':
			dollar(s, false);
			break;
		case '`':
			backquoted(s);
			break;
		case '<':
		case '>':
			redirect(s);
			break;
		case '(':
			/* NAME=( array ), ( subshell ), f() { }: skipped whole */
			cmd_error(s, "'(' (a bash array, subshell or function) is not supported");
			s->p = skip_group(s->p + 1, s->end);
			break;
		case ')':
			cmd_error(s, "')' closes nothing");
			s->p++;
			break;
		case '~':
			if (!s->in_word) {
				cmd_error(s,
					  "cannot expand ~: the home directory has no value here");
				s->p++;
				break;
			}
			/* fall through */
		default:
			put(s, c);
			s->p++;
		}
	}
	if (!s->fatal && !s->found)
		end_cmd(s);
}

int vm_qemu_words_split(const char *text, size_t len, struct vm_argv *out, char *err, size_t errlen)
{
	struct sh *s = calloc(1, sizeof(*s));
	size_t i;
	int ret;

	memset(out, 0, sizeof(*out));
	if (errlen)
		err[0] = '\0';
	if (!s)
		return -ENOMEM;
	s->p = text;
	s->end = text + len;
	s->err = err;
	s->errlen = errlen;
	s->out = out;
	s->options_only = true;
	scan(s);
	if (!s->fatal && !s->found && s->options_only && s->options.n) {
		/* options only: QEMU's arguments without the binary */
		*out = s->options;
		memset(&s->options, 0, sizeof(s->options));
		s->found = true;
	}
	if (!s->fatal && !s->found && s->lost[0]) {
		/* QEMU may run through what could not be expanded */
		snprintf(err, errlen, "no QEMU command found, and a command's name is unknown: %s",
			 s->lost);
		s->fatal = -EINVAL;
	}
	ret = s->fatal ? s->fatal : s->found ? 0 : 1;
	if (ret)
		vm_argv_free(out);
	reset_cmd(s);
	vm_argv_free(&s->options);
	for (i = 0; i < s->n_var; i++) {
		free(s->var[i].name);
		free(s->var[i].val);
		free(s->var[i].bad);
	}
	free(s->w);
	free(s);
	return ret;
}

/* The first word of a line, quotes stripped, in @buf. */
static const char *line_word(const char *p, const char *end, char *buf, size_t n)
{
	size_t len = 0;

	while (p < end && (*p == ' ' || *p == '\t' || *p == '('))
		p++;
	while (p < end && !strchr(" \t\n;(", *p)) {
		if (*p != '\'' && *p != '"' && len + 1 < n)
			buf[len++] = *p;
		p++;
	}
	buf[len] = '\0';
	return p;
}

/*
 * Does a text look like a QEMU command line: its first line of content
 * starts with an option, or a line runs a QEMU binary among its first words
 * ("exec taskset 0xF qemu-system-x86_64", "$SUDO qemu-system-x86_64")? A
 * Proxmox config or another text that merely fails to split is then left
 * to other readers.
 */
static bool looks_qemu(const char *p, const char *end)
{
	bool first = true;
	char w[256];

	/* a script that names QEMU somewhere (say, in a variable) */
	if (end - p > 2 && p[0] == '#' && p[1] == '!' &&
	    memmem(p, (size_t)(end - p), "qemu-system-", 12))
		return true;
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p)), *q;
		int i;

		eol = eol ? eol : end;
		q = line_word(p, eol, w, sizeof(w));
		if (w[0] && w[0] != '#') {
			if (first && w[0] == '-')
				return true;
			first = false;
			for (i = 0; i < 6 && w[0]; i++, q = line_word(q, eol, w, sizeof(w)))
				if (qemu_binary(w))
					return true;
		}
		p = eol + 1;
	}
	return false;
}

/* /proc/PID/cmdline: each argument ends with a NUL. */
static int split_nul(const char *buf, size_t len, struct vm_argv *out)
{
	const char *p = buf, *end = buf + len;

	while (p < end) {
		const char *nul = memchr(p, '\0', (size_t)(end - p));
		size_t n = nul ? (size_t)(nul - p) : (size_t)(end - p);
		char *w = strndup(p, n);
		int ret = w ? argv_push(out, w) : -ENOMEM;

		free(w);
		if (ret || out->n > MAX_WORDS) {
			vm_argv_free(out);
			return ret ? ret : -E2BIG;
		}
		p += n + 1;
	}
	return 0;
}

int vm_native_qemu_input(const char *buf, size_t len, struct vm_argv *out, char *err, size_t errlen)
{
	const char *p = buf, *end = buf + len;
	int ret;

	memset(out, 0, sizeof(*out));
	if (errlen)
		err[0] = '\0';
	if (memchr(buf, '\0', len)) {
		/* the kernel's argv: the first must be QEMU or an option */
		if (!len || (buf[0] != '-' && !qemu_binary(buf)))
			return 1;
		ret = split_nul(buf, len, out);
		if (ret == -E2BIG) {
			snprintf(err, errlen, "the command line has more than %d arguments",
				 MAX_WORDS);
			return -EINVAL;
		}
		return ret;
	}
	while (p < end && strchr(" \t\r\n", *p))
		p++;
	if (p == end || *p == '<' || !looks_qemu(p, end))
		return 1;
	ret = vm_qemu_words_split(buf, len, out, err, errlen);
	if (ret == 1) {
		snprintf(
			err, errlen,
			"no QEMU command found: a line running qemu-system-* (or kvm), or QEMU's options");
		return -EINVAL;
	}
	return ret;
}
