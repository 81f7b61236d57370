/**
 * Every keyboard shortcut of the lab, in one list: the `?` overlay shows it and the guide
 * (docs/processes.md) repeats it. A shortcut added anywhere is added here too, with its texts
 * under common.shortcuts (places.<where>, actions.<what>) in every language.
 */

/** Where a shortcut works: a key of common.shortcuts.places. */
export type ShortcutPlace = 'anywhere' | 'overlay' | 'tabs' | 'processesTab' | 'processTable';

/** What a shortcut does: a key of common.shortcuts.actions. */
export type ShortcutAction =
  'pause' | 'help' | 'close' | 'tabs' | 'filter' | 'rows' | 'watch' | 'signal' | 'tree';

/** One shortcut: its keys (alternatives), where it works, and what it does. */
export interface Shortcut {
  keys: readonly string[];
  where: ShortcutPlace;
  what: ShortcutAction;
}

/** The shortcuts, global ones first. */
export const SHORTCUTS: readonly Shortcut[] = [
  { keys: ['Space'], where: 'anywhere', what: 'pause' },
  { keys: ['?'], where: 'anywhere', what: 'help' },
  { keys: ['Esc'], where: 'overlay', what: 'close' },
  { keys: ['←', '→', 'Home', 'End'], where: 'tabs', what: 'tabs' },
  { keys: ['/'], where: 'processesTab', what: 'filter' },
  { keys: ['↑', '↓', 'PgUp', 'PgDn', 'Home', 'End'], where: 'processTable', what: 'rows' },
  { keys: ['Enter'], where: 'processTable', what: 'watch' },
  { keys: ['F9', 'k'], where: 'processTable', what: 'signal' },
  { keys: ['t'], where: 'processesTab', what: 'tree' },
];
