/** Recording and replay: controls, replay bar, opening files. */
export const replay = {
  disabledReason: 'replaying a recording: go back to live to run experiments',
  notAvailable: '{{channel}}: not available while replaying a recording',
  pythonNotRecorded: 'Python status was not recorded in this recording',
  bar: {
    region: 'Replay',
    badge: 'REPLAY',
    title: '{{name}} · recorded {{date}} on {{cpu}} ({{cores}} cores)',
    pause: 'Pause replay',
    play: 'Play',
    position: 'Replay position',
    speed: 'Speed',
    backToLive: 'Back to live',
    problem:
      'Replay stopped: a view could not show the {{stream}} record at {{at}} ms ({{reason}})',
  },
  open: {
    button: 'Open recording…',
    file: 'Recording file',
    backToLive: 'Back to live data',
  },
  viewError: {
    stopped: 'This view stopped: {{error}}',
    backToLive: 'Back to live data',
  },
  recording: {
    record: '● Record',
    stop: '■ Stop recording',
    status: 'REC {{duration}} · {{size}}',
    last: 'Last recording',
    replay: 'Replay',
    export: 'Export:',
    trace: 'Perfetto trace',
    exporting: 'Exporting {{format}}…',
    saved: 'Saved {{paths}}',
  },
};
