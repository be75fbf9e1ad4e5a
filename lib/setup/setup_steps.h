/* SPDX-License-Identifier: MIT */
/*
 * Inside lib/setup: what the step builders share. A builder looks at the
 * host (through the plan's overlay, so it sees the earlier steps' changes),
 * sets its step's state and reason, and adds the file changes and commands
 * that make it done.
 */
#ifndef SETUP_STEPS_H
#define SETUP_STEPS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "setup/setup_types.h"

/* A step of the guide: its id, title, the step it needs, its builder. */
struct setup_step_def {
	const char *id;
	const char *title;
	const char *needs[3]; /* ids of earlier steps that must be done */
	int (*build)(struct setup_plan *p, struct setup_step *s);
};

/**
 * setup_plan_read - a file as the earlier steps of the plan leave it
 * @p: plan
 * @path: absolute path on the live system
 * @text: result (owned by the plan or a static ""), NULL when absent
 * @len: its length
 *
 * Return: 0, -ELOOP when the file or a directory on its way is a symlink,
 * or another read error.
 */
int setup_plan_read(struct setup_plan *p, const char *path, const char **text, size_t *len);

/**
 * setup_step_write - make a file hold @text after this step
 * @p: plan
 * @s: step
 * @path: absolute path on the live system
 * @text: NUL-terminated new contents, or NULL to remove the file
 * @mode: mode of a new file
 *
 * Nothing is added when the file already holds @text.
 *
 * Return: 0, -ENOSPC (too many files in one step), -ENOMEM, or a read
 * error of the current contents (-ELOOP for a symlink).
 */
int setup_step_write(struct setup_plan *p, struct setup_step *s, const char *path, const char *text,
		     mode_t mode);

/**
 * setup_step_write_bytes - setup_step_write() for contents that may hold NULs
 * @p: plan
 * @s: step
 * @path: absolute path on the live system
 * @text: new contents, or NULL to remove the file
 * @len: their length
 * @mode: mode of a new file
 *
 * Return: as setup_step_write().
 */
int setup_step_write_bytes(struct setup_plan *p, struct setup_step *s, const char *path,
			   const char *text, size_t len, mode_t mode);

/**
 * setup_step_cmd - add a command (and its inverse, or NULL) to a step
 * @s: step
 * @run: the shell command
 * @undo: the command that reverses it, NULL when there is none
 *
 * Return: 0 or -ENOSPC.
 */
int setup_step_cmd(struct setup_step *s, const char *run, const char *undo);

/**
 * setup_step_reason - set the step's state and the sentence that says why
 * @s: step
 * @state: its state
 * @fmt: printf format
 */
__attribute__((format(printf, 3, 4))) void
setup_step_reason(struct setup_step *s, enum setup_state state, const char *fmt, ...);

/**
 * setup_text_block - set a marked block in a configuration file's text
 * @text: the file (NULL: absent)
 * @name: block name; the markers are "# vfctl setup: begin NAME" / "end"
 * @rank: blocks are kept in rank order (a new one goes before the first
 *        vfctl block of a higher rank, else at the end)
 * @body: the lines inside, each ending with '\n'; NULL removes the block
 *
 * Return: the malloc'ed new text, or NULL when out of memory.
 */
char *setup_text_block(const char *text, const char *name, int rank, const char *body);

/**
 * setup_text_has_block - whether a text holds a block with exactly @body
 * @text: the file, or NULL
 * @name: block name
 * @body: its lines
 *
 * Return: true when it does.
 */
bool setup_text_has_block(const char *text, const char *name, const char *body);

/**
 * setup_text_find_block - where a marked block lies in a text
 * @text: the file
 * @name: block name
 * @start: result: offset of its begin marker
 * @end: result: offset just after its end marker's line
 *
 * Return: true when the text holds the block.
 */
bool setup_text_find_block(const char *text, const char *name, size_t *start, size_t *end);

/**
 * setup_text_insert_block - a new marked block at a given place
 * @text: the file (NULL: absent); must not hold the block yet
 * @name: block name
 * @body: its lines, each ending with '\n'
 * @at: offset of the line it goes before (clamped to the end)
 *
 * Return: the malloc'ed new text, or NULL when out of memory.
 */
char *setup_text_insert_block(const char *text, const char *name, const char *body, size_t at);

/**
 * setup_params_have - whether the kernel keeps a parameter from a command
 * line (setup_params.c: the last occurrence of a key counts; intel_iommu's
 * last on/off token; module_blacklist's last list holding the module)
 * @words: parameters separated by white space
 * @param: "key=value" or "key"; "?key=value" when only a value already on
 *         the line matters (an absent key is kept as it is)
 * @slot: result: the last word with the same key, or NULL
 * @slen: its length
 *
 * Return: true when the kernel keeps @param (or "?" and the key is absent).
 */
bool setup_params_have(const char *words, const char *param, const char **slot, size_t *slen);

/**
 * setup_params_replacement - what takes the place of @slot so that the
 * kernel keeps @param (the user's other list items and tokens kept)
 * @slot: the last occurrence of the key (setup_params_have()), or NULL
 * @slen: its length
 * @param: the wanted parameter ("?" allowed)
 * @buf: result
 * @size: its size
 *
 * Return: 0, or -1 when @buf is too small.
 */
int setup_params_replacement(const char *slot, size_t slen, const char *param, char *buf,
			     size_t size);

/**
 * setup_params_merge - a command line the kernel reads with @wanted:
 * each parameter it would not keep takes the place of its key's last
 * occurrence, or is added at the end of what the kernel reads (before a
 * bare "--", after which every word is init's)
 * @words: the line (not NUL-terminated)
 * @wlen: its length
 * @wanted: parameters separated by single spaces ("?" allowed)
 *
 * Return: the malloc'ed line, or NULL when out of memory.
 */
char *setup_params_merge(const char *words, size_t wlen, const char *wanted);

/**
 * setup_params_shown - @wanted without its "?" words, for people and for
 * the boot loaders' tools, which add what they are given
 * @wanted: parameters separated by single spaces
 * @buf: result
 * @size: its size
 */
void setup_params_shown(const char *wanted, char *buf, size_t size);

/**
 * setup_params_against - whether a command line undoes what the setup is
 * for in a way it does not edit: i915 blacklisted (module_blacklist's last
 * list, any modprobe.blacklist, any initcall_blacklist with i915_init) or
 * the graphics DMAR unit turned off (intel_iommu=igfx_off on any
 * occurrence); the user takes the word out
 * @words: parameters separated by white space
 * @buf: result: the word and what to do, one sentence without its period
 * @size: its size
 *
 * Return: true when it does.
 */
bool setup_params_against(const char *words, char *buf, size_t size);

/**
 * setup_params_against_fix - the word setup_params_against() finds, as it
 * reads once its offending item is out ("module_blacklist=i915,nouveau"
 * becomes "module_blacklist=nouveau")
 * @words: parameters separated by white space
 * @key: result: the word's key as written
 * @ksize: its size
 * @fix: result: the word without the item, "" when nothing is left of it
 * @size: its size
 *
 * Return: true when a word undoes the setup.
 */
bool setup_params_against_fix(const char *words, char *key, size_t ksize, char *fix, size_t size);

/**
 * setup_grub_line - what GRUB's default entry boots with, as
 * grub-mkconfig's 10_linux joins it (setup_step_grub.c)
 * @p: plan
 * @buf: result
 * @size: its size
 *
 * Return: 0 or an error of setup_plan_read().
 */
int setup_grub_line(struct setup_plan *p, char *buf, size_t size);

/**
 * setup_bls_against - setup_params_against() on every BLS entry's options
 * @p: plan
 * @buf: result: the entry and the sentence
 * @size: its size
 *
 * Return: 1 when an entry undoes the setup, 0 when none does, or a read
 * error.
 */
int setup_bls_against(struct setup_plan *p, char *buf, size_t size);

/**
 * setup_kernelstub_line - the options kernelstub passes, from its
 * configuration's text (untrusted; need not be NUL-terminated)
 * @text: /etc/kernelstub/configuration
 * @len: its length
 * @buf: result: the "user" section's "kernel_options" strings joined by
 *       spaces (other values of the list skipped)
 * @size: its size
 * @why: result on -EINVAL: what is wrong with the file, for a sentence
 * @wsize: its size
 *
 * Return: 0, -EINVAL (not JSON, no such list, longer than @buf) or -ENOMEM.
 */
int setup_kernelstub_line(const char *text, size_t len, char *buf, size_t size, char *why,
			  size_t wsize);

/**
 * setup_kernelstub_against - setup_params_against() on the options
 * kernelstub keeps (/etc/kernelstub/configuration, setup_step_kernelstub.c)
 * @p: plan
 * @buf: result: the file, the sentence and the kernelstub command that
 *       takes the item out; or why the file cannot be read as kernelstub's
 * @size: its size
 *
 * Return: 1 when its options undo the setup or the file is not
 * kernelstub's JSON, 0 when they do not (or there is no file), or a read
 * error.
 */
int setup_kernelstub_against(struct setup_plan *p, char *buf, size_t size);

/**
 * setup_bls_edit_entries - systemd-boot without /etc/kernel/cmdline: every
 * Boot Loader Specification entry's options get @wanted
 * @p: plan
 * @s: the cmdline step
 * @wanted: parameters separated by single spaces
 *
 * Return: 0 or an error of setup_step_write().
 */
int setup_bls_edit_entries(struct setup_plan *p, struct setup_step *s, const char *wanted);

/**
 * setup_grub_edit - GRUB (update-grub, grub-mkconfig): the last assignment
 * of GRUB_CMDLINE_LINUX_DEFAULT, in /etc/default/grub or a grub.d/NAME.cfg,
 * gets what the default entry would not boot with (setup_step_grub.c)
 * @p: plan
 * @s: the cmdline step
 * @wanted: parameters separated by single spaces ("?" allowed)
 *
 * Return: 0 or an error of setup_plan_read() or setup_step_write().
 */
int setup_grub_edit(struct setup_plan *p, struct setup_step *s, const char *wanted);

/**
 * setup_bls_grubby - Fedora's GRUB with BLS entries: the grubby command
 * that gives every entry @wanted, and the one that takes exactly that back
 * @p: plan
 * @s: the cmdline step
 * @wanted: parameters separated by single spaces
 * @exact: result: false when the entries differ so that no grubby command
 *         gives each its own parameters back (the command has no inverse)
 *
 * Return: 0, 1 when there is no entry (@s needs the user, its reason says
 * why), -ENOSPC or -ENOMEM.
 */
int setup_bls_grubby(struct setup_plan *p, struct setup_step *s, const char *wanted, bool *exact);

/* A user's own setting that creates the VFs, outside /etc/sysfs.conf. */
enum setup_vf_kind {
	SETUP_VF_NONE,
	SETUP_VF_TMPFILES, /* a "w" line of tmpfiles.d: systemd-tmpfiles-setup */
	SETUP_VF_UDEV, /* an ATTR{sriov_numvfs} assignment of a udev rule */
};

struct setup_vf_source {
	enum setup_vf_kind kind;
	char path[SETUP_PATH_MAX]; /* the file, in the directory it is read from */
	char base[256]; /* its name, which orders it against vfctl's */
	unsigned int line; /* 1-based */
	int n; /* the VFs it makes */
	/* a udev rule: the events it runs on. When the PF's driver binds after
	 * the initramfs, the root's udev sees the PF's "add" before the driver
	 * (writing sriov_numvfs then fails: no driver) and then "bind"; when
	 * the initramfs bound it, the root's udev sees only the coldplug "add"
	 * (systemd-udev-trigger: udevadm trigger --action=add), with
	 * DRIVER set. A rule creates the VFs on every boot only on both. */
	bool on_add, on_bind;
	bool waits_driver; /* it has DRIVER== or DRIVERS== */
};

/**
 * setup_vf_source_find - the first such setting the boot applies
 * (setup_vf_source.c): tmpfiles.d, then udev rules, each in the order its
 * tool merges its directories; vfctl's own files left out
 * @p: plan
 * @src: result; kind SETUP_VF_NONE when there is none
 */
void setup_vf_source_find(const struct setup_plan *p, struct setup_vf_source *src);

/**
 * setup_initramfs_carry - make the initramfs tool put a modprobe.d file
 * into the image where it would not copy it itself: a drop-in of dracut's
 * or mkinitcpio's configuration (setup_initramfs.c)
 * @p: plan
 * @s: step
 * @file: absolute path of the file, named "NAME.conf"
 *
 * Return: 0 or an error of setup_step_write().
 */
int setup_initramfs_carry(struct setup_plan *p, struct setup_step *s, const char *file);

/**
 * setup_initramfs_rebuild - add the command that rebuilds every initramfs
 * of the root, run again on undo; none without an initramfs tool
 * @p: plan
 * @s: step
 *
 * Return: 0 or -ENOSPC.
 */
int setup_initramfs_rebuild(const struct setup_plan *p, struct setup_step *s);

/**
 * setup_initramfs_said - which tool rebuilds the initramfs and how, for a
 * step's reason ("dracut rebuilds the initramfs: dracut --force
 * --regenerate-all"), or that there is none
 * @p: plan
 * @buf: result
 * @size: its size
 */
void setup_initramfs_said(const struct setup_plan *p, char *buf, size_t size);

/* The builders, one per step of the guide (setup_step_*.c). */
int setup_build_bios(struct setup_plan *p, struct setup_step *s);
int setup_build_cmdline(struct setup_plan *p, struct setup_step *s);
int setup_build_firmware(struct setup_plan *p, struct setup_step *s);
int setup_build_dkms(struct setup_plan *p, struct setup_step *s);
int setup_build_options(struct setup_plan *p, struct setup_step *s);
int setup_build_vfs(struct setup_plan *p, struct setup_step *s);
int setup_build_vfio(struct setup_plan *p, struct setup_step *s);
int setup_build_kvmfr(struct setup_plan *p, struct setup_step *s);
int setup_build_gop(struct setup_plan *p, struct setup_step *s);
int setup_build_vm(struct setup_plan *p, struct setup_step *s);
int setup_build_guest(struct setup_plan *p, struct setup_step *s);

/* Where the GOP goes: libvirt's vbios folder, as `vfctl vm` examples use it. */
#define SETUP_GOP_PATH "/var/lib/libvirt/vbios/IntelGopDriver.efi"

/* The PF's driver the VF udev rules wait for: --pf-driver, else i915. */
const char *setup_pf_driver(const struct setup_plan *p);

/**
 * setup_vf_bdf - the address of VF @n (1-based) from the PF's SR-IOV
 * offset and stride (sysfs sriov_offset/sriov_stride; 1 and 1 as on the
 * iGPU when they cannot be read)
 * @p: plan
 * @n: VF number
 * @buf: result
 * @size: its size
 *
 * Return: 0 or -EINVAL.
 */
int setup_vf_bdf(const struct setup_plan *p, unsigned int n, char *buf, size_t size);

#endif
