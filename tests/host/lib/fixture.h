/*
 * Test helpers: load a generated fixture (paths are relative to the repo
 * root, where the tests run) and copy a buffer into an exactly-sized heap
 * block, so that ASan flags any read past its end.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

/* Read the whole file at @path; fails the test if it cannot. */
uint8_t *fixture_load(const char *path, size_t *size);

/* A malloc'd copy of the first @len bytes of @src (never NULL). */
uint8_t *fixture_dup(const void *src, size_t len);

/* Deterministic PRNG for the corruption tests (xorshift64*). */
uint64_t fixture_rand(uint64_t *state);
