/*
 * attr: looking at and changing attributes. fstat, newfstatat and statx
 * (flags, masks, symlinks, AT_EMPTY_PATH), fchmod/fchmodat, fchown/
 * fchownat (set-user-ID dropped), utimensat (NULL, UTIME_NOW, UTIME_OMIT,
 * AT_SYMLINK_NOFOLLOW, futimens), faccessat/faccessat2 as root, and which
 * timestamps reads, writes and attribute changes touch (relatime).
 */
#include "fs_test.h"

#include <sys/sysmacros.h>

#ifndef UTIME_NOW
#define UTIME_NOW  ((1l << 30) - 1l)
#define UTIME_OMIT ((1l << 30) - 2l)
#endif

static int
mode_of(const char *path)
{
	return (int)(lst(path).st_mode & 07777);
}

static void
stats(void)
{
	struct stat st, st2;
	struct statx sx;
	int fd;

	put_file("f", "12345");
	symlink("f", "l");
	mkdir("d", 0755);
	fd = open("f", O_RDONLY);
	OK(fstat(fd, &st));
	check("S_ISREG", S_ISREG(st.st_mode));
	MODE(st.st_mode & 07777, 0644);
	VAL(st.st_size, 5);
	VAL(st.st_nlink, 1);
	VAL(st.st_uid, 0);
	VAL(st.st_gid, 0);
	VAL(st.st_blksize, 4096);
	VAL(st.st_blocks, 8);
	VAL(lst("d").st_size, 40);
	VAL(lst(".").st_size, 100);
	VAL(lst("l").st_size, 1);
	OK(fstatat(AT_FDCWD, "l", &st2, 0));
	check("stat follows a symlink", st2.st_ino == st.st_ino);
	OK(fstatat(AT_FDCWD, "l", &st2, AT_SYMLINK_NOFOLLOW));
	check("AT_SYMLINK_NOFOLLOW stats the link", S_ISLNK(st2.st_mode) && st2.st_ino != st.st_ino);
	OK(fstatat(fd, "", &st2, AT_EMPTY_PATH));
	check("AT_EMPTY_PATH stats the descriptor", st2.st_ino == st.st_ino);
	OK(fstatat(AT_FDCWD, "", &st2, AT_EMPTY_PATH));
	check("AT_EMPTY_PATH with AT_FDCWD stats the cwd", st2.st_ino == lst(".").st_ino);
	ERR(fstatat(AT_FDCWD, "", &st2, 0), ENOENT);
	ERR(fstatat(AT_FDCWD, "f", &st2, 0x1), EINVAL);
	OK(fstatat(AT_FDCWD, "f", &st2, AT_STATX_DONT_SYNC));
	ERR(fstatat(fd, "x", &st2, 0), ENOTDIR);
	ERR(fstatat(-1, "f", &st2, 0), EBADF);
	ERR(fstatat(-1, "", &st2, AT_EMPTY_PATH), EBADF);
	ERR(fstat(-1, &st2), EBADF);
	ERR(stat("f/", &st2), ENOTDIR);
	ERR(fstat(fd, (struct stat *)NULLP), EFAULT);
	ERR(fstat(fd, (struct stat *)KERNEL_ADDR), EFAULT);
	ERR(fstat(fd, (struct stat *)STRADDLE_TOP), EFAULT);
	ERR(stat(NULLP, &st2), EFAULT);

	OK(statx(fd, "", AT_EMPTY_PATH, STATX_BASIC_STATS, &sx));
	check("statx has the basic stats", (sx.stx_mask & STATX_BASIC_STATS) == STATX_BASIC_STATS);
	check("statx agrees with fstat",
	      sx.stx_ino == st.st_ino && sx.stx_size == 5 && sx.stx_nlink == 1 &&
		      sx.stx_mode == st.st_mode && sx.stx_mtime.tv_sec == st.st_mtim.tv_sec &&
		      sx.stx_mtime.tv_nsec == (unsigned)st.st_mtim.tv_nsec &&
		      sx.stx_blocks == 8 && sx.stx_blksize == 4096);
	check("statx device numbers agree with fstat",
	      makedev(sx.stx_dev_major, sx.stx_dev_minor) == st.st_dev);
	OK(statx(AT_FDCWD, "/dev/null", 0, STATX_TYPE, &sx));
	check("statx /dev/null: char 1:3",
	      S_ISCHR(sx.stx_mode) && sx.stx_rdev_major == 1 && sx.stx_rdev_minor == 3);
	OK(statx(AT_FDCWD, "l", AT_SYMLINK_NOFOLLOW, STATX_ALL, &sx));
	check("statx of the link itself", S_ISLNK(sx.stx_mode) && sx.stx_size == 1);
	ERR(statx(AT_FDCWD, "f", 0x1, STATX_BASIC_STATS, &sx), EINVAL);
	ERR(statx(AT_FDCWD, "f", AT_STATX_FORCE_SYNC | AT_STATX_DONT_SYNC, 0, &sx), EINVAL);
	ERR(statx(AT_FDCWD, "f", 0, STATX__RESERVED, &sx), EINVAL);
	ERR(statx(AT_FDCWD, "missing", 0, STATX_BASIC_STATS, &sx), ENOENT);
	ERR(statx(AT_FDCWD, "f", 0, STATX_BASIC_STATS, (struct statx *)KERNEL_ADDR), EFAULT);
	ERR(statx(AT_FDCWD, "f", 0, STATX_BASIC_STATS, (struct statx *)STRADDLE_TOP), EFAULT);
	close(fd);
}

static void
modes_and_owners(void)
{
	struct timespec before;
	int fd;

	age("f");
	before = lst("f").st_ctim;
	tick();
	OK(chmod("f", 0600));
	MODE(mode_of("f"), 0600);
	check("chmod touches ctime", ts_after(lst("f").st_ctim, before));
	check("chmod leaves mtime", mtime_old("f"));
	OK(chmod("f", 07777));
	MODE(mode_of("f"), 07777);
	check("chmod keeps the file type", S_ISREG(lst("f").st_mode));
	OK(chmod("l", 0640));
	MODE(mode_of("f"), 0640);
	MODE(mode_of("l"), 0777);
	fd = open("f", O_RDONLY);
	OK(fchmod(fd, 0604));
	MODE(mode_of("f"), 0604);
	ERR(fchmod(-1, 0600), EBADF);
	ERR(chmod("missing", 0600), ENOENT);
	ERR(chmod(NULLP, 0600), EFAULT);

	OK(chown("f", 1000, 2000));
	check("chown sets uid and gid", lst("f").st_uid == 1000 && lst("f").st_gid == 2000);
	OK(chown("f", -1, 3000));
	check("-1 keeps the uid", lst("f").st_uid == 1000 && lst("f").st_gid == 3000);
	OK(fchown(fd, 0, 0));
	check("fchown", lst("f").st_uid == 0 && lst("f").st_gid == 0);
	OK(lchown("l", 7, 8));
	check("lchown changes the link only", lst("l").st_uid == 7 && lst("f").st_uid == 0);
	OK(fchownat(fd, "", 9, 9, AT_EMPTY_PATH));
	check("fchownat AT_EMPTY_PATH", lst("f").st_uid == 9);
	ERR(fchownat(AT_FDCWD, "f", 0, 0, 0x1), EINVAL);
	ERR(fchown(-1, 0, 0), EBADF);
	ERR(chown(NULLP, 0, 0), EFAULT);
	ERR(chown(KERNEL_ADDR, 0, 0), EFAULT);
	chmod("f", 06755);
	OK(chown("f", 0, 0));
	MODE(mode_of("f"), 0755); /* set-user-ID and set-group-ID with g+x drop */
	chmod("f", 02745);
	OK(chown("f", -1, -1));
	MODE(mode_of("f"), 02745); /* set-group-ID without g+x stays */
	chmod("d", 06755);
	OK(chown("d", 0, 0));
	MODE(mode_of("d"), 06755); /* directories keep both */
	chmod("d", 0755);
	chmod("f", 0644);
	close(fd);
	fd = open("f", O_PATH);
	ERR(fchown(fd, 0, 0), EBADF);
	close(fd);
}

static void
utimes(void)
{
	struct timespec t[2] = { { 123456789, 500 }, { 987654321, 999999999 } };
	struct timespec keep[2] = { { 5, 0 }, { 6, UTIME_OMIT } };
	struct timespec now[2] = { { 0, UTIME_NOW }, { 0, UTIME_OMIT } };
	struct timespec omit[2] = { { 0, UTIME_OMIT }, { 0, UTIME_OMIT } };
	struct timespec bad[2] = { { 0, 1000000000 }, { 0, 0 } };
	struct timespec neg[2] = { { -1, 500 }, { 0, -1 } };
	struct timespec before;
	struct stat st;
	int fd;

	before = lst("f").st_ctim;
	tick();
	OK(utimensat(AT_FDCWD, "f", t, 0));
	st = lst("f");
	check("times set exactly", st.st_atim.tv_sec == 123456789 && st.st_atim.tv_nsec == 500 &&
					   st.st_mtim.tv_sec == 987654321 &&
					   st.st_mtim.tv_nsec == 999999999);
	check("utimensat touches ctime", ts_after(st.st_ctim, before));
	OK(utimensat(AT_FDCWD, "f", keep, 0));
	st = lst("f");
	check("UTIME_OMIT keeps mtime", st.st_atim.tv_sec == 5 && st.st_mtim.tv_sec == 987654321);
	OK(utimensat(AT_FDCWD, "f", now, 0));
	st = lst("f");
	check("UTIME_NOW sets atime to now", st.st_atim.tv_sec > 1000000000 &&
						     st.st_mtim.tv_sec == 987654321);
	age("f");
	OK(utimensat(AT_FDCWD, "f", NULL, 0));
	check("NULL times set both to now", !mtime_old("f") && !atime_old("f"));
	age("f");
	before = lst("f").st_ctim;
	tick();
	OK(utimensat(AT_FDCWD, "f", omit, 0));
	check("both UTIME_OMIT change nothing", mtime_old("f") && ts_eq(lst("f").st_ctim, before));
	OK(utimensat(AT_FDCWD, "missing", omit, 0)); /* as Linux: not even looked up */
	ERR(utimensat(AT_FDCWD, "f", bad, 0), EINVAL);
	ERR(utimensat(AT_FDCWD, "f", neg, 0), EINVAL);
	neg[1].tv_nsec = 0;
	OK(utimensat(AT_FDCWD, "f", neg, 0));
	check("a time before 1970", lst("f").st_atim.tv_sec == -1 && lst("f").st_atim.tv_nsec == 500);
	ERR(utimensat(AT_FDCWD, "f", t, 0x1), EINVAL);
	ERR(utimensat(AT_FDCWD, "missing", t, 0), ENOENT);
	age("f");
	OK(utimensat(AT_FDCWD, "l", t, AT_SYMLINK_NOFOLLOW));
	check("AT_SYMLINK_NOFOLLOW sets the link's times",
	      lst("l").st_mtim.tv_sec == 987654321 && mtime_old("f"));
	OK(utimensat(AT_FDCWD, "l", t, 0));
	check("without it, the target's", lst("f").st_mtim.tv_sec == 987654321);
	age("f");
	fd = open("f", O_RDONLY);
	OK(futimens(fd, t));
	check("futimens", lst("f").st_mtim.tv_sec == 987654321);
	age("f");
	OK(syscall(SYS_utimensat, fd, NULL, t, 0));
	check("utimensat(fd, NULL, t)", lst("f").st_mtim.tv_sec == 987654321);
	ERR(syscall(SYS_utimensat, fd, NULL, t, AT_SYMLINK_NOFOLLOW), EINVAL);
	OK(utimensat(fd, "", t, AT_EMPTY_PATH));
	ERR(syscall(SYS_utimensat, -1, NULL, t, 0), EBADF);
	ERR(syscall(SYS_utimensat, AT_FDCWD, NULL, t, 0), EFAULT);
	ERR(utimensat(AT_FDCWD, "f", (struct timespec *)KERNEL_ADDR, 0), EFAULT);
	ERR(utimensat(AT_FDCWD, "f", (struct timespec *)STRADDLE_TOP, 0), EFAULT);
	close(fd);
	fd = open("f", O_PATH);
	ERR(futimens(fd, t), EBADF);
	close(fd);
}

static void
access_checks(void)
{
	put_file("x", "");
	chmod("x", 0);
	OK(syscall(SYS_faccessat, AT_FDCWD, "x", F_OK));
	OK(syscall(SYS_faccessat, AT_FDCWD, "x", R_OK | W_OK)); /* root */
	ERR(syscall(SYS_faccessat, AT_FDCWD, "x", X_OK), EACCES);
	chmod("x", 0010);
	OK(syscall(SYS_faccessat, AT_FDCWD, "x", X_OK));
	chmod("d", 0);
	OK(syscall(SYS_faccessat, AT_FDCWD, "d", X_OK | R_OK | W_OK));
	chmod("d", 0755);
	ERR(syscall(SYS_faccessat, AT_FDCWD, "x", 8), EINVAL);
	ERR(syscall(SYS_faccessat, AT_FDCWD, "missing", F_OK), ENOENT);
	ERR(syscall(SYS_faccessat, AT_FDCWD, "x/", F_OK), ENOTDIR);
	ERR(syscall(SYS_faccessat, AT_FDCWD, NULLP, F_OK), EFAULT);
	symlink("nowhere", "dangling");
	ERR(syscall(SYS_faccessat2, AT_FDCWD, "dangling", F_OK, 0), ENOENT);
	OK(syscall(SYS_faccessat2, AT_FDCWD, "dangling", F_OK, AT_SYMLINK_NOFOLLOW));
	OK(syscall(SYS_faccessat2, AT_FDCWD, "x", X_OK, AT_EACCESS));
	ERR(syscall(SYS_faccessat2, AT_FDCWD, "x", F_OK, 0x1), EINVAL);
	{
		int fd = open("x", O_PATH);

		OK(syscall(SYS_faccessat2, fd, "", X_OK, AT_EMPTY_PATH));
		ERR(syscall(SYS_faccessat2, fd, "", X_OK, 0), ENOENT);
		close(fd);
	}
}

static void
timestamps(void)
{
	char buf[16];
	struct timespec a0, a1;
	int fd;

	put_file("ts", "data");
	tick();
	fd = open("ts", O_RDWR);
	a0 = lst("ts").st_atim;
	VAL(read(fd, buf, sizeof(buf)), 4);
	a1 = lst("ts").st_atim;
	check("the first read touches atime (it was not after mtime)", ts_after(a1, a0));
	tick();
	VAL(pread(fd, buf, sizeof(buf), 0), 4);
	check("a second read leaves it (relatime)", ts_eq(lst("ts").st_atim, a1));
	age("ts");
	VAL(pread(fd, buf, sizeof(buf), 0), 4);
	check("a day-old atime is refreshed", !atime_old("ts"));
	age("ts");
	VAL(pread(fd, buf, sizeof(buf), 100), 0);
	check("a read at the end touches atime too", !atime_old("ts"));
	age("ts");
	VAL(write(fd, "", 0), 0);
	check("a write of nothing leaves mtime", mtime_old("ts"));
	VAL(pwrite(fd, "x", 1, 0), 1);
	check("a write touches mtime", !mtime_old("ts"));
	check("a write leaves atime", atime_old("ts"));
	close(fd);
	age("ts");
	fd = open("ts", O_RDONLY);
	close(fd);
	check("open and close touch nothing", mtime_old("ts") && atime_old("ts"));

	mkdir("td", 0755);
	age("td");
	fd = open("td", O_RDONLY | O_DIRECTORY);
	ERR(syscall(SYS_getdents64, fd, buf, 1), EINVAL);
	check("even a failed getdents64 touches atime", !atime_old("td"));
	close(fd);
	symlink("ts", "tl");
	age("tl");
	VAL(readlink("tl", buf, sizeof(buf)), 2);
	check("readlink touches the link's atime", !atime_old("tl"));
	age("td");
	put_file("td/new", "");
	check("creating a name touches the directory's mtime", !mtime_old("td"));
	check("and leaves its atime", atime_old("td"));
}

int
main(int argc, char **argv)
{
	enter_scratch(argc, argv);
	stats();
	modes_and_owners();
	utimes();
	access_checks();
	timestamps();
	return finish();
}
