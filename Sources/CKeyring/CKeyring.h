#ifndef CKEYRING_H
#define CKEYRING_H
// The two Linux key-management syscalls certkeeper needs to read a "user" key, called
// directly (no libkeyutils needed at build time; keyctl(1) from keyutils only in tests).
#include <stddef.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/keyctl.h>

/// request_key(2) for a "user" key named `description`, searching the caller's thread,
/// process, session and user keyrings; no callout (nothing is ever created). -1 and errno
/// when none is found (ENOKEY) or the kernel refuses.
static inline int32_t ck_find_user_key(const char *description) {
    long id = syscall(SYS_request_key, "user", description, NULL, 0L);
    return id < 0 ? -1 : (int32_t)id;
}

/// keyctl(KEYCTL_READ): copies up to `length` payload bytes; returns the full payload size
/// (call again with a larger buffer when it exceeds `length`), or -1 and errno.
static inline long ck_read_key(int32_t key, void *buffer, size_t length) {
    return syscall(SYS_keyctl, KEYCTL_READ, (long)key, buffer, (long)length);
}

#endif
