// SPDX-License-Identifier: MIT
/*
 * QEMU's -cpu and -spice values (see vm_native_qemu.h), read once for a
 * command line and for a Proxmox args: line alike.
 */
#include <libxml/tree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vm/vm_native_qemu.h"
#include "vm/vm_qemu_opt.h"

#define X(s) ((const xmlChar *)(s))

static bool get(const char *arg, const char *key, char *val, size_t n)
{
	if (vm_qemu_opt_get(arg, key, val, n) == 1)
		return true;
	val[0] = '\0';
	return false;
}

/* A legacy key without '=' ("unix"): present as a flag. */
static bool has_flag(const char *arg, const char *key)
{
	size_t k = strlen(key);
	const char *p = arg;

	if (vm_qemu_opt_is_json(arg))
		return false;
	while ((p = strstr(p, key))) {
		if ((p == arg || p[-1] == ',') && (p[k] == ',' || !p[k]))
			return true;
		p += k;
	}
	return false;
}

static bool on(const char *v)
{
	bool b;

	return !vm_qemu_bool_parse(v, &b) && b;
}

void vm_qemu_cpu_parse(const char *v, struct vm_qemu_cpu *cpu)
{
	char buf[1024], *save = NULL, *tok;
	bool first = true;

	memset(cpu, 0, sizeof(*cpu));
	snprintf(buf, sizeof(buf), "%s", v);
	for (tok = strtok_r(buf, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save), first = false) {
		char *eq = strchr(tok, '='), *k;
		bool state = true;

		if (first) {
			snprintf(cpu->model, sizeof(cpu->model), "%s", tok);
			continue;
		}
		if (*tok == '+' || *tok == '-')
			state = *tok++ == '+';
		if (eq) {
			*eq++ = '\0';
			state = on(eq);
		}
		/* QEMU takes '_' for '-' */
		for (k = tok; *k; k++)
			if (*k == '_')
				*k = '-';
		if (!strcmp(tok, "vmx"))
			cpu->vmx_off = !state;
		else if (!strcmp(tok, "hypervisor"))
			cpu->hypervisor_off = !state;
		else if (!strcmp(tok, "kvm"))
			cpu->kvm_hidden = !state;
		else if (!strcmp(tok, "host-phys-bits"))
			cpu->host_phys_bits = state, cpu->host_phys_bits_set = true;
		else if (!strcmp(tok, "host-phys-bits-limit") && eq)
			cpu->phys_limit = strtoul(eq, NULL, 0), cpu->phys_limit_set = true;
		else if (!strcmp(tok, "phys-bits") && eq)
			cpu->phys_bits = strtoul(eq, NULL, 0);
		else if (!strcmp(tok, "hv-passthrough"))
			cpu->hv_passthrough = state;
		else if (!strcmp(tok, "hv-evmcs"))
			cpu->hv_evmcs = state;
		if (!strncmp(tok, "hv-", 3))
			cpu->hv_any = true;
	}
}

/*
 * Whether the CPUs of a -cpu model are instances of a QOM type (host
 * derives from max, max from x86_64-cpu): a -global on a type applies to
 * every type derived from it.
 */
static bool cpu_is_a(const char *model, const char *type)
{
	if (!strcmp(type, "x86_64-cpu"))
		return true;
	if (!strcmp(type, "max-x86_64-cpu"))
		return !strcmp(model, "host") || !strcmp(model, "max");
	return !strcmp(type, "host-x86_64-cpu") && !strcmp(model, "host");
}

int vm_qemu_global_phys_limit(const char *v, const char *model)
{
	char type[64], property[64], value[16], *end;
	const char *dot = strchr(v, '.'), *eq = strchr(v, '=');
	unsigned long n;

	if (get(v, "driver", type, sizeof(type))) {
		/* driver=TYPE,property=NAME,value=N */
		if (!get(v, "property", property, sizeof(property)) ||
		    !get(v, "value", value, sizeof(value)))
			return -1;
	} else {
		/* TYPE.NAME=N: QEMU ends TYPE at the first '.' and NAME at '=' */
		if (!dot || !eq || dot > eq || (size_t)(dot - v) >= sizeof(type) ||
		    (size_t)(eq - dot - 1) >= sizeof(property))
			return -1;
		snprintf(type, sizeof(type), "%.*s", (int)(dot - v), v);
		snprintf(property, sizeof(property), "%.*s", (int)(eq - dot - 1), dot + 1);
		snprintf(value, sizeof(value), "%s", eq + 1);
	}
	if (strcmp(property, "host-phys-bits-limit") || !cpu_is_a(model, type))
		return -1;
	n = strtoul(value, &end, 0);
	/* a uint8 property: QEMU refuses the rest and does not start */
	return value[0] >= '0' && value[0] <= '9' && !*end && n <= 255 ? (int)n : -1;
}

void vm_qemu_spice_parse(const char *v, struct vm_qemu_spice *s)
{
	char u[16];

	memset(s, 0, sizeof(*s));
	get(v, "port", s->port, sizeof(s->port));
	if (!s->port[0])
		get(v, "tls-port", s->port, sizeof(s->port));
	get(v, "addr", s->addr, sizeof(s->addr));
	s->unix_socket = (get(v, "unix", u, sizeof(u)) && on(u)) || has_flag(v, "unix");
}

static bool prop(xmlNodePtr n, const char *name, const char *val)
{
	return n && xmlNewProp(n, X(name), X(val));
}

bool vm_qemu_spice_xml(xmlNodePtr devices, const struct vm_qemu_spice *s)
{
	xmlNodePtr g = xmlNewChild(devices, NULL, X("graphics"), NULL);
	xmlNodePtr l = g ? xmlNewChild(g, NULL, X("listen"), NULL) : NULL;

	if (!prop(g, "type", "spice"))
		return false;
	if (s->unix_socket)
		return prop(l, "type", "socket");
	/* neither port nor tls-port: QEMU's SPICE listens nowhere */
	if (!s->port[0] || !strcmp(s->port, "0"))
		return prop(l, "type", "none");
	return prop(g, "port", s->port) && prop(g, "autoport", "no") &&
	       prop(l, "type", "address") && (!s->addr[0] || prop(l, "address", s->addr));
}
