// SPDX-License-Identifier: MIT
/* KVMFR v20 consumer: validation of hostile messages and torn-frame checks. */
#include "lgmp/kvmfr_client.h"

#include <errno.h>
#include <string.h>

#include "lgmp/lgmp_atomic.h"

static void copy_str(char *dst, size_t dst_size, const uint8_t *src, size_t src_size)
{
	size_t n = strnlen((const char *)src, src_size);

	if (n >= dst_size)
		n = dst_size - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

int kvmfr_parse_udata(const uint8_t *udata, uint32_t size, struct kvmfr_info *info)
{
	struct kvmfr_udata kv;
	uint32_t pos;

	memset(info, 0, sizeof(*info));
	if (size < sizeof(kv))
		return -EBADMSG;
	memcpy(&kv, udata, sizeof(kv));
	if (memcmp(kv.magic, KVMFR_MAGIC, sizeof(kv.magic)))
		return -EBADMSG;
	info->version = kv.version;
	if (kv.version != KVMFR_VERSION)
		return -EPROTONOSUPPORT;
	info->features = kv.features;
	copy_str(info->hostver, sizeof(info->hostver), (uint8_t *)kv.hostver, sizeof(kv.hostver));

	for (pos = sizeof(kv); size - pos >= sizeof(struct kvmfr_record);) {
		struct kvmfr_record rec;
		const uint8_t *d;

		memcpy(&rec, udata + pos, sizeof(rec));
		pos += sizeof(rec);
		if (rec.size > size - pos)
			return -EPROTO;
		d = udata + pos;
		if (rec.type == KVMFR_RECORD_VMINFO && rec.size >= sizeof(struct kvmfr_vminfo)) {
			struct kvmfr_vminfo vm;

			memcpy(&vm, d, sizeof(vm));
			info->has_vminfo = true;
			info->cpus = vm.cpus;
			info->cores = vm.cores;
			info->sockets = vm.sockets;
			copy_str(info->capture, sizeof(info->capture), (uint8_t *)vm.capture,
				 sizeof(vm.capture));
		} else if (rec.type == KVMFR_RECORD_OSINFO && rec.size >= 1) {
			info->has_osinfo = true;
			info->os = d[0];
			copy_str(info->os_name, sizeof(info->os_name), d + 1, rec.size - 1);
		}
		pos += rec.size;
	}
	return 0;
}

static bool dim_ok(uint32_t d)
{
	return d && d <= KVMFR_MAX_DIM;
}

/*
 * B7's DXGI capture scales damage to the output size with floor() and
 * ceil() on an inexact scale, so a rectangle can end a texel past the
 * frame; B7's client clamps damage to the frame. One that starts outside
 * it is no rounding and is refused.
 */
static int clamp_damage(struct kvmfr_frame *h)
{
	for (uint32_t i = 0; i < h->damage_rects_count; i++) {
		struct kvmfr_damage_rect *r = &h->damage_rects[i];

		if (r->x >= h->frame_width || r->y >= h->frame_height)
			return -EPROTO;
		if (r->width > h->frame_width - r->x)
			r->width = h->frame_width - r->x;
		if (r->height > h->frame_height - r->y)
			r->height = h->frame_height - r->y;
	}
	return 0;
}

/*
 * B7's capture backends cut a frame too big for the device to the rows of
 * the whole frame allocation (header included), not of the frame buffer
 * after the header: data_height * pitch may overrun the message by up to
 * the header's page. B7's client shows such a frame; this one keeps the
 * rows that are inside the message and marks the frame truncated. More
 * rows than the whole message holds no B7 host sends.
 */
static int fit_rows(struct kvmfr_frame *h, uint32_t msg_size)
{
	uint32_t room = msg_size - h->offset - (uint32_t)sizeof(uint32_t);

	if ((uint64_t)h->data_height * h->pitch > msg_size)
		return -EPROTO;
	if ((uint64_t)h->data_height * h->pitch > room) {
		h->data_height = room / h->pitch;
		h->flags |= KVMFR_FRAME_FLAG_TRUNCATED;
		if (!h->data_height)
			return -EPROTO;
	}
	return 0;
}

int kvmfr_frame_validate(const struct lgmp_message *msg, struct kvmfr_frame_view *v)
{
	struct kvmfr_frame *h = &v->hdr;

	memset(v, 0, sizeof(*v));
	/* the header's serial and the write pointer are read atomically in
	 * place: a misaligned frame would split them across cache lines
	 */
	if (msg->size < sizeof(*h) || (msg->offset & 3u))
		return -EPROTO;
	/* One snapshot; everything below checks the copy, never the shm. */
	memcpy(h, msg->mem, sizeof(*h));
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	v->bpp = kvmfr_frame_bpp(h->type);
	if (!v->bpp || !dim_ok(h->data_width) || !dim_ok(h->data_height) ||
	    !dim_ok(h->frame_width) || !dim_ok(h->frame_height) || !dim_ok(h->screen_width) ||
	    !dim_ok(h->screen_height) || h->pitch < (uint64_t)h->data_width * v->bpp ||
	    h->stride < h->data_width || (uint64_t)h->stride * v->bpp > h->pitch ||
	    h->rotation > 3 || h->damage_rects_count > KVMFR_MAX_DAMAGE_RECTS)
		return -EPROTO;
	/* header, then wp at offset, then pixels: all inside the message */
	if (clamp_damage(h) || h->offset < sizeof(*h) || (h->offset & 3u) ||
	    (uint64_t)h->offset + sizeof(uint32_t) > msg->size || fit_rows(h, msg->size))
		return -EPROTO;
	v->shm = (const struct kvmfr_frame *)msg->mem;
	v->fb = (const struct kvmfr_fb *)(msg->mem + h->offset);
	v->data_size = h->data_height * h->pitch;
	v->data_offset = (uint64_t)msg->offset + h->offset + sizeof(uint32_t);
	return 0;
}

int kvmfr_frame_verify(const struct kvmfr_frame_view *v)
{
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	if (lgmp_load(&v->shm->frame_serial) != v->hdr.frame_serial ||
	    lgmp_load(&v->fb->wp) < v->data_size)
		return -ESTALE;
	return 0;
}

int kvmfr_frame_wait(const struct kvmfr_frame_view *v, uint32_t bytes, struct lgmp_poll *p,
		     uint64_t timeout_ns)
{
	uint64_t start = 0;
	uint32_t last = 0;

	for (;;) {
		uint32_t wp = lgmp_load(&v->fb->wp);

		if (wp >= bytes) {
			lgmp_poll_progress(p);
			return 0;
		}
		if (lgmp_load_relaxed(&v->shm->frame_serial) != v->hdr.frame_serial)
			return -ESTALE;
		/* The stall clock restarts whenever the producer advances. */
		if (!start || wp != last) {
			start = lgmp_now_ns();
			last = wp;
		} else if (lgmp_now_ns() - start > timeout_ns) {
			return -ETIMEDOUT;
		}
		lgmp_poll_idle_in_frame(p);
	}
}

/* Wait until more than @done bytes are written; returns how many are. */
static int wait_beyond(const struct kvmfr_frame_view *v, uint32_t done, uint32_t *avail,
		       struct lgmp_poll *p, uint64_t timeout_ns)
{
	uint32_t wp = lgmp_load(&v->fb->wp);
	int ret;

	if (wp <= done) {
		ret = kvmfr_frame_wait(v, done + 1, p, timeout_ns);
		if (ret)
			return ret;
		wp = lgmp_load(&v->fb->wp);
	}
	*avail = wp < v->data_size ? wp : v->data_size;
	return 0;
}

int kvmfr_frame_copy(const struct kvmfr_frame_view *v, void *dst, struct lgmp_poll *p,
		     uint64_t timeout_ns)
{
	uint8_t *d = dst;
	uint32_t done = 0, avail;
	int ret;

	while (done < v->data_size) {
		ret = wait_beyond(v, done, &avail, p, timeout_ns);
		if (ret)
			return ret;
		memcpy(d + done, v->fb->data + done, avail - done);
		done = avail;
	}
	return kvmfr_frame_verify(v);
}

int kvmfr_frame_map(const struct kvmfr_frame_view *v, const uint8_t **pixels, struct lgmp_poll *p,
		    uint64_t timeout_ns)
{
	int ret = kvmfr_frame_wait(v, v->data_size, p, timeout_ns);

	*pixels = ret ? NULL : v->fb->data;
	return ret;
}

int kvmfr_cursor_validate(const struct lgmp_message *msg, struct kvmfr_cursor_view *cv)
{
	struct kvmfr_cursor *c = &cv->hdr;

	memset(cv, 0, sizeof(*cv));
	if (msg->size < sizeof(*c))
		return -EPROTO;
	memcpy(c, msg->mem, sizeof(*c));
	cv->flags = msg->udata;
	if (!(cv->flags & KVMFR_CURSOR_FLAG_SHAPE))
		return 0;
	if (c->type > KVMFR_CURSOR_MASKED_COLOR || !c->width || !c->height ||
	    c->width > KVMFR_CURSOR_MAX_DIM ||
	    c->height > KVMFR_CURSOR_MAX_DIM * 2 || /* mono: AND + XOR masks */
	    (c->type != KVMFR_CURSOR_MONOCHROME && c->pitch < (uint64_t)c->width * 4) ||
	    (uint64_t)c->height * c->pitch > msg->size - sizeof(*c))
		return -EPROTO;
	cv->shape = msg->mem + sizeof(*c);
	cv->shape_size = c->height * c->pitch;
	return 0;
}
