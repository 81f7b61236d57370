import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { exportSessionFile } from '../../core/recording/export-session';
import { EXPORT_FORMATS, type ExportFormat } from '../../shared/recording';
import type { Command } from './command';

/** `concurrency-lab export`: converts a session file to CSV, JSON or Chrome Trace. */
export const exportCommand: Command = {
  name: 'export',
  summary: 'convert a session file to trace, csv or json',
  usage: `concurrency-lab export FILE --format trace|csv|json [--out PATH]

Writes next to FILE unless --out is given; the files are written atomically, as a set (all
or none), and their paths printed on stdout. A damaged FILE is refused, naming its lines and
fields; a cut-off last line (an interrupted recording) is skipped with a warning. PATH may not
be FILE itself (nor a link to it) or a special file.
  trace  Chrome Trace Event JSON for Perfetto (ui.perfetto.dev) and chrome://tracing
  csv    PATH-cores.csv, PATH-processes.csv, PATH-results.csv (tables that have data)
  json   the whole session as one JSON document`,
  run: async (argv) => {
    const { values, positionals } = parseArgs({
      args: argv,
      options: { format: { type: 'string' }, out: { type: 'string' } },
      allowPositionals: true,
      strict: true,
    });
    const [file, ...extra] = positionals;
    if (file === undefined)
      throw new Error('which session file? (concurrency-lab export FILE --format …)');
    if (extra.length > 0)
      throw new Error(`one session file at a time (also got ${extra.join(' ')})`);
    if (values.format === undefined)
      throw new Error(`--format is required: ${EXPORT_FORMATS.join(', ')}`);
    if (!(EXPORT_FORMATS as readonly string[]).includes(values.format)) {
      throw new Error(
        `--format must be one of ${EXPORT_FORMATS.join(', ')} (got ${values.format})`,
      );
    }
    const paths = await exportSessionFile(
      resolve(file),
      values.format as ExportFormat,
      values.out === undefined ? undefined : resolve(values.out),
      (warning) => console.error(`concurrency-lab export: warning: ${warning}`),
    );
    for (const path of paths) console.log(path);
  },
};
