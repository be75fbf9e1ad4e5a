// SPDX-License-Identifier: MIT
/*
 * vfctl completion bash: the bash completion script, written from the
 * tables the parser itself reads (vfctl_commands, each command's subs, the
 * getopt_long options of each and what their values are), so completion
 * cannot drift from what vfctl accepts. The build writes it to
 * $(O)/completion/vfctl and make install puts it where bash-completion
 * loads it on demand.
 *
 * The script is data (three case statements) and one fixed function that
 * walks the words typed so far: global options, the command, its
 * subcommand, then options, their values and operands.
 */
#include <ctype.h>
#include <stdbool.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "tools/vfctl/vfctl.h"

static void completion_usage(FILE *out)
{
	fprintf(out, "usage: vfctl completion bash\n"
		     "\n"
		     "Print the bash completion script of vfctl: commands, subcommands,\n"
		     "options, and for options that take a file or directory, file names.\n"
		     "Packages install it as /usr/share/bash-completion/completions/vfctl;\n"
		     "to try it: source <(vfctl completion bash)\n");
}

static const char script_head[] =
	"# bash completion for vfctl(1), written by 'vfctl completion bash' from the\n"
	"# tables vfctl's parser reads: regenerate it rather than edit it.\n"
	"# shellcheck shell=bash\n";

/* The walker; the data functions before it are generated. */
static const char script_body[] =
	"_vfctl() {\n"
	"\tlocal cur=${COMP_WORDS[COMP_CWORD]} prev='' opt='' eq='' cmd='' sub='' subs=''\n"
	"\tlocal table='' w kind i=1 operands=0\n"
	"\tCOMPREPLY=()\n"
	"\t[ \"$COMP_CWORD\" -gt 0 ] && prev=${COMP_WORDS[COMP_CWORD - 1]}\n"
	"\t# the option whose value is typed: --opt VALUE, or --opt=VALUE, which\n"
	"\t# bash splits at '=' into three words\n"
	"\tif [ \"$cur\" = = ]; then\n"
	"\t\topt=$prev eq=1 cur=''\n"
	"\telif [ \"$prev\" = = ] && [ \"$COMP_CWORD\" -ge 2 ]; then\n"
	"\t\topt=${COMP_WORDS[COMP_CWORD - 2]} eq=1\n"
	"\telse\n"
	"\t\topt=$prev\n"
	"\tfi\n"
	"\t# the command and subcommand: the first words that are neither an\n"
	"\t# option nor an option's value\n"
	"\twhile [ \"$i\" -lt \"$COMP_CWORD\" ]; do\n"
	"\t\tw=${COMP_WORDS[i]}\n"
	"\t\tcase $w in\n"
	"\t\t=) i=$((i + 1)) ;;\n"
	"\t\t-*)\n"
	"\t\t\tif [ \"${COMP_WORDS[i + 1]}\" != = ] &&\n"
	"\t\t\t\t[ -n \"$(_vfctl_value \"$cmd\" \"$table\" \"$w\")\" ]; then\n"
	"\t\t\t\ti=$((i + 1))\n"
	"\t\t\tfi\n"
	"\t\t\t;;\n"
	"\t\t*)\n"
	"\t\t\tif [ -z \"$cmd\" ]; then\n"
	"\t\t\t\tcmd=$w subs=$(_vfctl_subs \"$w\")\n"
	"\t\t\telif [ -n \"$subs\" ] && [ -z \"$sub\" ]; then\n"
	"\t\t\t\tsub=$w table=$(_vfctl_table \"$cmd\" \"$w\")\n"
	"\t\t\telse\n"
	"\t\t\t\toperands=$((operands + 1))\n"
	"\t\t\tfi\n"
	"\t\t\t;;\n"
	"\t\tesac\n"
	"\t\ti=$((i + 1))\n"
	"\tdone\n"
	"\tif [ -n \"$eq\" ] && [ -z \"$cmd\" ] && [ \"$opt\" = --color ]; then\n"
	"\t\tmapfile -t COMPREPLY < <(compgen -W \"$(_vfctl_colors)\" -- \"$cur\")\n"
	"\t\treturn\n"
	"\tfi\n"
	"\tkind=$(_vfctl_value \"$cmd\" \"$table\" \"$opt\")\n"
	"\tcase $kind in\n"
	"\tfile | dir)\n"
	"\t\tcompopt -o filenames 2>/dev/null\n"
	"\t\tif [ \"$kind\" = dir ]; then\n"
	"\t\t\tmapfile -t COMPREPLY < <(compgen -d -- \"$cur\")\n"
	"\t\telse\n"
	"\t\t\tmapfile -t COMPREPLY < <(compgen -f -- \"$cur\")\n"
	"\t\tfi\n"
	"\t\treturn\n"
	"\t\t;;\n"
	"\twords\\ *)\n"
	"\t\tmapfile -t COMPREPLY < <(compgen -W \"${kind#words }\" -- \"$cur\")\n"
	"\t\treturn\n"
	"\t\t;;\n"
	"\ttext) return ;;\n"
	"\tesac\n"
	"\tif [ -z \"$cmd\" ]; then\n"
	"\t\tcase $cur in\n"
	"\t\t-*) w=\"--json --help $(_vfctl_colors | sed 's/[^ ]*/--color=&/g')\" ;;\n"
	"\t\t*) w=\"help $(_vfctl_subs help)\" ;;\n"
	"\t\tesac\n"
	"\t\tmapfile -t COMPREPLY < <(compgen -W \"$w\" -- \"$cur\")\n"
	"\t\treturn\n"
	"\tfi\n"
	"\t# vfctl help CMD SUB: help's subcommands are the commands\n"
	"\tif [ \"$cmd\" = help ] && [ -n \"$sub\" ]; then\n"
	"\t\t[ \"$operands\" = 0 ] &&\n"
	"\t\t\tmapfile -t COMPREPLY < <(compgen -W \"$(_vfctl_subs \"$sub\")\" -- \"$cur\")\n"
	"\t\treturn\n"
	"\tfi\n"
	"\tif [ -n \"$subs\" ] && [ -z \"$sub\" ]; then\n"
	"\t\tcase $cur in\n"
	"\t\t-*) w='--help' ;;\n"
	"\t\t*) w=$subs ;;\n"
	"\t\tesac\n"
	"\t\tmapfile -t COMPREPLY < <(compgen -W \"$w\" -- \"$cur\")\n"
	"\t\treturn\n"
	"\tfi\n"
	"\tcase $cur in\n"
	"\t-*) mapfile -t COMPREPLY < <(compgen -W \"$(_vfctl_opts \"$cmd\" \"$table\")\" -- \"$cur\") ;;\n"
	"\t*)\n"
	"\t\tcompopt -o filenames 2>/dev/null\n"
	"\t\tmapfile -t COMPREPLY < <(compgen -f -- \"$cur\")\n"
	"\t\t;;\n"
	"\tesac\n"
	"}\n"
	"complete -F _vfctl vfctl\n";

static void print_words(const char *const *w)
{
	for (; *w; w++)
		printf("%s%s", *w, w[1] ? " " : "");
}

static const struct vfctl_value *value_of(const struct vfctl_value *v, const char *opt)
{
	for (; v && v->opt; v++)
		if (!strcmp(v->opt, opt))
			return v;
	return NULL;
}

/* Each value entry must name an option of the table that takes a value. */
static int check_values(const char *where, const struct option *opts, const struct vfctl_value *v)
{
	const struct option *o;

	for (; v && v->opt; v++) {
		for (o = opts; o && o->name && strcmp(o->name, v->opt); o++)
			;
		if (!o || !o->name || o->has_arg != required_argument ||
		    (v->kind == VFCTL_VALUE_WORDS && !v->words)) {
			vfctl_error("this is a bug in vfctl's tables",
				    "'%s': --%s has a value kind but is no option with a value",
				    where, v->opt);
			return -1;
		}
	}
	return 0;
}

/* The long option a short one of @shortopts that takes a value stands for. */
static const struct option *long_of(const struct option *o, const char *shortopts, int c)
{
	const char *p = shortopts && c ? strchr(shortopts, c) : NULL;

	if (!p || p[1] != ':')
		return NULL;
	for (; o && o->name; o++)
		if (o->val == c)
			return o;
	return NULL;
}

static bool same_tables(const struct vfctl_sub *a, const struct vfctl_sub *b)
{
	return a->opts == b->opts && a->shortopts == b->shortopts && a->values == b->values;
}

/* Whether an earlier subcommand of the list shares @s's tables (and its lines). */
static bool shared_earlier(const struct vfctl_sub *subs, const struct vfctl_sub *s)
{
	const struct vfctl_sub *t;

	for (t = subs; t < s; t++)
		if (same_tables(t, s))
			return true;
	return false;
}

/*
 * "CMD SUB" | ...: the subcommands that share the tables of an earlier one,
 * which names the tables (_vfctl_table).
 */
static void aliases_case(const char *cmd, const struct vfctl_sub *s)
{
	const struct vfctl_sub *t;
	bool any = false;

	for (t = s + 1; t->name; t++)
		if (same_tables(t, s)) {
			printf("%s\"%s %s\"", any ? " | " : "\t", cmd, t->name);
			any = true;
		}
	if (any)
		printf(") echo %s ;;\n", s->name);
}

/* "CMD SUB") echo "--a --b" ;; */
static void opts_case(const char *cmd, const struct vfctl_sub *s)
{
	const struct option *o;

	printf("\t\"%s %s\") echo \"", cmd, s->name);
	for (o = s->opts; o && o->name; o++)
		printf("--%s%s", o->name, o[1].name ? " " : "");
	printf("\" ;;\n");
}

/* One line per option with a value: "CMD SUB --opt" | "CMD SUB -o") echo KIND ;; */
static void values_case(const char *cmd, const struct vfctl_sub *s)
{
	const struct option *o;
	int c;

	for (o = s->opts; o && o->name; o++) {
		const struct vfctl_value *v = value_of(s->values, o->name);

		if (o->has_arg != required_argument)
			continue;
		printf("\t\"%s %s --%s\"", cmd, s->name, o->name);
		for (c = 1; c < 128; c++)
			if (isalnum(c) && long_of(s->opts, s->shortopts, c) == o)
				printf(" | \"%s %s -%c\"", cmd, s->name, c);
		printf(") echo ");
		if (!v)
			printf("text");
		else if (v->kind == VFCTL_VALUE_FILE)
			printf("file");
		else if (v->kind == VFCTL_VALUE_DIR)
			printf("dir");
		else {
			printf("\"words ");
			print_words(v->words);
			printf("\"");
		}
		printf(" ;;\n");
	}
}

/*
 * Calls @fn for each set of tables of @cmd once: its subcommands, or a
 * command without them as the subcommand "" of itself.
 */
static void each_table(const struct vfctl_cmd *cmd,
		       void (*fn)(const char *cmd, const struct vfctl_sub *s))
{
	const struct vfctl_sub self[] = {
		{ .name = "",
		  .opts = cmd->opts,
		  .shortopts = cmd->shortopts,
		  .values = cmd->values },
		{ NULL },
	};
	const struct vfctl_sub *subs = cmd->subs ? cmd->subs : self, *s;

	if (!cmd->subs && !cmd->opts)
		return;
	for (s = subs; s->name; s++)
		if (!shared_earlier(subs, s))
			fn(cmd->name, s);
}

static int print_bash(void)
{
	const struct vfctl_cmd *const *c;
	const struct vfctl_sub *s;

	for (c = vfctl_commands; *c; c++) {
		if (check_values((*c)->name, (*c)->opts, (*c)->values))
			return VFCTL_FAILED;
		for (s = (*c)->subs; s && s->name; s++)
			if (check_values(s->name, s->opts, s->values))
				return VFCTL_FAILED;
	}
	printf("%s\n", script_head);
	printf("_vfctl_colors() {\n\techo \"");
	print_words(vfctl_color_words);
	printf("\"\n}\n\n");

	printf("# _vfctl_subs CMD: the subcommands of CMD (of help: the commands)\n");
	printf("_vfctl_subs() {\n\tcase $1 in\n\thelp) echo \"");
	for (c = vfctl_commands; *c; c++)
		printf("%s%s", (*c)->name, c[1] ? " " : "");
	printf("\" ;;\n");
	for (c = vfctl_commands; *c; c++) {
		if (!(*c)->subs)
			continue;
		printf("\t%s) echo \"", (*c)->name);
		for (s = (*c)->subs; s->name; s++)
			printf("%s%s", s->name, s[1].name ? " " : "");
		printf("\" ;;\n");
	}
	printf("\tesac\n}\n\n");

	printf("# _vfctl_table CMD SUB: the subcommand whose tables SUB shares\n");
	printf("_vfctl_table() {\n\tcase \"$1 $2\" in\n");
	for (c = vfctl_commands; *c; c++)
		each_table(*c, aliases_case);
	printf("\t*) echo \"$2\" ;;\n\tesac\n}\n\n");

	printf("# _vfctl_opts CMD TABLE: the long options\n");
	printf("_vfctl_opts() {\n\tcase \"$1 $2\" in\n");
	for (c = vfctl_commands; *c; c++)
		each_table(*c, opts_case);
	printf("\tesac\n}\n\n");

	printf("# _vfctl_value CMD TABLE OPTION: what OPTION's value is (file, dir,\n"
	       "# words W..., or text); nothing for an option without a value\n");
	printf("_vfctl_value() {\n\tcase \"$1 $2 $3\" in\n");
	for (c = vfctl_commands; *c; c++)
		each_table(*c, values_case);
	printf("\tesac\n}\n\n");
	fputs(script_body, stdout);
	return fflush(stdout) ? VFCTL_FAILED : VFCTL_OK;
}

static const struct option bash_longopts[] = {
	{ "json", no_argument, NULL, 'j' },
	{ "help", no_argument, NULL, 'h' },
	{ 0 },
};

static int completion_bash(int argc, char **argv)
{
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", bash_longopts, NULL)) != -1) {
		switch (c) {
		case 'j': /* the global option (its output under "output") */
			break;
		case 'h':
			completion_usage(stdout);
			return VFCTL_OK;
		default:
			return vfctl_bad_usage(argc, argv, completion_usage);
		}
	}
	if (optind < argc) {
		vfctl_error("vfctl completion bash", "'completion bash' takes no argument '%s'",
			    argv[optind]);
		return VFCTL_USAGE;
	}
	return print_bash();
}

static const struct vfctl_sub completion_subs[] = {
	{ .name = "bash", .run = completion_bash, .opts = bash_longopts },
	{ NULL },
};

const struct vfctl_cmd vfctl_cmd_completion = {
	.name = "completion",
	.summary = "print the bash completion script (vfctl completion bash)",
	.subs = completion_subs,
	.usage = completion_usage,
	.example = "bash",
};
