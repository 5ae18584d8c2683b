/*
 * names: renameat2 (plain, RENAME_NOREPLACE, RENAME_EXCHANGE, loops,
 * type clashes, directories moving between parents), linkat
 * (AT_SYMLINK_FOLLOW, AT_EMPTY_PATH), symlinkat and readlinkat, unlink of
 * open files, and the timestamps these touch.
 */
#include "fs_test.h"

#include <stdio.h>

static const char *
content(const char *path)
{
	static char buf[64];

	return get_file(path, buf, sizeof(buf));
}

static bool
same_inode(const char *a, const char *b)
{
	return lst(a).st_ino == lst(b).st_ino && lst(a).st_ino != 0;
}

static struct timespec
ctime_of(const char *path)
{
	return lst(path).st_ctim;
}

static void
renames(void)
{
	put_file("f", "F");
	OK(rename("f", "g"));
	ERR(access("f", F_OK), ENOENT);
	check("g has f's data", !strcmp(content("g"), "F"));
	put_file("h", "H");
	OK(rename("g", "h"));
	check("h was replaced", !strcmp(content("h"), "F"));
	OK(rename("h", "h"));
	check("renaming onto itself keeps h", !strcmp(content("h"), "F"));
	link("h", "h2");
	OK(rename("h", "h2"));
	check("renaming onto another link does nothing",
	      access("h", F_OK) == 0 && access("h2", F_OK) == 0 && lst("h").st_nlink == 2);
	unlink("h2");
	ERR(rename("missing", "x"), ENOENT);
	ERR(rename("h", "nodir/x"), ENOENT);
	ERR(rename("h", "h/"), ENOTDIR);
	ERR(rename("h/", "x"), ENOTDIR);
	ERR(rename(".", "x"), EBUSY);
	ERR(rename("..", "x"), EBUSY);
	ERR(rename("h", "."), EBUSY);
	ERR(rename(NULLP, "x"), EFAULT);
	ERR(rename("h", KERNEL_ADDR), EFAULT);
	ERR(renameat2(-1, "h", AT_FDCWD, "x", 0), EBADF);
	ERR(renameat2(AT_FDCWD, "h", AT_FDCWD, "x", 0x80), EINVAL);
	ERR(renameat2(AT_FDCWD, "h", AT_FDCWD, "x", RENAME_NOREPLACE | RENAME_EXCHANGE), EINVAL);
}

static void
directories(void)
{
	mkdir("a", 0755);
	mkdir("a/b", 0755);
	mkdir("a/b/c", 0755);
	mkdir("e", 0755);
	put_file("e/file", "x");
	mkdir("empty", 0755);
	put_file("file", "x");
	ERR(rename("a", "a/b/c/d"), EINVAL);
	ERR(rename("a", "a/x"), EINVAL);
	ERR(rename("a/b", "a"), ENOTEMPTY);
	ERR(rename("a/b/c", "a"), ENOTEMPTY);
	OK(rename("a", "a"));
	ERR(rename("a", "e"), ENOTEMPTY);
	ERR(rename("a", "file"), ENOTDIR);
	ERR(rename("file", "empty"), EISDIR);
	VAL(lst(".").st_nlink, 5);
	OK(rename("a", "empty"));
	VAL(lst(".").st_nlink, 4);
	check("the replaced directory is gone, a is at empty",
	      access("a", F_OK) == -1 && access("empty/b/c", F_OK) == 0);
	OK(rename("empty/", "a/"));
	VAL(lst("a").st_nlink, 3);
	VAL(lst("e").st_nlink, 2);
	OK(rename("a/b", "e/b"));
	VAL(lst("a").st_nlink, 2);
	VAL(lst("e").st_nlink, 3);
	check("e/b/.. is e now", same_inode("e/b/..", "e"));
	check("e/b/c/../.. is e", same_inode("e/b/c/../..", "e"));
	{
		char buf[PATH_MAX], want[PATH_MAX];

		chdir("e/b/c");
		OK(rename("../../../e", "../../../e2"));
		snprintf(want, sizeof(want), "%s/e2/b/c", scratch);
		check("getcwd follows a renamed ancestor", getcwd(buf, sizeof(buf)) &&
								    !strcmp(buf, want));
		chdir(scratch);
		rename("e2", "e");
	}
}

static void
flags(void)
{
	put_file("p", "P");
	put_file("q", "Q");
	ERR(renameat2(AT_FDCWD, "p", AT_FDCWD, "q", RENAME_NOREPLACE), EEXIST);
	OK(renameat2(AT_FDCWD, "p", AT_FDCWD, "r", RENAME_NOREPLACE));
	OK(renameat2(AT_FDCWD, "r", AT_FDCWD, "q", RENAME_EXCHANGE));
	check("exchange swapped two files", !strcmp(content("r"), "Q") && !strcmp(content("q"), "P"));
	ERR(renameat2(AT_FDCWD, "r", AT_FDCWD, "missing", RENAME_EXCHANGE), ENOENT);
	ERR(renameat2(AT_FDCWD, "missing", AT_FDCWD, "r", RENAME_EXCHANGE), ENOENT);
	ERR(renameat2(AT_FDCWD, "r", AT_FDCWD, "q/", RENAME_EXCHANGE), ENOTDIR);

	/* A directory in a/ and a file in e/ trade places. */
	mkdir("a/sub", 0755);
	VAL(lst("a").st_nlink, 3);
	VAL(lst("e").st_nlink, 3);
	OK(renameat2(AT_FDCWD, "a/sub", AT_FDCWD, "e/file", RENAME_EXCHANGE));
	check("a/sub is the file now", S_ISREG(lst("a/sub").st_mode));
	check("e/file is the directory now", S_ISDIR(lst("e/file").st_mode));
	VAL(lst("a").st_nlink, 2);
	VAL(lst("e").st_nlink, 4);
	check("e/file/.. is e", same_inode("e/file/..", "e"));
	ERR(renameat2(AT_FDCWD, "e", AT_FDCWD, "e/b", RENAME_EXCHANGE), EINVAL);
	ERR(renameat2(AT_FDCWD, "e/b", AT_FDCWD, "e", RENAME_EXCHANGE), EINVAL);
	OK(renameat2(AT_FDCWD, "e/b", AT_FDCWD, "a", RENAME_EXCHANGE));
	check("two directories traded places", access("a/c", F_OK) == 0 && access("e/b/sub", F_OK) == 0);
	check("a/.. is the scratch directory", same_inode("a/..", "."));
	check("e/b/.. is e", same_inode("e/b/..", "e"));
}

static void
times(void)
{
	struct timespec before;

	mkdir("t1", 0755);
	mkdir("t2", 0755);
	put_file("t1/x", "x");
	age("t1"), age("t2");
	before = ctime_of("t1/x");
	tick();
	OK(rename("t1/x", "t2/y"));
	check("rename touches both directories' mtime", !mtime_old("t1") && !mtime_old("t2"));
	check("rename touches the moved inode's ctime", ts_after(ctime_of("t2/y"), before));
	age("t2");
	before = ctime_of("t2/y");
	tick();
	OK(link("t2/y", "t2/z"));
	check("link touches the directory's mtime", !mtime_old("t2"));
	check("link touches the target's ctime", ts_after(ctime_of("t2/y"), before));
	age("t2");
	before = ctime_of("t2/y");
	tick();
	OK(unlink("t2/z"));
	check("unlink touches the directory's mtime", !mtime_old("t2"));
	check("unlink touches the remaining link's ctime", ts_after(ctime_of("t2/y"), before));
	age("t2");
	OK(symlink("y", "t2/s"));
	check("symlink touches the directory's mtime", !mtime_old("t2"));
	age("t2");
	OK(mkdir("t2/d", 0755));
	check("mkdir touches the directory's mtime", !mtime_old("t2"));
	age("t2");
	OK(rmdir("t2/d"));
	check("rmdir touches the directory's mtime", !mtime_old("t2"));
}

static void
links(void)
{
	int fd;

	put_file("src", "S");
	OK(link("src", "hard"));
	VAL(lst("src").st_nlink, 2);
	check("a hard link is the same inode", same_inode("src", "hard"));
	put_file("hard", "T");
	check("writes show through the other name", !strcmp(content("src"), "T"));
	ERR(link("src", "hard"), EEXIST);
	ERR(link("missing", "x"), ENOENT);
	ERR(link("src", "nodir/x"), ENOENT);
	ERR(link("src", "new/"), ENOENT);
	ERR(link("a", "alink"), EPERM);
	ERR(link("a", "hard"), EEXIST);
	ERR(link("src/", "x"), ENOTDIR);
	ERR(linkat(AT_FDCWD, "src", AT_FDCWD, "x", 0x1), EINVAL);
	symlink("src", "sym");
	OK(linkat(AT_FDCWD, "sym", AT_FDCWD, "sym2", 0));
	check("linkat without AT_SYMLINK_FOLLOW links the symlink", S_ISLNK(lst("sym2").st_mode));
	OK(linkat(AT_FDCWD, "sym", AT_FDCWD, "sym3", AT_SYMLINK_FOLLOW));
	check("AT_SYMLINK_FOLLOW links the target", same_inode("sym3", "src"));
	VAL(lst("src").st_nlink, 3);
	fd = open("src", O_RDONLY);
	OK(linkat(fd, "", AT_FDCWD, "viafd", AT_EMPTY_PATH));
	check("AT_EMPTY_PATH links the open file", same_inode("viafd", "src"));
	ERR(linkat(fd, "", AT_FDCWD, "viafd2", 0), ENOENT);
	close(fd);
	fd = open("src", O_PATH);
	OK(linkat(fd, "", AT_FDCWD, "viapath", AT_EMPTY_PATH));
	close(fd);
	VAL(lst("src").st_nlink, 5);
	fd = open("a", O_RDONLY);
	ERR(linkat(fd, "", AT_FDCWD, "dirlink", AT_EMPTY_PATH), EPERM);
	close(fd);

	put_file("doomed", "still here");
	fd = open("doomed", O_RDWR);
	OK(unlink("doomed"));
	{
		struct stat st;
		char buf[32] = "";

		OK(fstat(fd, &st));
		VAL(st.st_nlink, 0);
		VAL(pread(fd, buf, sizeof(buf) - 1, 0), 10);
		check("an unlinked open file keeps its data", !strcmp(buf, "still here"));
		VAL(write(fd, "!", 1), 1);
		ERR(linkat(fd, "", AT_FDCWD, "revived", AT_EMPTY_PATH), ENOENT);
	}
	close(fd);
	ERR(link(NULLP, "x"), EFAULT);
	ERR(link("src", KERNEL_ADDR), EFAULT);
}

static void
symlinks(void)
{
	char buf[8192];
	static char target[4200];
	int dfd;

	OK(symlink("target", "s"));
	check("s is a symlink", S_ISLNK(lst("s").st_mode));
	MODE(lst("s").st_mode & 07777, 0777);
	VAL(lst("s").st_size, 6);
	VAL(readlink("s", buf, sizeof(buf)), 6);
	check("readlink gives the target", !memcmp(buf, "target", 6));
	memset(buf, '#', 8);
	VAL(readlink("s", buf, 3), 3);
	check("a short buffer truncates, no NUL", !memcmp(buf, "tar#", 4));
	ERR(readlink("src", buf, sizeof(buf)), EINVAL);
	ERR(readlink("missing", buf, sizeof(buf)), ENOENT);
	ERR(readlinkat(AT_FDCWD, "s", buf, 0), EINVAL);
	ERR(readlinkat(AT_FDCWD, "", buf, sizeof(buf)), ENOENT);
	ERR(symlink("", "empty"), ENOENT);
	ERR(symlink("x", "s"), EEXIST);
	ERR(symlink("x", "new/"), ENOENT);
	ERR(symlink("x", "s/"), EEXIST);
	ERR(symlink("x", "nodir/s"), ENOENT);
	symlink("a", "la");
	ERR(readlink("la/", buf, sizeof(buf)), EINVAL);
	dfd = open("a", O_RDONLY);
	OK(symlinkat("../src", dfd, "up"));
	VAL(readlinkat(dfd, "up", buf, sizeof(buf)), 6);
	check("a relative link resolves from its directory", !strcmp(content("a/up"), "T"));
	close(dfd);
	memset(target, 't', 4095);
	target[4095] = '\0';
	OK(symlink(target, "long"));
	VAL(readlink("long", buf, sizeof(buf)), 4095);
	VAL(lst("long").st_size, 4095);
	target[4095] = 't';
	target[4096] = '\0';
	ERR(symlink(target, "toolong"), ENAMETOOLONG);
	symlink("/", "root");
	check("an absolute link restarts at /", same_inode("root/.", "/"));
	ERR(readlink("s", NULLP, 10), EFAULT);
	ERR(readlink("s", KERNEL_ADDR, 10), EFAULT);
	ERR(readlink(NULLP, buf, 10), EFAULT);
	ERR(symlink(NULLP, "x"), EFAULT);
	ERR(symlink("t", NULLP), EFAULT);
}

/* Where qemu-user differs from Linux: it checks readlink's whole buffer
 * before the call (so a negative size is -EFAULT there), where Linux
 * rejects a size <= 0 first. */
static void
strict_checks(void)
{
	char buf[16];

	ERR(syscall(SYS_readlinkat, AT_FDCWD, "s", buf, -1), EINVAL);
}

int
main(int argc, char **argv)
{
	enter_scratch(argc, argv);
	renames();
	directories();
	flags();
	times();
	links();
	symlinks();
	if (strict)
		strict_checks();
	return finish();
}
