import type { Texts } from './en';
import { common } from './zh-CN/common';
import { experiments } from './zh-CN/experiments';
import { ipc } from './zh-CN/ipc';
import { labMessages } from './zh-CN/lab-messages';
import { notes } from './zh-CN/notes';
import { processes } from './zh-CN/processes';
import { replay } from './zh-CN/replay';
import { shell } from './zh-CN/shell';

/** 简体中文 texts: the same keys as en.ts (the type and a unit test both check it). */
export const zhCN: Texts = {
  ...shell,
  common,
  notes,
  processes,
  experiments,
  ipc,
  replay,
  labMessages,
};
