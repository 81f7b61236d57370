/** The app's frame: title, tabs, language menu. */
export const shell = {
  app: {
    title: 'Concurrency Lab',
    views: 'Views',
    loadingView: 'Loading…',
  },
  tabs: {
    processes: 'Processes',
    experiments: 'Experiments',
    ipc: 'IPC',
  },
  language: {
    label: 'Language',
  },
};
