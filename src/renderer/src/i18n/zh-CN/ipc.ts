import type { ipc as english } from '../en/ipc';
import type { DeepStrings } from '../types';

/** The IPC tab: run form, traffic, producer–consumer, race demo, compare. */
export const ipc: DeepStrings<typeof english> = {};
