/*
 * file_rw_1m: writing and reading a 1 MiB file. Each iteration creates
 * a new file in /tmp and writes 1 MiB in 64 KiB writes, closes it (metric
 * file_write_1m: openat+writes+close), opens it again and reads it with
 * 64 KiB reads up to EOF, checking the data, and closes it (metric
 * file_read_1m: openat+reads+close); the unlink between iterations is not
 * measured. Both metrics are per 1 MiB file.
 *
 * usage: file_rw_1m [ITERATIONS]
 */
#include "bench.h"

#include <fcntl.h>

#define FILE_SIZE	   (1024 * 1024)
#define CHUNK		   (64 * 1024)
#define DEFAULT_ITERATIONS 40
#define WARMUP		   2

static unsigned char wbuf[CHUNK];
static unsigned char rbuf[CHUNK];

static void
write_file(const char *path)
{
	int fd = open(path, O_CREAT | O_EXCL | O_WRONLY, 0644);

	bench_check(fd, "openat");
	for (size_t off = 0; off < FILE_SIZE; off += CHUNK) {
		ssize_t w = write(fd, wbuf, CHUNK);

		bench_check(w, "write");
		if (w != CHUNK)
			bench_wrong("short write to a regular file");
	}
	bench_check(close(fd), "close");
}

/* Read the file back; every byte is checked when @check_all. */
static void
read_file(const char *path, int check_all)
{
	int fd = open(path, O_RDONLY);
	size_t total = 0;
	ssize_t r;

	bench_check(fd, "openat");
	/* Ask for the rest of the current chunk, so rbuf lines up with wbuf. */
	while ((r = read(fd, rbuf, CHUNK - total % CHUNK)) > 0) {
		if (rbuf[0] != wbuf[total % CHUNK] || rbuf[r - 1] != wbuf[(total + r - 1) % CHUNK])
			bench_wrong("file data out of place");
		if (check_all && memcmp(rbuf, wbuf + total % CHUNK, (size_t)r) != 0)
			bench_wrong("file data corrupted");
		total += (size_t)r;
		if (total > FILE_SIZE)
			bench_wrong("file longer than written");
	}
	bench_check(r, "read");
	if (total != FILE_SIZE)
		bench_wrong("file shorter than written");
	bench_check(close(fd), "close");
}

int
main(int argc, char **argv)
{
	long n = bench_iterations(argc, argv, DEFAULT_ITERATIONS);
	struct bench_acc wacc = { 0 }, racc = { 0 };
	struct bench_stamp a, b;
	char path[64];

	for (size_t i = 0; i < CHUNK; i++)
		wbuf[i] = (unsigned char)(i * 7 + (i >> 8) * 13 + 1);
	snprintf(path, sizeof(path), "/tmp/bench_rw.%d", (int)getpid());
	for (long i = 0; i < WARMUP + n; i++) {
		bench_start(&a);
		write_file(path);
		bench_stop(&b);
		if (i >= WARMUP)
			bench_acc_add(&wacc, &a, &b);
		bench_start(&a);
		read_file(path, i < WARMUP);
		bench_stop(&b);
		if (i >= WARMUP)
			bench_acc_add(&racc, &a, &b);
		bench_check(unlink(path), "unlinkat");
	}
	bench_report("file_write_1m", n, "file", &wacc);
	bench_report("file_read_1m", n, "file", &racc);
	return 0;
}
