import { defineFault } from '../faultKit.ts';

/** The fault `errors-with-200` (`faults.ts`), breaking ERR-1. */
export const errorsWith200 = defineFault({
  breaks: 'ERR-1',
  description:
    "Error bodies are sent with status 200 (the framework's default status). Every rule that fixes an error's status fails with it.",
  hooks: {
    errorBody: (next) => (error, reply) => ({ ...next(error, reply), status: 200 }),
  },
});
