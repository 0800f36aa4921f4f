import { describeResponse } from '../checks/describeResponse.ts';
import type { Diagnosis, Report } from '../reports/Report.ts';
import { ResponseBoundError } from '../targets/ResponseBoundError.ts';
import type { Target } from '../targets/Target.ts';
import { definedOnly } from '../util/definedOnly.ts';
import { decodeResponse } from '../wire/decodeResponse.ts';

/** A target whose every API request is tallied by what it got, and what the tally concludes. */
export type AnswerTally = {
  /** The same target; its `send` tallies each answer (world URL requests are not API requests). */
  target: Target;
  /**
   * The headline diagnosis when every API request got the same answer that is no API answer (a skeleton
   * answering 501, a proxy's page, a redirect, a bound passed every time); `undefined` otherwise.
   */
  diagnosis(): Diagnosis | undefined;
  /** Why requests ended without an answer to judge (a bound passed, a transport failure), most frequent first. */
  inconclusiveReasons(): { reason: string; requests: number }[];
};

/** The likely cause of one kind of non-API answer, in a sentence that says what to check. */
export function likelyCause(answer: string): string {
  const status = Number(/^HTTP (\d{3})/.exec(answer)?.[1] ?? Number.NaN);
  if (answer.includes('exceeded') && answer.includes('bytes'))
    return 'every answer is larger than the bound: does the API handler stream without end? (DetachKeyPair answers are a few KB; --max-response-bytes raises the bound)';
  if (answer.includes('no complete response'))
    return 'no answer completes in time: does the API handler hang, or never end its response? (--response-timeout raises the bound)';
  if (answer.includes('transport failure'))
    return 'the connection fails on every API request: does the server crash or drop the connection on them? (its log says)';
  if (answer.includes('redirect'))
    return 'every request is redirected: is --target the API’s own origin (scheme, host and port), not a login page, a proxy or an http→https redirect?';
  if (answer.includes('an HTML page'))
    return 'an HTML page answers instead of the API: a proxy, a load balancer or a framework’s default page — is --target the API’s own origin, and is DetachKeyPair served on `/`?';
  if (status === 404 || status === 405 || status === 501)
    return 'the API is not served: is DetachKeyPair served on `/` (GET and POST, query string and form body)? The world URL answers, so the server itself is up';
  if (status === 502 || status === 503 || status === 504)
    return 'a gateway in front of the target answers: is the server behind it running and reachable from it?';
  if (status >= 500) return 'the server fails on every API request: its log says why';
  if (status >= 200 && status < 300)
    return 'the server answers without a DetachKeyPair document: does the API handler write a JSON or XML body?';
  return 'every API request is refused before DetachKeyPair is reached: is DetachKeyPair served on `/`?';
}

/**
 * Wraps `target.send` so that every API request is tallied by the kind of answer it got
 * (`describeResponse`), or by why it got none. The first API answer ends the possibility of a headline.
 */
export function tallyAnswers(target: Target): AnswerTally {
  const kinds = new Map<string, number>();
  const reasons = new Map<string, number>();
  let requests = 0;
  let apiAnswers = 0;
  const count = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
  return {
    target: {
      ...target,
      async send(request, options) {
        requests++;
        try {
          const response = await target.send(request, options);
          const answer = describeResponse(response, decodeResponse(response));
          if (answer.api) apiAnswers++;
          else count(kinds, answer.kind ?? answer.text);
          return response;
        } catch (error) {
          const reason =
            error instanceof ResponseBoundError
              ? error.message
              : `transport failure: ${(error as { code?: string }).code ?? (error as Error).message}`;
          count(kinds, `no answer: ${reason}`);
          count(reasons, reason);
          throw error;
        }
      },
    },
    diagnosis() {
      if (requests === 0 || apiAnswers > 0 || kinds.size !== 1) return undefined;
      const [answer] = kinds.keys();
      if (answer === undefined) return undefined;
      return { answer, requests, likelyCause: likelyCause(answer) };
    },
    inconclusiveReasons() {
      return [...reasons.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 5)
        .map(([reason, n]) => ({ reason, requests: n }));
    },
  };
}

/**
 * The report with what the tally found: the headline `diagnosis` when every API request got the same
 * non-API answer, and `run.inconclusiveReasons` when requests ended without an answer to judge.
 */
export function withAnswers(report: Report, tally: AnswerTally): Report {
  const diagnosis = tally.diagnosis();
  const reasons = tally.inconclusiveReasons();
  return {
    ...report,
    run: { ...report.run, ...(reasons.length === 0 ? {} : { inconclusiveReasons: reasons }) },
    ...definedOnly({ diagnosis }),
  };
}
