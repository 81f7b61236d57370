import { describe, expect, it } from 'vitest';
import { parseRequest } from '../../../src/shared/contract';
import { issueText, type FieldIssue } from '../../../src/shared/field-issues';
import i18next from 'i18next';
import { en } from '../../../src/renderer/src/i18n/en';
import { zhCN } from '../../../src/renderer/src/i18n/zh-CN';
import { issueSentence, refusalText } from '../../../src/renderer/src/lib/issue-text';

/** The field issues the contract gives for a refused request. */
function issuesFor(channel: Parameters<typeof parseRequest>[0], request: unknown): FieldIssue[] {
  const checked = parseRequest(channel, request);
  if (checked.ok) throw new Error(`${channel} accepted ${JSON.stringify(request)}`);
  return checked.issues ?? [];
}

// The UI's texts, set up as the page does (i18n/index.ts), without its DOM and storage.
const texts = i18next.createInstance();
void texts.init({
  resources: { en: { translation: en }, 'zh-CN': { translation: zhCN } },
  lng: 'en',
  initAsync: false,
  interpolation: { escapeValue: false },
});
const english = texts.getFixedT('en');
const chinese = texts.getFixedT('zh-CN');
const run = { workload: 'cpu', model: 'node-worker-pool' };

/** Real refusals from the contract, one per kind of message the forms show. */
const REFUSALS: FieldIssue[][] = [
  issuesFor('experiment:start', { runs: [{ ...run, tasks: 0 }] }),
  issuesFor('experiment:start', { runs: [{ ...run, workers: 300 }] }),
  issuesFor('experiment:start', { runs: [{ ...run, tasks: null }] }),
  issuesFor('experiment:start', { runs: [{ ...run, tasks: 2.5 }] }),
  issuesFor('experiment:start', { runs: [{ ...run, workload: 'nope' }] }),
  issuesFor('sampling:set-interval', { intervalMs: 1 }),
];

describe('refused fields in the UI language', () => {
  it('reads in English exactly as the lab wrote it', () => {
    for (const issues of REFUSALS) {
      for (const issue of issues) expect(issueSentence(issue, english)).toBe(issueText(issue));
    }
  });

  it('reads in Chinese: the field name and what is wrong, with the numbers kept', () => {
    const sentences = REFUSALS.map((issues) => issues.map((i) => issueSentence(i, chinese)));
    expect(sentences).toEqual([
      ['任务数：至少 1'],
      ['工作者数：至多 256'],
      ['任务数：必须是数字'],
      ['任务数：必须是整数'],
      [expect.stringMatching(/^工作负载：必须是以下之一：cpu, /)],
      ['间隔：至少 100 ms'],
    ]);
  });

  it('keeps a label or message it does not know as the lab sent it', () => {
    const unknown: FieldIssue = { path: ['frobs'], label: 'Frobs', message: 'must rhyme' };
    expect(issueSentence(unknown, chinese)).toBe('Frobs：must rhyme');
    // A known key whose label the lab spelt differently is not guessed at either.
    const renamed: FieldIssue = { path: ['tasks'], label: 'Jobs', message: 'at least 1' };
    expect(issueSentence(renamed, chinese)).toBe('Jobs：至少 1');
  });

  it('turns a refused call into one sentence, and leaves other errors as they are', () => {
    const checked = parseRequest('experiment:start', { runs: [{ ...run, tasks: 0, workers: 0 }] });
    expect(checked.ok).toBe(false);
    const error = Object.assign(new Error('refused'), { issues: checked.ok ? [] : checked.issues });
    expect(refusalText(error, chinese)).toBe('工作者数：至少 1; 任务数：至少 1');
    expect(refusalText(new Error('the lab is gone'), chinese)).toBe('the lab is gone');
  });
});
