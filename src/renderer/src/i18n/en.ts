import { common } from './en/common';
import { experiments } from './en/experiments';
import { ipc } from './en/ipc';
import { labMessages } from './en/lab-messages';
import { notes } from './en/notes';
import { processes } from './en/processes';
import { replay } from './en/replay';
import { shell } from './en/shell';
import type { DeepStrings } from './types';

/**
 * English texts, the reference language: every other language has exactly these keys. One file
 * per part of the UI under en/, so each part's texts sit together.
 */
export const en = { ...shell, common, notes, processes, experiments, ipc, replay, labMessages };

/** The shape every language's texts have: en's keys, each with a string. */
export type Texts = DeepStrings<typeof en>;
