/*
 * rw: moving data. read, write, readv, writev, pread64, pwrite64, preadv,
 * pwritev, lseek (SEEK_SET/CUR/END/DATA/HOLE), truncate and ftruncate on
 * regular files; /dev/null and /dev/zero; wrong descriptor kinds and
 * hostile pointers. Data is checked byte for byte.
 */
#include "fs_test.h"

#include <sys/ioctl.h>
#include <sys/uio.h>
#include <sys/sysmacros.h>

/* A read-only page: reads into it must fail with EFAULT. */
static const char ro_page[4096] __attribute__((aligned(4096))) = { 1 };

static unsigned char big[1 << 20];
/* volatile: keep the compiler from checking these counts itself. */
static volatile int minus_one = -1, too_many = 1025;

static bool
all_zero(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i])
			return false;
	return true;
}

static void
basics(void)
{
	char buf[64];
	int fd = open("f", O_RDWR | O_CREAT, 0644);

	VAL(write(fd, "hello, world", 12), 12);
	VAL(lseek(fd, 0, SEEK_CUR), 12);
	VAL(read(fd, buf, sizeof(buf)), 0); /* at EOF */
	VAL(lseek(fd, 7, SEEK_SET), 7);
	VAL(read(fd, buf, 3), 3);
	check("read the bytes at 7", !memcmp(buf, "wor", 3));
	VAL(read(fd, buf, 0), 0);
	VAL(write(fd, buf, 0), 0);
	VAL(lseek(fd, -2, SEEK_END), 10);
	VAL(read(fd, buf, 10), 2);
	VAL(lseek(fd, -3, SEEK_CUR), 9);
	ERR(lseek(fd, -1, SEEK_SET), EINVAL);
	ERR(lseek(fd, -13, SEEK_END), EINVAL);
	ERR(lseek(fd, 0, 5), EINVAL);
	ERR(lseek(fd, INT64_MAX, SEEK_END), EINVAL);
	VAL(lseek(fd, 9, SEEK_SET), 9); /* failed seeks left the offset alone */
	VAL(lseek(fd, INT64_MAX, SEEK_SET), INT64_MAX);
	ERR(read(fd, buf, 1), EINVAL); /* the end would overflow */
	VAL(lseek(fd, 20, SEEK_SET), 20);
	VAL(write(fd, "!", 1), 1);
	VAL(lst("f").st_size, 21);
	VAL(pread(fd, buf, 21, 0), 21);
	check("a hole past the old end reads as zeros", all_zero(buf + 12, 8) && buf[20] == '!');
	VAL(pread(fd, buf, 5, 7), 5);
	VAL(lseek(fd, 0, SEEK_CUR), 21); /* pread left the offset */
	VAL(pwrite(fd, "W", 1, 7), 1);
	VAL(lseek(fd, 0, SEEK_CUR), 21);
	VAL(pread(fd, buf, 5, 7), 5);
	check("pwrite wrote at 7", !memcmp(buf, "World", 5));
	ERR(pread(fd, buf, 1, -1), EINVAL);
	ERR(pwrite(fd, buf, 1, -1), EINVAL);
	VAL(pread(fd, buf, 10, 100), 0);
	close(fd);

	fd = open("f", O_RDONLY);
	ERR(write(fd, "x", 1), EBADF);
	ERR(pwrite(fd, "x", 1, 0), EBADF);
	close(fd);
	fd = open("f", O_WRONLY);
	ERR(read(fd, buf, 1), EBADF);
	ERR(pread(fd, buf, 1, 0), EBADF);
	close(fd);
	fd = open(".", O_RDONLY);
	ERR(read(fd, buf, 1), EISDIR);
	ERR(pread(fd, buf, 1, 0), EISDIR);
	ERR(lseek(fd, 0, SEEK_END), EINVAL);
	VAL(lseek(fd, 0, SEEK_SET), 0);
	close(fd);
	ERR(read(-1, buf, 1), EBADF);
	ERR(write(1000, buf, 1), EBADF);
	ERR(lseek(-1, 0, SEEK_SET), EBADF);
}

static void
vectors(void)
{
	char a[4], b[8], c[16];
	struct iovec iov[3] = { { a, 4 }, { b, 8 }, { c, 16 } };
	struct iovec w[3] = { { "abcd", 4 }, { "", 0 }, { "efghijklmnop", 12 } };
	int fd = open("v", O_RDWR | O_CREAT | O_TRUNC, 0644);

	VAL(writev(fd, w, 3), 16);
	VAL(lseek(fd, 0, SEEK_SET), 0);
	memset(c, 0, sizeof(c));
	VAL(readv(fd, iov, 3), 16);
	check("readv scattered the bytes", !memcmp(a, "abcd", 4) && !memcmp(b, "efghijkl", 8) &&
						   !memcmp(c, "mnop", 4));
	VAL(readv(fd, iov, 0), 0);
	VAL(writev(fd, w, 0), 0);
	ERR(readv(fd, iov, minus_one), EINVAL);
	ERR(readv(fd, iov, too_many), EINVAL);
	VAL(preadv(fd, iov, 2, 2), 12);
	check("preadv read from 2", !memcmp(a, "cdef", 4) && !memcmp(b, "ghijklmn", 8));
	VAL(pwritev(fd, w, 1, 12), 4);
	VAL(lseek(fd, 0, SEEK_CUR), 16);
	VAL(pread(fd, c, 4, 12), 4);
	check("pwritev wrote at 12", !memcmp(c, "abcd", 4));
	{
		struct iovec neg[2] = { { a, 4 }, { b, (size_t)-1 } };

		ERR(readv(fd, neg, 2), EINVAL);
	}
	close(fd);
}

static void
large_file(void)
{
	int fd = open("big", O_RDWR | O_CREAT | O_TRUNC, 0644);
	size_t done = 0, chunk;
	bool same = true;
	static unsigned char back[7000];

	for (size_t i = 0; i < sizeof(big); i++)
		big[i] = (unsigned char)(i * 7 + i / 4096);
	VAL(write(fd, big, 100000), 100000);
	VAL(write(fd, big + 100000, 500000), 500000);
	VAL(write(fd, big + 600000, sizeof(big) - 600000), (long)sizeof(big) - 600000);
	VAL(lst("big").st_size, 1 << 20);
	lseek(fd, 0, SEEK_SET);
	while (done < sizeof(big)) {
		chunk = (size_t)read(fd, back, sizeof(back));
		if (chunk == 0 || chunk > sizeof(back))
			break;
		same = same && !memcmp(back, big + done, chunk);
		done += chunk;
	}
	VAL(done, 1 << 20);
	check("1 MiB read back intact", same);
	close(fd);
}

static void
holes(void)
{
	char buf[16];
	int fd = open("sparse", O_RDWR | O_CREAT | O_TRUNC, 0644);

	pwrite(fd, "a", 1, 0);
	pwrite(fd, "b", 1, 3 * 4096);
	VAL(lseek(fd, 1, SEEK_DATA), 1);
	VAL(lseek(fd, 0, SEEK_HOLE), 4096);
	VAL(lseek(fd, 4096, SEEK_DATA), 3 * 4096);
	VAL(lseek(fd, 5000, SEEK_HOLE), 5000);
	VAL(lseek(fd, 3 * 4096, SEEK_HOLE), 3 * 4096 + 1);
	ERR(lseek(fd, 3 * 4096 + 1, SEEK_DATA), ENXIO);
	ERR(lseek(fd, 3 * 4096 + 1, SEEK_HOLE), ENXIO);
	ERR(lseek(fd, -1, SEEK_DATA), ENXIO);
	VAL(pread(fd, buf, 4, 4095), 4);
	check("a hole reads as zeros", all_zero(buf, 4));
	ftruncate(fd, 8 * 4096);
	VAL(lseek(fd, 3 * 4096 + 1, SEEK_DATA), 3 * 4096 + 1);
	VAL(lseek(fd, 3 * 4096 + 1, SEEK_HOLE), 4 * 4096);
	ERR(lseek(fd, 4 * 4096, SEEK_DATA), ENXIO);
	VAL(pwrite(fd, "z", 1, 1 << 30), 1);
	VAL(lst("sparse").st_size, (1 << 30) + 1);
	VAL(lseek(fd, 4 * 4096, SEEK_DATA), 1 << 30);
	VAL(pread(fd, buf, 2, (1 << 30) - 1), 2);
	check("far write reads back", buf[0] == 0 && buf[1] == 'z');
	close(fd);
}

static void
truncation(void)
{
	char buf[64];
	int fd = open("t", O_RDWR | O_CREAT | O_TRUNC, 0644);

	write(fd, "0123456789", 10);
	OK(ftruncate(fd, 4));
	VAL(lst("t").st_size, 4);
	OK(ftruncate(fd, 8));
	VAL(pread(fd, buf, 64, 0), 8);
	check("shrink then grow reads zeros", !memcmp(buf, "0123\0\0\0\0", 8));
	OK(truncate("t", 5000));
	VAL(lst("t").st_size, 5000);
	VAL(pread(fd, buf, 64, 4990), 10);
	check("the grown tail is zeros", all_zero(buf, 10));
	OK(truncate("t", 2));
	ERR(truncate("t", -1), EINVAL);
	ERR(ftruncate(fd, -1), EINVAL);
	ERR(truncate("missing", 0), ENOENT);
	ERR(truncate("t/", 0), ENOTDIR);
	ERR(truncate(".", 0), EISDIR);
	ERR(truncate("", 0), ENOENT);
	ERR(truncate(NULLP, 0), EFAULT);
	ERR(truncate(KERNEL_ADDR, 0), EFAULT);
	symlink("t", "lt");
	OK(truncate("lt", 3));
	VAL(lst("t").st_size, 3);
	close(fd);
	fd = open("t", O_RDONLY);
	ERR(ftruncate(fd, 0), EINVAL);
	close(fd);
	fd = open(".", O_RDONLY);
	ERR(ftruncate(fd, 0), EINVAL);
	close(fd);
	ERR(ftruncate(-1, 0), EBADF);

	/* Times: as Linux 6.x's tmpfs, every truncate touches mtime. */
	age("t");
	OK(truncate("t", 3));
	check("truncate to the same size touches mtime", !mtime_old("t"));
	age("t");
	fd = open("t", O_WRONLY);
	OK(ftruncate(fd, 3));
	check("ftruncate to the same size touches mtime", !mtime_old("t"));
	age("t");
	OK(truncate("t", 100));
	check("truncate to a new size touches mtime", !mtime_old("t"));
	close(fd);
}

static void
devices(void)
{
	char buf[32];
	struct stat st;
	int fd = open("/dev/null", O_RDWR);

	VAL(write(fd, "discarded", 9), 9);
	VAL(read(fd, buf, sizeof(buf)), 0);
	VAL(lseek(fd, 100, SEEK_SET), 0);
	VAL(pread(fd, buf, 4, 10), 0);
	OK(fstat(fd, &st));
	check("/dev/null is char 1:3", S_ISCHR(st.st_mode) && st.st_rdev == makedev(1, 3));
	close(fd);
	fd = open("/dev/zero", O_RDWR);
	memset(buf, 'x', sizeof(buf));
	VAL(read(fd, buf, sizeof(buf)), sizeof(buf));
	check("/dev/zero reads zeros", all_zero(buf, sizeof(buf)));
	VAL(write(fd, buf, 5), 5);
	VAL(lseek(fd, 7, SEEK_CUR), 0);
	OK(fstat(fd, &st));
	check("/dev/zero is char 1:5", S_ISCHR(st.st_mode) && st.st_rdev == makedev(1, 5));
	close(fd);
	OK(stat("/dev/console", &st));
	check("/dev/console is char 5:1", S_ISCHR(st.st_mode) && st.st_rdev == makedev(5, 1));
}

static void
hostile(void)
{
	char buf[16];
	int fd = open("f", O_RDWR);
	struct iovec bad_first[2] = { { KERNEL_ADDR, 4 }, { buf, 4 } };
	struct iovec low_second[2] = { { buf, 4 }, { UNMAPPED, 4 } };

	ERR(read(fd, NULLP, 10), EFAULT);
	ERR(read(fd, UNMAPPED, 10), EFAULT);
	ERR(read(fd, KERNEL_ADDR, 10), EFAULT);
	ERR(read(fd, STRADDLE_TOP, 64), EFAULT);
	ERR(read(fd, (char *)ro_page, 10), EFAULT);
	VAL(lseek(fd, 0, SEEK_CUR), 0); /* nothing was consumed */
	VAL(read(fd, NULLP, 0), 0);
	ERR(write(fd, NULLP, 10), EFAULT);
	ERR(write(fd, KERNEL_ADDR, 10), EFAULT);
	ERR(write(fd, STRADDLE_TOP, 64), EFAULT);
	VAL(lst("f").st_size, 21); /* nothing was written */
	ERR(pread(fd, KERNEL_ADDR, 10, 0), EFAULT);
	ERR(pwrite(fd, UNMAPPED, 10, 0), EFAULT);
	ERR(readv(fd, (struct iovec *)NULLP, 1), EFAULT);
	ERR(readv(fd, (struct iovec *)KERNEL_ADDR, 1), EFAULT);
	ERR(writev(fd, (struct iovec *)STRADDLE_TOP, 4), EFAULT);
	ERR(readv(fd, bad_first, 2), EFAULT);
	VAL(writev(fd, low_second, 2), 4); /* the first segment went out */
	ERR(ioctl(fd, FIONREAD, KERNEL_ADDR), EFAULT);
	close(fd);
}

int
main(int argc, char **argv)
{
	enter_scratch(argc, argv);
	basics();
	vectors();
	large_file();
	holes();
	truncation();
	devices();
	hostile();
	return finish();
}
