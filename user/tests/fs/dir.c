/*
 * dir: directories. mkdirat, unlinkat (with and without AT_REMOVEDIR),
 * mknodat, getdents64 (entries, types, small buffers, positions, removal
 * while reading), chdir/fchdir/getcwd, link counts, "." and "..", and a
 * working directory that is removed under the process.
 */
#include "fs_test.h"

#include <sys/sysmacros.h>

/* A read-only page: getdents64 into it must fail with EFAULT. */
static const char ro_page[4096] __attribute__((aligned(4096))) = { 1 };

struct linux_dirent64 {
	uint64_t d_ino;
	int64_t d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

static long
getdents(int fd, void *buf, size_t n)
{
	return syscall(SYS_getdents64, fd, buf, n);
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* List dir with getdents64 through a buffer of bufsize bytes: print the
 * sorted "name:type" entries; returns their count. */
static int
list(const char *dir, size_t bufsize)
{
	static char names[64][80];
	char *sorted[64], buf[8192];
	int fd = open(dir, O_RDONLY | O_DIRECTORY), n = 0;
	long got;

	while ((got = getdents(fd, buf, bufsize)) > 0) {
		for (long off = 0; off < got;) {
			struct linux_dirent64 *d = (struct linux_dirent64 *)(buf + off);

			if (n < 64)
				snprintf(names[n++], sizeof(names[0]), "%s:%d", d->d_name, d->d_type);
			off += d->d_reclen;
		}
	}
	if (got < 0)
		printf("getdents64: %s\n", err_name(errno));
	close(fd);
	for (int i = 0; i < n; i++)
		sorted[i] = names[i];
	qsort(sorted, (size_t)n, sizeof(sorted[0]), cmp_str);
	printf("%s (%zu-byte buffer):", dir, bufsize);
	for (int i = 0; i < n; i++)
		printf(" %s", sorted[i]);
	printf("\n");
	return n;
}

static void
making(void)
{
	char name[300];

	OK(mkdir("a", 0755));
	ERR(mkdir("a", 0755), EEXIST);
	ERR(mkdir("a/b/c", 0755), ENOENT);
	put_file("f", "file");
	ERR(mkdir("f", 0755), EEXIST);
	ERR(mkdir("f/x", 0755), ENOTDIR);
	ERR(mkdir("/", 0755), EEXIST);
	ERR(mkdir(".", 0755), EEXIST);
	ERR(mkdir("..", 0755), EEXIST);
	ERR(mkdir("a/.", 0755), EEXIST);
	ERR(mkdir("", 0755), ENOENT);
	OK(mkdir("x/", 0755));
	OK(mkdir("y//", 0755));
	memset(name, 'd', 256);
	name[256] = '\0';
	ERR(mkdir(name, 0755), ENAMETOOLONG);
	VAL(lst("a").st_nlink, 2);
	OK(mkdir("a/b", 0755));
	VAL(lst("a").st_nlink, 3);
	OK(mkdir("a/c", 0755));
	VAL(lst("a").st_nlink, 4);
	check("a/b/.. is a", lst("a/b/..").st_ino == lst("a").st_ino);
	check("a/b/. is a/b", lst("a/b/.").st_ino == lst("a/b").st_ino);
	check("/.. is /", lst("/..").st_ino == lst("/").st_ino);
	check("a//b///.. is a", lst("a//b///..").st_ino == lst("a").st_ino);
	ERR(mkdirat(-1, "z", 0755), EBADF);
	ERR(mkdir(NULLP, 0755), EFAULT);
	ERR(mkdir(KERNEL_ADDR, 0755), EFAULT);
	ERR(mkdir(UNMAPPED, 0755), EFAULT);
	{
		int fd = open("a", O_RDONLY);

		OK(mkdirat(fd, "d", 0755));
		check("mkdirat made a/d", S_ISDIR(lst("a/d").st_mode));
		close(fd);
		fd = open("f", O_RDONLY);
		ERR(mkdirat(fd, "d", 0755), ENOTDIR);
		close(fd);
	}
}

static void
removing(void)
{
	symlink("a", "la");
	ERR(unlink("a"), EISDIR);
	ERR(unlink("missing"), ENOENT);
	ERR(unlink("f/"), ENOTDIR);
	ERR(unlink("a/"), EISDIR);
	ERR(unlink("."), EISDIR);
	ERR(unlink("/"), EISDIR);
	ERR(unlink(""), ENOENT);
	ERR(unlinkat(AT_FDCWD, "f", 0x1), EINVAL);
	ERR(unlink(NULLP), EFAULT);
	ERR(rmdir(KERNEL_ADDR), EFAULT);
	ERR(unlinkat(-1, "f", 0), EBADF);
	ERR(rmdir("f"), ENOTDIR);
	ERR(rmdir("a"), ENOTEMPTY);
	ERR(rmdir("."), EINVAL);
	ERR(rmdir("a/.."), ENOTEMPTY);
	ERR(rmdir("/"), EBUSY);
	ERR(rmdir("missing"), ENOENT);
	ERR(rmdir("la"), ENOTDIR);
	OK(rmdir("a/c/"));
	VAL(lst("a").st_nlink, 4);
	OK(unlinkat(AT_FDCWD, "a/d", AT_REMOVEDIR));
	VAL(lst("a").st_nlink, 3);
	OK(unlink("la"));
	check("unlinking the link kept a", S_ISDIR(lst("a").st_mode));
	OK(rmdir("x"));
	OK(rmdir("y"));
}

static void
nodes(void)
{
	char buf[8];
	int fd;

	OK(mknod("nul", S_IFCHR | 0666, makedev(1, 3)));
	check("nul is char 1:3", S_ISCHR(lst("nul").st_mode) && lst("nul").st_rdev == makedev(1, 3));
	fd = (int)OK(open("nul", O_RDWR));
	VAL(write(fd, "gone", 4), 4);
	VAL(read(fd, buf, sizeof(buf)), 0);
	close(fd);
	OK(mknod("fifo", S_IFIFO | 0644, 0));
	check("fifo is a FIFO", S_ISFIFO(lst("fifo").st_mode));
	OK(mknod("plain", 0644, 0));
	check("type 0 makes a regular file", S_ISREG(lst("plain").st_mode));
	OK(mknod("sock", S_IFSOCK | 0644, 0));
	ERR(open("sock", O_RDONLY), ENXIO);
	ERR(mknod("dir", S_IFDIR | 0755, 0), EPERM);
	ERR(mknod("bad", 0170000 | 0644, 0), EINVAL);
	ERR(mknod("nul", S_IFIFO | 0644, 0), EEXIST);
	ERR(mknod("new/", S_IFIFO | 0644, 0), ENOENT);
	ERR(mknod("f/", S_IFIFO | 0644, 0), EEXIST);
	ERR(mknod(NULLP, S_IFIFO | 0644, 0), EFAULT);
	unlink("nul"), unlink("fifo"), unlink("plain"), unlink("sock");
}

static void
reading_dirs(void)
{
	char buf[4096];
	int fd, n1, n2;

	mkdir("r", 0755);
	mkdir("r/sub", 0755);
	put_file("r/file", "x");
	symlink("file", "r/link");
	mkfifo("r/pipe", 0644);
	for (int i = 0; i < 20; i++) {
		char name[16];

		snprintf(name, sizeof(name), "r/f%02d", i);
		put_file(name, "");
	}
	n1 = list("r", sizeof(buf));
	n2 = list("r", 64); /* a few entries per call */
	VAL(n1, 26);
	VAL(n2, 26);
	list("r/sub", 4096);

	/* One bad buffer per open: qemu-user's getdents64 consumes the
	 * entries before it finds the buffer bad (Linux does not: see
	 * strict_checks()). */
	for (int i = 0; i < 5; i++) {
		static const char *const what[] = { "NULL", "unmapped", "kernel", "read-only",
						    "straddling" };
		char *const bad[] = { NULLP, UNMAPPED, KERNEL_ADDR, (char *)ro_page, STRADDLE_TOP };
		char label[64];

		fd = open("r", O_RDONLY | O_DIRECTORY);
		snprintf(label, sizeof(label), "getdents64(%s buffer)", what[i]);
		expect_err(label, getdents(fd, bad[i], 4096), EFAULT);
		close(fd);
	}
	fd = open("r", O_RDONLY | O_DIRECTORY);
	ERR(getdents(fd, buf, 10), EINVAL);
	check("a buffer for one entry gets one", getdents(fd, buf, 24) == 24);
	VAL(lseek(fd, 0, SEEK_SET), 0);
	check("after a rewind the entries come again", getdents(fd, buf, sizeof(buf)) > 0);
	VAL(getdents(fd, buf, sizeof(buf)), 0);
	close(fd);
	fd = open("r/file", O_RDONLY);
	ERR(getdents(fd, buf, sizeof(buf)), ENOTDIR);
	close(fd);
	fd = open("r", O_PATH);
	ERR(getdents(fd, buf, sizeof(buf)), EBADF);
	close(fd);
	ERR(getdents(-1, buf, sizeof(buf)), EBADF);

	/* Remove every entry while a listing is half way. */
	fd = open("r", O_RDONLY | O_DIRECTORY);
	check("first chunk", getdents(fd, buf, 100) > 0);
	unlink("r/file"), unlink("r/link"), unlink("r/pipe"), rmdir("r/sub");
	for (int i = 0; i < 20; i++) {
		char name[16];

		snprintf(name, sizeof(name), "r/f%02d", i);
		unlink(name);
	}
	VAL(getdents(fd, buf, sizeof(buf)), 0);
	close(fd);
	VAL(list("r", 4096), 2);
	VAL(lst("r").st_nlink, 2);

	/* telldir/seekdir: a position taken from d_off comes back. */
	{
		DIR *d;
		struct dirent *e;
		char again[256] = "", name[256] = "";
		long pos;

		for (int i = 0; i < 5; i++) {
			snprintf(name, sizeof(name), "r/e%d", i);
			put_file(name, "");
		}
		d = opendir("r");
		readdir(d), readdir(d), readdir(d);
		pos = telldir(d);
		e = readdir(d);
		snprintf(name, sizeof(name), "%s", e ? e->d_name : "?");
		seekdir(d, pos);
		e = readdir(d);
		snprintf(again, sizeof(again), "%s", e ? e->d_name : "?");
		check("seekdir returns to the same entry", !strcmp(name, again));
		closedir(d);
	}
}

static void
working_directory(void)
{
	char buf[PATH_MAX], want[PATH_MAX];
	int fd;

	check("getcwd is the scratch directory", getcwd(buf, sizeof(buf)) && !strcmp(buf, scratch));
	check("getcwd returns the length with the NUL",
	      syscall(SYS_getcwd, buf, sizeof(buf)) == (long)strlen(scratch) + 1);
	ERR(syscall(SYS_getcwd, buf, strlen(scratch)), ERANGE);
	ERR(syscall(SYS_getcwd, buf, 0), ERANGE);
	ERR(syscall(SYS_getcwd, NULLP, sizeof(buf)), EFAULT);
	ERR(syscall(SYS_getcwd, KERNEL_ADDR, sizeof(buf)), EFAULT);
	OK(chdir("a/b"));
	snprintf(want, sizeof(want), "%s/a/b", scratch);
	check("getcwd after chdir(a/b)", getcwd(buf, sizeof(buf)) && !strcmp(buf, want));
	OK(chdir("../.."));
	symlink("a/b", "lb");
	OK(chdir("lb"));
	check("getcwd through a symlink names the directory", getcwd(buf, sizeof(buf)) &&
								   !strcmp(buf, want));
	OK(chdir(scratch));
	ERR(chdir("f"), ENOTDIR);
	ERR(chdir("missing"), ENOENT);
	ERR(chdir(""), ENOENT);
	ERR(chdir(NULLP), EFAULT);
	mkdir("noperm", 0);
	OK(chdir("noperm"));
	OK(chdir(".."));
	fd = open("a", O_RDONLY);
	OK(fchdir(fd));
	check("fchdir(a)", access("b", F_OK) == 0);
	close(fd);
	OK(chdir(scratch));
	fd = open("f", O_RDONLY);
	ERR(fchdir(fd), ENOTDIR);
	close(fd);
	ERR(fchdir(-1), EBADF);
	OK(chdir(scratch));
	check("/ is its own getcwd", chdir("/") == 0 && getcwd(buf, sizeof(buf)) && !strcmp(buf, "/"));
	OK(chdir(scratch));
}

static void
removed_cwd(void)
{
	char buf[PATH_MAX];
	int fd;

	mkdir("gone", 0755);
	OK(chdir("gone"));
	fd = open(".", O_RDONLY);
	OK(rmdir("../gone"));
	ERR(syscall(SYS_getcwd, buf, sizeof(buf)), ENOENT);
	VAL(lst(".").st_nlink, 0);
	ERR(open("x", O_RDWR | O_CREAT, 0644), ENOENT);
	ERR(mkdir("x", 0755), ENOENT);
	ERR(mknod("x", S_IFIFO | 0644, 0), ENOENT);
	ERR(symlink("t", "x"), ENOENT);
	ERR(open("x", O_RDONLY), ENOENT);
	ERR(getdents(fd, buf, sizeof(buf)), ENOENT);
	close(fd);
	OK(chdir(".."));
	check("back in the scratch directory", getcwd(buf, sizeof(buf)) && !strcmp(buf, scratch));
}

/* Where qemu-user differs from Linux. Its getdents64 reads the entries
 * into a buffer of its own before it checks the caller's, so a bad buffer
 * loses them, and a bad buffer at the end fails; Linux writes entries one
 * by one straight to the caller's buffer (filldir64()). */
static void
strict_checks(void)
{
	char buf[4096];
	int fd = open("r", O_RDONLY | O_DIRECTORY);

	ERR(getdents(fd, NULLP, 4096), EFAULT);
	ERR(getdents(fd, (char *)ro_page, 4096), EFAULT);
	check("entries are not lost by a fault", getdents(fd, buf, sizeof(buf)) > 0);
	VAL(getdents(fd, NULLP, 4096), 0); /* at the end nothing is written */
	close(fd);
	/* qemu-user copies the path in first; Linux checks mknod's type
	 * before it looks at the path (may_mknod()). */
	ERR(mknod(NULLP, S_IFDIR | 0644, 0), EPERM);
}

int
main(int argc, char **argv)
{
	enter_scratch(argc, argv);
	making();
	removing();
	nodes();
	reading_dirs();
	working_directory();
	removed_cwd();
	if (strict)
		strict_checks();
	return finish();
}
