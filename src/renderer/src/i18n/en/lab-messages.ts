import { LAB_MESSAGES } from '../../../../shared/lab-messages';

/**
 * The lab's own sentences (refusals, failures, results of process actions): the English is the
 * lab's catalogue itself, so the lab and the page never word one sentence two ways.
 */
export const labMessages = LAB_MESSAGES;
