// SPDX-License-Identifier: MIT
/*
 * Guest-side files (see vm_guest_files.h). Option names are those of
 * Looking Glass B6/B7, the releases the guide uses.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "vm/vm_domain.h"
#include "vm/vm_guest_files.h"

/* The stream's buffer pointer is only final after fclose(). */
static char *finish(FILE *f, char **buf)
{
	if (fclose(f)) {
		free(*buf);
		return NULL;
	}
	return *buf;
}

char *vm_idd_option_txt(const struct vm_domain *d, unsigned int monitors)
{
	char *buf = NULL;
	size_t len = 0, i;
	FILE *f;

	if (!monitors || monitors > 4 || !d->n_res)
		return NULL;
	f = open_memstream(&buf, &len);
	if (!f)
		return NULL;
	/* Line 1: the number of virtual monitors. Never a comment. */
	fprintf(f, "%u\r\n", monitors);
	fprintf(f, "# IddSampleDriver (ge9) modes for VM %s, written by vfctl vm guest-files.\r\n",
		d->name);
	fprintf(f, "# Copy to %s before installing the driver.\r\n", VM_IDD_OPTION_PATH);
	fprintf(f, "# Line 1 is the monitor count and must stay a number.\r\n");
	fprintf(f, "# Each mode is: width, height, refresh rate (exactly three numbers).\r\n");
	fprintf(f,
		"# Modes larger than the shared memory (%" PRIu64
		" MiB) would be cut off by Looking Glass.\r\n",
		vm_domain_shm_mib(d));
	for (i = 0; i < d->n_res; i++)
		fprintf(f, "%u, %u, %u\r\n", d->res[i].width, d->res[i].height, d->res[i].refresh);
	return finish(f, &buf);
}

char *vm_lg_host_ini(const struct vm_domain *d)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		return NULL;
	fprintf(f,
		"; looking-glass-host.ini for VM %s, written by vfctl vm guest-files.\r\n"
		"; Put it next to looking-glass-host.exe (C:\\Program Files\\Looking Glass (host)\\).\r\n"
		"\r\n"
		"[app]\r\n"
		"; DXGI desktop duplication: it captures the IddSampleDriver monitor the VF renders.\r\n"
		"capture=dxgi\r\n"
		"\r\n"
		"[dxgi]\r\n"
		"; The guide's setup copied with Direct3D 12 through B6's copyBackend=d3d12;\r\n"
		"; B7 dropped that option (its Direct3D 12 capture is capture=d12, which B6\r\n"
		"; does not know), so this file keeps to what both releases read.\r\n"
		"; Full-frame copies: damage tracking was unreliable on the VF in the guide's setup.\r\n"
		"disableDamage=true\r\n",
		d->name);
	return finish(f, &buf);
}

char *vm_lg_client_ini(const struct vm_domain *d)
{
	char *buf = NULL, path[64], win[160];
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		return NULL;
	vm_domain_shm_path(d, path, sizeof(path));
	/*
	 * The window opens on the host's screen: its size is the host's mode,
	 * not the guest's (a 4K guest mode would not fit a 1440p screen).
	 */
	if (d->window.width)
		snprintf(win, sizeof(win),
			 "; The host screen; the guest picture is scaled into it.\nsize=%ux%u\n",
			 d->window.width, d->window.height);
	else
		snprintf(win, sizeof(win),
			 "; The host screen was not found: the client picks the window size.\n");
	fprintf(f,
		"; Looking Glass client configuration for VM %s, written by vfctl vm guest-files.\n"
		"; Save as ~/.config/looking-glass/client.ini (or /etc/looking-glass-client.ini).\n"
		"\n"
		"[app]\n"
		"; The same memory the VM's IVSHMEM device uses (%" PRIu64 " MiB).\n"
		"shmFile=%s\n"
		"; %s\n"
		"allowDMA=%s\n"
		"renderer=auto\n"
		"\n"
		"[win]\n"
		"%s"
		"dontUpscale=yes\n"
		"keepAspect=yes\n"
		"showFPS=no\n"
		"\n"
		"[spice]\n",
		d->name, vm_domain_shm_mib(d), path,
		d->shm == VM_SHM_KVMFR ?
			"kvmfr: import frames as DMA-BUF, no copy on the host" :
			"a /dev/shm file cannot be imported as DMA-BUF: the client copies",
		d->shm == VM_SHM_KVMFR ? "yes" : "no", win);
	if (d->display == VM_DISPLAY_SPICE)
		fprintf(f,
			"; Keyboard and mouse go through the VM's SPICE server on localhost.\n"
			"enable=yes\n"
			"host=127.0.0.1\n"
			"; The fixed port of the domain's <graphics type='spice'> (vfctl vm xml).\n"
			"port=%u\n"
			"audio=no\n",
			vm_domain_spice_port(d));
	else
		fprintf(f,
			"; The VM has no SPICE server: input must come from a passed-through device.\n"
			"enable=no\n");
	return finish(f, &buf);
}
