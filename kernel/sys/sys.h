/*
 * Prototypes of the system calls, with the types Linux gives them.
 * Only sys/ includes this header.
 */
#pragma once

#include <compiler.h>
#include <linux/posix_types.h>
#include <types.h>

struct iovec;
struct stat;
struct rlimit;
struct rlimit64;
struct new_utsname;
struct __kernel_timespec;

long sys_getcwd(char __user *buf, unsigned long size);
long sys_ioctl(int fd, unsigned int cmd, unsigned long arg);
long sys_openat(int dfd, const char __user *path, int flags, mode_t mode);
long sys_close(int fd);
long sys_lseek(int fd, off_t offset, unsigned int whence);
long sys_read(int fd, char __user *buf, size_t count);
long sys_write(int fd, const char __user *buf, size_t count);
long sys_readv(int fd, const struct iovec __user *iov, int iovcnt);
long sys_writev(int fd, const struct iovec __user *iov, int iovcnt);
long sys_readlinkat(int dfd, const char __user *path, char __user *buf, int bufsiz);
long sys_newfstatat(int dfd, const char __user *path, struct stat __user *st, int flags);
long sys_fstat(int fd, struct stat __user *st);

long sys_exit(int code);
long sys_exit_group(int code);
long sys_set_tid_address(int __user *tidptr);
long sys_set_robust_list(void __user *head, size_t len);
long sys_get_robust_list(int pid, void __user *__user *head, size_t __user *len);
long sys_getpid(void);
long sys_getppid(void);
long sys_getuid(void);
long sys_geteuid(void);
long sys_getgid(void);
long sys_getegid(void);
long sys_gettid(void);
long sys_getrlimit(unsigned int resource, struct rlimit __user *rlim);
long sys_setrlimit(unsigned int resource, const struct rlimit __user *rlim);
long sys_prlimit64(pid_t pid, unsigned int resource, const struct rlimit64 __user *new_rlim,
		   struct rlimit64 __user *old_rlim);

long sys_brk(unsigned long brk);
long sys_mmap(unsigned long addr, unsigned long len, unsigned long prot, unsigned long flags,
	      unsigned long fd, unsigned long off);
long sys_munmap(unsigned long addr, size_t len);
long sys_mprotect(unsigned long addr, size_t len, unsigned long prot);
long sys_madvise(unsigned long addr, size_t len, int advice);

long sys_uname(struct new_utsname __user *name);
long sys_syslog(int action, char __user *buf, int len);
long sys_getrandom(char __user *buf, size_t count, unsigned int flags);
long sys_clock_gettime(int which, struct __kernel_timespec __user *tp);

struct clone_args;
struct siginfo;
struct rusage;
long sys_clone(unsigned long flags, unsigned long newsp, int __user *parent_tid, unsigned long tls,
	       int __user *child_tid);
long sys_clone3(struct clone_args __user *uargs, size_t size);
long sys_execve(const char __user *path, const char __user *const __user *argv,
		const char __user *const __user *envp);
long sys_wait4(pid_t pid, int __user *wstatus, int options, struct rusage __user *ru);
long sys_waitid(int which, pid_t id, struct siginfo __user *info, int options,
		struct rusage __user *ru);
long sys_getpgid(pid_t pid);
long sys_setpgid(pid_t pid, pid_t pgid);
long sys_getsid(pid_t pid);
long sys_setsid(void);
long sys_umask(int mask);
long sys_sched_yield(void);
long sys_sched_getaffinity(pid_t pid, unsigned int len, unsigned long __user *mask);
long sys_sched_setaffinity(pid_t pid, unsigned int len, const unsigned long __user *mask);
long sys_setuid(uid_t uid);
long sys_setgid(gid_t gid);
long sys_setreuid(uid_t r, uid_t e);
long sys_setregid(gid_t r, gid_t e);
long sys_setresuid(uid_t r, uid_t e, uid_t s);
long sys_setresgid(gid_t r, gid_t e, gid_t s);
long sys_getresuid(uid_t __user *r, uid_t __user *e, uid_t __user *s);
long sys_getresgid(gid_t __user *r, gid_t __user *e, gid_t __user *s);
long sys_setfsuid(uid_t uid);
long sys_setfsgid(gid_t gid);
long sys_getgroups(int size, gid_t __user *list);
long sys_setgroups(int size, const gid_t __user *list);
struct sysinfo;
long sys_sysinfo(struct sysinfo __user *info);
long sys_mremap(unsigned long old, unsigned long old_len, unsigned long new_len,
		unsigned long flags, unsigned long new_addr);

/* sys/sys_time.c (sys_clock_gettime above too) */
struct __kernel_old_timeval;
struct timezone;
struct tms;
struct rusage;
long sys_clock_getres(int which, struct __kernel_timespec __user *tp);
long sys_gettimeofday(struct __kernel_old_timeval __user *tv, struct timezone __user *tz);
long sys_nanosleep(const struct __kernel_timespec __user *rqtp,
		   struct __kernel_timespec __user *rmtp);
long sys_clock_nanosleep(int which, int flags, const struct __kernel_timespec __user *rqtp,
			 struct __kernel_timespec __user *rmtp);
long sys_times(struct tms __user *tbuf);
long sys_getrusage(int who, struct rusage __user *ru);
long sys_restart_syscall(void);

/* File-system calls: sys/sys_file.c, sys_rw.c, sys_pipe.c, sys_fs_*.c */
struct statx;
long sys_dup(unsigned int oldfd);
long sys_dup3(unsigned int oldfd, unsigned int newfd, int flags);
long sys_fcntl(unsigned int fd, unsigned int cmd, unsigned long arg);
long sys_close_range(unsigned int first, unsigned int last, unsigned int flags);
long sys_pipe2(int __user *fds, int flags);
long sys_pread64(int fd, char __user *buf, size_t count, off_t pos);
long sys_pwrite64(int fd, const char __user *buf, size_t count, off_t pos);
long sys_preadv(int fd, const struct iovec __user *iov, unsigned long iovcnt, unsigned long pos_l,
		unsigned long pos_h);
long sys_pwritev(int fd, const struct iovec __user *iov, unsigned long iovcnt, unsigned long pos_l,
		 unsigned long pos_h);
long sys_getdents64(unsigned int fd, void __user *dirp, unsigned int count);
long sys_fsync(int fd);
long sys_fdatasync(int fd);
long sys_sync(void);
long sys_statx(int dfd, const char __user *path, unsigned int flags, unsigned long mask,
	       struct statx __user *buf);
long sys_faccessat(int dfd, const char __user *path, int mode);
long sys_faccessat2(int dfd, const char __user *path, int mode, int flags);
long sys_mkdirat(int dfd, const char __user *path, mode_t mode);
long sys_mknodat(int dfd, const char __user *path, mode_t mode, unsigned long dev);
long sys_unlinkat(int dfd, const char __user *path, int flags);
long sys_renameat2(int olddfd, const char __user *oldpath, int newdfd, const char __user *newpath,
		   unsigned int flags);
long sys_linkat(int olddfd, const char __user *oldpath, int newdfd, const char __user *newpath,
		int flags);
long sys_symlinkat(const char __user *target, int newdfd, const char __user *linkpath);
long sys_fchmod(unsigned int fd, mode_t mode);
long sys_fchmodat(int dfd, const char __user *path, mode_t mode);
long sys_fchown(unsigned int fd, unsigned long uid, unsigned long gid);
long sys_fchownat(int dfd, const char __user *path, unsigned long uid, unsigned long gid,
		  int flags);
long sys_utimensat(int dfd, const char __user *path, const struct __kernel_timespec __user *utimes,
		   int flags);
long sys_truncate(const char __user *path, long length);
long sys_ftruncate(unsigned int fd, long length);
long sys_chdir(const char __user *path);
long sys_fchdir(unsigned int fd);

struct user_sigaction;
struct __kernel_timespec;
long sys_rt_sigaction(int sig, const struct user_sigaction __user *act,
		      struct user_sigaction __user *oact, size_t sigsetsize);
long sys_rt_sigprocmask(int how, const uint64_t __user *set, uint64_t __user *oset,
			size_t sigsetsize);
long sys_rt_sigpending(uint64_t __user *set, size_t sigsetsize);
long sys_rt_sigsuspend(const uint64_t __user *mask, size_t sigsetsize);
long sys_rt_sigtimedwait(const uint64_t __user *set, struct siginfo __user *info,
			 const struct __kernel_timespec __user *ts, size_t sigsetsize);
long sys_rt_sigqueueinfo(pid_t pid, int sig, const struct siginfo __user *info);
long sys_rt_tgsigqueueinfo(pid_t tgid, pid_t tid, int sig, const struct siginfo __user *info);
long sys_rt_sigreturn(void);
struct sigaltstack;
long sys_sigaltstack(const struct sigaltstack __user *uss, struct sigaltstack __user *uoss);
long sys_kill(pid_t pid, int sig);
long sys_tkill(pid_t tid, int sig);
long sys_tgkill(pid_t tgid, pid_t tid, int sig);
long sys_futex(uint32_t __user *uaddr, int op, uint32_t val,
	       const struct __kernel_timespec __user *timeout, uint32_t __user *uaddr2,
	       uint32_t val3);
struct tern_kstat;
long sys_tern_kstat(struct tern_kstat __user *buf, size_t size);

/* sys/sys_timer.c. Arguments Linux types int arrive in whole registers:
 * they are taken as long and truncated, as Linux's syscall wrappers do. */
struct __kernel_old_itimerval;
struct __kernel_itimerspec;
struct sigevent;
long sys_getitimer(long which, struct __kernel_old_itimerval __user *value);
long sys_setitimer(long which, const struct __kernel_old_itimerval __user *value,
		   struct __kernel_old_itimerval __user *ovalue);
long sys_timer_create(long which_clock, struct sigevent __user *event, int __user *created_id);
long sys_timer_settime(long timer_id, long flags,
		       const struct __kernel_itimerspec __user *new_value,
		       struct __kernel_itimerspec __user *old_value);
long sys_timer_gettime(long timer_id, struct __kernel_itimerspec __user *value);
long sys_timer_getoverrun(long timer_id);
long sys_timer_delete(long timer_id);

struct pollfd;
long sys_ppoll(struct pollfd __user *ufds, unsigned int nfds,
	       const struct __kernel_timespec __user *tsp, const uint64_t __user *sigmask,
	       size_t sigsetsize);
long sys_pselect6(int nfds, __kernel_fd_set __user *rfds, __kernel_fd_set __user *wfds,
		  __kernel_fd_set __user *efds, struct __kernel_timespec __user *tsp,
		  const void __user *sig);
