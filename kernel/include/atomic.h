/*
 * Atomic operations on plain integers, through the C11 __atomic builtins.
 * The default order is sequentially consistent; the _relaxed/_acquire/
 * _release forms say why they may be weaker where they are used.
 */
#pragma once

#define atomic_load(p)		   __atomic_load_n((p), __ATOMIC_SEQ_CST)
#define atomic_load_acquire(p)	   __atomic_load_n((p), __ATOMIC_ACQUIRE)
#define atomic_load_relaxed(p)	   __atomic_load_n((p), __ATOMIC_RELAXED)
#define atomic_store(p, v)	   __atomic_store_n((p), (v), __ATOMIC_SEQ_CST)
#define atomic_store_release(p, v) __atomic_store_n((p), (v), __ATOMIC_RELEASE)
#define atomic_store_relaxed(p, v) __atomic_store_n((p), (v), __ATOMIC_RELAXED)
#define atomic_add(p, v)	   __atomic_add_fetch((p), (v), __ATOMIC_SEQ_CST)
#define atomic_sub(p, v)	   __atomic_sub_fetch((p), (v), __ATOMIC_SEQ_CST)
#define atomic_inc(p)		   atomic_add((p), 1)
#define atomic_dec(p)		   atomic_sub((p), 1)
#define atomic_xchg(p, v)	   __atomic_exchange_n((p), (v), __ATOMIC_SEQ_CST)
#define atomic_or(p, v)		   __atomic_fetch_or((p), (v), __ATOMIC_SEQ_CST)
#define atomic_and(p, v)	   __atomic_fetch_and((p), (v), __ATOMIC_SEQ_CST)
/* Returns true if *p was *expected and is now desired. */
#define atomic_cmpxchg(p, expected, desired)                                             \
	__atomic_compare_exchange_n((p), (expected), (desired), false, __ATOMIC_SEQ_CST, \
				    __ATOMIC_SEQ_CST)
#define smp_mb() __atomic_thread_fence(__ATOMIC_SEQ_CST)
