import type { DecodedResponse, DecodedResult } from '../wire/decodeResponse.ts';
import { xmlCarriable } from '../wire/xmlCarriable.ts';

/**
 * The `Result` entries grouped by `InstanceId` value, in order of first appearance (OK-7, ST-*).
 * Entries without an `InstanceId` are left out (OK-4 fails them).
 */
export function resultsByInstance(decoded: DecodedResponse): Map<string, DecodedResult[]> {
  const groups =
    decoded.format === 'xml' ? new XmlKeyedMap<DecodedResult[]>() : new Map<string, DecodedResult[]>();
  for (const entry of decoded.results.entries) {
    const id = entry.InstanceId;
    if (id === undefined) continue;
    const group = groups.get(id.value);
    if (group === undefined) groups.set(id.value, [entry]);
    else group.push(entry);
  }
  return groups;
}

/**
 * A map from IDs as an XML body carries them: looking up a requested ID finds its echo even when the
 * ID holds characters XML 1.0 cannot represent (xmlCarriable).
 */
class XmlKeyedMap<V> extends Map<string, V> {
  override get(key: string): V | undefined {
    return super.get(xmlCarriable(key));
  }

  override has(key: string): boolean {
    return super.has(xmlCarriable(key));
  }

  override set(key: string, value: V): this {
    return super.set(xmlCarriable(key), value);
  }
}

export function succeeded(entry: DecodedResult): boolean {
  return entry.Success?.value === 'true';
}

/** Whether an entry reports failure: `Success` is false by value (`false` or `"false"`, OK-9). */
export function failed(entry: DecodedResult): boolean {
  return entry.Success?.value === 'false';
}
