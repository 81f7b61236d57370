/**
 * The lab's one platform layer: every OS call of experiments, IPC and sampling goes through
 * here, and only platform.ts asks which OS this is.
 */
export * from './affinity';
export * from './fifo';
export * from './native-helper';
export * from './owned-temp';
export * from './platform';
export * from './process-actions';
export * from './process-tree';
export * from './procfs';
export * from './spawn';
export * from './threads';
export * from './tied';
export * from './watch-parent';
