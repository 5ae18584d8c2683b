/*
 * exec_errors: every way execve fails, each with Linux's errno, and the
 * caller carrying on untouched afterwards: ENOENT (missing file, empty
 * path, missing #! interpreter), ENOTDIR, EACCES (no execute bit, a
 * directory, a #! interpreter without one), ENOEXEC (text, an empty
 * file, a truncated ELF, an ELF for another machine, "#!" naming no
 * interpreter), ELOOP (six nested #! scripts), ETXTBSY (a file open for
 * writing), E2BIG (one string over 128 KiB, all of them over the stack
 * limit's quarter), ENAMETOOLONG, and EFAULT for hostile path, argv,
 * argv[i], envp and envp[i] pointers. The files it needs are made in
 * /tmp. None of these execs reaches a program, so the output is the
 * same under qemu-riscv64.
 */
#include "checks.h"

#include <elf.h>
#include <fcntl.h>
#include <sys/stat.h>

static char dir[64];	    /* "/tmp/tern-exec-errors-PID-" */
static char paths[16][128]; /* files to remove at the end */
static int npaths;

static const char *noexec; /* a mode 0644 file */
static char *argv_ok[] = { "prog", "a", NULL };
static char *envp_ok[] = { "A=1", NULL };

/* Make dir+name holding len bytes of data with mode; returns its path. */
static const char *
make_file(const char *name, const void *data, size_t len, mode_t mode)
{
	char *path = paths[npaths++];
	int fd;

	snprintf(path, sizeof(paths[0]), "%s%s", dir, name);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
	if (fd < 0 || (len && write(fd, data, len) != (ssize_t)len) || close(fd)) {
		printf("cannot make %s: %s\n", name, err_name(errno));
		exit(1);
	}
	return path;
}

static const char *
make_script(const char *name, const char *interp)
{
	char text[256];

	snprintf(text, sizeof(text), "#!%s\necho not reached\n", interp);
	return make_file(name, text, strlen(text), 0755);
}

static void
try_exec(const char *what, const char *path, char **argv, char **envp, int want)
{
	expect_err(what, execve(path, argv, envp), want);
}

static void
missing_and_permissions(const char *text)
{
	char path[192];

	try_exec("execve(missing file)", "/tmp/tern-no-such-file", argv_ok, envp_ok, ENOENT);
	try_exec("execve(\"\")", "", argv_ok, envp_ok, ENOENT);
	snprintf(path, sizeof(path), "%s/x", text);
	try_exec("execve(file/x)", path, argv_ok, envp_ok, ENOTDIR);
	noexec = make_file("noexec", "data\n", 5, 0644);
	try_exec("execve(mode 0644 file)", noexec, argv_ok, envp_ok, EACCES);
	try_exec("execve(a directory)", "/tmp", argv_ok, envp_ok, EACCES);
}

static void
bad_formats(const char *text)
{
	Elf64_Ehdr eh;

	try_exec("execve(text file)", text, argv_ok, envp_ok, ENOEXEC);
	try_exec("execve(empty file)", make_file("empty", "", 0, 0755), argv_ok, envp_ok, ENOEXEC);
	try_exec("execve(20-byte ELF)", make_file("short-elf", ELFMAG "\2\1\1", 7, 0755), argv_ok,
		 envp_ok, ENOEXEC);
	memset(&eh, 0, sizeof(eh));
	memcpy(eh.e_ident, ELFMAG, SELFMAG);
	eh.e_ident[EI_CLASS] = ELFCLASS64;
	eh.e_ident[EI_DATA] = ELFDATA2LSB;
	eh.e_ident[EI_VERSION] = EV_CURRENT;
	eh.e_type = ET_EXEC;
	eh.e_machine = EM_AARCH64;
	eh.e_version = EV_CURRENT;
	eh.e_ehsize = sizeof(eh);
	eh.e_phentsize = sizeof(Elf64_Phdr);
	try_exec("execve(aarch64 ELF)", make_file("aarch64", &eh, sizeof(eh), 0755), argv_ok,
		 envp_ok, ENOEXEC);
}

static void
bad_scripts(const char *text)
{
	char name[16];
	const char *prev = text;

	try_exec("execve(script \"#!\")", make_script("s-empty", ""), argv_ok, envp_ok, ENOEXEC);
	try_exec("execve(script \"#!   \")", make_script("s-blank", "   "), argv_ok, envp_ok,
		 ENOEXEC);
	try_exec("execve(script with a missing interpreter)",
		 make_script("s-missing", "/tmp/tern-no-such-interpreter"), argv_ok, envp_ok,
		 ENOENT);
	try_exec("execve(script whose interpreter is mode 0644)", make_script("s-noexec", noexec),
		 argv_ok, envp_ok, EACCES);
	/* Six scripts, each the interpreter of the next: Linux follows five. */
	for (int i = 0; i < 6; i++) {
		snprintf(name, sizeof(name), "chain%d", i);
		prev = make_script(name, prev);
	}
	try_exec("execve(six nested scripts)", prev, argv_ok, envp_ok, ELOOP);
}

static void
busy_file(void)
{
	const char *path = make_file("busy", "data\n", 5, 0755);
	int fd = open(path, O_WRONLY);

	try_exec("execve(a file open for writing)", path, argv_ok, envp_ok, ETXTBSY);
	close(fd);
}

static void
too_big(const char *text)
{
	/* MAX_ARG_STRLEN is 32 pages, the terminating NUL included. */
	size_t n = 32 * PAGE;
	char *big = malloc(n + 1);
	char *argv[66] = { "prog" };
	char *envp[2] = { NULL, NULL };

	memset(big, 'x', n);
	big[n] = '\0';
	argv[1] = big;
	try_exec("execve(one 128 KiB argument)", text, argv, envp_ok, E2BIG);
	argv[1] = NULL;
	envp[0] = big;
	try_exec("execve(one 128 KiB environment string)", text, argv, envp, E2BIG);
	/* 64 strings of 120 KiB: 7.5 MiB, over a quarter of any stack limit
	 * Linux allows here (at most 6 MiB of strings). */
	big[120 * 1024] = '\0';
	for (int i = 1; i <= 64; i++)
		argv[i] = big;
	argv[65] = NULL;
	try_exec("execve(64 arguments of 120 KiB)", text, argv, envp_ok, E2BIG);
	free(big);
}

static void
long_names(void)
{
	char *path = malloc(5000);

	memset(path, 'a', 4999);
	path[0] = '/';
	path[4999] = '\0';
	try_exec("execve(a 4999-byte path)", path, argv_ok, envp_ok, ENAMETOOLONG);
	snprintf(path, 5000, "/tmp/%0300d", 0);
	try_exec("execve(a 300-byte name)", path, argv_ok, envp_ok, ENAMETOOLONG);
	free(path);
}

/* Hostile pointers; "straddling" ones start in the last page of user
 * space (mapped, no NUL in its last 16 bytes) and run past its end. */
static void
bad_pointers(const char *text)
{
	char *unmapped = unmapped_page();
	char *top = top_page();
	static const char *names[] = { "NULL", "unmapped", "kernel", "straddling" };
	char *bad[] = { NULL, unmapped, KERNEL_ADDR, STRADDLE_TOP };
	char **top_list = (char **)(top + PAGE - sizeof(char *));
	char what[96];

	for (int i = 0; i < 4; i++) {
		char *argv_bad[] = { "prog", bad[i], NULL };
		char *envp_bad[] = { "A=1", bad[i], NULL };
		char **list = i == 3 ? top_list : (char **)bad[i];

		snprintf(what, sizeof(what), "execve(%s path)", names[i]);
		try_exec(what, bad[i], argv_ok, envp_ok, EFAULT);
		/* A NULL argv or envp is an empty list; a NULL entry ends it. */
		if (!i)
			continue;
		/* The straddling list: one good entry, the next past the top. */
		*top_list = "prog";
		snprintf(what, sizeof(what), "execve(file, %s argv)", names[i]);
		try_exec(what, text, list, envp_ok, EFAULT);
		snprintf(what, sizeof(what), "execve(file, argv, %s envp)", names[i]);
		try_exec(what, text, argv_ok, list, EFAULT);
		memset(top + PAGE - 16, 'A', 16);
		snprintf(what, sizeof(what), "execve(file, argv[1] %s)", names[i]);
		try_exec(what, text, argv_bad, envp_ok, EFAULT);
		snprintf(what, sizeof(what), "execve(file, envp[1] %s)", names[i]);
		try_exec(what, text, argv_ok, envp_bad, EFAULT);
	}
	/* Linux opens the file before it reads argv (do_execveat_common):
	 * a missing file wins. qemu-user reads argv first: strict. */
	if (strict)
		try_exec("execve(missing file, unmapped argv)", "/tmp/tern-no-such-file",
			 (char **)unmapped, envp_ok, ENOENT);
}

int
main(int argc, char **argv)
{
	const char *text;

	test_setup_args(argc, argv);
	snprintf(dir, sizeof(dir), "/tmp/tern-exec-errors-%d-", (int)getpid());
	text = make_file("text", "hello, world\n", 13, 0755);
	missing_and_permissions(text);
	bad_formats(text);
	bad_scripts(text);
	busy_file();
	too_big(text);
	long_names();
	bad_pointers(text);
	check("the caller is still running after every failed execve", true);
	for (int i = 0; i < npaths; i++)
		unlink(paths[i]);
	return test_result();
}
