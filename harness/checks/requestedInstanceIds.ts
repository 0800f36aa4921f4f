import { classifyInstanceIds } from '../oracle/classifyInstanceIds.ts';
import { xmlCarriable } from '../wire/xmlCarriable.ts';
import type { Exchange } from './Exchange.ts';

/**
 * The instance IDs the request named, in order with duplicates (OK-7, ID-7): the oracle's list, or the
 * probe's `InstanceIds` as the oracle classifies it: a JSON array (ID-1, ID-5) or a bare comma list
 * (ID-6). `null` when the value names no list (missing, empty or invalid, GEN-1, ID-4).
 */
export function requestedInstanceIds(exchange: Exchange): readonly string[] | null {
  const ids = requestedAsSent(exchange);
  // An XML body cannot carry every character an ID may hold: compare with what it can (xmlCarriable).
  return ids !== null && exchange.decoded.format === 'xml' ? ids.map(xmlCarriable) : ids;
}

function requestedAsSent(exchange: Exchange): readonly string[] | null {
  const requested = exchange.expectation?.success?.requested;
  if (requested !== undefined) return requested;
  if (exchange.probe.instanceIds === null) return null;
  const value = classifyInstanceIds(exchange.probe.instanceIds);
  return 'ids' in value ? value.ids : null;
}

/** How many times each ID occurs in a list. */
export function occurrences(ids: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
  return counts;
}
