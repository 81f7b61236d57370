/** Linux /proc: pure parsers, one-shot readers, and the page size and clock tick it counts in. */
export * from './more-parsers';
export * from './pid-parsers';
export * from './readers';
export { clockTicksPerSecond, pageSize, pageSizeFrom } from './units';
