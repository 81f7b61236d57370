import type { Texts } from '../../i18n/en';

/** A note's id: its key under notes.topics in the texts. */
export type TopicId = keyof Texts['notes']['topics'];

/** Where "Show me" goes: a tab, and the element in it to bring into view and focus. */
export interface ShowMeTarget {
  tab: 'processes' | 'experiments' | 'ipc';
  /** A data-testid inside the tab; its first control gets the focus. */
  anchor: string;
}

/** A concept note: which views it explains, and what shows it live. */
export interface Topic {
  id: TopicId;
  /** The tabs whose content this note explains (it is listed first there). */
  views: readonly ShowMeTarget['tab'][];
  showMe: ShowMeTarget;
}

/** Every note, in reading order: from what runs, to how it is scheduled, to how it talks. */
export const TOPICS: readonly Topic[] = [
  {
    id: 'processThreadCoroutine',
    views: ['processes', 'experiments'],
    showMe: { tab: 'processes', anchor: 'processes-tab' },
  },
  {
    id: 'processStates',
    views: ['processes'],
    showMe: { tab: 'processes', anchor: 'processes-tab' },
  },
  {
    id: 'concurrencyParallelism',
    views: ['experiments'],
    showMe: { tab: 'experiments', anchor: 'lesson-cpu-threads-vs-processes' },
  },
  {
    id: 'cpuVsIo',
    views: ['experiments'],
    showMe: { tab: 'experiments', anchor: 'lesson-cpu-vs-io' },
  },
  {
    id: 'gil',
    views: ['experiments'],
    showMe: { tab: 'experiments', anchor: 'lesson-python-gil' },
  },
  {
    id: 'eventLoop',
    views: ['experiments'],
    showMe: { tab: 'experiments', anchor: 'lesson-blocking-event-loop' },
  },
  {
    id: 'ioModels',
    views: ['experiments'],
    showMe: { tab: 'experiments', anchor: 'lesson-python-io-multiplexing' },
  },
  {
    id: 'contextSwitch',
    views: ['ipc', 'experiments'],
    showMe: { tab: 'ipc', anchor: 'ipc-compare' },
  },
  { id: 'ipcMechanisms', views: ['ipc'], showMe: { tab: 'ipc', anchor: 'ipc-compare' } },
  { id: 'producerConsumer', views: ['ipc'], showMe: { tab: 'ipc', anchor: 'ipc-pc' } },
  { id: 'locksRaces', views: ['ipc'], showMe: { tab: 'ipc', anchor: 'ipc-race' } },
  {
    id: 'eventCondition',
    views: ['experiments'],
    showMe: { tab: 'experiments', anchor: 'lesson-python-event-vs-condition' },
  },
];

/** The notes for a tab: those that explain it first, then the rest, each in reading order. */
export function topicsFor(tab: string): { here: Topic[]; others: Topic[] } {
  const here = TOPICS.filter((topic) => topic.views.some((view) => view === tab));
  return { here, others: TOPICS.filter((topic) => !here.includes(topic)) };
}
