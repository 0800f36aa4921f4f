import { type Check, fail, pass } from './CheckOutcome.ts';
import { parsedSuccess } from './parsedSuccess.ts';

const required = ['InstanceId', 'Success', 'Code', 'Message'] as const;

/**
 * Every `Result` entry has `InstanceId`, `Success`, `Code` and `Message` (OK-4). A JSON `null` counts as
 * absent: no documented form of these fields is null (OK-9), and clients read null as missing.
 */
export const resultFieldsPresent: Check = {
  name: 'resultFieldsPresent',
  rules: ['OK-4'],
  run(exchange) {
    const decoded = parsedSuccess(exchange);
    if (decoded === null || decoded.results.entries.length === 0) return [];
    const problems: string[] = [];
    decoded.results.entries.forEach((entry, index) => {
      const absent = required.filter((name) => entry[name] === undefined || entry[name].form === 'null');
      if (absent.length > 0) {
        const who = entry.InstanceId?.value ?? `#${index + 1}`;
        problems.push(`Result ${who} lacks ${absent.join(', ')}`);
      }
    });
    if (problems.length === 0) return [pass('OK-4')];
    return [
      fail(
        'OK-4',
        'a Result lacks a documented field',
        `every Result has ${required.join(', ')}`,
        problems.join('; '),
      ),
    ];
  },
};
