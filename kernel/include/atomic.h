/*
 * Atomic operations on plain integers and pointers, through the C11
 * __atomic builtins; kernel code uses nothing else (make check).
 *
 * The suffix names the memory order: none is sequentially consistent;
 * _acq_rel, _acquire, _release and _relaxed are the C11 orders of those
 * names. A site with a weaker order says why it suffices, and an
 * acquire or release names its partner.
 *
 *   atomic_load*, atomic_store*         read / write *p
 *   atomic_add*, atomic_sub*            add / subtract v; return the new value
 *   atomic_inc*, atomic_dec*            the same with v = 1
 *   atomic_fetch_add*, _or*, _and*      add, or, and v; return the old value
 *   atomic_xchg*                        store v; return the old value
 *   atomic_cmpxchg*                     if *p == *expected, store desired and
 *                                       return true; else load *p into
 *                                       *expected and return false
 */
#pragma once

#define atomic_load(p)		   __atomic_load_n((p), __ATOMIC_SEQ_CST)
#define atomic_load_acquire(p)	   __atomic_load_n((p), __ATOMIC_ACQUIRE)
#define atomic_load_relaxed(p)	   __atomic_load_n((p), __ATOMIC_RELAXED)
#define atomic_store(p, v)	   __atomic_store_n((p), (v), __ATOMIC_SEQ_CST)
#define atomic_store_release(p, v) __atomic_store_n((p), (v), __ATOMIC_RELEASE)
#define atomic_store_relaxed(p, v) __atomic_store_n((p), (v), __ATOMIC_RELAXED)

#define atomic_add(p, v)	 __atomic_add_fetch((p), (v), __ATOMIC_SEQ_CST)
#define atomic_add_acq_rel(p, v) __atomic_add_fetch((p), (v), __ATOMIC_ACQ_REL)
#define atomic_add_relaxed(p, v) __atomic_add_fetch((p), (v), __ATOMIC_RELAXED)
#define atomic_sub(p, v)	 __atomic_sub_fetch((p), (v), __ATOMIC_SEQ_CST)
#define atomic_sub_acq_rel(p, v) __atomic_sub_fetch((p), (v), __ATOMIC_ACQ_REL)
#define atomic_sub_relaxed(p, v) __atomic_sub_fetch((p), (v), __ATOMIC_RELAXED)
#define atomic_inc(p)		 atomic_add((p), 1)
#define atomic_inc_acq_rel(p)	 atomic_add_acq_rel((p), 1)
#define atomic_inc_relaxed(p)	 atomic_add_relaxed((p), 1)
#define atomic_dec(p)		 atomic_sub((p), 1)
#define atomic_dec_acq_rel(p)	 atomic_sub_acq_rel((p), 1)
#define atomic_dec_relaxed(p)	 atomic_sub_relaxed((p), 1)

#define atomic_fetch_add(p, v)	       __atomic_fetch_add((p), (v), __ATOMIC_SEQ_CST)
#define atomic_fetch_add_relaxed(p, v) __atomic_fetch_add((p), (v), __ATOMIC_RELAXED)
#define atomic_fetch_or(p, v)	       __atomic_fetch_or((p), (v), __ATOMIC_SEQ_CST)
#define atomic_fetch_or_relaxed(p, v)  __atomic_fetch_or((p), (v), __ATOMIC_RELAXED)
#define atomic_fetch_and(p, v)	       __atomic_fetch_and((p), (v), __ATOMIC_SEQ_CST)
#define atomic_fetch_and_relaxed(p, v) __atomic_fetch_and((p), (v), __ATOMIC_RELAXED)

#define atomic_xchg(p, v)	  __atomic_exchange_n((p), (v), __ATOMIC_SEQ_CST)
#define atomic_xchg_acq_rel(p, v) __atomic_exchange_n((p), (v), __ATOMIC_ACQ_REL)
#define atomic_xchg_acquire(p, v) __atomic_exchange_n((p), (v), __ATOMIC_ACQUIRE)

/* A failed compare-exchange orders nothing in the weaker forms (relaxed):
 * it published nothing, and the caller retries or gives up. */
#define atomic_cmpxchg(p, expected, desired)                                             \
	__atomic_compare_exchange_n((p), (expected), (desired), false, __ATOMIC_SEQ_CST, \
				    __ATOMIC_SEQ_CST)
#define atomic_cmpxchg_acq_rel(p, expected, desired)                                     \
	__atomic_compare_exchange_n((p), (expected), (desired), false, __ATOMIC_ACQ_REL, \
				    __ATOMIC_RELAXED)
#define atomic_cmpxchg_relaxed(p, expected, desired)                                     \
	__atomic_compare_exchange_n((p), (expected), (desired), false, __ATOMIC_RELAXED, \
				    __ATOMIC_RELAXED)

#define smp_mb() __atomic_thread_fence(__ATOMIC_SEQ_CST)
