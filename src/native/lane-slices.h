/*
 * The lane builder's slicing, for lane-sampler.c: a thread's cumulative schedstat counters,
 * sampled many times a second, become one state character (running, ready, blocked or absent)
 * and one core character per 50 ms slice. It is the same arithmetic as LaneBuilder's in
 * src/core/experiments/lab/ (advance, spread and finalize in lane-builder.ts, stateChar in
 * lane-slices.ts): keep the two in step. Done here, the lab's main thread takes in a few characters per lane
 * twice a second instead of every thread's counters at every tick, which cost it more than
 * the reads themselves.
 */
#ifndef LANE_SLICES_H
#define LANE_SLICES_H

#include <math.h>
#include <string.h>

/* As LANE_STATE_CHARS in src/shared/run-lanes.ts. */
#define CHAR_RUNNING 'R'
#define CHAR_READY 'W'
#define CHAR_BLOCKED 'B'
#define CHAR_ABSENT '-'
#define CHAR_NO_CORE '.'

/* One slice of one lane while its ticks come in: times in ms, the core it ran on (-1: none). */
typedef struct {
  double run_ms, ready_ms, alive_ms;
  int core, ran;
} SliceAcc;

/* A lane's slicing state: its counters at its last tick, and the slices not yet finished. */
typedef struct {
  int has_last;
  double last_t, last_run_ns, last_wait_ns, inferred_wait_ns;
  SliceAcc *pending; /* pending[i] is slice completed + i */
  size_t npending, cap_pending;
} Slicer;

/* From helper-io.h, which lane-sampler.c includes first. */
static void *grow(void *p, size_t *cap, size_t need, size_t unit);

static double clamp_to(double value, double max) {
  return value < 0 ? 0 : value > max ? max : value;
}

/* The largest of running, ready and blocked over the time the lane was alive. */
static char state_char(const SliceAcc *s) {
  if (s->alive_ms <= 0) return CHAR_ABSENT;
  double alive = fmax(s->alive_ms, s->run_ms + s->ready_ms);
  double blocked = alive - s->run_ms - s->ready_ms;
  if (s->run_ms >= s->ready_ms && s->run_ms >= blocked) return CHAR_RUNNING;
  return s->ready_ms >= blocked ? CHAR_READY : CHAR_BLOCKED;
}

/* As coreChar in src/shared/run-lanes.ts: base 36, '+' from core 36 on, '.' when unknown. */
static char core_char(int core) {
  if (core < 0) return CHAR_NO_CORE;
  if (core < 10) return (char)('0' + core);
  return core < 36 ? (char)('a' + core - 10) : '+';
}

/* Adds an interval [from, to] to the slices it covers, in proportion to the overlap. */
static void spread(Slicer *lane, double completed, double slice_ms, double from, double to,
                   double run_ms, double ready_ms, int core, int ran) {
  double length = to - from;
  double first = fmax(completed, floor(from / slice_ms));
  double last = fmax(first, ceil(to / slice_ms) - 1);
  size_t need = (size_t)(last - completed) + 1;
  lane->pending = grow(lane->pending, &lane->cap_pending, need, sizeof(SliceAcc));
  for (; lane->npending < need; lane->npending++) {
    SliceAcc empty = {0, 0, 0, -1, 0};
    lane->pending[lane->npending] = empty;
  }
  for (double slice = first; slice <= last; slice += 1) {
    SliceAcc *s = &lane->pending[(size_t)(slice - completed)];
    double start = fmax(from, slice * slice_ms);
    double end = fmin(to, (slice + 1) * slice_ms);
    double share = length > 0 ? fmax(0, end - start) / length : 0;
    s->run_ms += run_ms * share;
    s->ready_ms += ready_ms * share;
    /* A zero-length interval (a lane's first sight) still marks it alive in its slice. */
    s->alive_ms += length > 0 ? fmax(0, end - start) : 1e-6;
    if (ran || s->core < 0 || !s->ran) {
      s->core = core;
      s->ran = s->ran || ran;
    }
  }
}

/*
 * One tick of one lane at `t`: its counters now and stat's state letter. A runnable thread whose
 * counters did not move waited the interval (the kernel adds run-queue waiting only when it
 * gets a CPU, so that wait is taken off its next delta); a sleeping one slept throughout.
 */
static void advance(Slicer *lane, double completed, double slice_ms, double t, double run_ns,
                    double wait_ns, char state, int core) {
  int before = lane->has_last;
  double before_run = lane->last_run_ns, before_wait = lane->last_wait_ns;
  lane->has_last = 1;
  lane->last_run_ns = run_ns;
  lane->last_wait_ns = wait_ns;
  double from = lane->last_t;
  lane->last_t = t;
  if (!before || t <= from) {
    spread(lane, completed, slice_ms, t, t, 0, 0, core, 0);
    return;
  }
  double elapsed = t - from;
  double run_ms = 0, ready_ms = 0;
  if (before_run == run_ns && before_wait == wait_ns) {
    if (state == 'R') {
      ready_ms = elapsed;
      lane->inferred_wait_ns += elapsed * 1e6;
    }
  } else {
    double waited = wait_ns - before_wait;
    double waited_new = fmax(0, waited - lane->inferred_wait_ns);
    lane->inferred_wait_ns = fmax(0, lane->inferred_wait_ns - waited);
    run_ms = clamp_to((run_ns - before_run) / 1e6, elapsed);
    ready_ms = clamp_to(waited_new / 1e6, elapsed - run_ms);
  }
  spread(lane, completed, slice_ms, from, t, run_ms, ready_ms, core, run_ms > 0);
}

/* The lane's oldest unfinished slice, taken off (an empty one if it has none). */
static SliceAcc take_slice(Slicer *lane) {
  SliceAcc s = {0, 0, 0, -1, 0};
  if (lane->npending == 0) return s;
  s = lane->pending[0];
  memmove(lane->pending, lane->pending + 1, --lane->npending * sizeof(SliceAcc));
  return s;
}

#endif
