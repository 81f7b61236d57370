import type { experiments as english } from '../en/experiments';
import type { DeepStrings } from '../types';

/** The Experiments tab: form, lessons, progress, results, run panel, conclusions. */
export const experiments: DeepStrings<typeof english> = {};
