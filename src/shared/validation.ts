import type { z } from 'zod';

/** Turns a schema failure into one readable sentence: "intervalMs: must be at least 100 ms". */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const where = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
      return `${where}${issue.message}`;
    })
    .join('; ');
}
