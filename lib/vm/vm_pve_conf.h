/* SPDX-License-Identifier: MIT */
/*
 * Reading a Proxmox VE VM configuration (/etc/pve/qemu-server/VMID.conf,
 * what `qm config VMID` shows) the way qemu-server reads it: "key: value"
 * lines of the current configuration, up to the first "[section]" (a
 * snapshot, [PENDING] or [special:...], none of which is what starts);
 * "#" lines are the description. Values are property strings
 * ("0000:00:02.1,pcie=1,romfile=gop.efi": an optional leading default
 * value, then key=value parts split at commas), and `args:` is split into
 * words like a POSIX shell. Input is untrusted: everything is bounded.
 */
#ifndef VM_PVE_CONF_H
#define VM_PVE_CONF_H

#include <stdbool.h>
#include <stddef.h>

#define VM_PVE_KEY_MAX 32
#define VM_PVE_MAX_KEYS 256
#define VM_PVE_VALUE_MAX 8192

struct vm_pve_kv {
	char key[VM_PVE_KEY_MAX];
	char *value; /* trimmed, NUL-terminated */
	unsigned int line; /* 1-based, for messages */
};

struct vm_pve_conf {
	struct vm_pve_kv kv[VM_PVE_MAX_KEYS];
	size_t n;
	unsigned int bad_lines; /* lines qemu-server would skip with a warning */
	unsigned int first_bad; /* line number of the first of them */
	bool sections; /* snapshots or pending changes follow (not checked) */
};

/**
 * vm_pve_conf_parse - read the current configuration
 * @text: the file (untrusted; need not be NUL-terminated)
 * @len: its length
 * @c: result; release with vm_pve_conf_free()
 *
 * A key given twice keeps its last value, as in qemu-server.
 *
 * Return: 0, -EINVAL when no line is a "key: value" line, -ENOMEM.
 */
int vm_pve_conf_parse(const char *text, size_t len, struct vm_pve_conf *c);

/**
 * vm_pve_conf_free - release a parsed configuration
 * @c: configuration; reset to empty
 */
void vm_pve_conf_free(struct vm_pve_conf *c);

/**
 * vm_pve_get - the value of a key of the current configuration
 * @c: configuration
 * @key: key, e.g. "hostpci0"
 *
 * Return: the value or NULL.
 */
const char *vm_pve_get(const struct vm_pve_conf *c, const char *key);

/**
 * vm_pve_line - the line a key was read from
 * @c: configuration
 * @key: key
 *
 * Return: the 1-based line number, 0 when absent.
 */
unsigned int vm_pve_line(const struct vm_pve_conf *c, const char *key);

/**
 * vm_pve_looks_like - whether text is a Proxmox VM configuration
 * @text: the file (untrusted; need not be NUL-terminated)
 * @len: its length
 *
 * By content: the first line that is neither blank nor a "#" comment is a
 * "key: value" line, and a key only a VM configuration has is present.
 *
 * Return: true when it is one.
 */
bool vm_pve_looks_like(const char *text, size_t len);

/**
 * vm_pve_prop - one part of a property string
 * @value: the property string
 * @key: key; NULL asks for the leading default value (the part without
 *       "=", such as the PCI address of hostpciN or the type of cpu)
 * @out: output, NUL-terminated
 * @n: its size
 *
 * Return: 1 when found, 0 when absent, -ENAMETOOLONG when it does not fit.
 */
int vm_pve_prop(const char *value, const char *key, char *out, size_t n);

/**
 * vm_pve_bool - a boolean of a property string
 * @value: the property string
 * @key: key
 * @def: the value when absent or not a boolean
 *
 * Return: the boolean ("1", "on", "yes", "true" and their opposites).
 */
bool vm_pve_bool(const char *value, const char *key, bool def);

/**
 * vm_pve_split_args - the words of `args:`
 * @args: the value
 * @argv: result, NULL-terminated, malloc'ed strings and array
 * @argc: number of words
 *
 * As a POSIX shell splits words: blanks separate, single quotes keep
 * everything, double quotes keep all but backslash escapes, a backslash
 * escapes the next character.
 *
 * Return: 0, -EINVAL for an unterminated quote, -ENOMEM.
 */
int vm_pve_split_args(const char *args, char ***argv, size_t *argc);

/**
 * vm_pve_argv_free - release what vm_pve_split_args() returned
 * @argv: array, may be NULL
 */
void vm_pve_argv_free(char **argv);

/* One device ID of hostpciN (its host= part, or a mapping's path=). */
struct vm_pve_pci_id {
	unsigned int domain; /* 0 when not written */
	unsigned int bus;
	unsigned int slot;
	int func; /* -1: no ".F", every function of the device */
};

/**
 * vm_pve_pci_id - parse one hostpciN device ID as qemu-server does
 * @s: "[DOMAIN:]BUS:SLOT[.F]" (untrusted)
 * @id: result
 *
 * qemu-server's grammar (PCI.pm's $PCIRE): lower-case hex only, a domain
 * of four or more digits, exactly two for the bus and the slot, one for
 * the function; anything else makes Proxmox refuse the configuration. A
 * domain above 0xffff or a function above 7 names no device.
 *
 * Return: true when @s is such an ID.
 */
bool vm_pve_pci_id(const char *s, struct vm_pve_pci_id *id);

#endif
