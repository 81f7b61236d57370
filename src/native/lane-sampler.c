/*
 * lane-sampler: reads a run's own threads for the lab's run lanes, 22 times a second, at the
 * least cost the kernel allows, and turns what it reads into the lanes' 50 ms slices
 * (lane-slices.h; its reads and frames are in helper-io.h). Started by
 * src/core/experiments/lab/native-lane-loop.ts; the TypeScript reader and lane builder
 * (run-threads-reader.ts, lane-builder.ts) do the same reading and slicing and are the fallback
 * and the reference: keep them in step (only the helper paces settled threads' stat reads, see
 * STAT_SETTLED_MS).
 *
 * Why C: on the lab's virtual machines each wake-up after a sleep costs about 25 us in C but
 * 75-100 us in Node or Python (caches are cold after the sleep, and a runtime touches far more),
 * and 22 wake-ups a second of a JavaScript sampler alone used a third of the 0.5 %-of-a-core
 * budget a run's sampling may cost. Slicing here too spares the lab's main thread the per-tick
 * work it would otherwise do cold, twice a second.
 *
 * Usage: lane-sampler T0_MS INTERVAL_MS POST_MS OWNER_PID SLICE_MS
 *   T0_MS: slice 0 on CLOCK_MONOTONIC, ms (ticks fall on T0 + k * INTERVAL_MS).
 * stdin, one command a line: "pids P1 P2 ..." (the run's processes now), "stop" (a last look,
 *   its partial slice finished, then exit). End of input (the owner is gone) also ends it.
 * stdout, frames of [u32 payload bytes][u32 kind][payload], host byte order:
 *   kind 1 NAME:   f64 tid, then the name's bytes (a thread first seen, or renamed);
 *   kind 3 CLOSED: f64 files still open (0), the last frame;
 *   kind 4 SLICES: the slices finished since the last batch, [FROM, TO):
 *     f64 FROM, TO, lane count L, ticks taken, t of the last tick (NaN before the first);
 *     f64 per slice: running time summed over the lanes (each at most a slice), ms;
 *     f64 per lane: pid, tid, context switches, flags (1 ended, 2 counters known), then its
 *       counters at its last tick: t, runNs, waitNs, run-queue wait inferred but not yet
 *       counted (ns), timeslices (so the lab can go on from there if this helper dies);
 *     then per lane TO - FROM state characters and as many core characters; zero bytes pad
 *     the payload to a multiple of 8.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <sched.h>
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

#include "helper-io.h"
#include "lane-slices.h"

/* As in run-threads-reader.ts: a running thread's stat every ~4th tick, every tick while new.
   Unlike it, a thread found on the same core at its last SETTLED_READS stat reads has settled
   (a CPU-bound thread rarely moves): its stat is read only every STAT_SETTLED_MS, a third of
   the reads on a run of busy threads. In between, every STAT_EVERY_MS, one sched_getaffinity
   call (no file, a tenth of a stat read's cost) asks whether its core is still allowed, so a
   thread pinned elsewhere (by the lab or by taskset) shows its new core as soon as before. */
#define STAT_EVERY_MS 175.0
#define STAT_SETTLED_MS (3 * STAT_EVERY_MS)
#define SETTLED_READS 2
#define NEW_THREAD_STAT_MS 400.0
#define MAX_PIDS 4096
#define NAME_MAX_BYTES 64
#define LANE_FIELDS 9

/* One thread of the run: its files, what was last read, and its lane's slices. */
typedef struct {
  int pid, tid, sched_fd, stat_fd, has, gone;
  double run_ns, wait_ns, slices, stat_at, moved_at, first_seen, switches_base;
  double allowed_at; /* when its core was last checked against its allowed CPUs */
  int same_core;     /* stat reads in a row that found it on the core it was on before */
  char state;
  int core;
  char name[NAME_MAX_BYTES];
  Slicer lane;
  /* This batch's characters, one per slice from batch_from. */
  char *states, *cores;
  size_t cap_states, cap_cores;
} Task;

typedef struct {
  int pid, task_fd, listed;
} Proc;

static Proc procs[MAX_PIDS];
static int nprocs;
/* Every thread seen, in the order first seen (the lanes' order); ended ones until sent. */
static Task *tasks;
static size_t ntasks, cap_tasks;
/* No tick before the first "pids": an empty tick would end every lane the lab already has. */
static int told_pids;

static double slice_ms;
/* Slices finished so far, and the first of this batch's. */
static double completed, batch_from;
static double last_tick = NAN;
static double batch_ticks;
/* This batch's per-slice running time. */
static double *run_sums;
static size_t nrun_sums, cap_run_sums;

/* A thread no longer read: its files close now, its lane ends and goes with the next batch. */
static void end_task(Task *task) {
  close_fd(&task->sched_fd);
  close_fd(&task->stat_fd);
  task->gone = 1;
}

static int known_tid(int pid, int tid) {
  for (size_t i = 0; i < ntasks; i++)
    if (tasks[i].tid == tid && tasks[i].pid == pid) return 1;
  return 0;
}

/* Sets a lane's character for slice `completed`, which this batch holds at `at`. */
static void put_chars(Task *task, size_t at, char state, char core) {
  task->states = grow(task->states, &task->cap_states, at + 1, 1);
  task->cores = grow(task->cores, &task->cap_cores, at + 1, 1);
  task->states[at] = state;
  task->cores[at] = core;
}

/* The batch's characters so far for a new lane: absent, as it was. */
static void pad_chars(Task *task) {
  for (size_t at = 0; at < (size_t)(completed - batch_from); at++)
    put_chars(task, at, CHAR_ABSENT, CHAR_NO_CORE);
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
    /* A tid that ended and came back is another thread: its old lane stays ended (as in TS). */
    if (known_tid(proc->pid, tid)) continue;
    Task task;
    memset(&task, 0, sizeof task);
    task.pid = proc->pid;
    task.tid = tid;
    task.core = -1;
    task.state = 'S';
    task.stat_at = -INFINITY;
    task.moved_at = -INFINITY;
    task.allowed_at = -INFINITY;
    task.first_seen = NAN;
    snprintf(path, sizeof path, "/proc/%d/task/%d/schedstat", proc->pid, tid);
    task.sched_fd = open_proc(path);
    snprintf(path, sizeof path, "/proc/%d/task/%d/stat", proc->pid, tid);
    task.stat_fd = open_proc(path);
    if (task.sched_fd < 0 || task.stat_fd < 0) {
      close_fd(&task.sched_fd);
      close_fd(&task.stat_fd);
      continue; /* gone meanwhile, or out of descriptors: tried again at the next listing */
    }
    tasks = grow(tasks, &cap_tasks, ntasks + 1, sizeof(Task));
    tasks[ntasks] = task;
    pad_chars(&tasks[ntasks]);
    ntasks++;
  }
  closedir(dir);
  proc->listed = listed;
}

/* A lane's first tick (LaneBuilder.addLane): born since the last tick and already on a CPU,
   it starts from zero there; otherwise from now (its counters so far are not this run's). */
static void first_sight(Task *task, double t, double run, double wait, double slices) {
  task->switches_base = slices;
  task->lane.last_t = t;
  double span = isnan(last_tick) ? 0 : (t - last_tick) * 1e6;
  double used = run + wait;
  if (!isnan(last_tick) && used > 0 && used <= span) {
    task->lane.has_last = 1;
    task->lane.last_t = last_tick;
    task->switches_base = 0;
  }
}

/* Whether a thread that ran since its last look needs its stat read now (see STAT_SETTLED_MS). */
static int stat_due(Task *task, double t) {
  if (t - task->stat_at < STAT_EVERY_MS) return 0;
  if (task->same_core < SETTLED_READS || t - task->stat_at >= STAT_SETTLED_MS) return 1;
  if (t - fmax(task->stat_at, task->allowed_at) < STAT_EVERY_MS) return 0;
  task->allowed_at = t;
  cpu_set_t allowed;
  CPU_ZERO(&allowed);
  if (task->core < 0 || task->core >= CPU_SETSIZE ||
      sched_getaffinity(task->tid, sizeof allowed, &allowed) != 0)
    return 1;
  return !CPU_ISSET(task->core, &allowed);
}

/* One thread this tick: 1 read, 0 gone. Its lane takes the interval since its last tick. */
static int read_task(Task *task, double t) {
  ssize_t n = read_fd(task->sched_fd);
  if (n <= 0) return 0;
  const char *at = buf;
  double run = next_count(&at), wait = next_count(&at), slices = next_count(&at);
  int moved = !task->has || run != task->run_ns || wait != task->wait_ns || slices != task->slices;
  if (isnan(task->first_seen)) task->first_seen = t;
  int need_stat = t - task->first_seen < NEW_THREAD_STAT_MS ||
                  (moved ? stat_due(task, t) : task->stat_at < task->moved_at);
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
    task->same_core = task->has && core == task->core ? task->same_core + 1 : 0;
    task->core = core;
    if (name_len >= NAME_MAX_BYTES) name_len = NAME_MAX_BYTES - 1;
    /* `name` is not NUL-terminated (the stat line goes on): compare length and bytes. */
    if (!task->has || strlen(task->name) != name_len || memcmp(task->name, name, name_len) != 0) {
      memcpy(task->name, name, name_len);
      task->name[name_len] = 0;
      queue_name(task->tid, task->name, name_len);
    }
  }
  if (!task->has) first_sight(task, t, run, wait, slices);
  task->has = 1;
  advance(&task->lane, completed, slice_ms, t, task->run_ns, task->wait_ns, task->state,
          task->core);
  return 1;
}

/* Finishes the slices before `up_to`: one state and one core character per lane each. */
static void finish_slices(double up_to) {
  for (; completed < up_to; completed += 1) {
    double run = 0;
    size_t at = (size_t)(completed - batch_from);
    for (size_t i = 0; i < ntasks; i++) {
      Task *task = &tasks[i];
      SliceAcc s = take_slice(&task->lane);
      run += fmin(s.run_ms, slice_ms);
      put_chars(task, at, state_char(&s), s.alive_ms > 0 ? core_char(s.core) : CHAR_NO_CORE);
    }
    run_sums = grow(run_sums, &cap_run_sums, nrun_sums + 1, sizeof(double));
    run_sums[nrun_sums++] = run;
  }
}

static void close_proc(Proc *proc) {
  for (size_t i = 0; i < ntasks; i++)
    if (tasks[i].pid == proc->pid && !tasks[i].gone) end_task(&tasks[i]);
  close_fd(&proc->task_fd);
}

static void tick(double t) {
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
  }
  for (size_t i = 0; i < ntasks; i++) {
    Task *task = &tasks[i];
    if (task->gone || read_task(task, t)) continue;
    end_task(task);
    for (int p = 0; p < nprocs; p++)
      if (procs[p].pid == task->pid) procs[p].listed = -1; /* list again: another may have started */
  }
  last_tick = t;
  batch_ticks++;
  finish_slices(floor(t / slice_ms));
}

/* A lane as the lab sees it: read at least once (one never read has nothing to show). */
static int shown(const Task *task) { return task->has; }

/* Names, then the batch's slices, in ONE write: the lab wakes once per batch, not per frame. */
static void flush_batch(void) {
  size_t n = (size_t)(completed - batch_from), lanes = 0;
  for (size_t i = 0; i < ntasks; i++) lanes += (size_t)shown(&tasks[i]);
  size_t numbers = 5 + n + lanes * LANE_FIELDS, bytes = numbers * 8 + lanes * 2 * n;
  size_t padding = (8 - bytes % 8) % 8;
  uint32_t head[2] = {(uint32_t)(bytes + padding), KIND_SLICES};
  put(head, sizeof head);
  put_f64(batch_from);
  put_f64(completed);
  put_f64((double)lanes);
  put_f64(batch_ticks);
  put_f64(last_tick);
  put(run_sums, n * sizeof(double));
  for (size_t i = 0; i < ntasks; i++) {
    Task *task = &tasks[i];
    if (!shown(task)) continue;
    Slicer *lane = &task->lane;
    put_f64(task->pid);
    put_f64(task->tid);
    put_f64(fmax(0, task->slices - task->switches_base));
    put_f64((task->gone ? 1 : 0) + (lane->has_last ? 2 : 0));
    put_f64(lane->last_t);
    put_f64(lane->last_run_ns);
    put_f64(lane->last_wait_ns);
    put_f64(lane->inferred_wait_ns);
    put_f64(task->slices);
  }
  for (size_t i = 0; i < ntasks; i++) {
    if (!shown(&tasks[i])) continue;
    put(tasks[i].states, n);
    put(tasks[i].cores, n);
  }
  static const char zeros[8];
  put(zeros, padding);
  write_all(out, nout);
  nout = 0;
  nrun_sums = 0;
  batch_ticks = 0;
  batch_from = completed;
  /* Ended lanes whose last slice went out are done with; the rest keep their order. */
  size_t kept = 0;
  for (size_t i = 0; i < ntasks; i++) {
    Task *task = &tasks[i];
    if (task->gone && task->lane.npending == 0) {
      free(task->lane.pending);
      free(task->states);
      free(task->cores);
      continue;
    }
    tasks[kept++] = *task;
  }
  ntasks = kept;
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
  if (argc != 6) {
    fprintf(stderr, "usage: lane-sampler T0_MS INTERVAL_MS POST_MS OWNER_PID SLICE_MS\n");
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
  slice_ms = atof(argv[5]);
  if (!(interval > 0) || !(post > 0) || !(slice_ms > 0)) return 2;
  fcntl(STDIN_FILENO, F_SETFL, fcntl(STDIN_FILENO, F_GETFL) | O_NONBLOCK);
  double last_post = -INFINITY;
  double next = 0; /* the next point of the grid */
  int input = 1;   /* stdin may hold commands: at the start, and when ppoll says so (a read
                      that finds nothing is a syscall a tick for nothing) */
  for (;;) {
    int stopping = input ? read_commands() : 0;
    input = 0;
    double t = now_ms() - t0;
    if (!stopping && (t < next || !told_pids)) {
      /* Woken by a command (or a hair early): wait out the rest, waking at once for "stop". */
      double wait = t < next ? next - t : interval;
      struct timespec timeout = {(time_t)(wait / 1e3), (long)(fmod(wait, 1e3) * 1e6)};
      struct pollfd in = {STDIN_FILENO, POLLIN, 0};
      input = ppoll(&in, 1, &timeout, NULL) > 0; /* a command, or end of input */
      continue;
    }
    tick(t);
    /* The last look finishes its partial slice too: the run's result ends with it. */
    if (stopping) finish_slices(ceil(t / slice_ms));
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
