/** The IPC tab: run form, traffic, producer–consumer, race demo, compare. */
export const ipc = {};
