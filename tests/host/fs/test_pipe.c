/*
 * Unit tests of pipes and FIFOs (kernel/fs/pipe.c): the ring of page
 * slots, PIPE_BUF atomicity, merging into the last slot, the 64 KiB
 * capacity, wrap-around, EOF and EPIPE, O_NONBLOCK, packet mode, poll and
 * FIONREAD. Tests are single-threaded: whatever would block must either
 * be O_NONBLOCK or find a signal pending (the fake scheduler panics if a
 * task would really sleep).
 */
/* UAPI headers first: <linux/stat.h> hides S_IF* once glibc's are in. */
#include <asm-generic/errno.h>
#include <asm-generic/fcntl.h>
#include <asm-generic/ioctls.h>
#include <asm-generic/poll.h>
#include <linux/stat.h>

#include <criterion/criterion.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include <kerrno.h>

#include "fakes/fake_sched.h"
#include "fakes/fake_mem.h"
#include "fs/file.h"
#include "fs/fsops.h"
#include "fs/pipe.h"
#include "fs/poll.h"
#include "mm/page.h"
#include "ramfs_root.h"

TestSuite(pipe, .init = fs_setup);
TestSuite(fifo, .init = fs_setup);

static struct file *rd, *wr;

static void
make_pipe(unsigned flags)
{
	cr_assert_eq(pipe_create(flags, &rd, &wr), 0);
}

/* Write len bytes of a pattern starting at *seq (advanced by what went
 * in): the count or an errno. */
static ssize_t
write_seq(struct file *f, size_t len, unsigned *seq)
{
	static char buf[2 * PIPE_CAPACITY];
	struct uio u;
	ssize_t n;

	cr_assert_leq(len, sizeof(buf));
	for (size_t i = 0; i < len; i++)
		buf[i] = (char)(*seq + i);
	uio_init_kernel(&u, buf, len);
	n = file_write(f, &u, NULL);
	if (n > 0)
		*seq += (unsigned)n;
	return n;
}

/* Read up to len bytes and check they continue the pattern at *seq. */
static ssize_t
read_seq(struct file *f, size_t len, unsigned *seq)
{
	static char buf[2 * PIPE_CAPACITY];
	ssize_t n;

	cr_assert_leq(len, sizeof(buf));
	n = fs_read(f, buf, len);
	for (ssize_t i = 0; i < n; i++)
		cr_assert_eq(buf[i], (char)(*seq + i), "byte %zd of a read at %u", i, *seq);
	if (n > 0)
		*seq += (unsigned)n;
	return n;
}

static int
fionread(struct file *f)
{
	int count = -1;

	cr_assert_eq(f->fops->ioctl(f, FIONREAD, (unsigned long)&count), 0);
	return count;
}

/* Make every wait find a signal pending, as if one had just arrived. */
static void
signal_arrives(void)
{
	fake_sched_set_signal_pending(true);
}

/* ---- data in and out --------------------------------------------------------------- */

Test(pipe, bytes_come_out_in_the_order_they_went_in)
{
	unsigned wseq = 0, rseq = 0;

	make_pipe(0);
	cr_assert_eq(write_seq(wr, 10, &wseq), 10);
	cr_assert_eq(write_seq(wr, 5000, &wseq), 5000);
	cr_assert_eq(read_seq(rd, 7, &rseq), 7);
	cr_assert_eq(read_seq(rd, 6000, &rseq), 5003, "a read takes what is there");
}

Test(pipe, zero_byte_reads_and_writes_return_zero)
{
	char c;

	make_pipe(0);
	cr_assert_eq(fs_write(wr, "", 0), 0);
	cr_assert_eq(fs_read(rd, &c, 0), 0, "even on an empty pipe with a writer");
}

Test(pipe, the_ends_cannot_be_used_the_other_way)
{
	char c;

	make_pipe(0);
	cr_assert_eq(fs_write(rd, "x", 1), -EBADF);
	cr_assert_eq(fs_read(wr, &c, 1), -EBADF);
}

Test(pipe, pipes_are_streams_without_an_offset)
{
	make_pipe(0);
	cr_assert_eq(file_llseek(rd, 0, SEEK_SET), -ESPIPE);
	cr_assert(file_is_pipe(rd));
	cr_assert(file_is_pipe(wr));
	cr_assert(S_ISFIFO(rd->inode->mode));
	cr_assert_eq(rd->inode, wr->inode);
}

/* ---- empty and full ---------------------------------------------------------------- */

Test(pipe, reading_an_empty_pipe_with_o_nonblock_is_eagain)
{
	char c;

	make_pipe(O_NONBLOCK);
	cr_assert_eq(fs_read(rd, &c, 1), -EAGAIN);
}

Test(pipe, a_blocking_read_interrupted_by_a_signal_is_erestartsys)
{
	char c;

	make_pipe(0);
	signal_arrives();
	cr_assert_eq(fs_read(rd, &c, 1), -ERESTARTSYS);
}

Test(pipe, the_pipe_holds_sixty_four_kib)
{
	unsigned seq = 0;

	make_pipe(O_NONBLOCK);
	cr_assert_eq(write_seq(wr, PIPE_CAPACITY, &seq), PIPE_CAPACITY);
	cr_assert_eq(fionread(rd), PIPE_CAPACITY);
	cr_assert_eq(write_seq(wr, 1, &seq), -EAGAIN);
}

Test(pipe, one_byte_writes_merge_to_fill_sixty_four_kib)
{
	unsigned seq = 0, rseq = 0;

	make_pipe(O_NONBLOCK);
	for (int i = 0; i < PIPE_CAPACITY; i++)
		cr_assert_eq(write_seq(wr, 1, &seq), 1, "write %d", i);
	cr_assert_eq(write_seq(wr, 1, &seq), -EAGAIN);
	cr_assert_eq(read_seq(rd, PIPE_CAPACITY, &rseq), PIPE_CAPACITY);
}

Test(pipe, a_write_merges_only_when_its_remainder_fits_the_last_page)
{
	unsigned seq = 0, rseq = 0;

	make_pipe(O_NONBLOCK);
	/* 1 byte in slot 0, then 15 full pages: 16 slots used, 61441 bytes. */
	cr_assert_eq(write_seq(wr, 1, &seq), 1);
	cr_assert_eq(write_seq(wr, 15 * PAGE_SIZE, &seq), 15 * PAGE_SIZE);
	cr_assert_eq(write_seq(wr, 1, &seq), -EAGAIN, "the last page is full");
	cr_assert_eq(fionread(rd), 1 + 15 * PAGE_SIZE);
	cr_assert_eq(read_seq(rd, PIPE_CAPACITY, &rseq), 1 + 15 * PAGE_SIZE);
}

Test(pipe, a_write_tops_up_the_last_page_before_taking_new_ones)
{
	unsigned seq = 0, rseq = 0;

	make_pipe(O_NONBLOCK);
	/* The 50-byte remainder of the second write joins slot 0 (as
	 * Linux: the first len % PAGE_SIZE bytes), the page after it takes
	 * slot 1: 14 slots are left. */
	cr_assert_eq(write_seq(wr, 100, &seq), 100);
	cr_assert_eq(write_seq(wr, PAGE_SIZE + 50, &seq), PAGE_SIZE + 50);
	cr_assert_eq(write_seq(wr, 14 * PAGE_SIZE, &seq), 14 * PAGE_SIZE);
	cr_assert_eq(write_seq(wr, 1, &seq), -EAGAIN);
	cr_assert_eq(read_seq(rd, 2 * PIPE_CAPACITY, &rseq), 150 + 15 * PAGE_SIZE);
}

Test(pipe, a_write_of_pipe_buf_bytes_is_all_or_nothing)
{
	unsigned seq = 0;

	make_pipe(O_NONBLOCK);
	/* Every slot used, the last with 100 bytes of room. */
	cr_assert_eq(write_seq(wr, PIPE_CAPACITY - 100, &seq), PIPE_CAPACITY - 100);
	cr_assert_eq(write_seq(wr, 200, &seq), -EAGAIN, "200 bytes do not fit: none go in");
	cr_assert_eq(fionread(rd), PIPE_CAPACITY - 100);
	cr_assert_eq(write_seq(wr, 100, &seq), 100, "100 bytes fit in the last page");
	cr_assert_eq(fionread(rd), PIPE_CAPACITY);
}

Test(pipe, a_write_of_pipe_buf_bytes_never_splits_across_pages)
{
	unsigned seq = 0, rseq = 0;

	make_pipe(O_NONBLOCK);
	/* Slot 0 holds 1 byte: PIPE_BUF bytes cannot merge, so they take a
	 * fresh page whole; 14 more pages and the pipe is full. */
	cr_assert_eq(write_seq(wr, 1, &seq), 1);
	cr_assert_eq(write_seq(wr, PIPE_BUF_ATOMIC, &seq), PIPE_BUF_ATOMIC);
	cr_assert_eq(write_seq(wr, 14 * PAGE_SIZE, &seq), 14 * PAGE_SIZE);
	cr_assert_eq(write_seq(wr, PIPE_BUF_ATOMIC, &seq), -EAGAIN);
	cr_assert_eq(read_seq(rd, PIPE_CAPACITY, &rseq), 1 + 15 * PAGE_SIZE);
}

Test(pipe, a_large_nonblocking_write_returns_what_fit)
{
	unsigned seq = 0, rseq = 0;

	make_pipe(O_NONBLOCK);
	cr_assert_eq(write_seq(wr, 15 * PAGE_SIZE, &seq), 15 * PAGE_SIZE);
	cr_assert_eq(write_seq(wr, 3 * PAGE_SIZE, &seq), PAGE_SIZE);
	cr_assert_eq(read_seq(rd, PIPE_CAPACITY, &rseq), PIPE_CAPACITY);
}

Test(pipe, a_blocking_write_to_a_full_pipe_returns_what_fit_on_a_signal)
{
	unsigned seq = 0;

	make_pipe(0);
	cr_assert_eq(write_seq(wr, PIPE_CAPACITY - PAGE_SIZE, &seq), PIPE_CAPACITY - PAGE_SIZE);
	signal_arrives();
	cr_assert_eq(write_seq(wr, 2 * PAGE_SIZE, &seq), PAGE_SIZE);
	cr_assert_eq(write_seq(wr, 1, &seq), -ERESTARTSYS, "nothing fit");
}

Test(pipe, reading_makes_room_for_writers)
{
	unsigned seq = 0, rseq = 0;

	make_pipe(O_NONBLOCK);
	cr_assert_eq(write_seq(wr, PIPE_CAPACITY, &seq), PIPE_CAPACITY);
	cr_assert_eq(read_seq(rd, PAGE_SIZE - 1, &rseq), PAGE_SIZE - 1);
	cr_assert_eq(write_seq(wr, 1, &seq), -EAGAIN, "the first page is not drained yet");
	cr_assert_eq(read_seq(rd, 1, &rseq), 1);
	cr_assert_eq(write_seq(wr, PAGE_SIZE, &seq), PAGE_SIZE);
	cr_assert_eq(read_seq(rd, 2 * PIPE_CAPACITY, &rseq), PIPE_CAPACITY);
}

Test(pipe, the_ring_wraps_around_and_keeps_the_order)
{
	static const size_t sizes[] = { 1, 4095, 4096, 4097, 100, 9000, 3, 12288, 5000 };
	unsigned wseq = 0, rseq = 0;

	make_pipe(O_NONBLOCK);
	/* Keep the ring half full while head and tail go round it many times. */
	cr_assert_eq(write_seq(wr, PIPE_CAPACITY / 2, &wseq), PIPE_CAPACITY / 2);
	for (int round = 0; round < 200; round++) {
		size_t n = sizes[round % (sizeof(sizes) / sizeof(sizes[0]))];
		ssize_t in = write_seq(wr, n, &wseq);

		cr_assert_gt(in, 0, "round %d", round);
		cr_assert_eq(read_seq(rd, (size_t)in, &rseq), in, "round %d", round);
	}
	cr_assert_eq(fionread(rd), (int)(wseq - rseq));
	cr_assert_eq(read_seq(rd, PIPE_CAPACITY, &rseq), PIPE_CAPACITY / 2);
	cr_assert_eq(wseq, rseq);
}

/* ---- the ends closing ---------------------------------------------------------------- */

Test(pipe, without_writers_the_data_left_is_read_then_eof)
{
	unsigned seq = 0, rseq = 0;

	make_pipe(0);
	cr_assert_eq(write_seq(wr, 10, &seq), 10);
	file_put(wr);
	cr_assert_eq(read_seq(rd, 100, &rseq), 10);
	cr_assert_eq(read_seq(rd, 100, &rseq), 0, "EOF, without blocking");
	file_put(rd);
}

Test(pipe, writing_without_readers_is_epipe_and_asks_for_sigpipe)
{
	struct uio u;

	make_pipe(0);
	file_put(rd);
	uio_init_kernel(&u, "x", 1);
	cr_assert_eq(file_write(wr, &u, NULL), -EPIPE);
	cr_assert(u.broken_pipe);
	cr_assert_eq(u.done, 0);
	file_put(wr);
}

Test(pipe, a_write_that_succeeds_does_not_ask_for_sigpipe)
{
	struct uio u;

	make_pipe(0);
	uio_init_kernel(&u, "x", 1);
	cr_assert_eq(file_write(wr, &u, NULL), 1);
	cr_assert_not(u.broken_pipe);
}

Test(pipe, closing_both_ends_frees_the_pipe_and_its_pages)
{
	struct fs_usage before = fs_usage();
	unsigned seq = 0;

	make_pipe(O_NONBLOCK);
	cr_assert_eq(write_seq(wr, PIPE_CAPACITY, &seq), PIPE_CAPACITY);
	file_put(wr);
	file_put(rd);
	fs_assert_usage(before);
}

Test(pipe, creating_a_pipe_without_memory_is_enomem_and_leaks_nothing)
{
	/* pipe_create() allocates an inode, the pipe, then a file for each
	 * end; let each of them be the one that fails in turn. struct pipe
	 * is pipe.c's own: 512 bytes is its kmalloc class today (if it
	 * moves, another allocation fails, which must clean up the same). */
	static const size_t allocs[] = { sizeof(struct inode), 512, sizeof(struct file) };
	struct fs_usage before = fs_usage();

	for (size_t fail = 0; fail <= sizeof(allocs) / sizeof(allocs[0]); fail++) {
		fake_mem_exhaust();
		for (size_t i = 0; i < fail; i++)
			fake_mem_spare(allocs[i]);
		cr_assert_eq(pipe_create(0, &rd, &wr), -ENOMEM, "allocation %zu failing", fail);
		fake_mem_release();
		fs_assert_usage(before);
	}
}

Test(pipe, a_write_without_memory_for_a_page_is_enomem)
{
	unsigned seq = 0;

	make_pipe(O_NONBLOCK);
	fake_mem_exhaust();
	cr_assert_eq(write_seq(wr, 1, &seq), -ENOMEM);
	fake_mem_release();
	cr_assert_eq(write_seq(wr, 1, &seq), 1);
}

/* ---- packet mode (O_DIRECT) -------------------------------------------------------------- */

Test(pipe, packet_mode_reads_one_write_at_a_time)
{
	unsigned seq = 0, rseq = 0;

	make_pipe(O_DIRECT);
	cr_assert_eq(write_seq(wr, 10, &seq), 10);
	cr_assert_eq(write_seq(wr, 20, &seq), 20);
	cr_assert_eq(read_seq(rd, 100, &rseq), 10);
	cr_assert_eq(read_seq(rd, 100, &rseq), 20);
}

Test(pipe, packet_mode_discards_what_a_short_read_leaves)
{
	unsigned seq = 0, rseq = 0;

	make_pipe(O_DIRECT | O_NONBLOCK);
	cr_assert_eq(write_seq(wr, 10, &seq), 10);
	cr_assert_eq(read_seq(rd, 4, &rseq), 4);
	cr_assert_eq(fionread(rd), 0);
	cr_assert_eq(read_seq(rd, 4, &rseq), -EAGAIN);
}

Test(pipe, packet_mode_never_merges_small_writes)
{
	unsigned seq = 0;

	make_pipe(O_DIRECT | O_NONBLOCK);
	for (int i = 0; i < (int)(PIPE_CAPACITY / PAGE_SIZE); i++)
		cr_assert_eq(write_seq(wr, 1, &seq), 1);
	cr_assert_eq(write_seq(wr, 1, &seq), -EAGAIN, "16 packets fill the 16 slots");
}

/* ---- ioctl and poll ------------------------------------------------------------------------ */

Test(pipe, fionread_counts_the_bytes_waiting)
{
	unsigned seq = 0, rseq = 0;

	make_pipe(0);
	cr_assert_eq(fionread(rd), 0);
	cr_assert_eq(write_seq(wr, 5000, &seq), 5000);
	cr_assert_eq(read_seq(rd, 1000, &rseq), 1000);
	cr_assert_eq(fionread(rd), 4000);
	cr_assert_eq(fionread(wr), 4000);
}

Test(pipe, other_ioctls_are_enotty_and_a_bad_pointer_efault)
{
	make_pipe(0);
	cr_assert_eq(rd->fops->ioctl(rd, FIONBIO, 0), -ENOTTY);
	cr_assert_eq(rd->fops->ioctl(rd, FIONREAD, 0), -EFAULT);
}

Test(pipe, poll_reports_data_room_and_hang_ups)
{
	unsigned seq = 0;

	make_pipe(O_NONBLOCK);
	cr_assert_eq(poll_file(rd, NULL), 0, "empty, with a writer");
	cr_assert_eq(poll_file(wr, NULL), POLLOUT | POLLWRNORM);
	cr_assert_eq(write_seq(wr, PIPE_CAPACITY, &seq), PIPE_CAPACITY);
	cr_assert_eq(poll_file(rd, NULL), POLLIN | POLLRDNORM);
	cr_assert_eq(poll_file(wr, NULL), 0, "full");
	file_put(rd);
	cr_assert_eq(poll_file(wr, NULL), POLLERR, "no reader");
	make_pipe(0);
	file_put(wr);
	cr_assert_eq(poll_file(rd, NULL), POLLHUP, "no writer");
}

/* ---- FIFOs ------------------------------------------------------------------------------------ */

static struct file *
open_fifo(int flags)
{
	struct file *f = NULL;
	int err = vfs_open(vfs_root, "/fifo", flags, 0, &f);

	cr_assert_eq(err, 0, "open flags %#x: %d", flags, err);
	return f;
}

static void
make_fifo(void)
{
	cr_assert_eq(vfs_mknod(vfs_root, "/fifo", S_IFIFO | 0600, 0), 0);
}

Test(fifo, a_nonblocking_writer_without_a_reader_is_enxio)
{
	struct inode *ino;
	struct file *f;

	make_fifo();

	cr_assert_eq(vfs_open(vfs_root, "/fifo", O_WRONLY | O_NONBLOCK, 0, &f), -ENXIO);
	ino = fs_lookup("/fifo", 0);
	cr_assert_null(ino->pipe, "the pipe made for the open is gone");
	inode_put(ino);
}

Test(fifo, a_nonblocking_reader_opens_alone_and_reads_eof)
{
	struct file *r;
	char c;

	make_fifo();
	r = open_fifo(O_RDONLY | O_NONBLOCK);
	cr_assert_eq(fs_read(r, &c, 1), 0, "no writer: EOF");
	file_put(r);
}

Test(fifo, its_ends_meet_in_one_pipe)
{
	struct file *r, *w;
	char buf[8] = { 0 };

	make_fifo();
	r = open_fifo(O_RDONLY | O_NONBLOCK);
	w = open_fifo(O_WRONLY | O_NONBLOCK);
	cr_assert_eq(fs_write(w, "hey", 3), 3);
	cr_assert_eq(fs_read(r, buf, sizeof(buf)), 3);
	cr_assert_str_eq(buf, "hey");
	file_put(w);
	file_put(r);
}

Test(fifo, a_read_write_open_needs_no_partner)
{
	struct file *f;
	char buf[4] = { 0 };

	make_fifo();
	f = open_fifo(O_RDWR);
	cr_assert_eq(fs_write(f, "ab", 2), 2);
	cr_assert_eq(fs_read(f, buf, sizeof(buf)), 2);
	file_put(f);
}

Test(fifo, the_pipe_goes_with_the_last_end_so_data_does_not_persist)
{
	struct inode *ino;
	struct file *f;
	char c;

	make_fifo();
	f = open_fifo(O_RDWR);
	cr_assert_eq(fs_write(f, "x", 1), 1);
	file_put(f);
	ino = fs_lookup("/fifo", 0);
	cr_assert_null(ino->pipe);
	inode_put(ino);
	f = open_fifo(O_RDWR | O_NONBLOCK);
	cr_assert_eq(fs_read(f, &c, 1), -EAGAIN);
	file_put(f);
}

Test(fifo, a_blocking_open_interrupted_by_a_signal_leaves_no_pipe)
{
	struct inode *ino;
	struct file *f;

	make_fifo();
	signal_arrives();
	cr_assert_eq(vfs_open(vfs_root, "/fifo", O_RDONLY, 0, &f), -ERESTARTSYS);
	ino = fs_lookup("/fifo", 0);
	cr_assert_null(ino->pipe);
	inode_put(ino);
}

Test(fifo, a_blocking_open_without_a_partner_would_sleep, .signal = SIGABRT)
{
	struct file *f;

	make_fifo();
	cr_assert_fail("open returned %d", vfs_open(vfs_root, "/fifo", O_WRONLY, 0, &f));
}
