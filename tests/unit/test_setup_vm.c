// SPDX-License-Identifier: MIT
/*
 * vfctl setup's VM steps on fixture roots, against real files no one here
 * wrote: the GOP taken out of Debian's OVMF image (QEMU's video driver,
 * whose SHA-256 test_uefi_ovmf holds against UEFIExtract), the domain
 * built on the OVMF descriptors Debian's ovmf package installs and held
 * against libvirt's own domain schema, and the guest files. Each: the
 * plan's diff and commands, apply (atomic, mode and owner), a second apply
 * that changes nothing, undo to the same bytes, a failure at each write
 * and command, a symlink planted at each target.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "setup/setup.h"
#include "setup/setup_steps.h"
#include "setup_fixture.h"
#include "test_uefi_util.h"

#define VM "win11"
#define VM_XML "/etc/vfctl/" VM ".xml"
#define DEFINED "/etc/libvirt/qemu/" VM ".xml"
#define GUEST "/var/lib/vfctl/guest/" VM

/* The firmware descriptors the installed ovmf package ships, as one line. */
static const char *ovmf_descriptors(void)
{
	static char list[2048];
	FILE *f;

	if (list[0])
		return list;
	f = popen("dpkg -L ovmf | grep '^/usr/share/qemu/firmware/.*\\.json$' | tr '\\n' ' '", "r");
	assert_non_null(f);
	assert_non_null(fgets(list, sizeof(list), f));
	pclose(f);
	if (!strstr(list, ".json"))
		fail_msg("the ovmf package has no firmware descriptors: install it (make deps)");
	return list;
}

/* The ready host with the firmware descriptors of the installed ovmf. */
static void make_vm_host(struct tree *t)
{
	tree_ready(t);
	sh("mkdir -p '%s/usr/share/qemu/firmware' '%s/etc/libvirt/qemu' && "
	   "cp -t '%s/usr/share/qemu/firmware' %s",
	   t->root, t->root, t->root, ovmf_descriptors());
}

static void vm_opts(const struct tree *t, struct setup_opts *o)
{
	(void)t;
	o->vm = VM;
	o->bios = t_ovmf_path();
	o->gop_match = "QEMU Video Driver";
	o->res[0] = (struct vm_resolution){ 2560, 1440, 60 };
	o->nres = 1;
}

/* What `virsh define FILE` and `virsh undefine NAME` leave in /etc/libvirt/qemu. */
static int emulate_virsh(const char *root, const char *cmd)
{
	char c[2400];
	if (!strncmp(cmd, "virsh define '" VM_XML "'", strlen("virsh define '" VM_XML "'")))
		snprintf(c, sizeof(c), "cp '%s" VM_XML "' '%s" DEFINED "'", root, root);
	else if (!strncmp(cmd, "virsh undefine '" VM "'", strlen("virsh undefine '" VM "'")))
		snprintf(c, sizeof(c), "rm '%s" DEFINED "'", root);
	else
		return 0;
	return system(c) ? 1 : 0;
}

static void plan_vm(const struct tree *t, struct setup_plan *p)
{
	struct setup_opts o = { .root = t->root };
	vm_opts(t, &o);
	assert_int_equal(setup_plan_build(&o, p), 0);
}

static char *printed(const struct setup_plan *p)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	setup_plan_print(p, f);
	fclose(f);
	return buf;
}

/* Only the VM steps, for the failure loops (the others have theirs in test_setup). */
static void vm_only_opts(const struct tree *t, struct setup_opts *o)
{
	vm_opts(t, o);
	o->skip = "cmdline,options,vfs,vfio,kvmfr";
}

static const struct scen vm_only = { make_vm_host, vm_only_opts, emulate_virsh };

static const struct setup_file *file_of(const struct setup_step *s, const char *path)
{
	for (unsigned int k = 0; k < s->nfile; k++)
		if (!strcmp(s->file[k].path, path))
			return &s->file[k];
	fail_msg("step %s does not write %s", s->id, path);
	return NULL;
}

static void lstat_in(const struct tree *t, const char *path, struct stat *st)
{
	char p[1024];
	snprintf(p, sizeof(p), "%s%s", t->root, path);
	assert_int_equal(lstat(p, st), 0);
}

static void test_gop_step(void **state)
{
	struct tree t;
	struct setup_plan p;
	struct rec r = { .emulate = emulate_virsh };
	struct setup_runner run = runner(&r);
	const struct setup_step *g;
	struct stat st, dir;
	char *out;

	(void)state;
	make_vm_host(&t);
	plan_vm(&t, &p);
	g = step(&p, "gop");
	assert_int_equal(g->state, SETUP_TODO);
	assert_int_equal(g->nfile, 1);
	assert_int_equal(file_of(g, SETUP_GOP_PATH)->new_len, QEMU_VIDEO_SIZE);
	assert_non_null(strstr(g->reason, "sha256 56f78b7e9ef8eea2..."));
	out = printed(&p);
	assert_non_null(strstr(out, "== gop\nbinary file " SETUP_GOP_PATH ": 16896 bytes\n"));
	free(out);
	apply_ok(&p, &run);
	/* the bytes are QEMU's video driver, by coreutils' own sha256sum */
	out = sh_out("sha256sum < '%s" SETUP_GOP_PATH "'", t.root);
	assert_memory_equal(out, QEMU_VIDEO_SHA256, 64);
	free(out);
	lstat_in(&t, SETUP_GOP_PATH, &st);
	lstat_in(&t, "/var/lib/libvirt/vbios", &dir);
	assert_int_equal(st.st_mode, S_IFREG | 0644);
	assert_int_equal(st.st_uid, dir.st_uid);
	assert_int_equal(st.st_gid, dir.st_gid);
	assert_int_equal(dir.st_mode, S_IFDIR | 0755);
	tree_free(&t);

	/* the default name on OVMF: no Intel GOP there, the user's to give */
	make_vm_host(&t);
	{
		struct setup_opts o = { .root = t.root };

		vm_opts(&t, &o);
		o.gop_match = NULL;
		assert_int_equal(setup_plan_build(&o, &p), 0);
		assert_int_equal(step(&p, "gop")->state, SETUP_USER);
		assert_non_null(strstr(step(&p, "gop")->reason, "no valid Intel GOP driver"));
		/* the domain needs the GOP it names as romfile */
		assert_int_equal(step(&p, "vm")->state, SETUP_BLOCKED);
		assert_string_equal(step(&p, "vm")->blocked_by, "gop");
		setup_plan_free(&p);
		/* an image that is no firmware at all */
		o.bios = "tests/fixtures/setup/fresh/etc/os-release";
		assert_int_equal(setup_plan_build(&o, &p), 0);
		assert_int_equal(step(&p, "gop")->state, SETUP_USER);
		setup_plan_free(&p);
	}
	tree_free(&t);
}

static void test_vm_step(void **state)
{
	struct tree t;
	struct setup_plan p;
	const struct setup_step *v;
	const struct setup_file *f;
	char path[600], *out;
	FILE *x;

	(void)state;
	make_vm_host(&t);
	plan_vm(&t, &p);
	v = step(&p, "vm");
	assert_int_equal(v->state, SETUP_TODO);
	f = file_of(v, VM_XML);
	assert_null(f->old);
	/* the code and vars of the ovmf package's own descriptor */
	assert_non_null(strstr(f->new, "<loader readonly=\"yes\" type=\"pflash\">"
				       "/usr/share/OVMF/OVMF_CODE_4M.fd</loader>"));
	assert_non_null(strstr(f->new, "<nvram template=\"/usr/share/OVMF/OVMF_VARS_4M.fd\"/>"));
	/* VF1 and the GOP the gop step writes */
	assert_non_null(strstr(f->new, "slot=\"0x02\" function=\"0x1\""));
	assert_non_null(strstr(f->new, "<rom file=\"" SETUP_GOP_PATH "\"/>"));
	assert_int_equal(v->ncmd, 1);
	assert_string_equal(v->cmd[0].run, "virsh define '" VM_XML "'");
	assert_string_equal(v->cmd[0].undo, "virsh undefine '" VM "' --nvram");
	out = printed(&p);
	assert_non_null(strstr(out, "--- /dev/null\n+++ b" VM_XML "\n"));
	assert_non_null(strstr(out, "$ virsh define '" VM_XML "'   (undo: virsh undefine '" VM
				    "' --nvram)\n"));
	free(out);
	/* libvirt's own schema accepts the domain */
	snprintf(path, sizeof(path), "%s/domain.xml", t.dir);
	x = fopen(path, "w");
	assert_non_null(x);
	fputs(f->new, x);
	fclose(x);
	if (access("/usr/share/libvirt/schemas/domain.rng", R_OK)) {
		print_message("skip: no libvirt schema (libvirt0) to validate against\n");
	} else {
		sh("xmllint --noout --relaxng /usr/share/libvirt/schemas/domain.rng '%s'", path);
	}
	setup_plan_free(&p);

	/* without an OVMF descriptor there is no domain to define */
	sh("rm -r '%s/usr/share/qemu/firmware'", t.root);
	plan_vm(&t, &p);
	assert_int_equal(step(&p, "vm")->state, SETUP_USER);
	assert_non_null(strstr(step(&p, "vm")->reason, "no OVMF firmware descriptor"));
	assert_int_equal(step(&p, "guest")->state, SETUP_USER);
	setup_plan_free(&p);
	tree_free(&t);
}

static void test_guest_step(void **state)
{
	struct tree t;
	struct setup_plan p;
	const struct setup_step *g;

	(void)state;
	make_vm_host(&t);
	plan_vm(&t, &p);
	g = step(&p, "guest");
	assert_int_equal(g->state, SETUP_TODO);
	assert_int_equal(g->nfile, 3);
	/* the mode of --resolution, and the memory kvmfr sizes for it */
	assert_non_null(strstr(file_of(g, GUEST "/option.txt")->new, "\n2560, 1440, 60"));
	assert_non_null(strstr(file_of(g, GUEST "/looking-glass-host.ini")->new, "capture=dxgi"));
	assert_non_null(
		strstr(file_of(g, GUEST "/looking-glass-client.ini")->new, "shmFile=/dev/kvmfr0"));
	setup_plan_free(&p);
	tree_free(&t);
}

/* The whole plan with the VM: apply, a second apply, undo to the same bytes. */
static void test_vm_apply_twice_undo(void **state)
{
	struct tree t;
	struct setup_plan p;
	struct setup_result res;
	struct rec r = { .emulate = emulate_virsh };
	struct setup_runner run = runner(&r);
	char *before, *applied, *again, *undone;

	(void)state;
	make_vm_host(&t);
	before = snap(&t);
	plan_vm(&t, &p);
	assert_int_equal(setup_plan_todo(&p), 8);
	assert_int_equal(setup_apply(&p, &run, &res), 0);
	assert_int_equal(res.steps, 8);
	assert_non_null(strstr(r.log, "virsh define '" VM_XML "'\n"));
	setup_plan_free(&p);
	applied = snap(&t);
	/* written by rename: no temporary file is left beside a target */
	assert_null(strstr(applied, ".tmp"));

	plan_vm(&t, &p);
	for (unsigned int i = 0; i < p.n; i++)
		if (p.step[i].state != SETUP_DONE && p.step[i].state != SETUP_SKIPPED)
			fail_msg("step %s is %s after apply: %s", p.step[i].id,
				 setup_state_name(p.step[i].state), p.step[i].reason);
	assert_int_equal(setup_apply(&p, &run, &res), 0);
	assert_int_equal(res.files + res.cmds, 0);
	setup_plan_free(&p);
	again = snap(&t);
	assert_string_equal(applied, again);

	r.log[0] = '\0';
	assert_int_equal(setup_undo(t.root, &run, &res), 0);
	assert_non_null(strstr(r.log, "virsh undefine '" VM "' --nvram\n"));
	undone = snap(&t);
	assert_string_equal(before, undone);
	free(before);
	free(applied);
	free(again);
	free(undone);
	tree_free(&t);
}

/* A guest file the user already has keeps its mode and owner; it is
 * replaced by a rename (a new inode), and undo gives its bytes back. */
static void test_guest_file_keeps_mode_and_owner(void **state)
{
	struct tree t;
	struct setup_plan p;
	struct setup_result res;
	struct rec r = { .emulate = emulate_virsh };
	struct setup_runner run = runner(&r);
	struct stat st0, st;
	char path[1024], buf[64] = "";
	FILE *f;

	(void)state;
	if (geteuid()) {
		print_message("skip: giving a file another owner needs root\n");
		skip();
		return;
	}
	make_vm_host(&t);
	snprintf(path, sizeof(path), "%s" GUEST, t.root);
	{
		sh("mkdir -p '%s' && echo mine > '%s/looking-glass-client.ini'", path, path);
	}
	snprintf(path, sizeof(path), "%s" GUEST "/looking-glass-client.ini", t.root);
	assert_int_equal(chown(path, 1000, 1000), 0);
	assert_int_equal(chmod(path, 0640), 0);
	assert_int_equal(lstat(path, &st0), 0);
	plan_vm(&t, &p);
	assert_string_equal(file_of(step(&p, "guest"), GUEST "/looking-glass-client.ini")->old,
			    "mine\n");
	apply_ok(&p, &run);
	assert_int_equal(lstat(path, &st), 0);
	assert_int_equal(st.st_mode, S_IFREG | 0640);
	assert_int_equal(st.st_uid, 1000);
	assert_int_equal(st.st_gid, 1000);
	assert_int_not_equal(st.st_ino, st0.st_ino);
	assert_int_equal(setup_undo(t.root, &run, &res), 0);
	assert_int_equal(lstat(path, &st), 0);
	assert_int_equal(st.st_mode, S_IFREG | 0640);
	assert_int_equal(st.st_uid, 1000);
	f = fopen(path, "r");
	assert_non_null(f);
	assert_non_null(fgets(buf, sizeof(buf), f));
	fclose(f);
	assert_string_equal(buf, "mine\n");
	tree_free(&t);
}

static void test_vm_fail_each_write_and_command(void **state)
{
	int writes, cmds;

	(void)state;
	count_changes(&vm_only, &writes, &cmds);
	/* the GOP, the domain's XML, three guest files; virsh define */
	assert_int_equal(writes, 5);
	assert_int_equal(cmds, 1);
	for (int k = 1; k <= writes; k++)
		fail_at(&vm_only, false, k, false);
	for (int k = 1; k <= cmds; k++)
		fail_at(&vm_only, true, k, false);
}

static void test_vm_symlink_each_target(void **state)
{
	(void)state;
	for (int k = 1; k <= 5; k++)
		fail_at(&vm_only, false, k, true);
}

/* A directory on the way that is a link: the plan writes nothing there. */
static void test_vm_symlinked_directory(void **state)
{
	struct tree t;
	struct setup_plan p;

	(void)state;
	make_vm_host(&t);
	sh("mkdir '%s/elsewhere' && ln -s '%s/elsewhere' '%s/etc/vfctl' && "
	   "mkdir -p '%s/var/lib/vfctl' && ln -s /tmp '%s/var/lib/vfctl/guest'",
	   t.dir, t.dir, t.root, t.root, t.root);
	plan_vm(&t, &p);
	assert_int_equal(step(&p, "vm")->state, SETUP_USER);
	assert_non_null(strstr(step(&p, "vm")->reason, "symlink"));
	assert_int_equal(step(&p, "vm")->nfile, 0);
	assert_int_equal(step(&p, "guest")->state, SETUP_USER);
	assert_int_equal(step(&p, "guest")->nfile, 0);
	setup_plan_free(&p);
	tree_free(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_gop_step),
		cmocka_unit_test(test_vm_step),
		cmocka_unit_test(test_guest_step),
		cmocka_unit_test(test_vm_apply_twice_undo),
		cmocka_unit_test(test_guest_file_keeps_mode_and_owner),
		cmocka_unit_test(test_vm_fail_each_write_and_command),
		cmocka_unit_test(test_vm_symlink_each_target),
		cmocka_unit_test(test_vm_symlinked_directory),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
