import type { TFunction } from 'i18next';
import { FASTER, SLOWER } from '../../../shared/experiment-conclusions';

/** How a measured ratio stands against a limit: clearly inside, clearly outside, or too close. */
export type Verdict = 'good' | 'bad' | 'close';

/** A verdict as shown: the class that colours it and the words beside it. */
export interface VerdictText {
  verdict: Verdict;
  /** Starts with ✓, ✗ or ≈, so the verdict never rests on colour alone. */
  text: string;
}

/**
 * Judges `ratio` against `limit`, where `better` says which side is good. Within the same noise
 * band the experiments use for "about as fast" (±15 %: FASTER and SLOWER in
 * experiment-conclusions.ts) of the limit it is "close", so a 1.50× and a 1.51× never get
 * opposite verdicts.
 */
export function judgeRatio(ratio: number, limit: number, better: 'higher' | 'lower'): Verdict {
  const relative = better === 'higher' ? ratio / limit : limit / ratio;
  if (relative >= FASTER) return 'good';
  if (relative <= SLOWER) return 'bad';
  return 'close';
}

/** The words beside an overhead verdict (a mechanism against its bare baseline), in `t`'s language. */
export function overheadText(verdict: Verdict, t: TFunction): VerdictText {
  return { verdict, text: t(`ipc.verdict.${verdict}`) };
}
