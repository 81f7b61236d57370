/*
 * lane-sampler.c's input and output: growing buffers, frames written to stdout (the layout is
 * in lane-sampler.c's header comment), and kept-open /proc files read from their start.
 * Included once, by lane-sampler.c.
 */
#ifndef HELPER_IO_H
#define HELPER_IO_H

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

enum { KIND_NAME = 1, KIND_CLOSED = 3, KIND_SLICES = 4 };

/* Descriptors open now (sent in the CLOSED frame: 0 when every file was closed). */
static int open_files;
/* One /proc file as last read: stat is under 400 bytes, schedstat under 64. */
static char buf[4096];
/* The frames to write at the next flush. */
static char *out;
static size_t nout, cap_out;

static void die_quietly(void) { _exit(0); }

static void *grow(void *p, size_t *cap, size_t need, size_t unit) {
  if (need <= *cap) return p;
  size_t next = *cap ? *cap : 16;
  while (next < need) next *= 2;
  void *q = realloc(p, next * unit);
  if (!q) die_quietly(); /* out of memory: the lab falls back to sampling itself */
  *cap = next;
  return q;
}

static void write_all(const void *data, size_t length) {
  const char *p = data;
  while (length > 0) {
    ssize_t n = write(STDOUT_FILENO, p, length);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) die_quietly(); /* the owner stopped reading: it is gone */
    p += n;
    length -= (size_t)n;
  }
}

static void frame(uint32_t kind, const void *payload, uint32_t length) {
  uint32_t head[2] = {length, kind};
  write_all(head, sizeof head);
  if (length) write_all(payload, length);
}

static void put(const void *data, size_t length) {
  out = grow(out, &cap_out, nout + length, 1);
  memcpy(out + nout, data, length);
  nout += length;
}

static void put_f64(double value) { put(&value, sizeof value); }

static void queue_name(int tid, const char *name, size_t length) {
  uint32_t head[2] = {(uint32_t)(sizeof(double) + length), KIND_NAME};
  put(head, sizeof head);
  put_f64(tid);
  put(name, length);
}

static double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int open_proc(const char *path) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd >= 0) open_files++;
  return fd;
}

static void close_fd(int *fd) {
  if (*fd >= 0) {
    close(*fd);
    open_files--;
  }
  *fd = -1;
}

/* Reads a kept-open /proc file from its start; the length, or -1 once gone. */
static ssize_t read_fd(int fd) {
  if (fd < 0) return -1;
  ssize_t n = pread(fd, buf, sizeof buf - 1, 0);
  if (n >= 0) buf[n] = 0;
  return n;
}

/* The next unsigned decimal in a schedstat line (its counts are whole numbers, ns or times;
   exact below 2^53). strtod's locale and float handling cost more than the read at 22 Hz. */
static double next_count(const char **at) {
  const char *p = *at;
  while (*p == ' ') p++;
  double value = 0;
  for (; *p >= '0' && *p <= '9'; p++) value = value * 10 + (*p - '0');
  *at = p;
  return value;
}

/* A stat line's fields from its bytes: the name ends at the LAST ')' (a name may hold one). */
static int parse_stat(ssize_t n, char **name, size_t *name_len, char *state, long *threads,
                      int *core) {
  char *open_paren = memchr(buf, '(', (size_t)n);
  char *close_paren = memrchr(buf, ')', (size_t)n);
  if (!open_paren || !close_paren || close_paren < open_paren || close_paren + 2 >= buf + n) return 0;
  *name = open_paren + 1;
  *name_len = (size_t)(close_paren - open_paren - 1);
  char *p = close_paren + 2;
  *state = *p;
  *threads = -1;
  *core = -1;
  for (int field = 3; field <= 39 && p < buf + n; field++) {
    if (field == 20) *threads = strtol(p, NULL, 10);
    if (field == 39) *core = (int)strtol(p, NULL, 10);
    p = memchr(p, ' ', (size_t)(buf + n - p));
    if (!p) break;
    p++;
  }
  return *threads >= 0;
}

#endif
