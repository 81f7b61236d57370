import { z } from 'zod';
import { isLabMessage, type LabMessage } from './lab-messages';

/**
 * The machines the app can watch: this one (always there) and the agents the user added. A
 * machine's token stays in the lab backend; nothing here carries it back to a view.
 */

/** The id of this machine, which is always in the list and cannot be removed. */
export const LOCAL_MACHINE_ID = 'local';

/** Longest machine name. */
export const MAX_MACHINE_NAME = 40;

/** Token length bounds (an agent's generated token has 43 characters). */
export const MACHINE_TOKEN_CHARS = { min: 16, max: 512 } as const;

/** How the backend's link to a machine stands. The local machine is always 'connected'. */
export type MachineStatus = 'connecting' | 'connected' | 'lost';

/** One machine as views see it: never its token. */
export interface MachineView {
  id: string;
  name: string;
  /** The agent's URL (ws://host:port); "this machine" for the local one. */
  url: string;
  status: MachineStatus;
  /** Why the machine is lost ("the agent refused the token"…), else null. */
  error: string | null;
  /** The same, as the lab said it (so the page words it in its language). */
  errorSaid?: LabMessage;
}

/** Every machine and the one whose data the views show; pushed on `machine:state`. */
export interface MachinesState {
  machines: MachineView[];
  selectedId: string;
  /** Why the saved list was not used (e.g. a file others can read), else null. */
  problem: string | null;
}

/** A machine id as views pass it back. */
const machineId = z
  .string({ error: 'must be a machine id' })
  .min(1, { error: 'must be a machine id' })
  .max(64, { error: 'is too long to be a machine id' });

/** `ws://host:port` or `http://host:port`, nothing after the port but an optional "/". */
const agentUrl = z
  .string({ error: 'must be a URL like ws://host:port' })
  .max(300, { error: 'is too long for a URL' })
  .refine((value) => parseAgentUrl(value) !== null, {
    error: 'must be ws://host:port or http://host:port (an agent’s address and port)',
  });

/** `machine:add`: a name, the agent's URL and its token. */
export const machineAddSchema = z
  .object({
    name: z
      .string({ error: 'must be a name' })
      .trim()
      .min(1, { error: 'must not be empty' })
      .max(MAX_MACHINE_NAME, {
        error: (issue) =>
          `must be at most ${MAX_MACHINE_NAME} characters (got ${String((issue.input as string).length)})`,
      }),
    url: agentUrl,
    token: z
      .string({ error: 'must be the agent’s token' })
      .trim()
      .min(MACHINE_TOKEN_CHARS.min, {
        error: `must be at least ${MACHINE_TOKEN_CHARS.min} characters`,
      })
      .max(MACHINE_TOKEN_CHARS.max, {
        error: `must be at most ${MACHINE_TOKEN_CHARS.max} characters`,
      })
      .regex(/^[\x21-\x7e]+$/, { error: 'must be printable characters with no spaces' }),
  })
  .strict();

/** `machine:remove` and `machine:select`: a machine id. */
export const machineIdSchema = z.object({ id: machineId }).strict();

/** The request of `machine:add`. */
export type MachineAdd = z.infer<typeof machineAddSchema>;

/**
 * An agent URL → its `ws://host:port` form, or null when it is not one. Only a host and a port:
 * the WebSocket path is the agent's, and a token in the URL would end up on screen.
 */
export function parseAgentUrl(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  if (url.protocol !== 'ws:' && url.protocol !== 'http:') return null;
  if (url.hostname === '' || url.port === '' || url.username !== '' || url.password !== '') {
    return null;
  }
  if ((url.pathname !== '/' && url.pathname !== '') || url.search !== '' || url.hash !== '') {
    return null;
  }
  return `ws://${url.host}`;
}

/** Checks a `machine:state` payload. */
export const machinesStateSchema: z.ZodType<MachinesState> = z
  .object({
    machines: z.array(
      z
        .object({
          id: z.string(),
          name: z.string(),
          url: z.string(),
          status: z.enum(['connecting', 'connected', 'lost']),
          error: z.string().nullable(),
          errorSaid: z.custom<LabMessage>((value) => isLabMessage(value)).optional(),
        })
        .loose(),
    ),
    selectedId: z.string(),
    problem: z.string().nullable(),
  })
  .loose();
