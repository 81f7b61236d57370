import type { replay as english } from '../en/replay';
import type { DeepStrings } from '../types';

/** Recording and replay: controls, replay bar, opening files. */
export const replay: DeepStrings<typeof english> = {};
