// SPDX-License-Identifier: MIT
/*
 * vfctl - set up and check Intel iGPU SR-IOV for VMs.
 *
 * main() only dispatches: each subcommand is a struct vfctl_cmd in its own
 * file, listed in the table below.
 */
#include <stdio.h>
#include <string.h>

#include "tools/vfctl/vfctl.h"

static const struct vfctl_cmd *const commands[] = {
	&vfctl_cmd_gop,
	&vfctl_cmd_provision,
	&vfctl_cmd_kvmfr,
	&vfctl_cmd_vm,
	&vfctl_cmd_doctor,
	&vfctl_cmd_vfs,
	&vfctl_cmd_vfio,
	&vfctl_cmd_setup,
};

#define N_COMMANDS (sizeof(commands) / sizeof(commands[0]))

static void usage(FILE *out)
{
	size_t i;

	fprintf(out, "usage: vfctl COMMAND [ARGS...]\n\ncommands:\n");
	for (i = 0; i < N_COMMANDS; i++)
		fprintf(out, "  %-10s %s\n", commands[i]->name, commands[i]->summary);
	fprintf(out, "\n'vfctl COMMAND --help' describes a command.\n"
		     "exit codes: 0 ok, 1 check failed, 2 usage, 3 environment missing\n");
}

int main(int argc, char **argv)
{
	size_t i;

	if (argc < 2) {
		usage(stderr);
		return VFCTL_USAGE;
	}
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") || !strcmp(argv[1], "help")) {
		usage(stdout);
		return VFCTL_OK;
	}
	for (i = 0; i < N_COMMANDS; i++)
		if (!strcmp(argv[1], commands[i]->name))
			return commands[i]->run(argc - 1, argv + 1);
	vfctl_error(false, "run 'vfctl --help' for the list of commands", "unknown command '%s'",
		    argv[1]);
	return VFCTL_USAGE;
}
