import { z } from 'zod';
import { isLabMessage, type LabMessage } from './lab-messages';

/** Payload types of recording and export. */

/** The export formats a session can be written to. */
export const EXPORT_FORMATS = ['csv', 'json', 'trace'] as const;

/** One export format. */
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** What the recorder is doing, pushed on `recording:state` (every second while recording). */
export interface RecordingState {
  active: boolean;
  /** The file being written, while recording. */
  path: string | null;
  /** Wall-clock ms since the epoch when the recording began. */
  startedAt: number | null;
  durationMs: number;
  bytes: number;
  records: number;
  /** The last finished recording of this session (what `recording:export` exports). */
  lastPath: string | null;
  /** Why the last recording stopped early, if it did. */
  error: string | null;
  /** The same, as the lab said it (so the page can word it in its language); absent if unsaid. */
  errorSaid?: LabMessage;
}

/** Checks a `recording:state` payload. */
export const recordingStateSchema: z.ZodType<RecordingState> = z
  .object({
    active: z.boolean(),
    path: z.string().nullable(),
    startedAt: z.number().nullable(),
    durationMs: z.number().nonnegative(),
    bytes: z.number().nonnegative(),
    records: z.number().nonnegative(),
    lastPath: z.string().nullable(),
    error: z.string().nullable(),
    errorSaid: z.custom<LabMessage>((value) => isLabMessage(value)).optional(),
  })
  .loose();

/** Where an export was written. */
export interface ExportResult {
  paths: string[];
}

/** The last finished recording's file name and text, for replaying it in the page. */
export interface RecordedSession {
  name: string;
  text: string;
}
