/*
 * The poll table: one waiter per wait queue a file registered, all for
 * the polling task. Wake-ups dequeue the waiter they wake; the next
 * round of poll ops queues it again, so a poller never misses a change
 * between rounds: it marks itself sleeping, polls every file, and sleeps
 * only if nothing was ready.
 */
#include <asm-generic/poll.h>

#include "fs/file.h"
#include "fs/poll.h"
#include "mm/slab.h"
#include "sched/sched.h"
#include "sched/task.h"
#include "sched/wait.h"

#define POLL_ENTRIES_PER_CHUNK 30

struct poll_entry {
	struct wait_queue *wq;
	struct waiter waiter;
};

struct poll_chunk {
	struct poll_chunk *next;
	int used;
	struct poll_entry e[POLL_ENTRIES_PER_CHUNK];
};

struct poll_table {
	struct poll_chunk *chunks; /* newest first */
	bool failed;		   /* no memory for an entry: poll without sleeping */
};

struct poll_table *
poll_table_create(void)
{
	return kzalloc(sizeof(struct poll_table));
}

static struct poll_entry *
find_or_add(struct poll_table *pt, struct wait_queue *wq)
{
	struct poll_chunk *c;

	for (c = pt->chunks; c; c = c->next)
		for (int i = 0; i < c->used; i++)
			if (c->e[i].wq == wq)
				return &c->e[i];
	c = pt->chunks;
	if (!c || c->used == POLL_ENTRIES_PER_CHUNK) {
		c = kzalloc(sizeof(*c));
		if (!c)
			return NULL;
		c->next = pt->chunks;
		pt->chunks = c;
	}
	c->e[c->used].wq = wq;
	c->e[c->used].waiter.task = current_task();
	return &c->e[c->used++];
}

void
poll_wait(struct poll_table *pt, struct wait_queue *wq)
{
	struct poll_entry *e;

	if (!pt)
		return;
	e = find_or_add(pt, wq);
	if (!e) {
		pt->failed = true;
		return;
	}
	wq_add(wq, &e->waiter);
}

unsigned
poll_file(struct file *f, struct poll_table *pt)
{
	if (f->fops && f->fops->poll)
		return f->fops->poll(f, pt);
	return POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM;
}

bool
poll_table_failed(const struct poll_table *pt)
{
	return pt->failed;
}

void
poll_table_free(struct poll_table *pt)
{
	struct poll_chunk *c, *next;

	for (c = pt->chunks; c; c = next) {
		next = c->next;
		for (int i = 0; i < c->used; i++)
			wq_remove(c->e[i].wq, &c->e[i].waiter);
		kfree(c);
	}
	kfree(pt);
}

void
poll_prepare_sleep(void)
{
	task_set_sleeping(current_task(), true);
}

void
poll_done_sleeping(void)
{
	task_set_running(current_task());
}
