// SPDX-License-Identifier: MIT
/*
 * vfctl - set up and check Intel iGPU SR-IOV for VMs.
 *
 * main() only dispatches: each command is a struct vfctl_cmd in its own
 * file, listed in the table below; its subcommands are its own table
 * (vfctl_dispatch.c), and shell completion is made from both.
 */
#include <stdio.h>
#include <string.h>

#include "tools/vfctl/vfctl.h"

const struct vfctl_cmd *const vfctl_commands[] = {
	&vfctl_cmd_setup,      &vfctl_cmd_gop,
	&vfctl_cmd_provision,  &vfctl_cmd_kvmfr,
	&vfctl_cmd_vm,	       &vfctl_cmd_doctor,
	&vfctl_cmd_vfs,	       &vfctl_cmd_vfio,
	&vfctl_cmd_completion, NULL,
};

static void usage(FILE *out)
{
	const struct vfctl_cmd *const *c;

	fprintf(out,
		"usage: vfctl [--color=never|always|auto] COMMAND [ARGS...] [--json]\n\ncommands:\n");
	for (c = vfctl_commands; *c; c++)
		fprintf(out, "  %-10s %s\n", (*c)->name, (*c)->summary);
	fprintf(out, "\n'vfctl help COMMAND' or 'vfctl COMMAND --help' describes a command,\n"
		     "'vfctl COMMAND SUB --help' one of its subcommands.\n"
		     "--json: one JSON document on stdout (version, findings, errors; vfctl(1)).\n"
		     "exit codes: 0 ok, 1 check failed, 2 usage, 3 environment missing\n");
}

static int run(int argc, char **argv)
{
	const struct vfctl_cmd *cmd;
	char *help[4];
	int i, j;

	if (argc < 2 || (argc == 2 && !strcmp(argv[1], "--json"))) {
		if (!vfctl_out_json())
			usage(stderr);
		vfctl_error("run 'vfctl --help' for the list of commands", "no command given");
		return VFCTL_USAGE;
	}
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") ||
	    (!strcmp(argv[1], "help") && argc == 2)) {
		usage(stdout);
		return VFCTL_OK;
	}
	if (!strcmp(argv[1], "help")) {
		/* vfctl help CMD [SUB]: the same text as vfctl CMD [SUB] --help */
		for (i = j = 2; i < argc; i++)
			if (strcmp(argv[i], "--json")) /* the global option, not a word of help's */
				argv[j++] = argv[i];
		argc = j;
		if (argc == 2) {
			usage(stdout);
			return VFCTL_OK;
		}
		cmd = vfctl_cmd_find(argv[2]);
		if (!cmd || argc > 4) {
			vfctl_error("run 'vfctl --help' for the list of commands",
				    "no help for '%s'", argv[2]);
			return VFCTL_USAGE;
		}
		vfctl_out_command(argv[2]);
		help[0] = argv[2];
		help[1] = argc == 4 ? argv[3] : "--help";
		help[2] = argc == 4 ? "--help" : NULL;
		help[3] = NULL;
		return vfctl_run(cmd, argc == 4 ? 3 : 2, help);
	}
	cmd = vfctl_cmd_find(argv[1]);
	if (cmd)
		return vfctl_run(cmd, argc - 1, argv + 1);
	vfctl_error("run 'vfctl --help' for the list of commands", "unknown command '%s'", argv[1]);
	return VFCTL_USAGE;
}

int main(int argc, char **argv)
{
	int rc = vfctl_out_start(&argc, argv);

	if (!rc)
		rc = run(argc, argv);
	return vfctl_out_finish(rc);
}
