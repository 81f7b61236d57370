/*
 * lane-sampler: reads a run's own threads for the lab's run lanes, 22 times a second, at the
 * least cost the kernel allows. Started by src/core/experiments/lab/native-lane-loop.ts; the
 * TypeScript reader (run-threads-reader.ts) does the same reading and is the fallback and the
 * reference: keep the two in step.
 *
 * Why C: on the lab's virtual machines each wake-up after a sleep costs about 25 us in C but
 * 75-100 us in Node or Python (caches are cold after the sleep, and a runtime touches far more),
 * and 22 wake-ups a second of a JavaScript sampler alone used a third of the 0.5 %-of-a-core
 * budget a run's sampling may cost.
 *
 * Usage: lane-sampler T0_MS INTERVAL_MS POST_MS OWNER_PID
 *   T0_MS: slice 0 on CLOCK_MONOTONIC, ms (ticks fall on T0 + k * INTERVAL_MS).
 * stdin, one command a line: "pids P1 P2 ..." (the run's processes now), "stop" (a last look,
 *   then exit). End of input (the owner is gone) also ends it.
 * stdout, frames of [u32 payload bytes][u32 kind][payload], host byte order:
 *   kind 1 NAME:  f64 tid, then the name's bytes (a thread first seen, or renamed);
 *   kind 2 TICKS: f64 values, per tick: t, thread count, then per thread pid, tid, runNs,
 *                 waitNs, timeslices, state (char code), core (-1: unknown);
 *   kind 3 CLOSED: f64 files still open (0), the last frame.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

enum { KIND_NAME = 1, KIND_TICKS = 2, KIND_CLOSED = 3 };
/* As in run-threads-reader.ts: a running thread's stat every ~4th tick, every tick while new. */
#define STAT_EVERY_MS 175.0
#define NEW_THREAD_STAT_MS 400.0
#define MAX_PIDS 4096
#define NAME_MAX_BYTES 64

typedef struct {
  int tid, sched_fd, stat_fd, has;
  double run_ns, wait_ns, slices, stat_at, moved_at, first_seen;
  char state;
  int core;
  char name[NAME_MAX_BYTES];
} Task;

typedef struct {
  int pid, task_fd, listed;
  Task *tasks;
  int count, cap;
} Proc;

static Proc procs[MAX_PIDS];
static int nprocs;
/* No tick before the first "pids": an empty tick would end every lane the lab already has. */
static int told_pids;
static int open_files;
static char buf[4096];

/* The batch being built: tick values, and name frames to send before them. */
static double *values;
static size_t nvalues, cap_values;
static char *names;
static size_t nnames, cap_names;

static void die_quietly(void) { _exit(0); }

static void *grow(void *p, size_t *cap, size_t need, size_t unit) {
  if (need <= *cap) return p;
  size_t next = *cap ? *cap : 1024;
  while (next < need) next *= 2;
  void *q = realloc(p, next * unit);
  if (!q) die_quietly(); /* out of memory: the lab falls back to sampling itself */
  *cap = next;
  return q;
}

static void push(double v) {
  values = grow(values, &cap_values, nvalues + 1, sizeof(double));
  values[nvalues++] = v;
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

static void queue_name(int tid, const char *name, size_t length) {
  size_t need = nnames + 8 + sizeof(double) + length;
  names = grow(names, &cap_names, need, 1);
  uint32_t head[2] = {(uint32_t)(sizeof(double) + length), KIND_NAME};
  double id = tid;
  memcpy(names + nnames, head, 8);
  memcpy(names + nnames + 8, &id, sizeof id);
  memcpy(names + nnames + 8 + sizeof id, name, length);
  nnames = need;
}

/* Names, then the ticks, in ONE write: the lab wakes once per batch, not once per frame. */
static void flush_batch(void) {
  size_t ticks_bytes = nvalues * sizeof(double);
  names = grow(names, &cap_names, nnames + 8 + ticks_bytes, 1);
  uint32_t head[2] = {(uint32_t)ticks_bytes, KIND_TICKS};
  memcpy(names + nnames, head, 8);
  memcpy(names + nnames + 8, values, ticks_bytes);
  write_all(names, nnames + 8 + ticks_bytes);
  nnames = 0;
  nvalues = 0;
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

static void drop_task(Proc *proc, int i) {
  close_fd(&proc->tasks[i].sched_fd);
  close_fd(&proc->tasks[i].stat_fd);
  proc->tasks[i] = proc->tasks[--proc->count];
}

static void rescan(Proc *proc) {
  char path[64];
  snprintf(path, sizeof path, "/proc/%d/task", proc->pid);
  DIR *dir = opendir(path);
  if (!dir) return;
  int listed = 0;
  struct dirent *entry;
  while ((entry = readdir(dir))) {
    int tid = atoi(entry->d_name);
    if (tid <= 0) continue;
    listed++;
    int known = 0;
    for (int i = 0; i < proc->count && !known; i++) known = proc->tasks[i].tid == tid;
    if (known) continue;
    size_t cap = (size_t)proc->cap;
    proc->tasks = grow(proc->tasks, &cap, (size_t)proc->count + 1, sizeof(Task));
    proc->cap = (int)cap;
    Task *task = &proc->tasks[proc->count];
    memset(task, 0, sizeof *task);
    task->tid = tid;
    task->core = -1;
    task->state = 'S';
    task->stat_at = -INFINITY;
    task->moved_at = -INFINITY;
    task->first_seen = NAN;
    snprintf(path, sizeof path, "/proc/%d/task/%d/schedstat", proc->pid, tid);
    task->sched_fd = open_proc(path);
    snprintf(path, sizeof path, "/proc/%d/task/%d/stat", proc->pid, tid);
    task->stat_fd = open_proc(path);
    if (task->sched_fd < 0 || task->stat_fd < 0) {
      close_fd(&task->sched_fd);
      close_fd(&task->stat_fd);
      continue; /* gone meanwhile, or out of descriptors: tried again at the next listing */
    }
    proc->count++;
  }
  closedir(dir);
  proc->listed = listed;
}

/* One thread this tick: 1 read, 0 gone. Appends its record to the batch. */
static int read_task(Proc *proc, Task *task, double t) {
  ssize_t n = read_fd(task->sched_fd);
  if (n <= 0) return 0;
  char *end;
  double run = strtod(buf, &end);
  double wait = strtod(end, &end);
  double slices = strtod(end, &end);
  int moved = !task->has || run != task->run_ns || wait != task->wait_ns || slices != task->slices;
  if (isnan(task->first_seen)) task->first_seen = t;
  int need_stat = t - task->first_seen < NEW_THREAD_STAT_MS ||
                  (moved ? t - task->stat_at >= STAT_EVERY_MS : task->stat_at < task->moved_at);
  if (moved) {
    task->run_ns = run;
    task->wait_ns = wait;
    task->slices = slices;
    task->moved_at = t;
  }
  if (need_stat) {
    ssize_t m = read_fd(task->stat_fd);
    char *name, state;
    size_t name_len;
    long threads;
    int core;
    if (m <= 0 || !parse_stat(m, &name, &name_len, &state, &threads, &core)) return 0;
    task->stat_at = t;
    task->state = state;
    task->core = core;
    if (name_len >= NAME_MAX_BYTES) name_len = NAME_MAX_BYTES - 1;
    /* `name` is not NUL-terminated (the stat line goes on): compare length and bytes. */
    if (!task->has || strlen(task->name) != name_len || memcmp(task->name, name, name_len) != 0) {
      memcpy(task->name, name, name_len);
      task->name[name_len] = 0;
      queue_name(task->tid, task->name, name_len);
    }
  }
  task->has = 1;
  push(proc->pid);
  push(task->tid);
  push(task->run_ns);
  push(task->wait_ns);
  push(task->slices);
  push((unsigned char)task->state);
  push(task->core);
  return 1;
}

static void close_proc(Proc *proc) {
  while (proc->count > 0) drop_task(proc, proc->count - 1);
  close_fd(&proc->task_fd);
  free(proc->tasks);
  proc->tasks = NULL;
  proc->cap = 0;
}

static void tick(double t) {
  push(t);
  size_t count_at = nvalues;
  push(0);
  double threads = 0;
  for (int p = 0; p < nprocs; p++) {
    Proc *proc = &procs[p];
    /* The task folder's link count is its threads + 2: the thread count without a stat read
       (the process's stat sums every thread's times, the dearest file here). */
    struct stat folder;
    long count = fstat(proc->task_fd, &folder) == 0 ? (long)folder.st_nlink - 2 : 0;
    if (count <= 0) {
      close_proc(proc); /* the process has exited */
      procs[p--] = procs[--nprocs];
      continue;
    }
    if (count != proc->listed) rescan(proc);
    int lost = 0;
    for (int i = 0; i < proc->count; i++) {
      if (read_task(proc, &proc->tasks[i], t)) {
        threads++;
      } else {
        drop_task(proc, i--);
        lost = 1;
      }
    }
    if (lost) proc->listed = -1; /* list again: another thread may have started */
  }
  values[count_at] = threads;
}

static void set_pids(char *list) {
  told_pids = 1;
  int wanted[MAX_PIDS], nwanted = 0;
  for (char *p = list; *p && nwanted < MAX_PIDS;) {
    char *end;
    long pid = strtol(p, &end, 10);
    if (end == p) break;
    if (pid > 0) wanted[nwanted++] = (int)pid;
    p = end;
  }
  for (int p = 0; p < nprocs; p++) {
    int keep = 0;
    for (int i = 0; i < nwanted && !keep; i++) keep = wanted[i] == procs[p].pid;
    if (!keep) {
      close_proc(&procs[p]);
      procs[p--] = procs[--nprocs];
    }
  }
  for (int i = 0; i < nwanted; i++) {
    int known = 0;
    for (int p = 0; p < nprocs && !known; p++) known = procs[p].pid == wanted[i];
    if (known || nprocs >= MAX_PIDS) continue;
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/task", wanted[i]);
    Proc *proc = &procs[nprocs];
    memset(proc, 0, sizeof *proc);
    proc->pid = wanted[i];
    proc->listed = -1;
    proc->task_fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (proc->task_fd >= 0) {
      open_files++;
      nprocs++;
    }
  }
}

/* Commands read so far; returns 1 on "stop" or end of input. */
static int read_commands(void) {
  static char line[1 << 16];
  static size_t used;
  for (;;) {
    ssize_t n = read(STDIN_FILENO, line + used, sizeof line - 1 - used);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno == EAGAIN) return 0;
    if (n <= 0) return 1;
    used += (size_t)n;
    line[used] = 0;
    char *start = line, *newline;
    int stop = 0;
    while ((newline = memchr(start, '\n', used - (size_t)(start - line)))) {
      *newline = 0;
      if (strncmp(start, "pids", 4) == 0) set_pids(start + 4);
      else if (strcmp(start, "stop") == 0) stop = 1;
      start = newline + 1;
    }
    used -= (size_t)(start - line);
    memmove(line, start, used);
    if (used == sizeof line - 1) used = 0; /* a line longer than any command: dropped */
    if (stop) return 1;
  }
}

int main(int argc, char **argv) {
  if (argc != 5) {
    fprintf(stderr, "usage: lane-sampler T0_MS INTERVAL_MS POST_MS OWNER_PID\n");
    return 2;
  }
  /* Ends with its owner, even one killed by SIGKILL; and if that already happened, now. */
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (getppid() != atoi(argv[4])) return 0;
  signal(SIGPIPE, SIG_IGN);
  struct rlimit files;
  if (getrlimit(RLIMIT_NOFILE, &files) == 0) {
    files.rlim_cur = files.rlim_max;
    setrlimit(RLIMIT_NOFILE, &files);
  }
  double t0 = atof(argv[1]), interval = atof(argv[2]), post = atof(argv[3]);
  if (!(interval > 0) || !(post > 0)) return 2;
  fcntl(STDIN_FILENO, F_SETFL, fcntl(STDIN_FILENO, F_GETFL) | O_NONBLOCK);
  double last_post = -INFINITY;
  double next = 0; /* the next point of the grid */
  for (;;) {
    int stopping = read_commands();
    double t = now_ms() - t0;
    if (!stopping && (t < next || !told_pids)) {
      /* Woken by a command (or a hair early): wait out the rest, waking at once for "stop". */
      double wait = t < next ? next - t : interval;
      struct timespec timeout = {(time_t)(wait / 1e3), (long)(fmod(wait, 1e3) * 1e6)};
      struct pollfd in = {STDIN_FILENO, POLLIN, 0};
      ppoll(&in, 1, &timeout, NULL);
      continue;
    }
    tick(t);
    /* The first tick goes at once: the lab stops sampling itself when it arrives. */
    if (stopping || t - last_post >= post) {
      flush_batch();
      last_post = t;
    }
    if (stopping) break;
    next = (floor(t / interval) + 1) * interval;
  }
  for (int p = 0; p < nprocs; p++) close_proc(&procs[p]);
  double left = open_files;
  frame(KIND_CLOSED, &left, sizeof left);
  return 0;
}
