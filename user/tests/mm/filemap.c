/*
 * filemap: file and shared mappings. A private mapping shows the file
 * but keeps its own writes (the file and other mappings never see them,
 * and MADV_DONTNEED brings the file's data back); until it writes a
 * page it shows the file's current data. A shared mapping writes
 * through to the file (read() sees it, after munmap too) and sees
 * write()s; bytes past the end of the file in the last page read 0 and
 * are not written back; a page wholly past the end gives SIGBUS. A
 * shared mapping made read-only and writable again can be written; one
 * of a read-only descriptor cannot be made writable (EACCES).
 * Shared memory, anonymous or file, is shared with children forked
 * later (whether or not it was touched first); private memory is not.
 * Accesses that a broken kernel might fault on forever run in a child
 * with a deadline.
 */
#include "../proc/checks.h"

#include <fcntl.h>
#include <sys/stat.h>

#define RW	 (PROT_READ | PROT_WRITE)
#define FILE_LEN (3 * PAGE + 100) /* pages 'a', 'b', 'c', then 100 'z' */

static char path[64];
static int fd;

static void
make_file(void)
{
	char buf[PAGE];

	snprintf(path, sizeof(path), "/tmp/tern-filemap-%d", (int)getpid());
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	for (int i = 0; i < 3; i++) {
		memset(buf, 'a' + i, PAGE);
		if (write(fd, buf, PAGE) != PAGE)
			fd = -1;
	}
	memset(buf, 'z', 100);
	if (fd < 0 || write(fd, buf, 100) != 100) {
		printf("cannot make %s: %s\n", path, err_name(errno));
		exit(1);
	}
}

/* The file's byte at off, through read(). */
static int
file_byte(off_t off)
{
	unsigned char c;

	if (lseek(fd, off, SEEK_SET) != off || read(fd, &c, 1) != 1)
		return -1;
	return c;
}

static void
file_write(off_t off, char c)
{
	if (lseek(fd, off, SEEK_SET) != off || write(fd, &c, 1) != 1)
		printf("write to %s failed: %s\n", path, err_name(errno));
}

static char *
map(size_t len, int prot, int flags, off_t off)
{
	char *p = mmap(NULL, len, prot, flags, fd, off);

	if (p == MAP_FAILED) {
		printf("mmap of the file failed: %s\n", err_name(errno));
		exit(1);
	}
	return p;
}

static void
private_mapping(void)
{
	char *priv = map(4 * PAGE, RW, MAP_PRIVATE, 0);
	char *shared = map(4 * PAGE, RW, MAP_SHARED, 0);

	check("a private mapping shows the file",
	      priv[0] == 'a' && priv[2 * PAGE] == 'c' && priv[3 * PAGE + 99] == 'z');
	check("  bytes past the end of the file in the last page read 0",
	      priv[3 * PAGE + 100] == 0 && priv[4 * PAGE - 1] == 0);
	priv[0] = 'P';
	check("its write is not in the file", file_byte(0) == 'a');
	check("  nor in a shared mapping", shared[0] == 'a');
	check("  but it reads back its own", priv[0] == 'P');
	shared[PAGE] = 'S';
	check("a shared mapping's write shows in a page the private one never wrote",
	      priv[PAGE] == 'S');
	file_write(2 * PAGE, 'W');
	check("so does a write() to the file", priv[2 * PAGE] == 'W' && shared[2 * PAGE] == 'W');
	expect_ret("madvise(private page 0, MADV_DONTNEED)", madvise(priv, PAGE, MADV_DONTNEED), 0);
	check("  brings back the file's data", priv[0] == 'a');
	munmap(priv, 4 * PAGE);
	munmap(shared, 4 * PAGE);
	file_write(PAGE, 'b');
	file_write(2 * PAGE, 'c');
}

static void
shared_mapping(void)
{
	char *p = map(4 * PAGE, RW, MAP_SHARED, 0);
	char *q = map(PAGE, PROT_READ, MAP_SHARED, 2 * PAGE);
	struct stat st;

	p[1] = '1';
	check("a shared mapping's write reaches the file", file_byte(1) == '1');
	p[2 * PAGE + 5] = '5';
	check("  and another mapping of it (at offset 2 pages)", q[5] == '5' && q[0] == 'c');
	p[3 * PAGE + 200] = 'x';
	check("a write past the end of the file in the last page does not grow it",
	      fstat(fd, &st) == 0 && st.st_size == FILE_LEN);
	munmap(p, 4 * PAGE);
	munmap(q, PAGE);
	check("after munmap the file keeps the data",
	      file_byte(1) == '1' && file_byte(2 * PAGE + 5) == '5');
	p = map(PAGE, RW, MAP_SHARED, 0);
	close(fd);
	p[2] = '2';
	fd = open(path, O_RDWR);
	check("a mapping outlives its descriptor", file_byte(2) == '2');
	munmap(p, PAGE);
}

static int
touch_page(void *p)
{
	(void)*(volatile char *)p;
	return 0;
}

static int
write_page(void *p)
{
	*(volatile char *)p = 'R';
	return 0;
}

static void
past_the_end(void)
{
	char *p = map(6 * PAGE, PROT_READ, MAP_SHARED, 0);
	int st = in_child_deadline(touch_page, p + 5 * PAGE, 3);

	printf("reading a mapped page wholly past the end of the file: %s\n", status_str(st));
	all_ok = all_ok && st == SIGBUS;
	munmap(p, 6 * PAGE);
}

static void
reprotect(void)
{
	char *p = map(PAGE, RW, MAP_SHARED, 0);
	char *anon = mmap(NULL, PAGE, RW, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	int st;

	p[0] = 'a';
	expect_ret("mprotect(shared file page, PROT_READ)", mprotect(p, PAGE, PROT_READ), 0);
	expect_ret("mprotect(it, PROT_READ|PROT_WRITE)", mprotect(p, PAGE, RW), 0);
	st = in_child_deadline(write_page, p, 3);
	printf("a child writing it: %s\n", status_str(st));
	all_ok = all_ok && st == 0;
	check("  the write reached the file", file_byte(0) == 'R');
	munmap(p, PAGE);

	anon[0] = 'a';
	expect_ret("mprotect(shared anonymous page, PROT_READ)", mprotect(anon, PAGE, PROT_READ),
		   0);
	expect_ret("mprotect(it, PROT_READ|PROT_WRITE)", mprotect(anon, PAGE, RW), 0);
	st = in_child_deadline(write_page, anon, 3);
	printf("a child writing it: %s\n", status_str(st));
	all_ok = all_ok && st == 0;
	check("  the parent sees the write", anon[0] == 'R');
	munmap(anon, PAGE);
}

/* A shared mapping of a read-only descriptor can never become writable:
 * the file would change through a descriptor that may not write it. */
static void
read_only_file(void)
{
	int rd = open(path, O_RDONLY);
	char *p = mmap(NULL, PAGE, PROT_READ, MAP_SHARED, rd, 0);
	int st;

	close(rd);
	file_write(0, 'a');
	expect_err("mprotect(shared mapping of a read-only fd, PROT_WRITE)", mprotect(p, PAGE, RW),
		   EACCES);
	st = in_child_deadline(write_page, p, 3);
	printf("a child writing it: %s\n", status_str(st));
	all_ok = all_ok && st == SIGSEGV;
	check("  the file is unchanged", file_byte(0) == 'a');
	munmap(p, PAGE);
}

static int
child_writes(void *arg)
{
	char **ptrs = arg;

	for (int i = 0; ptrs[i]; i++)
		ptrs[i][0] = 'C';
	return 0;
}

static void
after_fork(void)
{
	char *anon_touched = mmap(NULL, PAGE, RW, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	char *anon_fresh = mmap(NULL, PAGE, RW, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	char *file = map(PAGE, RW, MAP_SHARED, PAGE);
	char *priv = mmap(NULL, PAGE, RW, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *ptrs[] = { anon_touched, anon_fresh, file, priv, NULL };
	int st;

	anon_touched[0] = 't';
	priv[0] = 'p';
	st = in_child(child_writes, ptrs);
	printf("child writing each mapping: %s\n", status_str(st));
	check("  shared anonymous memory touched before fork: the parent sees the write",
	      anon_touched[0] == 'C');
	check("  shared anonymous memory untouched before fork: the parent sees the write",
	      anon_fresh[0] == 'C');
	check("  shared file mapping: the parent sees the write", file[0] == 'C');
	check("  private memory: the parent does not", priv[0] == 'p');
}

int
main(void)
{
	test_setup();
	make_file();
	private_mapping();
	shared_mapping();
	past_the_end();
	reprotect();
	read_only_file();
	after_fork();
	close(fd);
	unlink(path);
	return test_result();
}
