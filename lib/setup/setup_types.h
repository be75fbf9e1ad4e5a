/* SPDX-License-Identifier: MIT */
/*
 * The guided setup as data: a plan is the guide's steps in order, each with
 * its state on this host and, when it is to do, the exact change: the files
 * it writes (old and new contents, so a diff can be shown and undone) and the
 * commands it runs (with their inverse where one exists).
 */
#ifndef SETUP_TYPES_H
#define SETUP_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "host/host_distro.h"
#include "vm/vm_domain_types.h"

#define SETUP_MAX_STEPS 16
#define SETUP_MAX_FILES 8
#define SETUP_MAX_CMDS 4
#define SETUP_PATH_MAX 512
#define SETUP_CMD_MAX 768

enum setup_state {
	SETUP_DONE, /* the host already has it */
	SETUP_TODO, /* apply will make the change shown */
	SETUP_BLOCKED, /* an earlier step (blocked_by) must be done first */
	SETUP_USER, /* needs the user: BIOS settings, a DKMS source tree */
	SETUP_SKIPPED, /* left out (--skip, or no --bios/--vm given) */
};

/* One file a step writes. old/new are NULL when the file is absent. */
struct setup_file {
	char path[SETUP_PATH_MAX]; /* absolute, on the live system */
	char *old; /* contents before this step (after the earlier steps) */
	size_t old_len;
	char *new; /* contents after it; NULL removes the file */
	size_t new_len;
	mode_t mode; /* of a new file; an existing one keeps its own */
};

/* One command a step runs; undo is "" when it has no inverse. */
struct setup_cmd {
	char run[SETUP_CMD_MAX];
	char undo[SETUP_CMD_MAX];
};

struct setup_step {
	const char *id; /* stable: "cmdline", "vfs", ... */
	const char *title;
	enum setup_state state;
	char reason[512]; /* why this state, in one sentence */
	const char *blocked_by; /* id of the step it waits for, or NULL */
	struct setup_file file[SETUP_MAX_FILES];
	unsigned int nfile;
	struct setup_cmd cmd[SETUP_MAX_CMDS];
	unsigned int ncmd;
	bool reboot; /* takes effect at the next boot */
};

struct setup_opts {
	const char *root; /* prefix; NULL or "/" for the live system */
	const char *pf; /* PF address; NULL for the iGPU's 0000:00:02.0 */
	/* the PF's driver, which the VF udev rules wait for; NULL: i915
	 * (tests give QEMU's igb, an SR-IOV PF with a real driver) */
	const char *pf_driver;
	unsigned int vfs; /* VFs at boot; 0 = 2, the guide's number */
	const char *bios; /* BIOS image to take the GOP from, or NULL */
	/* the GOP driver's name in it; NULL: UEFI_GOP_DEFAULT_MATCH (tests
	 * take QEMU's video driver out of Debian's OVMF with another) */
	const char *gop_match;
	const char *dkms_src; /* i915-sriov-dkms source tree, or NULL */
	const char *vm; /* domain name, or NULL: no VM steps */
	struct vm_resolution res[VM_MAX_RESOLUTIONS];
	unsigned int nres; /* 0: 1920x1080 for the kvmfr size */
	const char *skip; /* comma-separated step ids to leave out, or NULL */
};

/* A file the plan read from the host, kept until the plan is freed. */
struct setup_read {
	char path[SETUP_PATH_MAX];
	char *text; /* NULL: absent */
	size_t len;
};

struct setup_plan {
	struct setup_opts o;
	struct setup_read *reads;
	unsigned int nreads;
	char pf[16];
	struct host_distro distro;
	char release[128]; /* uname -r of the root, "" when unknown */
	struct setup_step step[SETUP_MAX_STEPS];
	unsigned int n;
};

/*
 * Command runner: the CLI runs through /bin/sh (chroot for another root);
 * tests record, or fail on purpose. Returns the exit status (0 = success)
 * or a negative errno.
 */
struct setup_runner {
	int (*run)(void *priv, const char *root, const char *cmd);
	/* called before each file is written or restored; an error stops
	 * there as a failed write would (tests inject failures); may be NULL */
	int (*before_write)(void *priv, const char *step, const char *path);
	void *priv;
};

#endif
