/*
 * Shared anonymous memory objects: a page array filled on demand.
 */
#include <atomic.h>
#include "lib/string.h"
#include "mm/buddy.h"
#include "mm/page.h"
#include "mm/shmem.h"
#include "mm/slab.h"
#include "locking/spinlock.h"

struct shmem {
	uint32_t refcount;	    /* [a] VMAs mapping it */
	struct spinlock pages_lock; /* pages */
	size_t npages;		    /* [I] */
	struct page *pages[];	    /* [pages_lock] */
};

struct shmem *
shmem_create(size_t npages)
{
	struct shmem *s = kzalloc(sizeof(*s) + npages * sizeof(struct page *));

	if (!s)
		return NULL;
	s->refcount = 1;
	s->npages = npages;
	spin_init(&s->pages_lock, "shmem");
	return s;
}

void
shmem_get(struct shmem *s)
{
	atomic_inc_relaxed(&s->refcount);
}

void
shmem_put(struct shmem *s)
{
	if (atomic_dec_acq_rel(&s->refcount) != 0)
		return;
	for (size_t i = 0; i < s->npages; i++)
		if (s->pages[i])
			page_put(s->pages[i]);
	kfree(s);
}

struct page *
shmem_page(struct shmem *s, uint64_t index)
{
	struct page *p, *fresh = NULL;

	if (index >= s->npages)
		return NULL;
	for (;;) {
		spin_lock(&s->pages_lock);
		p = s->pages[index];
		if (!p && fresh) {
			s->pages[index] = p = fresh;
			fresh = NULL;
		}
		if (p)
			page_get(p);
		spin_unlock(&s->pages_lock);
		if (p)
			break;
		/* Allocate outside the lock, then install unless someone won. */
		fresh = page_alloc(0, GFP_ZERO);
		if (!fresh)
			return NULL;
	}
	if (fresh)
		page_put(fresh);
	return p;
}
