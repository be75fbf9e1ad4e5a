// SPDX-License-Identifier: MIT
/*
 * The second level of the command line, for every command with
 * subcommands: its --help, the subcommand looked up in its table, and the
 * errors for a missing or unknown one, which list the table.
 */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "tools/vfctl/vfctl.h"

/* The command and subcommand running, for their usage and their errors. */
static const struct vfctl_cmd *cur_cmd;
static const struct vfctl_sub *cur_sub;

const struct vfctl_cmd *vfctl_cmd_find(const char *name)
{
	const struct vfctl_cmd *const *c;

	for (c = vfctl_commands; *c; c++)
		if (!strcmp(name, (*c)->name))
			return *c;
	return NULL;
}

int vfctl_run(const struct vfctl_cmd *cmd, int argc, char **argv)
{
	cur_cmd = cmd;
	return cmd->subs ? vfctl_dispatch(cmd, argc, argv) : cmd->run(argc, argv);
}

const struct vfctl_cmd *vfctl_current_cmd(void)
{
	return cur_cmd;
}

const struct vfctl_sub *vfctl_current_sub(void)
{
	return cur_sub;
}

const struct vfctl_sub *vfctl_sub_find(const struct vfctl_cmd *cmd, const char *name)
{
	const struct vfctl_sub *s;

	for (s = cmd->subs; s && s->name; s++)
		if (!strcmp(s->name, name))
			return s;
	return NULL;
}

/* Whether an earlier subcommand of @cmd than @s has the same notes. */
static bool notes_shown(const struct vfctl_cmd *cmd, const struct vfctl_sub *s)
{
	const struct vfctl_sub *t;

	for (t = cmd->subs; t < s; t++)
		if (t->notes && !strcmp(t->notes, s->notes))
			return true;
	return false;
}

void vfctl_sub_usage(FILE *out, const struct vfctl_cmd *cmd)
{
	const struct vfctl_sub *s = cur_cmd == cmd ? cur_sub : NULL;
	int width = 0;

	if (s) {
		fprintf(out, "usage: %s\n\n%s", s->synopsis, s->help);
		if (s->notes)
			fprintf(out, "\n%s", s->notes);
		return;
	}
	for (s = cmd->subs; s->name; s++) {
		fprintf(out, "%s %s\n", s != cmd->subs ? "      " : "usage:", s->synopsis);
		if ((int)strlen(s->name) > width)
			width = (int)strlen(s->name);
	}
	fprintf(out, "\n");
	for (s = cmd->subs; s->name; s++)
		fprintf(out, "%-*s  %.*s\n", width, s->name, (int)strcspn(s->help, "\n"), s->help);
	for (s = cmd->subs; s->name; s++)
		if (s->notes && !notes_shown(cmd, s))
			fprintf(out, "\n%s", s->notes);
	fprintf(out, "\n'vfctl %s SUB --help' describes one subcommand.\n", cmd->name);
}

/* "a, b or c": the subcommands as a sentence ends them. */
static const char *sub_list(const struct vfctl_cmd *cmd, const char *last_word)
{
	static char buf[256];
	const struct vfctl_sub *s;
	size_t n = 0;

	buf[0] = '\0';
	for (s = cmd->subs; s->name && n < sizeof(buf); s++) {
		const char *sep = s == cmd->subs ? "" : s[1].name ? ", " : last_word;

		n += snprintf(buf + n, sizeof(buf) - n, "%s%s", sep, s->name);
	}
	return buf;
}

int vfctl_dispatch(const struct vfctl_cmd *cmd, int argc, char **argv)
{
	const struct vfctl_sub *sub;
	char name[64], hint[128];

	if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		cmd->usage(stdout);
		return VFCTL_OK;
	}
	/* an option before any subcommand: the subcommand is missing */
	if (argc < 2 || argv[1][0] == '-') {
		if (!vfctl_out_json())
			cmd->usage(stderr);
		snprintf(hint, sizeof(hint), "vfctl %s %s", cmd->name,
			 cmd->example ? cmd->example : cmd->subs[0].name);
		vfctl_error(hint, "'vfctl %s' needs a subcommand: %s", cmd->name,
			    sub_list(cmd, " or "));
		return VFCTL_USAGE;
	}
	sub = vfctl_sub_find(cmd, argv[1]);
	if (!sub) {
		vfctl_error(vfctl_fix(argv[1], cmd->subs[0].name, NULL),
			    "unknown 'vfctl %s %s': the subcommand%s %s", cmd->name, argv[1],
			    cmd->subs[1].name ? "s are" : " is", sub_list(cmd, " and "));
		return VFCTL_USAGE;
	}
	snprintf(name, sizeof(name), "%s %s", cmd->name, sub->name);
	vfctl_out_command(name);
	cur_cmd = cmd;
	cur_sub = sub;
	optind = 1;
	return sub->run(argc - 1, argv + 1);
}
