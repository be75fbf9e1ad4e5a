// SPDX-License-Identifier: MIT
/*
 * Proxmox VE VM configuration: lines, property strings, `args:` words
 * (see vm_pve_conf.h). The line rules are qemu-server's parse_vm_config().
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "vm/vm_pve_conf.h"

static bool is_blank(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\f' || ch == '\v';
}

static bool is_lower(char ch)
{
	return ch >= 'a' && ch <= 'z';
}

static bool is_digit(char ch)
{
	return ch >= '0' && ch <= '9';
}

/*
 * "key:" at @s as qemu-server's pattern has it: a lowercase letter, then
 * lowercase letters, '_' and '-', then digits. Its length, or 0.
 */
static size_t key_len(const char *s, size_t n)
{
	size_t i = 0;

	if (!n || !is_lower(s[0]))
		return 0;
	for (i = 1; i < n && (is_lower(s[i]) || s[i] == '_' || s[i] == '-'); i++)
		;
	for (; i < n && is_digit(s[i]); i++)
		;
	return i < n && s[i] == ':' ? i : 0;
}

/* A "[...]" line: a snapshot, [PENDING], [special:...] or an unknown section. */
static bool is_section(const char *s, size_t n)
{
	while (n && is_blank(s[n - 1]))
		n--;
	return n >= 2 && s[0] == '[' && s[n - 1] == ']';
}

static int put(struct vm_pve_conf *c, const char *key, size_t klen, const char *val, size_t vlen,
	       unsigned int line)
{
	struct vm_pve_kv *kv = NULL;
	char *v;
	size_t i;

	if (klen >= VM_PVE_KEY_MAX || vlen > VM_PVE_VALUE_MAX)
		return -EINVAL;
	v = strndup(val, vlen);
	if (!v)
		return -ENOMEM;
	/* a key given twice keeps its last value */
	for (i = 0; i < c->n && !kv; i++)
		if (strlen(c->kv[i].key) == klen && !strncmp(c->kv[i].key, key, klen))
			kv = &c->kv[i];
	if (!kv) {
		if (c->n == VM_PVE_MAX_KEYS) {
			free(v);
			return -EINVAL;
		}
		kv = &c->kv[c->n++];
		memcpy(kv->key, key, klen);
		kv->key[klen] = '\0';
	} else {
		free(kv->value);
	}
	kv->value = v;
	kv->line = line;
	return 0;
}

static void bad(struct vm_pve_conf *c, unsigned int line)
{
	if (!c->bad_lines++)
		c->first_bad = line;
}

/* One line of the main section; -ENOMEM only, a bad line is counted. */
static int parse_line(struct vm_pve_conf *c, const char *s, size_t n, unsigned int line)
{
	size_t k = key_len(s, n), v;
	int ret;

	if (!k) {
		bad(c, line);
		return 0;
	}
	for (v = k + 1; v < n && is_blank(s[v]); v++)
		;
	while (n > v && is_blank(s[n - 1]))
		n--;
	/* "description:" is the same text as "#" lines; "delete:" only
	 * belongs in [PENDING]; a key needs a value */
	if ((k == 11 && !strncmp(s, "description", k)) || (k == 9 && !strncmp(s, "snapstate", k)))
		return 0;
	if (v == n || (k == 6 && !strncmp(s, "delete", k))) {
		bad(c, line);
		return 0;
	}
	ret = put(c, s, k, s + v, n - v, line);
	if (ret == -EINVAL)
		bad(c, line);
	return ret == -ENOMEM ? ret : 0;
}

int vm_pve_conf_parse(const char *text, size_t len, struct vm_pve_conf *c)
{
	size_t pos = 0;
	unsigned int line = 0;
	int ret = 0;

	memset(c, 0, sizeof(*c));
	while (pos < len && !ret) {
		const char *s = text + pos, *nl = memchr(s, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - s) : len - pos, i;

		pos += n + 1;
		line++;
		for (i = 0; i < n && is_blank(s[i]); i++)
			;
		if (i == n)
			continue;
		if (is_section(s, n)) {
			c->sections = true;
			break;
		}
		if (s[0] == '#')
			continue;
		if (memchr(s, '\0', n)) {
			bad(c, line);
			continue;
		}
		ret = parse_line(c, s, n, line);
	}
	if (!ret && !c->n)
		ret = -EINVAL;
	if (ret)
		vm_pve_conf_free(c);
	return ret;
}

void vm_pve_conf_free(struct vm_pve_conf *c)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		free(c->kv[i].value);
	memset(c, 0, sizeof(*c));
}

static const struct vm_pve_kv *find(const struct vm_pve_conf *c, const char *key)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		if (!strcmp(c->kv[i].key, key))
			return &c->kv[i];
	return NULL;
}

const char *vm_pve_get(const struct vm_pve_conf *c, const char *key)
{
	const struct vm_pve_kv *kv = find(c, key);

	return kv ? kv->value : NULL;
}

unsigned int vm_pve_line(const struct vm_pve_conf *c, const char *key)
{
	const struct vm_pve_kv *kv = find(c, key);

	return kv ? kv->line : 0;
}

/* Keys of a VM configuration and of nothing else a user would pass us. */
static bool vm_key(const char *k, size_t n)
{
	static const char *const keys[] = {
		"hostpci", "bios",   "machine", "vga",	    "args",	  "cpu",    "cores",
		"sockets", "memory", "ostype",	"efidisk",  "boot",	  "smbios", "vmgenid",
		"meta",	   "numa",   "agent",	"ivshmem",  "hookscript", "scsihw", "net",
		"scsi",	   "sata",   "ide",	"tpmstate", "balloon",	  "onboot", "virtio",
	};
	size_t i, base = n;

	while (base && is_digit(k[base - 1]))
		base--;
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (strlen(keys[i]) == base && !strncmp(k, keys[i], base))
			return true;
	return false;
}

bool vm_pve_looks_like(const char *text, size_t len)
{
	size_t pos = 0;
	bool first = true;

	while (pos < len) {
		const char *s = text + pos, *nl = memchr(s, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - s) : len - pos, i, k;

		pos += n + 1;
		for (i = 0; i < n && is_blank(s[i]); i++)
			;
		if (i == n || s[0] == '#')
			continue;
		if (is_section(s, n))
			return false;
		k = key_len(s, n);
		if (first && !k)
			return false;
		first = false;
		if (k && vm_key(s, k))
			return true;
	}
	return false;
}

int vm_pve_prop(const char *value, const char *key, char *out, size_t n)
{
	const char *p = value;
	bool leading = true;

	while (*p) {
		const char *end = strchr(p, ','), *eq;
		size_t len = end ? (size_t)(end - p) : strlen(p), vl;
		const char *v = NULL;

		eq = memchr(p, '=', len);
		if (!key && !eq && leading)
			v = p, vl = len;
		else if (key && eq && (size_t)(eq - p) == strlen(key) && !strncmp(p, key, eq - p))
			v = eq + 1, vl = len - (size_t)(eq - p) - 1;
		/* the default value may also be written as its key= form, which
		 * the caller asks for by name */
		leading = false;
		if (v) {
			if (vl >= n)
				return -ENAMETOOLONG;
			memcpy(out, v, vl);
			out[vl] = '\0';
			return 1;
		}
		if (!end)
			break;
		p = end + 1;
	}
	return 0;
}

bool vm_pve_bool(const char *value, const char *key, bool def)
{
	static const char *const yes[] = { "1", "on", "yes", "true" };
	static const char *const no[] = { "0", "off", "no", "false" };
	char v[8];
	size_t i;

	if (vm_pve_prop(value, key, v, sizeof(v)) != 1)
		return def;
	for (i = 0; i < 4; i++) {
		if (!strcmp(v, yes[i]))
			return true;
		if (!strcmp(v, no[i]))
			return false;
	}
	return def;
}

void vm_pve_argv_free(char **argv)
{
	size_t i;

	for (i = 0; argv && argv[i]; i++)
		free(argv[i]);
	free(argv);
}

/* Append @w (taking it) to the vector; -ENOMEM. */
static int push(char ***argv, size_t *argc, size_t *cap, char *w)
{
	if (*argc + 2 > *cap) {
		size_t nc = *cap ? *cap * 2 : 16;
		char **nv = realloc(*argv, nc * sizeof(*nv));

		if (!nv) {
			free(w);
			return -ENOMEM;
		}
		*argv = nv;
		*cap = nc;
	}
	(*argv)[(*argc)++] = w;
	(*argv)[*argc] = NULL;
	return 0;
}

int vm_pve_split_args(const char *args, char ***argv, size_t *argc)
{
	size_t len = strlen(args), cap = 0, i = 0, o;
	char *w = NULL;
	int ret = 0;

	*argv = NULL;
	*argc = 0;
	ret = push(argv, argc, &cap, NULL); /* room for the terminator */
	*argc = 0;
	while (!ret) {
		while (i < len && is_blank(args[i]))
			i++;
		if (i == len)
			break;
		w = malloc(len - i + 1);
		if (!w) {
			ret = -ENOMEM;
			break;
		}
		for (o = 0; i < len && !is_blank(args[i]);) {
			char q = args[i];

			if (q == '\'' || q == '"') {
				for (i++; i < len && args[i] != q; i++) {
					if (q == '"' && args[i] == '\\' && i + 1 < len &&
					    strchr("\\\"$`", args[i + 1]))
						i++;
					w[o++] = args[i];
				}
				if (i == len) {
					ret = -EINVAL;
					break;
				}
				i++;
			} else if (q == '\\' && i + 1 < len) {
				w[o++] = args[i + 1];
				i += 2;
			} else {
				w[o++] = args[i++];
			}
		}
		w[o] = '\0';
		if (ret) {
			free(w);
			break;
		}
		ret = push(argv, argc, &cap, w);
	}
	if (ret) {
		vm_pve_argv_free(*argv);
		*argv = NULL;
		*argc = 0;
	}
	return ret;
}

/* @n lower-case hex digits at @s (qemu-server's [a-f0-9]), their value in @v. */
static bool pci_hex(const char *s, size_t n, unsigned long *v)
{
	size_t i;

	*v = 0;
	for (i = 0; i < n; i++) {
		char c = s[i];

		if (c >= '0' && c <= '9')
			*v = *v * 16 + (unsigned long)(c - '0');
		else if (c >= 'a' && c <= 'f')
			*v = *v * 16 + (unsigned long)(c - 'a' + 10);
		else
			return false;
		if (*v > 0xffff)
			return false;
	}
	return n > 0;
}

bool vm_pve_pci_id(const char *s, struct vm_pve_pci_id *id)
{
	size_t n = strcspn(s, ":");
	unsigned long v;

	id->domain = 0;
	/* DOMAIN: comes first when a second ':' follows */
	if (s[n] == ':' && strchr(s + n + 1, ':')) {
		if (n < 4 || !pci_hex(s, n, &v))
			return false;
		id->domain = (unsigned int)v;
		s += n + 1;
	}
	if (strlen(s) < 5 || s[2] != ':' || !pci_hex(s, 2, &v))
		return false;
	id->bus = (unsigned int)v;
	if (!pci_hex(s + 3, 2, &v))
		return false;
	id->slot = (unsigned int)v;
	id->func = -1;
	if (!s[5])
		return true;
	if (s[5] != '.' || !pci_hex(s + 6, 1, &v) || s[7] || v > 7)
		return false;
	id->func = (int)v;
	return true;
}
