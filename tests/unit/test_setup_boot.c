// SPDX-License-Identifier: MIT
/*
 * vfctl setup's kernel command line through the boot loaders that keep it
 * in Boot Loader Specification entries, on fixture roots:
 * - systemd-boot with /etc/kernel/cmdline: the entries are Debian's real
 *   kernel-install (its 90-loaderentry plugin) run on the fixture, before
 *   apply, for the command apply runs, and for undo's;
 * - systemd-boot without it: those entries, and one with two options lines
 *   (the specification joins them), edited in place;
 * - Fedora: grubby is not in Debian, so the exact command lines are held
 *   against the entries grubby would edit (its BLS rules: --args replaces
 *   a key's value and appends, --remove-args drops exact words).
 * Each: plan, apply, a second plan with nothing to do, undo to the same
 * bytes; for the edited entries a failure and a symlink at each write. The
 * systemd-boot entries are read back by bootctl, systemd-boot's own parser. The
 * systemd-boot entries are read back by bootctl, systemd-boot's own parser.
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

#include "host/host_cmdline.h"
#include "setup/setup.h"
#include "setup/setup_steps.h"
#include "setup_fixture.h"

#define REL "6.1.0-57-amd64"
#define MID "4a1f0c0e5d2b4c7e9f3a6b8d0c2e4f6a"
#define ENTRY "/boot/efi/loader/entries/" MID "-" REL ".conf"
#define CMDLINE "root=UUID=0b7c5e0e-2a61-4a52-9d0e-8e3a1c4b2f10 ro quiet"
#define WANTED "intel_iommu=on iommu=pt"

/*
 * Debian's kernel-install on the fixture: the configuration of @conf (the
 * root's /etc/kernel, or one outside it), the ESP at /boot/efi, only the
 * plugin that writes the loader entry.
 */
static int kernel_install(const char *root, const char *conf, const char *image)
{
	char cmd[2400];
	snprintf(cmd, sizeof(cmd),
		 "KERNEL_INSTALL_CONF_ROOT='%s' BOOT_ROOT='%s/boot/efi' MACHINE_ID=" MID " "
		 "KERNEL_INSTALL_PLUGINS=/usr/lib/kernel/install.d/90-loaderentry.install "
		 "kernel-install add " REL " '%s%s' >/dev/null",
		 conf, root, root, image);
	return system(cmd) ? 1 : 0;
}

/* What apply's and undo's `kernel-install add 'REL' 'IMAGE'` do to the root. */
static int emulate_kernel_install(const char *root, const char *cmd)
{
	char rel[64], image[256], conf[600];
	if (sscanf(cmd, "kernel-install add '%63[^']' '%255[^']'", rel, image) != 2)
		return 0;
	assert_string_equal(rel, REL);
	snprintf(conf, sizeof(conf), "%s/etc/kernel", root);
	return kernel_install(root, conf, image);
}

static bool have_kernel_install(void)
{
	if (!access("/usr/bin/kernel-install", X_OK) &&
	    !access("/usr/lib/kernel/install.d/90-loaderentry.install", R_OK))
		return true;
	print_message("skip: no kernel-install (Debian's systemd) to write the entries\n");
	return false;
}

/* A Debian host booting systemd-boot from the ESP at /boot/efi. */
static void make_sdboot(struct tree *t, bool cmdline_file)
{
	tree_ready(t);
	sh("rm '%s/etc/default/grub' && mkdir -p '%s/boot/efi/loader' '%s/etc/kernel' && "
	   "printf 'timeout 3\\n' > '%s/boot/efi/loader/loader.conf' && "
	   "printf 'layout=bls\\n' > '%s/etc/kernel/install.conf' && "
	   "printf 'kernel image\\n' > '%s/boot/vmlinuz-" REL "'",
	   t->root, t->root, t->root, t->root, t->root, t->root);
	if (cmdline_file) {
		sh("printf '" CMDLINE "\\n' > '%s/etc/kernel/cmdline'", t->root);
		assert_int_equal(emulate_kernel_install(t->root, "kernel-install add '" REL
								 "' '/boot/vmlinuz-" REL "'"),
				 0);
	} else {
		char conf[600];

		/* the entry as kernel-install wrote it once; no cmdline file kept */
		snprintf(conf, sizeof(conf), "%s/kconf", t->dir);
		sh("mkdir -p '%s' && printf 'layout=bls\\n' > '%s/install.conf' && "
		   "printf '" CMDLINE "\\n' > '%s/cmdline'",
		   conf, conf, conf);
		assert_int_equal(kernel_install(t->root, conf, "/boot/vmlinuz-" REL), 0);
		sh("rm -r '%s'", conf);
		/* an older entry by hand, its options on two lines */
		sh("printf 'title Debian (6.1.0-56)\\nversion 6.1.0-56-amd64\\n"
		   "options root=UUID=0b7c ro\\noptions quiet iommu=pt\\n"
		   "linux /vmlinuz-6.1.0-56-amd64\\n' > '%s/boot/efi/loader/entries/old.conf'",
		   t->root);
	}
}

static void make_sdboot_cmdline(struct tree *t)
{
	make_sdboot(t, true);
}

static void make_sdboot_entries(struct tree *t)
{
	make_sdboot(t, false);
}

static void assert_has(const char *text, const char *want)
{
	if (!strstr(text, want))
		fail_msg("no \"%s\" in:\n%s", want, text);
}

/*
 * The options of every entry as systemd-boot's own parser joins them:
 * `bootctl list` on the fixture's ESP (bind-mounted on itself in a private
 * mount namespace: bootctl wants the root of a file system). One line per
 * entry, "options: ..."; NULL, with the reason printed, without bootctl.
 */
static char *bootctl_options(const struct tree *t)
{
	const char *bootctl = getenv("BOOTCTL");
	char cmd[2400], *buf = calloc(1, 8192);
	FILE *f;
	size_t n;
	if (!bootctl || access(bootctl, X_OK))
		bootctl = "/usr/bin/bootctl";
	if (access(bootctl, X_OK) || system("unshare -m true 2>/dev/null")) {
		print_message("skip: no bootctl (make unpacks Debian's systemd-boot) or no "
			      "mount namespace to run it in\n");
		free(buf);
		return NULL;
	}
	snprintf(cmd, sizeof(cmd),
		 "unshare -m sh -c 'mount --bind \"$0\" \"$0\" && SYSTEMD_RELAX_ESP_CHECKS=1 "
		 "\"$1\" --esp-path=\"$0\" --no-variables --no-pager list' '%s/boot/efi' '%s' "
		 "| sed -n 's/^ *options: //p'",
		 t->root, bootctl);
	f = popen(cmd, "r");
	assert_non_null(f);
	n = fread(buf, 1, 8191, f);
	buf[n] = '\0';
	assert_int_equal(pclose(f), 0);
	return buf;
}

static void test_systemd_boot_kernel_cmdline(void **state)
{
	struct tree t;
	struct setup_plan p;
	struct rec r = { .emulate = emulate_kernel_install };
	struct setup_runner run = runner(&r);
	const struct setup_step *c;
	char *before, *entry;

	(void)state;
	if (!have_kernel_install()) {
		skip();
		return;
	}
	make_sdboot_cmdline(&t);
	entry = read_in(&t, ENTRY);
	assert_has(entry, "options    " CMDLINE " systemd.machine_id=" MID "\n");
	free(entry);
	before = snap(&t);
	plan(&t, &p, NULL);
	c = step(&p, "cmdline");
	assert_int_equal(c->state, SETUP_TODO);
	assert_int_equal(c->nfile, 1);
	assert_string_equal(c->file[0].path, "/etc/kernel/cmdline");
	assert_string_equal(c->file[0].new, CMDLINE " " WANTED "\n");
	/* the root's own kernel and where Debian keeps its image */
	assert_string_equal(c->cmd[0].run, "kernel-install add '" REL "' '/boot/vmlinuz-" REL "'");
	assert_string_equal(c->cmd[0].undo, c->cmd[0].run);
	apply_ok(&p, &run);
	/* the entry kernel-install wrote from the new /etc/kernel/cmdline */
	entry = read_in(&t, ENTRY);
	assert_has(entry, "options    " CMDLINE " " WANTED " systemd.machine_id=" MID "\n");
	free(entry);
	assert_int_equal(state_of(&t, NULL, "cmdline"), SETUP_DONE);
	undo_exact(&t, &run, before);
	tree_free(&t);
}

static const char *const only_cmdline = "options,vfs,vfio,kvmfr";

static void test_systemd_boot_entries(void **state)
{
	struct tree t;
	struct setup_plan p;
	struct rec r = { 0 };
	struct setup_runner run = runner(&r);
	const struct setup_step *c;
	char *before, *entry;

	(void)state;
	if (!have_kernel_install()) {
		skip();
		return;
	}
	make_sdboot_entries(&t);
	before = snap(&t);
	plan(&t, &p, only_cmdline);
	c = step(&p, "cmdline");
	assert_int_equal(c->state, SETUP_TODO);
	assert_int_equal(c->ncmd, 0);
	assert_int_equal(c->nfile, 2);
	/* kernel-install's entry: the parameters after its own */
	assert_string_equal(c->file[0].path, ENTRY);
	assert_has(c->file[0].new,
		   "options    " CMDLINE " systemd.machine_id=" MID " " WANTED "\n");
	/* two options lines: iommu=pt stays on the second, the rest on the first */
	assert_string_equal(c->file[1].path, "/boot/efi/loader/entries/old.conf");
	assert_has(c->file[1].new,
		   "options root=UUID=0b7c ro intel_iommu=on\noptions quiet iommu=pt\n");
	apply_ok(&p, &run);
	entry = read_in(&t, ENTRY);
	assert_has(entry, WANTED "\n");
	free(entry);
	assert_int_equal(state_of(&t, only_cmdline, "cmdline"), SETUP_DONE);
	undo_exact(&t, &run, before);
	tree_free(&t);
}

static void entries_opts(const struct tree *t, struct setup_opts *o)
{
	(void)t;
	o->skip = only_cmdline;
}

static void test_systemd_boot_entries_failures(void **state)
{
	static const struct scen sc = { make_sdboot_entries, entries_opts, NULL };
	int writes, cmds;

	(void)state;
	if (!have_kernel_install()) {
		skip();
		return;
	}
	count_changes(&sc, &writes, &cmds);
	assert_int_equal(writes, 2);
	assert_int_equal(cmds, 0);
	for (int k = 1; k <= writes; k++) {
		fail_at(&sc, false, k, false);
		fail_at(&sc, false, k, true);
	}
}

/* A Fedora 40 host: GRUB with BLS entries, as its installer leaves it. */
static void make_fedora(struct tree *t, const char *opts1, const char *opts2)
{
	tree_ready(t);
	sh("printf 'NAME=\"Fedora Linux\"\\nVERSION_ID=40\\nID=fedora\\n"
	   "PRETTY_NAME=\"Fedora Linux 40 (Workstation Edition)\"\\n' > '%s/etc/os-release' && "
	   "printf 'GRUB_TIMEOUT=5\\nGRUB_CMDLINE_LINUX=\"rhgb quiet\"\\n"
	   "GRUB_ENABLE_BLSCFG=true\\n' > '%s/etc/default/grub' && "
	   "mkdir -p '%s/boot/loader/entries' '%s/boot/grub2' && touch '%s/usr/bin/dracut' "
	   "2>/dev/null || (mkdir -p '%s/usr/bin' && touch '%s/usr/bin/dracut')",
	   t->root, t->root, t->root, t->root, t->root, t->root, t->root);
	sh("printf 'title Fedora Linux (6.8.5-301.fc40.x86_64) 40 (Workstation Edition)\\n"
	   "version 6.8.5-301.fc40.x86_64\\nlinux /vmlinuz-6.8.5-301.fc40.x86_64\\n"
	   "initrd /initramfs-6.8.5-301.fc40.x86_64.img\\noptions %s\\n"
	   "grub_users $grub_users\\ngrub_arg --unrestricted\\ngrub_class fedora\\n' "
	   "> '%s/boot/loader/entries/" MID "-6.8.5-301.fc40.x86_64.conf' && "
	   "printf 'title Fedora Linux (0-rescue-" MID ") 40 (Workstation Edition)\\n"
	   "version 0-rescue-" MID "\\nlinux /vmlinuz-0-rescue-" MID "\\n"
	   "initrd /initramfs-0-rescue-" MID ".img\\noptions %s\\n"
	   "grub_users $grub_users\\ngrub_arg --unrestricted\\ngrub_class fedora\\n' "
	   "> '%s/boot/loader/entries/" MID "-0-rescue.conf'",
	   opts1, t->root, opts2, t->root);
}

#define FEDORA_OPTS "root=UUID=6d1f rootflags=subvol=root ro rhgb quiet"

/* Entries with @opts that keep i915 or its IOMMU off: the user's step, with
 * @fix, the grubby command that takes just that out. */
static void against_fix_case(const char *opts, const char *fix)
{
	struct setup_plan p;
	struct tree t;

	make_fedora(&t, opts, opts);
	plan(&t, &p, only_cmdline);
	assert_int_equal(step(&p, "cmdline")->state, SETUP_USER);
	if (!strstr(step(&p, "cmdline")->reason, fix))
		fail_msg("\"%s\" lacks \"%s\"", step(&p, "cmdline")->reason, fix);
	setup_plan_free(&p);
	tree_free(&t);
}

/* plan, apply and undo with grubby's commands recorded: nothing is written */
static void fedora_case(const char *opts1, const char *opts2, const char *want_run,
			const char *want_undo)
{
	struct tree t;
	struct setup_plan p;
	struct setup_result res;
	struct rec r = { 0 };
	struct setup_runner run = runner(&r);
	const struct setup_step *c;
	char *before, *after;
	make_fedora(&t, opts1, opts2);
	before = snap(&t);
	plan(&t, &p, only_cmdline);
	c = step(&p, "cmdline");
	assert_int_equal(p.distro.family, HOST_DISTRO_FEDORA);
	assert_int_equal(p.distro.boot, HOST_BOOT_GRUB);
	if (!want_run) {
		assert_int_equal(c->state, SETUP_DONE);
		setup_plan_free(&p);
		tree_free(&t);
		free(before);
		return;
	}
	assert_int_equal(c->state, SETUP_TODO);
	assert_int_equal(c->nfile, 0);
	assert_int_equal(c->ncmd, 1);
	assert_string_equal(c->cmd[0].run, want_run);
	assert_string_equal(c->cmd[0].undo, want_undo);
	if (!want_undo[0])
		assert_has(c->reason, "undo cannot give each its own parameters back");
	apply_ok(&p, &run);
	assert_memory_equal(r.log, want_run, strlen(want_run));
	assert_string_equal(r.log + strlen(want_run), "\n");
	r.log[0] = '\0';
	assert_int_equal(setup_undo(t.root, &run, &res), 0);
	if (want_undo[0]) {
		assert_memory_equal(r.log, want_undo, strlen(want_undo));
		assert_string_equal(r.log + strlen(want_undo), "\n");
	} else {
		assert_string_equal(r.log, "");
	}
	after = snap(&t);
	assert_string_equal(before, after);
	free(before);
	free(after);
	tree_free(&t);
}

static void test_fedora_grubby(void **state)
{
	(void)state;
	/* a fresh install */
	fedora_case(FEDORA_OPTS, FEDORA_OPTS, "grubby --update-kernel=ALL --args=\"" WANTED "\"",
		    "grubby --update-kernel=ALL --remove-args=\"" WANTED "\"");
	/* iommu=pt there already: only the rest, and undo leaves it */
	fedora_case(FEDORA_OPTS " iommu=pt", FEDORA_OPTS " iommu=pt",
		    "grubby --update-kernel=ALL --args=\"intel_iommu=on\"",
		    "grubby --update-kernel=ALL --remove-args=\"intel_iommu=on\"");
	/* another value: grubby replaces it, undo puts it back */
	fedora_case(FEDORA_OPTS " intel_iommu=off", FEDORA_OPTS " intel_iommu=off",
		    "grubby --update-kernel=ALL --args=\"" WANTED "\"",
		    "grubby --update-kernel=ALL --remove-args=\"iommu=pt\" "
		    "--args=\"intel_iommu=off\"");
	/* entries that differ: no grubby command gives each its own back */
	fedora_case(FEDORA_OPTS " iommu=pt", FEDORA_OPTS,
		    "grubby --update-kernel=ALL --args=\"" WANTED "\"", "");
	/* i915's own option on the entries overrides modprobe.d: made right */
	fedora_case(FEDORA_OPTS " " WANTED " i915.enable_guc=0",
		    FEDORA_OPTS " " WANTED " i915.enable_guc=0",
		    "grubby --update-kernel=ALL --args=\"i915.enable_guc=3\"",
		    "grubby --update-kernel=ALL --args=\"i915.enable_guc=0\"");
	/* passthrough turned off again by iommu.passthrough=0: iommu=pt goes
	 * after it, and undo removes just that */
	fedora_case(FEDORA_OPTS " intel_iommu=on iommu.passthrough=0",
		    FEDORA_OPTS " intel_iommu=on iommu.passthrough=0",
		    "grubby --update-kernel=ALL --args=\"iommu=pt\"",
		    "grubby --update-kernel=ALL --remove-args=\"iommu=pt\"");
	/* an entry that keeps i915 from loading: the user's, nothing run */
	{
		struct tree t;

		make_fedora(&t, FEDORA_OPTS, FEDORA_OPTS " module_blacklist=i915");
		assert_int_equal(state_of(&t, only_cmdline, "cmdline"), SETUP_USER);
		tree_free(&t);
	}
	/* the fix grubby runs takes i915 out and leaves the user's other
	 * modules (--args drops the key's words, puts this one in their place) */
	against_fix_case(FEDORA_OPTS " module_blacklist=i915,nouveau",
			 "grubby --update-kernel=ALL --args=\"module_blacklist=nouveau\"");
	against_fix_case(FEDORA_OPTS " module_blacklist=nouveau,i915,xe",
			 "grubby --update-kernel=ALL --args=\"module_blacklist=nouveau,xe\"");
	against_fix_case(FEDORA_OPTS " module_blacklist=i915",
			 "grubby --update-kernel=ALL --remove-args=\"module_blacklist\"");
	against_fix_case(FEDORA_OPTS " intel_iommu=on,igfx_off",
			 "grubby --update-kernel=ALL --args=\"intel_iommu=on\"");
	against_fix_case(FEDORA_OPTS " initcall_blacklist=sysfb_init,i915_init",
			 "grubby --update-kernel=ALL --args=\"initcall_blacklist=sysfb_init\"");
	/* done by hand, in every entry */
	fedora_case(FEDORA_OPTS " " WANTED, FEDORA_OPTS " iommu=pt intel_iommu=on", NULL, NULL);
}

/* Pop!_OS: kernelstub's JSON list, read (json-c) as a command line: @json
 * is /etc/kernelstub/configuration; @want in the step's reason, or NULL for
 * a plan that adds the setup's words. */
static void kernelstub_case(const char *json, const char *want)
{
	struct setup_plan p;
	struct tree t;
	char path[600];
	FILE *f;

	tree_ready(&t);
	snprintf(path, sizeof(path), "%s/etc/kernelstub", t.root);
	assert_int_equal(mkdir(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/etc/kernelstub/configuration", t.root);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(json, f);
	fclose(f);
	plan(&t, &p, only_cmdline);
	if (want) {
		assert_int_equal(step(&p, "cmdline")->state, SETUP_USER);
		if (!strstr(step(&p, "cmdline")->reason, want))
			fail_msg("\"%s\" lacks \"%s\"", step(&p, "cmdline")->reason, want);
	} else {
		assert_int_equal(step(&p, "cmdline")->state, SETUP_TODO);
	}
	setup_plan_free(&p);
	tree_free(&t);
}

/*
 * kernelstub's configuration as Pop!_OS writes it (config_rev 3: "default"
 * and "user" sections, the user's "kernel_options" the ones it passes; the
 * layout `kernelstub -p` prints, https://github.com/spxak1/weywot
 * kernelstub.md) holds the words that keep i915 or its IOMMU off as any
 * command line does; -d takes the string out, -a puts the rest back.
 */
static void test_kernelstub_against(void **state)
{
	static const char head[] = "{\"default\": {\"kernel_options\": [\"quiet\", \"splash\"], "
				   "\"esp_path\": \"/boot/efi\"}, \"user\": {\"kernel_options\": "
				   "[\"quiet\", \"splash\", ";
	static const char tail[] = "], \"esp_path\": \"/boot/efi\", \"setup_loader\": false, "
				   "\"manage_mode\": true, \"force_update\": false, "
				   "\"live_mode\": false, \"config_rev\": 3}}\n";
	char json[1024];

	(void)state;
	snprintf(json, sizeof(json), "%s\"module_blacklist=i915,nouveau\"%s", head, tail);
	kernelstub_case(json, "kernelstub -d \"module_blacklist=i915,nouveau\" -a "
			      "\"module_blacklist=nouveau\"");
	snprintf(json, sizeof(json), "%s\"intel_iommu=on,igfx_off\"%s", head, tail);
	kernelstub_case(json, "kernelstub -d \"intel_iommu=on,igfx_off\" -a \"intel_iommu=on\"");
	snprintf(json, sizeof(json), "%s\"initcall_blacklist=i915_init\"%s", head, tail);
	kernelstub_case(json, "kernelstub -d \"initcall_blacklist=i915_init\"");
	/* the template's words are not the ones kernelstub passes */
	kernelstub_case("{\"default\": {\"kernel_options\": [\"module_blacklist=i915\"]}, "
			"\"user\": {\"kernel_options\": [\"quiet\"]}}\n",
			NULL);
	/* not kernelstub's JSON: a clear reason, nothing planned */
	kernelstub_case("{\"user\": {\"kernel_options\": [\"quiet\"\n", "not valid JSON");
	kernelstub_case("{\"user\": {}}\n", "no \"user\" section with a \"kernel_options\"");
}

/* Fedora 30-33 entries say "options $kernelopts": GRUB's environment holds them. */
static void test_fedora_kernelopts(void **state)
{
	struct tree t;
	struct setup_plan p;

	(void)state;
	make_fedora(&t, "$kernelopts", "$kernelopts");
	sh("printf '# GRUB Environment Block\\nkernelopts=" FEDORA_OPTS " " WANTED "\\n' "
	   "> '%s/boot/grub2/grubenv'",
	   t.root);
	assert_int_equal(state_of(&t, only_cmdline, "cmdline"), SETUP_DONE);
	sh("printf '# GRUB Environment Block\\nkernelopts=" FEDORA_OPTS "\\n' "
	   "> '%s/boot/grub2/grubenv'",
	   t.root);
	plan(&t, &p, only_cmdline);
	assert_string_equal(step(&p, "cmdline")->cmd[0].run,
			    "grubby --update-kernel=ALL --args=\"" WANTED "\"");
	setup_plan_free(&p);
	/* no entries at all: nothing for grubby, the user's */
	sh("rm '%s'/boot/loader/entries/*.conf", t.root);
	assert_int_equal(state_of(&t, only_cmdline, "cmdline"), SETUP_USER);
	tree_free(&t);
}

/* systemd-boot's own parser (bootctl) reads what apply and undo leave. */
static void test_bootctl_reads_the_entries(void **state)
{
	struct tree t;
	struct setup_result res;
	struct rec r = { .emulate = emulate_kernel_install };
	struct setup_runner run = runner(&r);
	char *opts;

	(void)state;
	if (!have_kernel_install()) {
		skip();
		return;
	}
	make_sdboot_entries(&t);
	opts = bootctl_options(&t);
	if (!opts) {
		tree_free(&t);
		skip();
		return;
	}
	assert_string_equal(opts, CMDLINE " systemd.machine_id=" MID "\n"
					  "root=UUID=0b7c ro quiet iommu=pt\n");
	free(opts);
	plan_apply(&t, only_cmdline, &run);
	/* each parameter once; the two options lines of the old entry joined */
	opts = bootctl_options(&t);
	assert_string_equal(opts, CMDLINE " systemd.machine_id=" MID " " WANTED "\n"
					  "root=UUID=0b7c ro intel_iommu=on quiet iommu=pt\n");
	free(opts);
	assert_int_equal(setup_undo(t.root, &run, &res), 0);
	opts = bootctl_options(&t);
	assert_string_equal(opts, CMDLINE " systemd.machine_id=" MID "\n"
					  "root=UUID=0b7c ro quiet iommu=pt\n");
	free(opts);
	tree_free(&t);

	/* with /etc/kernel/cmdline: the entry kernel-install makes of it */
	make_sdboot_cmdline(&t);
	plan_apply(&t, only_cmdline, &run);
	opts = bootctl_options(&t);
	assert_string_equal(opts, CMDLINE " " WANTED " systemd.machine_id=" MID "\n");
	free(opts);
	tree_free(&t);
}

/*
 * A later duplicate on /etc/kernel/cmdline wins at boot (the kernel
 * applies every occurrence in order; kmod puts i915.* words after
 * modprobe.d's options): the user's second line turns the IOMMU off again
 * and gives i915 enable_guc=0. The plan changes those occurrences, where
 * they are; the entry Debian's kernel-install writes from the file is then
 * read as the doctor reads /proc/cmdline, and by systemd-boot's bootctl.
 */
static void test_kernel_cmdline_later_duplicate(void **state)
{
	struct tree t;
	struct setup_plan p;
	struct rec r = { .emulate = emulate_kernel_install };
	struct setup_runner run = runner(&r);
	struct host_cmdline c;
	const struct setup_step *s;
	char *before, *entry, *opts, *bl;

	(void)state;
	if (!have_kernel_install()) {
		skip();
		return;
	}
	make_sdboot_cmdline(&t);
	sh("printf '" CMDLINE " intel_iommu=on iommu=pt\\nintel-iommu=off i915.enable_guc=0\\n' "
	   "> '%s/etc/kernel/cmdline'",
	   t.root);
	/* the entry as the user's file makes it */
	assert_int_equal(emulate_kernel_install(t.root, "kernel-install add '" REL
							"' '/boot/vmlinuz-" REL "'"),
			 0);
	entry = read_in(&t, ENTRY);
	assert_has(entry, "intel-iommu=off i915.enable_guc=0 systemd.machine_id=");
	free(entry);
	before = snap(&t);
	plan(&t, &p, NULL);
	s = step(&p, "cmdline");
	assert_int_equal(s->state, SETUP_TODO);
	assert_int_equal(s->nfile, 1);
	/* in place, in the user's spelling (the kernel takes - for _) */
	assert_string_equal(s->file[0].new,
			    CMDLINE " intel_iommu=on iommu=pt\nintel-iommu=on i915.enable_guc=3\n");
	apply_ok(&p, &run);
	entry = read_in(&t, ENTRY);
	opts = strstr(entry, "options");
	assert_non_null(opts);
	opts += strlen("options");
	opts[strcspn(opts, "\n")] = '\0';
	assert_int_equal(host_cmdline_parse(opts, strlen(opts), &c), 0);
	assert_string_equal(host_cmdline_find(&c, "intel_iommu")->value, "on");
	assert_string_equal(host_cmdline_find(&c, "i915.enable_guc")->value, "3");
	host_cmdline_free(&c);
	bl = bootctl_options(&t);
	if (bl) {
		/* the last intel_iommu systemd-boot hands the kernel is "on" */
		char *last = NULL;

		for (char *q = bl; (q = strstr(q, "intel_iommu=")); q++)
			last = q;
		assert_non_null(last);
		assert_int_equal(strncmp(last, "intel_iommu=on", 14), 0);
		free(bl);
	}
	free(entry);
	assert_int_equal(state_of(&t, NULL, "cmdline"), SETUP_DONE);
	undo_exact(&t, &run, before);

	/* the user's value only on the first line, right on the second: done */
	tree_free(&t);
	make_sdboot_cmdline(&t);
	sh("printf '" CMDLINE " intel_iommu=off i915.enable_guc=0\\n"
	   "intel_iommu=on iommu=pt i915.enable_guc=3\\n' > '%s/etc/kernel/cmdline'",
	   t.root);
	assert_int_equal(state_of(&t, NULL, "cmdline"), SETUP_DONE);
	tree_free(&t);
}

/*
 * Proxmox VE whose ESPs proxmox-boot-tool manages. Its refresh hook gives
 * every ESP it lists in /etc/kernel/proxmox-boot-uuids one of two layouts:
 * systemd-boot (loader/loader.conf, kernels under EFI/proxmox/REL/, each
 * entry's options the first line of /etc/kernel/cmdline) or GRUB (an
 * EFI/proxmox/grubx64.efi, or any ESP on a legacy-BIOS boot: the kernels at
 * the ESP's top, update-grub run with the ESP as /boot, so the command line
 * is /etc/default/grub's and its grub.d files'). The refresh stops with no
 * ESP changed when /etc/kernel/cmdline exists without root= on its first
 * line. The running boot tells which layout booted: GRUB on the ESP puts
 * BOOT_IMAGE=/vmlinuz-REL on the line (lib/host's pbt_grub).
 */
#define PVE_REL "6.8.12-4-pve"
#define PVE_ROOT "root=ZFS=rpool/ROOT/pve-1 boot=zfs"

static void make_pve(struct tree *t, const char *proc_cmdline, const char *kernel_cmdline)
{
	tree_ready(t);
	sh("cd '%s' && mkdir -p etc/kernel etc/pve usr/bin etc/default/grub.d && "
	   "touch usr/bin/pveversion && printf '4A1F-0C0E\\n' > etc/kernel/proxmox-boot-uuids && "
	   "printf '%%s\\n' '%s' > proc/cmdline",
	   t->root, proc_cmdline);
	/* the ZFS root as Proxmox's installer gives GRUB its root= */
	sh("printf 'GRUB_CMDLINE_LINUX=\"$GRUB_CMDLINE_LINUX " PVE_ROOT "\"\\n' "
	   "> '%s/etc/default/grub.d/zfs.cfg'",
	   t->root);
	if (kernel_cmdline)
		sh("printf '%%s' '%s' > '%s/etc/kernel/cmdline'", kernel_cmdline, t->root);
}

static void test_proxmox_boot_tool_grub(void **state)
{
	struct tree t;
	struct setup_plan p;
	struct rec r = { 0 };
	struct setup_runner run = runner(&r);
	const struct setup_step *c;
	char *before;

	(void)state;
	/* a stale /etc/kernel/cmdline (GRUB mode never reads it) is left alone */
	make_pve(&t, "BOOT_IMAGE=/vmlinuz-" PVE_REL " " PVE_ROOT " ro quiet", PVE_ROOT "\n");
	before = snap(&t);
	plan(&t, &p, only_cmdline);
	assert_int_equal(p.distro.boot, HOST_BOOT_PROXMOX);
	assert_true(p.distro.pbt_grub);
	c = step(&p, "cmdline");
	assert_int_equal(c->state, SETUP_TODO);
	assert_int_equal(c->nfile, 1);
	assert_string_equal(c->file[0].path, "/etc/default/grub");
	assert_has(c->file[0].new, "\nGRUB_CMDLINE_LINUX_DEFAULT=\"quiet " WANTED "\"\n");
	assert_int_equal(c->ncmd, 1);
	assert_string_equal(c->cmd[0].run, "proxmox-boot-tool refresh");
	assert_string_equal(c->cmd[0].undo, "proxmox-boot-tool refresh");
	assert_has(c->reason, "GRUB on its ESPs: /etc/default/grub");
	apply_ok(&p, &run);
	assert_string_equal(r.log, "proxmox-boot-tool refresh\n");
	assert_int_equal(state_of(&t, only_cmdline, "cmdline"), SETUP_DONE);
	undo_exact(&t, &run, before);
	tree_free(&t);
}

static void test_proxmox_boot_tool_systemd_boot_first_line(void **state)
{
	struct tree t;
	struct setup_plan p;
	const struct setup_step *c;

	(void)state;
	/* systemd-boot mode reads only the first line: a second one is not booted */
	make_pve(&t, "initrd=\\EFI\\proxmox\\" PVE_REL "\\initrd.img-" PVE_REL " " PVE_ROOT,
		 PVE_ROOT " quiet\nintel_iommu=on iommu=pt\n");
	plan(&t, &p, only_cmdline);
	assert_false(p.distro.pbt_grub);
	c = step(&p, "cmdline");
	assert_int_equal(c->state, SETUP_TODO);
	assert_int_equal(c->nfile, 1);
	assert_string_equal(c->file[0].path, "/etc/kernel/cmdline");
	assert_string_equal(c->file[0].new,
			    PVE_ROOT " quiet " WANTED "\nintel_iommu=on iommu=pt\n");
	assert_string_equal(c->cmd[0].run, "proxmox-boot-tool refresh");
	setup_plan_free(&p);
	tree_free(&t);

	/* a blacklist on the line it reads is the user's; on the second it is not read */
	make_pve(&t, "initrd=\\EFI\\proxmox\\" PVE_REL "\\initrd.img-" PVE_REL " " PVE_ROOT,
		 PVE_ROOT " modprobe.blacklist=i915\n");
	assert_int_equal(state_of(&t, only_cmdline, "cmdline"), SETUP_USER);
	tree_free(&t);
	make_pve(&t, "initrd=\\EFI\\proxmox\\" PVE_REL "\\initrd.img-" PVE_REL " " PVE_ROOT,
		 PVE_ROOT "\nmodprobe.blacklist=i915\n");
	assert_int_equal(state_of(&t, only_cmdline, "cmdline"), SETUP_TODO);
	tree_free(&t);

	/* no /etc/kernel/cmdline: one without root= would stop the refresh */
	make_pve(&t, "initrd=\\EFI\\proxmox\\" PVE_REL "\\initrd.img-" PVE_REL " " PVE_ROOT, NULL);
	plan(&t, &p, only_cmdline);
	c = step(&p, "cmdline");
	assert_int_equal(c->state, SETUP_USER);
	assert_int_equal(c->nfile + c->ncmd, 0);
	assert_has(c->reason, "root=");
	setup_plan_free(&p);
	tree_free(&t);
}

/*
 * A module_blacklist= list longer than 512 bytes (the kernel reads all of
 * it, blacklisted() in kernel/module/main.c; x86's command line holds 2048):
 * the setup's xe goes at its end, and is read there, so a second merge has
 * nothing to add. Found by fuzz_setup_params (seed-blacklist-past-512).
 */
static void test_params_long_blacklist(void **state)
{
	const char *slot;
	size_t slen;
	char line[800];
	char *merged, *again;
	size_t n;

	(void)state;
	n = (size_t)snprintf(line, sizeof(line), "root=/dev/sda1 module_blacklist=nouveau");
	/* a list of 600 bytes */
	for (int i = 0; n < strlen("root=/dev/sda1 module_blacklist=") + 600; i++)
		n += (size_t)snprintf(line + n, sizeof(line) - n, ",snd_mod%03d", i);
	merged = setup_params_merge(line, strlen(line), "module_blacklist=xe");
	assert_non_null(merged);
	assert_int_equal(strncmp(merged, line, strlen(line)), 0);
	assert_string_equal(merged + strlen(line), ",xe");
	assert_true(setup_params_have(merged, "module_blacklist=xe", &slot, &slen));
	again = setup_params_merge(merged, strlen(merged), "module_blacklist=xe");
	assert_non_null(again);
	assert_string_equal(again, merged);
	free(again);
	free(merged);
}

/* @line merged with the IOMMU's words is @want, which the doctor's reader
 * (the kernel's split) reads with the IOMMU on, in passthrough. */
static void merge_case(const char *line, const char *want);

/* An intel_iommu= of 300 bytes without "on": every token of it stays. */
static void test_params_long_intel_iommu_list(void **state)
{
	char line[400], want[420];
	size_t n;

	(void)state;
	n = (size_t)snprintf(line, sizeof(line), "ro intel_iommu=sm_on");
	while (n < 300)
		n += (size_t)snprintf(line + n, sizeof(line) - n, ",tboot_noforce");
	snprintf(want, sizeof(want), "ro intel_iommu=on,%s iommu=pt",
		 line + strlen("ro intel_iommu="));
	snprintf(line + n, sizeof(line) - n, " iommu=pt");
	merge_case(line, want);
}

static void merge_case(const char *line, const char *want)
{
	struct host_cmdline c;
	char *merged = setup_params_merge(line, strlen(line), WANTED);

	assert_non_null(merged);
	assert_string_equal(merged, want);
	assert_int_equal(host_cmdline_parse(merged, strlen(merged), &c), 0);
	assert_int_equal(host_cmdline_intel_iommu(&c), 1);
	assert_int_equal(host_cmdline_iommu_pt(&c, NULL), 1);
	host_cmdline_free(&c);
	free(merged);
}

/*
 * Words as the kernel's next_arg() splits them: its isspace() takes 0xa0
 * (a no-break space, as pasted from a web page) for a space too, so the
 * second intel_iommu= is a word of its own and turns the IOMMU off; and a
 * bare "--" ends the kernel's part (parse_args(); kernel-parameters.rst:
 * the rest goes to init), so words after it do nothing for the kernel and
 * the setup's go before it.
 */
static void test_params_kernel_split(void **state)
{
	const char *slot;
	size_t slen;

	(void)state;
	assert_false(setup_params_have("ro intel_iommu=on\xa0intel_iommu=off", "intel_iommu=on",
				       &slot, &slen));
	merge_case("ro intel_iommu=on\xa0intel_iommu=off iommu=pt",
		   "ro intel_iommu=on\xa0intel_iommu=on iommu=pt");
	assert_false(setup_params_have("ro -- intel_iommu=on", "intel_iommu=on", &slot, &slen));
	merge_case("ro quiet -- single", "ro quiet intel_iommu=on iommu=pt -- single");
	merge_case("ro -- intel_iommu=on iommu=pt",
		   "ro intel_iommu=on iommu=pt -- intel_iommu=on iommu=pt");
	merge_case("--", "intel_iommu=on iommu=pt --");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_systemd_boot_kernel_cmdline),
		cmocka_unit_test(test_kernel_cmdline_later_duplicate),
		cmocka_unit_test(test_systemd_boot_entries),
		cmocka_unit_test(test_systemd_boot_entries_failures),
		cmocka_unit_test(test_bootctl_reads_the_entries),
		cmocka_unit_test(test_fedora_grubby),
		cmocka_unit_test(test_fedora_kernelopts),
		cmocka_unit_test(test_kernelstub_against),
		cmocka_unit_test(test_proxmox_boot_tool_grub),
		cmocka_unit_test(test_proxmox_boot_tool_systemd_boot_first_line),
		cmocka_unit_test(test_params_long_blacklist),
		cmocka_unit_test(test_params_kernel_split),
		cmocka_unit_test(test_params_long_intel_iommu_list),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
