/** Concept notes: short, in the lab's own words, with a figure measured here where one exists. */
export const notes = {
  open: 'What am I seeing?',
  close: 'Close',
  panelTitle: 'What am I seeing?',
  intro: 'Short notes on the ideas behind each view. “Show me” opens the place that shows it live.',
  forThisView: 'About this view',
  otherTopics: 'Other topics',
  showMe: 'Show me',
  measuredHere: 'Measured here: {{figure}}',
  notMeasuredYet: 'Not measured on this machine yet: {{how}}',
  topics: {
    processThreadCoroutine: {
      title: 'Process, thread, coroutine',
      body: 'A process owns memory, open files and at least one thread; processes share nothing unless they set it up (pipes, sockets, shared memory). A thread is what the kernel schedules: threads of one process share its memory. A coroutine (async task, greenlet) is scheduled by the program itself on one thread: switching between coroutines is a function call, not a kernel switch.\n\nIn the Processes tab, pick a process to see its threads; in a run’s lanes, an async run shows many tasks taking turns on one thread.',
      showMe: 'Open the Processes tab',
    },
    concurrencyParallelism: {
      title: 'Concurrency vs parallelism',
      body: 'Concurrency is having many things in progress at once; parallelism is doing several at the same instant, which needs several cores. An event loop is concurrent but never parallel. Threads and processes can be parallel when there are free cores.\n\nA run’s lanes show it directly: parallel work is running (solid) in two lanes at the same moment.',
      figure:
        'in the last run with lanes ({{run}}), two or more of its threads ran at once {{share}} of the time.',
      how: 'run a lesson and open its lanes',
      showMe: 'Open the lesson “threads vs processes”',
    },
    processStates: {
      title: 'Process and thread states',
      body: 'A thread is running (on a CPU), ready (runnable, waiting for a CPU) or blocked (sleeping, waiting for I/O or a lock). The kernel’s letters in the thread panel: R running or ready, S sleeping, D uninterruptible wait (usually disk), T stopped by a signal, Z exited but not yet collected by its parent.\n\nThe thread strip in the Processes tab and the lanes of a run are these states read many times a second.',
      showMe: 'Open the Processes tab',
    },
    gil: {
      title: 'The GIL',
      body: 'CPython’s global interpreter lock lets one thread at a time run Python bytecode. Threads still help while they wait (I/O releases the lock), but CPU-bound Python threads take turns instead of running in parallel: more threads, same speed. Processes each have their own interpreter and lock, so they do run in parallel. Free-threaded builds (3.13t and later) have no GIL.',
      figure: '{{run}} counted primes {{speedup}}× as fast as one thread.',
      how: 'run the lesson “The GIL”',
      showMe: 'Open the lesson “The GIL”',
    },
    cpuVsIo: {
      title: 'CPU-bound vs I/O-bound',
      body: 'CPU-bound work keeps a core busy the whole time (counting primes); only more cores make it faster. I/O-bound work mostly waits (a timer, a disk, a network reply); while it waits the core is free, so one thread can keep many waits in flight. The right model depends on which one the work is.',
      showMe: 'Open the lesson “CPU-bound vs I/O-bound”',
    },
    ioModels: {
      title: 'I/O models',
      body: 'Blocking I/O: the thread sleeps until the data is there (one thread per connection). Non-blocking I/O: the call returns at once with “not ready”, and the program tries again later. Multiplexing (select, poll, epoll): one thread asks the kernel which of many sockets are ready and serves only those. Asynchronous I/O: the program starts an operation and is told when it has finished (io_uring, and what async/await builds on).',
      showMe: 'Open the lesson “one thread, many sockets”',
    },
    ipcMechanisms: {
      title: 'IPC mechanisms and their cost',
      body: 'Pipes and sockets copy every message through the kernel: simple, ordered, and each message costs a system call on both ends. Shared memory copies nothing through the kernel, but the two ends must agree on who writes when (a lock, a semaphore or atomics). Signals carry no data and merge when they pile up. Message queues and queues of Python objects add framing and pickling on top.',
      figure: 'round trip of {{size}}: {{list}}.',
      how: 'run Compare in the IPC tab',
      showMe: 'Open Compare in the IPC tab',
    },
    producerConsumer: {
      title: 'Producer–consumer',
      body: 'Producers put items on a bounded queue, consumers take them off. A full queue blocks the producers, an empty one the consumers: the queue’s size decides how far the two sides can drift apart. Every item must be consumed exactly once, which the lab checks.',
      showMe: 'Open producer–consumer in the IPC tab',
    },
    locksRaces: {
      title: 'Locks and races',
      body: '“counter += 1” is read, add, write. When two threads or processes do it at once, one can overwrite the other’s write and an update is lost. A lock (or an atomic add) makes the three steps one. The race demo counts exactly how many updates were lost, with and without it.',
      figure: 'without synchronisation, {{lost}} of {{expected}} updates were lost ({{mode}}).',
      how: 'run the race demo in the IPC tab',
      showMe: 'Open the race demo',
    },
    eventCondition: {
      title: 'Waiting together: Event and Condition',
      body: 'Threads that must wait for something block on it instead of polling: their lanes show blocked, costing no CPU. An Event’s set() releases every waiter at once. A Condition’s notify_all() wakes every waiter too, but each must take the Condition’s lock again before it returns, so they leave one after another, each as the one before lets go of the lock.',
      figure:
        'in the last runs, the waiters left an Event within {{event}} ms of each other and a Condition within {{condition}} ms.',
      how: 'run the Event and Condition lesson and compare their lanes',
      showMe: 'Open the lesson “Python: Event vs Condition”',
    },
    contextSwitch: {
      title: 'The cost of a context switch',
      body: 'When the kernel moves a CPU from one thread to another it saves and restores registers, may switch address spaces (between processes) and loses warm caches. A pipe round trip between two processes needs two such switches plus two writes and two reads, so it bounds the cost from above. A run’s lanes count each thread’s switches; coroutines switch without any.',
      figure:
        'a pipe round trip took {{roundTrip}} µs (median), so one switch costs at most about {{half}} µs.',
      how: 'run Compare in the IPC tab',
      showMe: 'Open Compare in the IPC tab',
    },
    eventLoop: {
      title: 'The event loop',
      body: 'An event loop runs one task at a time until it awaits, then picks another whose wait is over. Nothing preempts a task: one that computes for a long time, or calls something blocking (a synchronous sleep, a synchronous file read), stalls every other task and every timer. The loop’s delay — how late it runs a timer that is due — shows it.',
      figure: 'in the last async run ({{run}}), the loop ran timers up to {{p99}} ms late (p99).',
      how: 'run an async model and open its lanes',
      showMe: 'Open the lesson “Blocking the event loop”',
    },
  },
};
