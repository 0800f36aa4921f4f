import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { assertNoSecrets } from '../util/assertNoSecrets.ts';
import type { Recording } from './Recording.ts';

/**
 * Writes `DIR/recording.json` (2-space JSON), creating `dir`, and returns its path. The text is checked
 * with `assertNoSecrets` first: if any of `secrets` (the AccessKeySecret, the raw AccessKeyId, the
 * security token, every signature and nonce of the run) would appear, it throws naming the file and
 * nothing is written.
 */
export async function writeRecording(
  recording: Recording,
  dir: string,
  secrets: readonly string[] = [],
): Promise<string> {
  const path = join(dir, 'recording.json');
  const text = `${JSON.stringify(recording, null, 2)}\n`;
  assertNoSecrets(text, secrets, path);
  await mkdir(dir, { recursive: true });
  await writeFile(path, text, 'utf8');
  return path;
}
