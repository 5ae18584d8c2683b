/*
 * open: openat's flags and errors, and the descriptor calls around it
 * (close, dup, dup3, fcntl), against the fd limit (RLIMIT_NOFILE).
 * O_CREAT/O_EXCL/O_TRUNC/O_APPEND/O_DIRECTORY/O_NOFOLLOW/O_CLOEXEC/O_PATH,
 * the umask, trailing slashes, dangling symlinks, ENAMETOOLONG, ELOOP.
 */
#include "fs_test.h"

#include <sys/resource.h>

static int
mode_of(const char *path)
{
	return (int)(lst(path).st_mode & 07777);
}

static void
creation(void)
{
	int fd = (int)OK(open("f", O_WRONLY | O_CREAT | O_EXCL, 0666));

	close(fd);
	MODE(mode_of("f"), 0644);
	check("f is a regular file", S_ISREG(lst("f").st_mode));
	ERR(open("f", O_RDWR | O_CREAT | O_EXCL, 0600), EEXIST);
	ERR(open("missing", O_RDONLY), ENOENT);
	ERR(open("", O_RDONLY), ENOENT);
	ERR(open("nodir/f", O_RDWR | O_CREAT, 0600), ENOENT);
	ERR(open("f/x", O_RDONLY), ENOTDIR);
	ERR(open("f/", O_RDONLY), ENOTDIR);
	ERR(open("f/", O_RDWR | O_CREAT, 0600), EISDIR);
	ERR(open("new/", O_RDWR | O_CREAT, 0600), EISDIR);
	check("new/ was not created", access("new", F_OK) == -1 && errno == ENOENT);
	mkdir("d", 0755);
	ERR(open("d", O_WRONLY), EISDIR);
	ERR(open("d", O_RDWR), EISDIR);
	ERR(open("d", O_RDONLY | O_TRUNC), EISDIR);
	ERR(open("d", O_RDONLY | O_CREAT, 0600), EISDIR);
	ERR(open("d", O_RDONLY | O_CREAT | O_EXCL, 0600), EEXIST);
	ERR(open(".", O_RDONLY | O_CREAT, 0600), EISDIR);
	ERR(open("/", O_RDONLY | O_CREAT | O_EXCL, 0600), EEXIST);
	ERR(open("f", O_RDONLY | O_DIRECTORY), ENOTDIR);
	ERR(open("g", O_RDWR | O_CREAT | O_DIRECTORY, 0600), EINVAL);
	close((int)OK(open("d", O_RDONLY | O_DIRECTORY)));
	close((int)OK(open("d/", O_RDONLY)));
	close((int)OK(open("d/.", O_RDONLY)));
	close((int)OK(open("d/..", O_RDONLY | O_DIRECTORY)));
	close((int)OK(open("/", O_RDONLY)));
	close((int)OK(open("f", O_RDONLY | O_CREAT, 0600)));
	MODE(mode_of("f"), 0644); /* O_CREAT on an existing file keeps its mode */
}

static void
truncation_and_append(void)
{
	char buf[32];
	int fd;

	put_file("t", "hello");
	close((int)OK(open("t", O_RDONLY | O_TRUNC)));
	VAL(lst("t").st_size, 0); /* as Linux: O_TRUNC works with O_RDONLY */
	put_file("t", "hello");
	close((int)OK(open("t", O_WRONLY | O_TRUNC)));
	VAL(lst("t").st_size, 0);
	age("t");
	close(open("t", O_WRONLY | O_TRUNC));
	check("O_TRUNC of an empty file touches mtime", !mtime_old("t"));
	age("t");
	close(open("t", O_WRONLY));
	check("open without O_TRUNC leaves mtime", mtime_old("t"));

	put_file("a", "abc");
	fd = open("a", O_WRONLY | O_APPEND);
	VAL(lseek(fd, 0, SEEK_SET), 0);
	VAL(write(fd, "de", 2), 2);
	VAL(lseek(fd, 0, SEEK_CUR), 5);
	VAL(pwrite(fd, "f", 1, 0), 1); /* as Linux: pwrite appends too */
	close(fd);
	check("O_APPEND writes land at the end", !strcmp(get_file("a", buf, sizeof(buf)), "abcdef"));
}

static void
symlinks(void)
{
	char buf[32];
	int fd;

	symlink("f", "lf");
	ERR(open("lf", O_RDONLY | O_NOFOLLOW), ELOOP);
	close((int)OK(open("lf", O_RDONLY)));
	symlink("d", "ld");
	close((int)OK(open("ld/..", O_RDONLY | O_NOFOLLOW)));
	ERR(open("ld", O_RDONLY | O_DIRECTORY | O_NOFOLLOW), ENOTDIR);
	close((int)OK(open("ld/", O_RDONLY | O_NOFOLLOW)));
	ERR(open("ld", O_RDONLY | O_CREAT, 0600), EISDIR);
	symlink("target", "dangling");
	ERR(open("dangling", O_RDONLY), ENOENT);
	ERR(open("dangling", O_RDWR | O_CREAT | O_EXCL, 0600), EEXIST);
	ERR(open("dangling", O_RDWR | O_CREAT | O_NOFOLLOW, 0600), ELOOP);
	fd = (int)OK(open("dangling", O_WRONLY | O_CREAT, 0600));
	VAL(write(fd, "via link", 8), 8);
	close(fd);
	check("O_CREAT through a dangling link made its target",
	      !strcmp(get_file("target", buf, sizeof(buf)), "via link"));
	symlink("d/missing", "dangling2");
	close((int)OK(open("dangling2", O_WRONLY | O_CREAT, 0600)));
	check("d/missing exists", access("d/missing", F_OK) == 0);
	symlink("nodir/x", "dangling3");
	ERR(open("dangling3", O_WRONLY | O_CREAT, 0600), ENOENT);
	symlink("self", "self");
	ERR(open("self", O_RDONLY), ELOOP);
	ERR(open("self/x", O_RDONLY), ELOOP);
	symlink("loop2", "loop1");
	symlink("loop1", "loop2");
	ERR(open("loop1", O_RDONLY), ELOOP);
}

/* A chain of n links, l1 -> f ... ln -> l(n-1). */
static void
link_chain(void)
{
	char name[16], prev[16] = "f";

	for (int i = 1; i <= 41; i++) {
		snprintf(name, sizeof(name), "l%d", i);
		symlink(prev, name);
		strcpy(prev, name);
	}
	close((int)OK(open("l40", O_RDONLY)));
	ERR(open("l41", O_RDONLY), ELOOP);
	mkdir("cd", 0755);
	symlink("cd", "c1");
	for (int i = 2; i <= 41; i++) {
		snprintf(name, sizeof(name), "c%d", i);
		snprintf(prev, sizeof(prev), "c%d", i - 1);
		symlink(prev, name);
	}
	close((int)OK(open("c40/.", O_RDONLY)));
	ERR(open("c41/.", O_RDONLY), ELOOP);
	/* Links in the middle of link bodies nest 40 deep. */
	symlink("cd/.", "n1");
	for (int i = 2; i <= 41; i++) {
		snprintf(name, sizeof(name), "n%d", i);
		snprintf(prev, sizeof(prev), "n%d/.", i - 1);
		symlink(prev, name);
	}
	close((int)OK(open("n40/.", O_RDONLY)));
	ERR(open("n41/.", O_RDONLY), ELOOP);
	ERR(open("n41/x", O_RDWR | O_CREAT, 0600), ELOOP);
}

static void
long_names(void)
{
	char name[300], path[4200];
	size_t n;

	memset(name, 'n', 255);
	name[255] = '\0';
	close((int)OK(open(name, O_WRONLY | O_CREAT, 0600)));
	unlink(name);
	name[255] = 'n';
	name[256] = '\0';
	ERR(open(name, O_WRONLY | O_CREAT, 0600), ENAMETOOLONG);
	ERR(open(name, O_RDONLY), ENAMETOOLONG);
	snprintf(path, sizeof(path), "missing/%s", name);
	ERR(open(path, O_RDONLY), ENOENT);
	snprintf(path, sizeof(path), "%s/x", name);
	ERR(open(path, O_RDONLY), ENAMETOOLONG);
	/* 4095 bytes and a NUL is the longest path; 4096 is too long. */
	for (n = 0; n + 2 < 4093; n += 2)
		memcpy(path + n, "./", 2);
	strcpy(path + n, "f");
	VAL(strlen(path), 4093);
	close((int)OK(open(path, O_RDONLY)));
	memmove(path + 2, path, strlen(path) + 1);
	memcpy(path, "./", 2);
	VAL(strlen(path), 4095);
	close((int)OK(open(path, O_RDONLY)));
	memmove(path + 1, path, strlen(path) + 1);
	path[0] = '/';
	VAL(strlen(path), 4096);
	ERR(open(path, O_RDONLY), ENAMETOOLONG);
}

static void
umask_and_modes(void)
{
	umask(077);
	close(open("u1", O_WRONLY | O_CREAT, 0666));
	MODE(mode_of("u1"), 0600);
	umask(0);
	close(open("u2", O_WRONLY | O_CREAT, 0666));
	MODE(mode_of("u2"), 0666);
	close(open("u3", O_WRONLY | O_CREAT, 04755));
	MODE(mode_of("u3"), 04755);
	umask(022);
	mkdir("m1", 0777);
	MODE(mode_of("m1"), 0755);
	mkdir("m2", 01777);
	MODE(mode_of("m2"), 01755);
	chmod("m2", 02755);
	mkdir("m2/sub", 0700);
	MODE(mode_of("m2/sub"), 02700); /* set-group-ID directories pass it on */
	close(open("m2/file", O_WRONLY | O_CREAT, 0644));
	MODE(mode_of("m2/file"), 0644);
}

static void
o_path(void)
{
	char buf[8], target[16];
	struct stat st;
	int fd = (int)OK(open("f", O_PATH));
	int dfd, lfd;

	ERR(read(fd, buf, 1), EBADF);
	ERR(write(fd, "x", 1), EBADF);
	ERR(lseek(fd, 0, SEEK_SET), EBADF);
	ERR(fchmod(fd, 0600), EBADF);
	ERR(ftruncate(fd, 0), EBADF);
	OK(fstat(fd, &st));
	check("O_PATH fstat sees a regular file", S_ISREG(st.st_mode));
	check("F_GETFL shows O_PATH", fcntl(fd, F_GETFL) & O_PATH);
	VAL(fcntl(fd, F_GETFD), 0);
	ERR(fcntl(fd, F_SETFL, O_NONBLOCK), EBADF);
	close(fd);
	ERR(open("f", O_PATH | O_DIRECTORY), ENOTDIR);
	lfd = (int)OK(open("lf", O_PATH | O_NOFOLLOW));
	OK(fstat(lfd, &st));
	check("O_PATH|O_NOFOLLOW opens the link itself", S_ISLNK(st.st_mode));
	memset(target, 0, sizeof(target));
	VAL(readlinkat(lfd, "", target, sizeof(target)), 1);
	check("readlinkat(fd, \"\") reads the link", !strcmp(target, "f"));
	close(lfd);
	dfd = (int)OK(open("d", O_PATH | O_DIRECTORY));
	close((int)OK(openat(dfd, "missing", O_RDONLY)));
	OK(fchdir(dfd));
	check("fchdir to an O_PATH directory", access("missing", F_OK) == 0);
	OK(chdir(".."));
	close(dfd);
}

static void
descriptors(void)
{
	int fd = open("f", O_RDWR);
	int fd2;

	VAL(fcntl(fd, F_GETFD), 0);
	fd2 = (int)OK(open("f", O_RDONLY | O_CLOEXEC));
	VAL(fcntl(fd2, F_GETFD), FD_CLOEXEC);
	OK(fcntl(fd2, F_SETFD, 0));
	VAL(fcntl(fd2, F_GETFD), 0);
	close(fd2);
	VAL(fcntl(fd, F_GETFL) & (O_ACCMODE | O_APPEND | O_NONBLOCK), O_RDWR);
	OK(fcntl(fd, F_SETFL, O_APPEND | O_NONBLOCK | O_WRONLY));
	VAL(fcntl(fd, F_GETFL) & (O_ACCMODE | O_APPEND | O_NONBLOCK), O_RDWR | O_APPEND | O_NONBLOCK);
	OK(fcntl(fd, F_SETFL, 0));
	VAL(fcntl(fd, F_GETFL) & (O_ACCMODE | O_APPEND | O_NONBLOCK), O_RDWR);
	ERR(fcntl(fd, 9999), EINVAL);
	ERR(fcntl(-1, F_GETFD), EBADF);
	ERR(fcntl(1000, F_GETFL), EBADF);

	fd2 = (int)OK(dup(fd));
	check("dup gives the lowest free descriptor", fd2 == fd + 1);
	VAL(write(fd, "12345", 5), 5);
	VAL(lseek(fd2, 0, SEEK_CUR), 5); /* one file description, one offset */
	close(fd2);
	VAL(dup3(fd, 20, 0), 20);
	VAL(fcntl(20, F_GETFD), 0);
	VAL(dup3(fd, 20, O_CLOEXEC), 20);
	VAL(fcntl(20, F_GETFD), FD_CLOEXEC);
	ERR(dup3(fd, fd, 0), EINVAL);
	ERR(dup3(fd, 21, O_NONBLOCK), EINVAL);
	ERR(dup3(-1, 21, 0), EBADF);
	ERR(dup3(fd, -1, 0), EBADF);
	ERR(dup(-1), EBADF);
	VAL(fcntl(fd, F_DUPFD, 30), 30);
	VAL(fcntl(fd, F_DUPFD, 30), 31);
	VAL(fcntl(fd, F_DUPFD_CLOEXEC, 30), 32);
	VAL(fcntl(32, F_GETFD), FD_CLOEXEC);
	OK(close(20));
	ERR(close(20), EBADF);
	ERR(close(-1), EBADF);
	close(30), close(31), close(32);

	close(fd);
}

static void
fd_limit(void)
{
	struct rlimit old, lim;
	int fds[16], n = 0, fd;

	getrlimit(RLIMIT_NOFILE, &old);
	lim = (struct rlimit){ 8, old.rlim_max };
	OK(setrlimit(RLIMIT_NOFILE, &lim));
	while (n < 16 && (fd = open("f", O_RDONLY)) >= 0)
		fds[n++] = fd;
	VAL(n, 5);
	ERR(open("f", O_RDONLY), EMFILE);
	ERR(open("missing", O_RDONLY), EMFILE); /* the descriptor comes first */
	ERR(dup(0), EMFILE);
	ERR(fcntl(0, F_DUPFD, 0), EMFILE);
	ERR(fcntl(0, F_DUPFD, 8), EINVAL);
	ERR(dup3(0, 8, 0), EBADF);
	close(fds[--n]);
	VAL(dup3(0, 7, 0), 7);
	close(7);
	while (n)
		close(fds[--n]);
	OK(setrlimit(RLIMIT_NOFILE, &old));
}

static void
hostile(void)
{
	ERR(open(NULLP, O_RDONLY), EFAULT);
	ERR(open(UNMAPPED, O_RDONLY), EFAULT);
	ERR(open(KERNEL_ADDR, O_RDONLY), EFAULT);
	ERR(openat(-1, "f", O_RDONLY), EBADF);
	ERR(openat(1000, "f", O_RDONLY), EBADF);
	close((int)OK(openat(-1, "/", O_RDONLY))); /* dirfd unused for "/" */
	{
		int fd = open("f", O_RDONLY);

		ERR(openat(fd, "x", O_RDONLY), ENOTDIR);
		close(fd);
	}
}

int
main(int argc, char **argv)
{
	enter_scratch(argc, argv);
	creation();
	truncation_and_append();
	symlinks();
	link_chain();
	long_names();
	umask_and_modes();
	o_path();
	descriptors();
	fd_limit();
	hostile();
	return finish();
}
