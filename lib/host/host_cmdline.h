/* SPDX-License-Identifier: MIT */
/*
 * The kernel command line (/proc/cmdline), split as the kernel splits it.
 */
#ifndef HOST_CMDLINE_H
#define HOST_CMDLINE_H

#include <stdbool.h>
#include <stddef.h>

struct host_cmdline_param {
	char *key;
	char *value; /* NULL for a bare flag ("nohpet") */
};

struct host_cmdline {
	struct host_cmdline_param *p;
	size_t n;
};

/**
 * host_cmdline_parse - split a kernel command line into parameters
 * @text: the command line (untrusted; need not be NUL-terminated)
 * @len: its length
 * @c: result; release with host_cmdline_free()
 *
 * Follows the kernel's next_arg(): white space (isspace(), 0xa0 too)
 * separates parameters, double quotes group, the first '=' after the
 * first character splits key from value, the quotes that open the word or
 * its value are removed with the word's closing one (others stay), and a
 * bare "--" ends the kernel's part (the rest goes to init).
 *
 * Return: 0 or -ENOMEM.
 */
int host_cmdline_parse(const char *text, size_t len, struct host_cmdline *c);

/**
 * host_cmdline_load - read and parse /proc/cmdline under a root prefix
 * @root: prefix
 * @c: result; release with host_cmdline_free()
 *
 * Return: 0 or a negative errno.
 */
int host_cmdline_load(const char *root, struct host_cmdline *c);

/**
 * host_cmdline_find - the last occurrence of a parameter
 * @c: parsed command line
 * @key: name; '-' and '_' are the same, as for the kernel ("i915.enable_guc")
 *
 * The last occurrence wins because that is the value the kernel applies.
 *
 * Return: the parameter, or NULL when absent.
 */
const struct host_cmdline_param *host_cmdline_find(const struct host_cmdline *c, const char *key);

/**
 * host_cmdline_list_has - whether a comma-separated value lists a word
 * @list: e.g. the value of module_blacklist ("xe,nouveau"), or NULL
 * @word: e.g. "xe"
 *
 * Items are compared whole and exactly: the kernel's blacklisted() and
 * kmod's module_is_blacklisted() match a module's own name (always '_')
 * as written, and initcall_blacklist a function's name, so a "vfio-pci"
 * there blacklists nothing.
 *
 * Return: true when @word is one of the items.
 */
bool host_cmdline_list_has(const char *list, const char *word);

/**
 * host_cmdline_blacklists - whether the command line keeps a module from
 * loading on its own, and through which parameter
 * @c: parsed command line
 * @module: e.g. "xe"
 *
 * Two parameters with two rules: the kernel's module_blacklist= is a
 * single value (its last occurrence wins, as for any parameter), while
 * kmod adds the names of every "modprobe.blacklist=" to its blacklist
 * (its /proc/cmdline reader matches "modprobe" and "blacklist=" exactly),
 * which udev's autoload of a device's module honours.
 *
 * Return: "module_blacklist", "modprobe.blacklist", or NULL when neither
 * lists @module.
 */
const char *host_cmdline_blacklists(const struct host_cmdline *c, const char *module);

/**
 * host_cmdline_name_eq - whether two parameter names are the same to the
 * kernel (its parameq(): '-' and '_' alike)
 * @a: one name
 * @alen: its length
 * @b: the other
 * @blen: its length
 *
 * Return: true when they are.
 */
bool host_cmdline_name_eq(const char *a, size_t alen, const char *b, size_t blen);

/**
 * host_cmdline_intel_iommu_value - what one intel_iommu= value does
 * @v: the value ("on", "off", "on,igfx_off"; not NUL-terminated)
 * @len: its length
 * @state: the switch before it: 1 on, 0 off, -1 not set
 *
 * intel_iommu_setup() applies the comma-separated tokens in order and
 * each occurrence of the parameter in turn: "on" and "off" (as prefixes)
 * set the one switch, the other tokens leave it.
 *
 * Return: the switch after it.
 */
int host_cmdline_intel_iommu_value(const char *v, size_t len, int state);

/**
 * host_cmdline_intel_iommu - whether the command line turns the Intel
 * IOMMU on: the last "on" or "off" token of all its intel_iommu= words
 * @c: parsed command line
 *
 * Return: 1 on, 0 off, -1 when no word says either.
 */
int host_cmdline_intel_iommu(const struct host_cmdline *c);

/**
 * host_cmdline_list_has_prefix - whether a comma-separated value has an
 * item starting with a word, as the kernel's strncmp() token matches read it
 * @list: e.g. the value of intel_iommu ("on,igfx_off"), or NULL
 * @word: e.g. "igfx_off"
 *
 * Return: true when an item starts with @word.
 */
bool host_cmdline_list_has_prefix(const char *list, const char *word);

/**
 * host_cmdline_igfx_off - the intel_iommu= word that turns off the DMAR
 * unit of the integrated graphics, or NULL
 * @c: parsed command line
 *
 * intel_iommu_setup() reads "igfx_off" (a prefix, in any occurrence) as
 * "do not map the graphics device" and no token maps it again, so one
 * such word anywhere leaves the iGPU, its VFs with it, without IOMMU
 * translation: vfio-pci then finds no IOMMU group for them.
 *
 * Return: the last parameter whose list has that token, or NULL.
 */
const struct host_cmdline_param *host_cmdline_igfx_off(const struct host_cmdline *c);

/**
 * host_cmdline_iommu_pt_value - what one iommu= value does to passthrough
 * @v: the value ("pt", "pt,nomerge", "nopt"; not NUL-terminated)
 * @len: its length
 * @state: passthrough before it: 1 on, 0 off, -1 not set
 *
 * x86's iommu_setup() applies the comma-separated tokens in order on each
 * occurrence: "pt" turns the default domain to identity (passthrough),
 * "nopt" back to translated (both prefixes), the others (nomerge, soft,
 * force, ...) leave it, and it stops reading the value at "usedac".
 *
 * Return: passthrough after it.
 */
int host_cmdline_iommu_pt_value(const char *v, size_t len, int state);

/**
 * host_cmdline_bool - a boolean parameter's value as kstrtobool() reads it
 * @v: the value (not NUL-terminated)
 * @len: its length
 *
 * Only the first character counts (y/Y/1, n/N/0), or the first two for
 * "on"/"of(f)", in either case.
 *
 * Return: 1, 0, or -1 when the kernel rejects it (the parameter is then
 * ignored).
 */
int host_cmdline_bool(const char *v, size_t len);

/**
 * host_cmdline_iommu_pt - whether the command line asks for IOMMU
 * passthrough, and which word decides it
 * @c: parsed command line
 * @by: set to the deciding parameter (iommu= or iommu.passthrough=), or
 *      NULL when none decides; may be NULL
 *
 * iommu= (host_cmdline_iommu_pt_value()) and iommu.passthrough= (a
 * boolean) set the same default domain type, each when the kernel reads
 * it, so the last of them on the line decides.
 *
 * Return: 1 passthrough, 0 translated, -1 when no word says either.
 */
int host_cmdline_iommu_pt(const struct host_cmdline *c, const struct host_cmdline_param **by);

/**
 * host_cmdline_int - a module's int parameter as the kernel reads it
 * @v: the value, NUL-terminated, or NULL
 * @out: the number
 *
 * param_set_int() is kstrtoint(v, 0): an optional sign, then "0x" (hex
 * digits after it) or a leading "0" (octal) or decimal; one trailing
 * newline is allowed; anything else, an empty value or a number outside
 * int is refused and the module keeps its default.
 *
 * Return: 0, -EINVAL or -ERANGE.
 */
int host_cmdline_int(const char *v, int *out);

/**
 * host_cmdline_nomodeset - the nomodeset word in force, or NULL
 * @c: parsed command line
 *
 * nomodeset (a __setup() word, any value ignored) leaves the firmware
 * framebuffer alone: the DRM drivers' drm_firmware_drivers_only() is then
 * true. Kernels with video's "modeset" word turn it back off when it comes
 * later; older ones ignore that word, so a later "modeset" is read as
 * undoing it and NULL is returned.
 *
 * Return: the last nomodeset parameter, or NULL.
 */
const struct host_cmdline_param *host_cmdline_nomodeset(const struct host_cmdline *c);

/**
 * host_cmdline_initcall_blacklisted - the initcall_blacklist word that
 * lists a function
 * @c: parsed command line
 * @fn: e.g. "i915_init", the function module_init() names
 *
 * Every initcall_blacklist word adds to one list, and the kernel refuses
 * to run a listed init function, a module's too: its load fails with
 * EPERM (measured: Debian's 6.1 under QEMU, insmod dummy.ko with
 * initcall_blacklist=dummy_init_module; the init_module alias and a
 * dashed spelling blacklist nothing).
 *
 * Return: the last word listing @fn exactly, or NULL.
 */
const struct host_cmdline_param *host_cmdline_initcall_blacklisted(const struct host_cmdline *c,
								   const char *fn);

/**
 * host_cmdline_list_without - a comma-separated list with an item taken out
 * @list: e.g. "sysfb_init,i915_init"
 * @word: e.g. "i915_init" (every exact occurrence goes)
 * @buf: result ("sysfb_init"; "" when nothing is left)
 * @size: size of @buf
 *
 * Return: 0, or -ENOSPC when @buf is too small.
 */
int host_cmdline_list_without(const char *list, const char *word, char *buf, size_t size);

/**
 * host_cmdline_free - release a parsed command line
 * @c: it; may be zeroed or already freed
 */
void host_cmdline_free(struct host_cmdline *c);

#endif
