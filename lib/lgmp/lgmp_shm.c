// SPDX-License-Identifier: MIT
/* Shared-memory mapping for files, kvmfr devices and PCI BAR resources. */
#include "lgmp/lgmp_shm.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lgmp/kvmfr_abi.h"

int lgmp_shm_open(struct lgmp_shm *shm, const char *path, size_t create_size)
{
	struct stat st;
	int flags = O_RDWR | O_CLOEXEC;
	int fd, err;
	void *mem;
	size_t size;

	shm->mem = NULL;
	shm->size = 0;
	shm->fd = -1;
	if (create_size)
		flags |= O_CREAT;
	fd = open(path, flags, 0600);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0)
		goto fail_errno;
	if (S_ISCHR(st.st_mode)) {
		long r = ioctl(fd, KVMFR_DMABUF_GETSIZE);

		if (r <= 0) {
			err = r < 0 ? -errno : -ENODEV;
			goto fail;
		}
		size = (size_t)r;
	} else {
		if (create_size && (size_t)st.st_size != create_size &&
		    ftruncate(fd, (off_t)create_size) < 0)
			goto fail_errno;
		size = create_size ? create_size : (size_t)st.st_size;
	}
	if (!size) {
		err = -ENODATA;
		goto fail;
	}
	mem = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (mem == MAP_FAILED)
		goto fail_errno;
	/* Frames are megabytes: huge pages spare TLB misses on every copy.
	 * Only advice: tmpfs honours it when shmem_enabled allows, kvmfr's
	 * vmalloc memory and sysfs BARs never do.
	 */
	if (!S_ISCHR(st.st_mode))
		madvise(mem, size, MADV_HUGEPAGE);
	shm->mem = mem;
	shm->size = size;
	shm->fd = fd;
	return 0;

fail_errno:
	err = -errno;
fail:
	close(fd);
	return err;
}

void lgmp_shm_close(struct lgmp_shm *shm)
{
	if (shm->mem)
		munmap(shm->mem, shm->size);
	if (shm->fd >= 0)
		close(shm->fd);
	shm->mem = NULL;
	shm->size = 0;
	shm->fd = -1;
}

const char *lgmp_shm_default_path(void)
{
	struct stat st;

	if (stat("/dev/kvmfr0", &st) == 0 && S_ISCHR(st.st_mode))
		return "/dev/kvmfr0";
	return "/dev/shm/looking-glass";
}
