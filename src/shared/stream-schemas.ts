import type { z } from 'zod';
import { coreSampleSchema, samplingStateSchema, type StreamChannel } from './contract';
import {
  experimentEventSchema,
  experimentProgressSchema,
  experimentResultSchema,
  experimentStateSchema,
} from './experiment-results';
import {
  ipcJobStateSchema,
  ipcResultEventSchema,
  ipcTrafficSampleSchema,
  pcQueueSampleSchema,
} from './ipc-schemas';
import { machinesStateSchema } from './machines';
import { recordingStateSchema } from './recording';
import { runLanesUpdateSchema } from './run-lanes';
import {
  processesSampleSchema,
  processSamplingStateSchema,
  systemSampleSchema,
  threadsSampleSchema,
} from './sampling';

/**
 * The schema of every stream's payload. Live payloads come from this app's own lab; these are
 * for payloads read back from a file (a recording), which may be damaged or hand-edited.
 */
export const STREAM_PAYLOAD_SCHEMAS: { readonly [S in StreamChannel]: z.ZodType } = {
  'sample:cores': coreSampleSchema,
  'sampling:state': samplingStateSchema,
  'recording:state': recordingStateSchema,
  'sample:system': systemSampleSchema,
  'sample:processes': processesSampleSchema,
  'sample:threads': threadsSampleSchema,
  'processes:state': processSamplingStateSchema,
  'experiment:progress': experimentProgressSchema,
  'experiment:event': experimentEventSchema,
  'experiment:result': experimentResultSchema,
  'experiment:lanes': runLanesUpdateSchema,
  'experiment:state': experimentStateSchema,
  'ipc:traffic': ipcTrafficSampleSchema,
  'ipc:queue': pcQueueSampleSchema,
  'ipc:result': ipcResultEventSchema,
  'ipc:state': ipcJobStateSchema,
  'machine:state': machinesStateSchema,
};
