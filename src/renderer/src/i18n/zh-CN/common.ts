import type { common as english } from '../en/common';
import type { DeepStrings } from '../types';

/** Shared pieces: header controls, connection banner, field errors, shortcuts, themes. */
export const common: DeepStrings<typeof english> = {};
