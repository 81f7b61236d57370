import { describe, expect, it } from 'vitest';
import { baselineOf, listMechanisms } from '../../../src/core/ipc/mechanisms/registry';
import { IPC_MECHANISM_LABELS, IPC_MECHANISMS } from '../../../src/shared/ipc-mechanisms';
import { baselineText, mechanismNote } from '../../../src/renderer/src/lib/ipc-mechanism-text';
import { uiTexts } from '../support/ui-texts';

const english = uiTexts('en');
const chinese = uiTexts('zh-CN');
const han = /\p{Script=Han}/u;

describe('IPC mechanism texts in the UI, by mechanism id', () => {
  it('every mechanism in shared has its label and description in both languages', () => {
    for (const id of IPC_MECHANISMS) {
      for (const part of ['label', 'what'] as const) {
        const key = `ipc.mechanisms.${id}.${part}`;
        // English is shared's own text, which the server and CLI show too.
        expect(english(key), key).toBe(IPC_MECHANISM_LABELS[id][part]);
        expect(chinese(key), key).toMatch(han);
      }
    }
  });

  it('each note the lab sends reads exactly as the lab words it in English, and in Chinese', async () => {
    // The lab's real list on this machine: its notes are the English source.
    const infos = await listMechanisms({ path: null, reason: 'not needed for notes' });
    const noted = infos.filter((info) => info.note !== undefined);
    expect(noted.map((info) => info.id)).toContain('signals');
    for (const info of noted) {
      expect(mechanismNote(info, english), info.id).toBe(info.note);
      const inChinese = mechanismNote(info, chinese) ?? '';
      expect(inChinese, info.id).toMatch(han);
      expect(inChinese, info.id).not.toContain(info.note);
    }
    // No note, nothing said; a note the texts do not know is shown as the lab sent it.
    expect(mechanismNote({ id: 'tcp' }, chinese)).toBeNull();
    expect(mechanismNote({ id: 'tcp', note: 'a new note' }, chinese)).toBe('a new note');
  });

  it("every mechanism's compare baseline reads as the lab words it, and in Chinese", () => {
    for (const mechanism of IPC_MECHANISMS) {
      const entry = { mechanism, baseline: baselineOf(mechanism) };
      expect(baselineText(entry, english), mechanism).toBe(entry.baseline);
      expect(baselineText(entry, chinese), mechanism).toMatch(han);
    }
  });
});
