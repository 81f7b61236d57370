/**
 * The per-process /proc parsers live in the OS layer (src/core/os/procfs), the one place that
 * reads /proc; this module keeps the sampler's import path.
 */
export {
  decodeName,
  parseCmdline,
  parsePidStat,
  parsePidStatus,
  parseSchedstat,
  type PidStat,
  type PidStatus,
  type Schedstat,
} from '../os/procfs/pid-parsers';
