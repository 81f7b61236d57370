import { workerData } from 'node:worker_threads';
import { runLaneLoop, type LaneLoopData } from '../experiments/lab/lane-sampling-loop';
import { nameThisThread } from '../os/threads';

/**
 * Worker-thread entry of the run-lane sampler: its loop sleeps on a futex between ticks, so
 * sampling a run 22 times a second never wakes the backend's main thread (see
 * lane-sampling-loop.ts). The thread ends when the loop stops.
 */
nameThisThread('lane-sampler'); // the lab's own thread, easy to spot in the thread view
runLaneLoop(workerData as LaneLoopData);
