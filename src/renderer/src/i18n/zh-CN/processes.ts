import type { processes as english } from '../en/processes';
import type { DeepStrings } from '../types';

/** The Processes tab: table, thread panel, charts, process actions. */
export const processes: DeepStrings<typeof english> = {};
