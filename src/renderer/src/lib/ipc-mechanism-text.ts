import type { TFunction } from 'i18next';
import type { CompareEntry, IpcMechanismInfo } from '../../../shared/ipc-results';
import { ipc } from '../i18n/en/ipc';

/** Mechanisms with a note of their own in the UI texts. */
const NOTED: ReadonlySet<string> = new Set(Object.keys(ipc.notes.mechanisms));

/**
 * A mechanism's note in the UI's language, or null when the lab sent none. The lab decides
 * whether a note applies here (pipe's only holds on Linux); the words come from the texts by
 * mechanism id, the lab's own English only for a note the texts do not know.
 */
export function mechanismNote(
  info: Pick<IpcMechanismInfo, 'id' | 'note'>,
  t: TFunction,
): string | null {
  if (info.note === undefined || info.note === '') return null;
  const parts: string[] = [];
  if (NOTED.has(info.id)) parts.push(t(`ipc.notes.mechanisms.${info.id}`));
  if (info.id.startsWith('python-')) parts.push(t('ipc.notes.python'));
  return parts.length === 0 ? info.note : parts.join(t('ipc.notes.join'));
}

/** Mechanisms whose compare baseline the UI texts describe. */
const BASELINED: ReadonlySet<string> = new Set(Object.keys(ipc.baselines));

/** What a compare entry's baseline is, in the UI's language (the lab's English if unknown). */
export function baselineText(
  entry: Pick<CompareEntry, 'mechanism' | 'baseline'>,
  t: TFunction,
): string {
  return BASELINED.has(entry.mechanism) ? t(`ipc.baselines.${entry.mechanism}`) : entry.baseline;
}
